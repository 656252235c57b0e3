// Report stage: evaluation -> Result (result.hpp) -> its renderers: the result JSON (json_text.hpp,
// stable keys, byte-identical for the same input), a text report and a self-contained HTML
// report for the person who answered.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/report/phrases.hpp"
#include "engine/report/resources.hpp"
#include "engine/report/result.hpp"

namespace signpost {

// The unanswered questions that could still settle an undetermined guidance (the result's
// "missing"; docs/cli.md). The rules run again with one unanswered item given each of its
// answers in turn, every other answer as it was: the item is kept when some answer decides the
// guidance. Items answered by a number or by several options are always kept (too many answers
// to try). When no item decides it alone, every unanswered item of the guidance is kept.
// Each item is tried once per row, for all undetermined guidance at once, until each is settled.
class OpenQuestions {
 public:
  OpenQuestions(const ReportContext& ctx, const AnswerRow& answers, const Evaluation& ev)
      : ctx_(ctx), answers_(answers), ev_(ev) {}
  // The items to list for guidance `g`, in declaration order; `others`: its unanswered items left out.
  std::vector<int> deciding(size_t g, size_t& others);

 private:
  bool decides(int item, size_t g);
  const ReportContext& ctx_;
  const AnswerRow& answers_;
  const Evaluation& ev_;
  std::vector<uint8_t> tried_;    // per item: its answers were tried
  std::vector<uint8_t> decides_;  // per item, per guidance: some answer of the item settles it
  std::vector<size_t> open_;      // the guidance undetermined as answered (the only ones asked about)
  AnswerRow row_;                 // the answers, one item changed at a time
  Evaluation scratch_;
};

// The value of a derived value or item as a person would read it ("3", "often", "between 2 and 5").
std::string describe_value(const ReportContext& ctx, char kind, int index, const AnswerRow& answers,
                           const Evaluation& ev);

// The citations of an item or guidance, as the result JSON gives them.
nlohmann::json cites_json(const model::Model& m, const std::vector<model::Citation>& cs);

// A report for the person who answered (text_report.cpp).
std::string report_text(const Result& result, bool color = false);

// The same as one self-contained, accessible HTML page (html_report.cpp).
std::string report_html(const Result& result);

// "Title, "Section"; ..." once per section: line locators are for reviewers, not for readers.
std::string cite_line(const model::Model& m, const std::vector<model::Citation>& cites);

// The error document for answers that could not be evaluated.
nlohmann::json errors_json(const ReportContext& ctx, const std::vector<AnswerError>& errors);
std::string errors_text(const std::vector<AnswerError>& errors);

}  // namespace signpost
