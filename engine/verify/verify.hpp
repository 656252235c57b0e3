// Verify stage: proves a rule set's properties over every possible set of answers (each item
// not asked, unanswered, or any of its answers), or finds the smallest set of answers that breaks
// one. It encodes the flat program's interval semantics for the Z3 solver (see docs/verify.md);
// nothing in evaluate depends on it.
#pragma once
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/evaluate/answers.hpp"

namespace signpost::verify {

// The diagnostic code `signpost check` gives a declared property that fails or cannot be decided.
extern const char* const kPropertyFails;

struct Finding {
  enum class Status : uint8_t { proved, failed, unsupported };
  Status status = Status::proved;
  std::string check;      // a property id, or a built-in check such as "can-fire"
  std::string subject;    // the guidance a built-in check is about ("" for properties)
  std::string statement;  // what was checked, in words
  bool builtin = false;
  std::string detail;     // failed: what the answers show; unsupported: why not
  // A set of answers (NaN: unanswered) that breaks a property, or a built-in check's witness.
  std::vector<AnswerRow> answers;  // raising: before and after
  Span span;
  double ms = 0;  // solver time
};

struct Options {
  bool builtin = true;   // every guidance can fire and stay silent; no shadowing; urgent safety
  bool declared = true;  // the rule set's `property` declarations
};

struct Report {
  std::vector<Finding> findings;
  bool ok() const;
};

// Runs the checks. The model must have compiled without errors.
Report verify(const model::Model& m, const Options& options = {});

// The answers as a JSON object (unanswered items left out), and as an `example` block that
// expects `expect` (lines such as "not physical_closeness").
std::string answers_json(const model::Model& m, const AnswerRow& row);
std::string example_block(const model::Model& m, const AnswerRow& row, const std::string& title,
                          const std::vector<std::string>& expect);

// The report as text: one line per check, a counterexample under each failure.
std::string render(const model::Model& m, const Report& r, bool verbose);

}  // namespace signpost::verify
