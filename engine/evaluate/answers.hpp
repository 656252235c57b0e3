// Answers in: JSON -> one number per item, validated against the rule set before anything runs.
#pragma once
#include <cmath>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/check/codec.hpp"
#include "engine/check/model.hpp"
#include "engine/parse/parse.hpp"

namespace signpost {

// AnswerError, json_pointer and the wording of every refused answer: engine/check/codec.hpp.
using codec::allowed_answers;

// One number per item: a yes/no as 0/1, a single choice as its option index, a multiple choice
// as a bit mask of option indexes, a number as itself. NaN: unanswered.
using AnswerRow = std::vector<double>;

// Why a JSON document was refused by parse_json_document.
struct JsonProblem {
  enum class Kind { none, syntax, too_deep, duplicate_key } kind = Kind::none;
  std::string message;  // syntax: the parser's words, printable
  std::string key;      // duplicate_key: the key given twice
  size_t depth = 0;     // duplicate_key: 1 for a key of the top-level object
};
// Parses JSON, refusing documents nested deeper than `max_depth` and objects with a key given
// twice. Never throws: a syntax error or a number beyond a double is a `problem`.
bool parse_json_document(std::string_view text, size_t max_depth, nlohmann::json& out, JsonProblem& problem);
// The JSON library's error message without its prefix, printable.
std::string json_error_text(const nlohmann::json::exception& e);

// Parses an answers document, refusing ones that are too large, too deeply nested, not JSON, or
// that answer an item twice (A007).
bool parse_answers_text(std::string_view text, const Limits& limits, nlohmann::json& out,
                        std::vector<AnswerError>& errors);

// Validates and encodes answers. Every problem is reported; the row is usable only when none are.
AnswerRow decode_answers(const nlohmann::json& doc, const model::Model& m, std::vector<AnswerError>& errors);

// One answer of decode_answers: the answer `v` given for item `item` under `key`, decoded by the
// codec. NaN when it is null (unanswered) or invalid (then `errors` says why).
double decode_answer(const model::Model& m, int item, const std::string& key, const nlohmann::json& v,
                     std::vector<AnswerError>& errors);

// A JSON value as the codec's Given (viewing the value's strings).
Given given_of(const nlohmann::json& v);

// Is option k selected in a multiple-choice bit mask (held in a double, exact up to 52 options)?
inline bool option_selected(double mask, uint32_t k) {
  return std::fmod(std::floor(mask / std::ldexp(1.0, int(k))), 2.0) == 1.0;
}

// The indexes of the options selected in a multiple-choice bit mask.
std::vector<size_t> selected_options(double mask, size_t option_count);

// What the answer to item i means, for reports: "often", "yes", "3", "[a, b]".
std::string answer_id(const model::Model& m, int item, double encoded);
std::string answer_label(const model::Model& m, int item, double encoded);
nlohmann::json answer_json(const model::Model& m, int item, double encoded);

nlohmann::json to_json(const AnswerError& e);

}  // namespace signpost

namespace signpost {

struct InputConventions;  // engine/evaluate/conventions.hpp

// Answers written as text, one cell per item, as in a CSV file: an option's name or label (in any
// case, where that names one option), or its number when the options have numbers; yes/no,
// true/false or 1/0 (any case); a number; several options separated by `;` (`[]` for none).
// Spaces around a cell are ignored; an empty cell is unanswered. Each answer means what the same
// answer means in JSON, and a bad one gets the same error.
//
// With input conventions (conventions.hpp), declared missing-data codes are unanswered too, and a
// REDCap export's cells are read by its mode: raw codes (the options' numbers, or counted from a
// declared first code), or labels (then a number is not an option).
class TextAnswers {
 public:
  explicit TextAnswers(const model::Model& m, const InputConventions* conventions = nullptr);
  // Encodes a cell (already unquoted) of item i as in AnswerRow. False: not a valid answer.
  bool decode(size_t item, std::string_view cell, double& out) const;
  // Why a cell is not a valid answer, as decode_answers would say it.
  std::vector<AnswerError> problems(size_t item, std::string_view cell) const;
  // The cell as the JSON value it stands for.
  nlohmann::json as_json(size_t item, std::string_view cell) const;
  // For the fast path of a parser: the encoding of each one-character cell of item i (-1: none,
  // call decode; -2: unanswered).
  const int16_t* one_char(size_t item) const { return scales_[size_t(m_.items[item].scale)].one_char; }
  // Is the (trimmed) cell a declared missing-data code?
  bool missing(std::string_view cell) const;

 private:
  struct Scale {
    int16_t one_char[256];  // the encoding of a one-character cell, -1: none, -2: unanswered
    std::vector<std::pair<std::string, double>> words;   // cell text -> encoding
    std::vector<std::pair<std::string, double>> folded;  // lower-case id or label -> encoding (unambiguous ones)
    bool codes = false;    // numbers are REDCap codes counted from `first`
    bool numbers = true;   // numbers name options (false for a REDCap label export)
    double first = 0;
  };
  const model::Model& m_;
  std::vector<Scale> scales_;
  std::vector<std::string> missing_;
  std::vector<double> missing_numbers_;
  bool labels_ = false;
};

}  // namespace signpost

namespace signpost {

// A fast decoder for the usual answers document: one flat JSON object of item ids and plain
// answers (null, true/false, numbers, strings without escapes, lists of such strings). It gives
// exactly what parse_answers_text + decode_answers give for such a document, and declines
// (returns false) anything else, including every invalid answer: the caller then takes the full
// path, which reports the errors.
class FastAnswers {
 public:
  explicit FastAnswers(const model::Model& m, const Limits& limits = {});
  // `extra_key`: a key that is not an item, whose value (a string without escapes or a whole
  // number) is returned as written in `extra`. Empty: none.
  bool decode(std::string_view text, AnswerRow& row, std::string_view extra_key = {},
              std::string_view* extra = nullptr) const;

 private:
  const model::Model& m_;
  size_t max_bytes_;
  uint64_t id_;  // tells this decoder's key-order guess from another's on the same thread
  std::unordered_map<std::string_view, int> items_;  // views of the model's item ids
};

}  // namespace signpost
