// Answers in: JSON -> one number per item, validated against the rule set before anything runs.
#pragma once
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/check/model.hpp"
#include "engine/parse/parse.hpp"

namespace signpost {

struct AnswerError {
  std::string code;     // stable: A001 ...
  std::string pointer;  // JSON pointer to the bad value, e.g. /share_feelings
  std::string message;
  std::string allowed;  // what would have been accepted
};

// One number per item: a yes/no as 0/1, a single choice as its option index, a multiple choice
// as a bit mask of option indexes, a number as itself. NaN: unanswered.
using AnswerRow = std::vector<double>;

// Parses an answers document, refusing ones that are too large or too deeply nested.
bool parse_answers_text(std::string_view text, const Limits& limits, nlohmann::json& out,
                        std::vector<AnswerError>& errors);

// Validates and encodes answers. Every problem is reported; the row is usable only when none are.
AnswerRow decode_answers(const nlohmann::json& doc, const model::Model& m, std::vector<AnswerError>& errors);

// Is option k selected in a multiple-choice bit mask (held in a double, exact up to 52 options)?
inline bool option_selected(double mask, uint32_t k) {
  return std::fmod(std::floor(mask / std::ldexp(1.0, int(k))), 2.0) == 1.0;
}

// The indexes of the options selected in a multiple-choice bit mask.
std::vector<size_t> selected_options(double mask, size_t option_count);

// What a scale accepts, for error messages: "one of never, sometimes or often (or its number: 0, 1 or 2)".
std::string allowed_answers(const model::Scale& sc);

// What the answer to item i means, for reports: "often", "yes", "3", "[a, b]".
std::string answer_id(const model::Model& m, int item, double encoded);
std::string answer_label(const model::Model& m, int item, double encoded);
nlohmann::json answer_json(const model::Model& m, int item, double encoded);

std::string json_pointer(const std::string& key);
nlohmann::json to_json(const AnswerError& e);

}  // namespace signpost
