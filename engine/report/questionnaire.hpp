// A rule set as a questionnaire description in JSON: everything a form needs to render it
// (sections, items, scales with labels and numbers, help, required, citations) and its skip
// logic as small expression trees a client can evaluate. Written once here so every edge (the
// HTTP service, the Python bindings, a web form) describes a rule set the same way.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/check/model.hpp"
#include "engine/source/source.hpp"

namespace signpost {

// id, title, version, audience, language and content hash: one entry of a catalogue.
nlohmann::json assessment_summary_json(const model::Model& m, const std::string& content_hash);

// The full description (docs/serve.md, "The questionnaire"). `sources` gives each condition's
// source text beside its tree.
nlohmann::json questionnaire_json(const model::Model& m, const SourceSet& sources, const std::string& content_hash);

// An expression's source text on one line (rule files may wrap long conditions).
std::string source_text(const SourceSet& sources, Span span);

// "boolean", "options", "multiple", "integer" or "decimal".
const char* scale_kind_name(model::Scale::Kind k);

// What every description of a scale starts with (the questionnaire's here, the Python model's):
// {"id", "title" (null when none), "kind" (scale_kind_name), "scored"}; each adds its own keys.
nlohmann::json scale_head_json(const model::Scale& sc);

// One typed expression as a tree: {"op": "ge", "args": [{"item": "x"}, {"option": "often"}]};
// leaves {"item": id}, {"value": id}, {"const": number | true | false}, {"option": id}.
nlohmann::json expression_json(const model::Model& m, const model::TExpr& e);

}  // namespace signpost
