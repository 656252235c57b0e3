// Declared input conventions for tables of responses (a CSV file, a DataFrame): which cells mean
// unanswered, which extra columns pass through, and how a REDCap export is read as it is.
//
// One description for every batch path: `signpost batch` and `RuleSet.evaluate_frame` both plan
// their columns with plan_columns and decode their cells with a TextAnswers built from the same
// conventions, so a cell means the same thing whichever way it comes in.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/evaluate/answers.hpp"

namespace signpost {

struct InputConventions {
  // Cells read as unanswered besides the empty cell, compared after trimming spaces ("UNK",
  // "-99"). One that is a number also matches that number written otherwise ("-99.0").
  std::vector<std::string> missing;
  // Columns copied to the output as they are (record ids, event names).
  std::vector<std::string> keep;
  // How a REDCap export is read. raw: single-choice cells hold REDCap codes, which are the
  // options' numbers unless `first_code` says otherwise; labels: they hold the choices' labels.
  // Both: checkbox columns `x___code` make up the multiple-choice item `x`, and REDCap's own
  // columns (the first column, redcap_*, *_complete, *_timestamp) pass through.
  enum class Redcap : uint8_t { none, raw, labels } redcap = Redcap::none;
  // Per scale id: the code of its first option; the next options count up by one. Declares a
  // scale whose numbers are not its REDCap codes (a 0-3 scale exported as 1-4: first code 1).
  std::map<std::string, double> first_code;

  bool any() const { return !missing.empty() || !keep.empty() || redcap != Redcap::none || !first_code.empty(); }
};

// "raw" / "labels" / "none" -> the mode; false when it is none of these.
bool parse_redcap_mode(std::string_view text, InputConventions::Redcap& out);
// "frequency=1" -> first_code["frequency"] = 1; false with `error` set when malformed.
bool parse_first_code(std::string_view text, InputConventions& conv, std::string& error);

// What a column of the input is.
struct ColumnRole {
  // ignore: in a REDCap export, the column of a calculated field that the rule set computes
  // itself (a `let` of the same name): signpost's value replaces REDCap's.
  enum class Kind : uint8_t { item, checkbox, id, keep, ignore } kind = Kind::keep;
  int item = -1;    // item and checkbox: the item
  int option = -1;  // checkbox: the option it stands for
};

struct ColumnPlan {
  std::vector<ColumnRole> columns;  // one per input column
  int id = -1;                      // the id column, or -1
  bool checkboxes = false;          // some column is a checkbox column
  std::vector<uint8_t> unknown;     // per column: none of these (its A001 error is in `errors`)
  std::vector<AnswerError> errors;  // every problem at once: unknown, repeated or ambiguous columns
};

// Sorts out the columns of an input: items, the id column (`id`, when it is not an item), kept
// columns, REDCap checkbox, metadata and calculated columns. Every column that is none of these is an error
// (A001, with a "did you mean"), all listed at once; so is an item whose codes are ambiguous
// (A020) and a declaration that names nothing (A021).
ColumnPlan plan_columns(const model::Model& m, const std::vector<std::string>& names, const InputConventions& conv,
                        const std::string& id = "");

// The option a REDCap code stands for on scale `sc` under `conv`, or -1.
int option_of_code(const model::Scale& sc, double code, const InputConventions& conv);

// A checkbox cell: 1/0, Checked/Unchecked (any case), or unanswered (empty or a missing code).
// False: none of these.
bool decode_checkbox(std::string_view cell, const InputConventions& conv, double& out);

// Is the (trimmed) cell one of the declared missing-data codes?
bool is_missing_code(std::string_view cell, const InputConventions& conv);

// One record (a REDCap API record, a row of a table with its header) as an answers document: its
// fields planned as columns (plan_columns), item cells read by `text` (a TextAnswers under the
// same conventions), checkbox fields gathered into their item's list; kept fields and REDCap's
// own returned as they are. Every problem at once, each with its JSON pointer.
struct RecordAnswers {
  nlohmann::json answers = nlohmann::json::object();
  std::vector<std::pair<std::string, std::string>> kept;  // field name, cell
  std::vector<AnswerError> errors;
};
RecordAnswers record_answers(const model::Model& m, const TextAnswers& text, const InputConventions& conv,
                             const std::vector<std::string>& names, const std::vector<std::string>& cells);

// The error for a checkbox cell (of `item`) that is neither checked nor unchecked.
AnswerError checkbox_error(const model::Model& m, int item, std::string_view cell);

}  // namespace signpost
