// The result JSON written straight to text: byte for byte report_json(...).dump(), without
// building a JSON document (which costs far more than evaluating). The fast path for forms
// (RuleSet::evaluate_json) and for `signpost batch` with NDJSON.
//
// Everything that does not depend on the answers (titles, texts, citations, prompts, each
// option's answer entry) is written once, when the writer is made; a result is then mostly
// copies of those pieces. The writer mirrors report_json (report.cpp): a change there needs the
// same change here. make() checks the two agree on a few sets of answers and gives nullptr when
// they do not (callers then use report_json), and tests/json_text_test.cpp compares them over
// every golden case and many random answers.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/report/report.hpp"

namespace signpost {

class ResultWriter {
 public:
  // nullptr when the writer cannot reproduce report_json for this rule set.
  static std::unique_ptr<ResultWriter> make(const ReportContext& ctx);

  // Appends report_json(ctx, answers, ev).dump() to `out`. With `extra_key`, the result also has
  // that key, holding the JSON text `extra_json`, in its sorted place. `urgent_help`, when given,
  // is the dumped "urgent_help" value to use instead of the one for the writer's context (a rule
  // set given a deployment's resources shares the writer of the rules without them).
  void write(const AnswerRow& answers, const Evaluation& ev, std::string& out, const std::string& extra_key = "",
             const std::string& extra_json = "", const std::string* urgent_help = nullptr) const;

  struct Pieces;  // the pre-written parts (json_text.cpp)
  ~ResultWriter();

 private:
  explicit ResultWriter(const ReportContext& ctx);
  const ReportContext ctx_;
  std::unique_ptr<Pieces> pieces_;
};

}  // namespace signpost
