// One answer codec per scale kind: what a scale accepts, how an answer is encoded (one number per
// item), and how a refused answer is worded (A-codes, JSON pointer, allowed values, "did you mean").
//
// Every path that reads answers uses it: JSON answers (decode_answers), the fast JSON decoder
// (FastAnswers), CSV and NDJSON batches and REDCap records (TextAnswers, checkbox cells), Python
// columns (evaluate_frame), encoded columns (validate_columns) and the checker, which validates the
// answers an `example` gives. So an answer means the same thing, and a bad one gets the same words,
// whichever way it comes in. It lives in check/ because the checker uses it and a stage depends
// only on the stages to its left; it knows nothing of JSON: each path hands it a `Given`.
#pragma once
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/check/model.hpp"

namespace signpost {

struct AnswerError {
  std::string code;     // stable: A001 ...
  std::string pointer;  // JSON pointer to the bad value, e.g. /share_feelings
  std::string message;
  std::string allowed;  // what would have been accepted
};

// An answer as given, whichever way it came in (a JSON value, an example's literal, a cell read
// as the JSON value it stands for). `text` views the caller's string.
struct Given {
  enum class Kind : uint8_t { null, boolean, number, text, list, object } kind = Kind::null;
  bool boolean = false;
  double number = 0;
  std::string_view text;
  std::vector<Given> list;
  bool yes_no = false;  // a boolean written yes/no (an example) rather than true/false (JSON)
};

std::string json_pointer(const std::string& key);

namespace codec {

using model::Scale;

// ---- what each kind accepts (inline: the fast decoders call these per cell) ----------------------

// The option named `id`, or -1.
inline int option_by_id(const Scale& sc, std::string_view id) {
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (sc.options[j].id == id) return int(j);
  return -1;
}
// The option a text answer names: its id; on a scale whose labels answer too (a rule set with
// translations, shown in one of its languages), its label, exactly or in any case (ASCII) where
// that names one option. -1: none.
inline int option_named(const Scale& sc, std::string_view text) {
  int k = option_by_id(sc, text);
  if (k >= 0 || !sc.labels_answer) return k;
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (sc.options[j].label == text) return int(j);
  auto same = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
  };
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (same(sc.options[j].label, text)) {
      if (k >= 0) return -1;  // two options' labels differ only in case
      k = int(j);
    }
  return k;
}
// The option whose number is x (the last, should two share it), or -1; -1 on an unscored scale.
inline int option_by_number(const Scale& sc, double x) {
  if (!sc.scored) return -1;
  int k = -1;
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (sc.options[j].value == x) k = int(j);
  return k;
}
// A yes/no given as text: "yes" or "no" (1 or 0 in `out`).
inline bool yes_no_text(std::string_view s, double& out) {
  if (s == "yes") return out = 1, true;
  if (s == "no") return out = 0, true;
  return false;
}
// A yes/no given as a number: 1 or 0.
inline bool yes_no_number(double x) { return x == 0 || x == 1; }
// A number on a number scale: in range, and whole on a whole-number scale.
inline bool number_ok(const Scale& sc, double x) {
  if (sc.kind == Scale::Kind::integer && x != std::floor(x)) return false;
  return x >= sc.lo && x <= sc.hi;
}
// An encoded answer (as in AnswerRow: 0/1, an option index, a bit mask of options, a number).
inline bool encoded_ok(const Scale& sc, double x) {
  switch (sc.kind) {
    case Scale::Kind::boolean: return yes_no_number(x);
    case Scale::Kind::options: return x >= 0 && x < double(sc.options.size()) && x == std::floor(x);
    case Scale::Kind::multiple: return x >= 0 && x < std::ldexp(1.0, int(sc.options.size())) && x == std::floor(x);
    case Scale::Kind::integer:
    case Scale::Kind::decimal: return number_ok(sc, x) && !std::isinf(x);
  }
  return false;
}

// ---- decoding -------------------------------------------------------------------------------------

// Why an answer was refused, before it is placed: its code, what is wrong ("\"oftn\" is not an
// option; did you mean 'often'?"), and which element of a list (-1: the answer itself).
struct Refusal {
  std::string code;
  std::string what;
  int element = -1;
};

// Decodes one answer on scale `sc` as in AnswerRow. NaN when it is null (unanswered) or refused
// (then `refusals` says why; every problem of a list is listed).
double decode(const Scale& sc, const Given& v, std::vector<Refusal>& refusals);

// Why an encoded answer is not valid on `sc` (encoded_ok is false).
Refusal encoded_refusal(const Scale& sc, double x);

// ---- wording ----------------------------------------------------------------------------------------

// What a scale accepts, for error messages: "one of never, sometimes or often (or its number: 0, 1 or 2)".
std::string allowed_answers(const Scale& sc);

// A refusal of the answer given for `key` (an item id), as an error: its pointer, the key, the
// refusal's words and what the scale allows.
AnswerError error(const std::string& key, const Scale& sc, const Refusal& r);

// A002: the answers document is not an object of item ids and answers.
AnswerError not_an_object(const Given& doc);

// A001: `key` answers no item; with a "did you mean" among `item_ids`.
AnswerError not_an_item(const std::string& key, const std::vector<std::string>& item_ids);

// A REDCap checkbox cell (of item `key`) that is neither checked nor unchecked.
AnswerError checkbox_error(const std::string& key, std::string_view cell);

// A number in a REDCap export that is no code of the scale: codes counted from `first`.
AnswerError redcap_code_error(const std::string& key, const Scale& sc, double x, double first);

// A number in a REDCap label export, which holds the choices' labels.
AnswerError redcap_label_error(const std::string& key, const Scale& sc, double x);

// A field of a record that is a list or an object (a record's fields are text or numbers).
AnswerError record_field_error(const std::string& name);

// A010: the answers document is larger than `limit` bytes; its `size` when known (a bounded read
// of a pipe stops at the limit, so the command line knows only that it is more).
AnswerError too_large(std::optional<size_t> size, size_t limit);

}  // namespace codec
}  // namespace signpost
