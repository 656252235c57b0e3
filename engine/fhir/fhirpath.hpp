// signpost expressions as FHIRPath over a QuestionnaireResponse (%resource), and as enableWhen
// conditions where they map. Internal to engine/fhir.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/check/model.hpp"

namespace signpost::fhir {

// A number as a FHIRPath literal: 2, 2.5.
std::string literal(double x);

// The code system of a scale's options.
std::string scale_system(const model::Model& m, const std::string& base, int scale);

// The expression as FHIRPath with signpost's meaning: an unanswered item is empty, and empty
// propagates as signpost's unknown (and/or are three-valued in both). Derived values are
// `%id`, SDC variables. nullopt when the expression does not map (docs/fhir.md says which).
std::optional<std::string> fhirpath(const model::Model& m, const model::TExpr& e);

// An `ask when` as enableWhen conditions and an enableBehavior: the item is shown unless the
// condition is known to be false, as signpost asks it. nullopt when it needs an expression.
struct EnableWhen {
  nlohmann::json conditions = nlohmann::json::array();
  std::string behavior;  // "any", or empty for one condition
};
std::optional<EnableWhen> enable_when(const model::Model& m, const std::string& base, const model::TExpr& e);

}  // namespace signpost::fhir
