// The result JSON: the one description of the format, written straight to text from a Result
// (building a JSON document would cost far more than evaluating). RuleSet::evaluate_json and
// `signpost batch` append this text; RuleSet::evaluate parses it into a document.
//
// Keys are in sorted order, as nlohmann::json (a std::map per object) dumps them, so the text
// is byte for byte the document's compact dump. Everything that does not depend on the answers
// (titles, texts, citations, prompts, each option's answer entry) is written once, when the
// writer is made; a result is then mostly copies of those pieces.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/report/result.hpp"

namespace signpost {

class ResultWriter {
 public:
  static std::unique_ptr<ResultWriter> make(const ReportContext& ctx);

  // Appends the result as compact JSON to `out`. With `extra_key`, the result also has that key,
  // holding the JSON text `extra_json`, in its sorted place. `urgent_help`, when given, is the
  // dumped "urgent_help" value of r.urgent_help (a deployment's resources, kept by the rule set).
  void write(const Result& r, std::string& out, const std::string& extra_key = "", const std::string& extra_json = "",
             const std::string* urgent_help = nullptr) const;

  // Appends only the result's "scores" object (the value of that key in write's output): what
  // a caller reading the scores alone needs, without the rest of the document.
  void write_scores(const Result& r, std::string& out) const;

  struct Pieces;  // the pre-written parts (json_text.cpp)
  ~ResultWriter();

 private:
  explicit ResultWriter(const ReportContext& ctx);
  const ReportContext ctx_;
  std::unique_ptr<Pieces> pieces_;
};

}  // namespace signpost
