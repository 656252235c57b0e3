// Report stage: evaluation -> result JSON (stable keys, byte-identical for the same input)
// and a readable text report for the person who answered.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/report/resources.hpp"

namespace signpost {

struct ReportContext {
  const model::Model& model;
  const Program& program;
  std::string content_hash;
  const Resources* resources = nullptr;  // who to contact when safety is at stake; null: the default
};

nlohmann::json report_json(const ReportContext& ctx, const AnswerRow& answers, const Evaluation& ev);

// The value of a derived value or item as a person would read it ("3", "often", "between 2 and 5").
std::string describe_value(const ReportContext& ctx, char kind, int index, const AnswerRow& answers,
                           const Evaluation& ev);

// The citations of an item or guidance, as the result JSON gives them.
nlohmann::json cites_json(const model::Model& m, const std::vector<model::Citation>& cs);

// A report for the person who answered, from a result produced by report_json.
std::string report_text(const nlohmann::json& result, bool color = false);

// The error document for answers that could not be evaluated.
nlohmann::json errors_json(const ReportContext& ctx, const std::vector<AnswerError>& errors);
std::string errors_text(const std::vector<AnswerError>& errors);

}  // namespace signpost
