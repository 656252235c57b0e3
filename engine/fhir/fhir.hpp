// HL7 FHIR R4 for signpost (docs/fhir.md): a rule set as an SDC Questionnaire, a
// QuestionnaireResponse as answers, and a result as FHIR resources. One renderer and one reader
// over the checked model and the result JSON; the engine itself knows nothing of FHIR.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/signpost.hpp"

namespace signpost::fhir {

// Where the exported resources live. The Questionnaire's url is {base}/Questionnaire/{id}, each
// scale's code system {base}/CodeSystem/{assessment id}/{scale id}.
struct Options {
  std::string base = "https://signpost.example.org/fhir";
};

// The rule set as a FHIR R4 Questionnaire with the SDC extensions (docs/fhir.md has the mapping).
nlohmann::json questionnaire(const RuleSet& rules, const Options& options = {});

// The canonical url the Questionnaire is published under (without the version).
std::string questionnaire_url(const model::Model& m, const Options& options = {});

// Is this JSON document a FHIR resource of this type? (Answers documents are plain objects.)
bool is_resource(const nlohmann::json& doc, const char* type);

// Evaluates a QuestionnaireResponse: its answers are read into signpost's answers and evaluated.
// Every problem is listed at once, each naming the FHIR path
// (QuestionnaireResponse.item[2].item[0].answer[0]), the linkId and what is allowed; a response to
// another questionnaire, or another version of it, is refused.
EvalResult evaluate_response(const RuleSet& rules, const nlohmann::json& response, const Options& options = {});

// The answers a QuestionnaireResponse gives, as signpost's answers object (linkId -> answer).
// False, with `errors`, when any answer cannot be read. `paths` receives each item's FHIR path.
bool response_answers(const model::Model& m, const nlohmann::json& response, const Options& options,
                      nlohmann::json& answers, std::vector<AnswerError>& errors,
                      std::map<std::string, std::string>* paths = nullptr);

// A result (the JSON `signpost eval` writes) as a FHIR Bundle: a GuidanceResponse whose result is
// a RequestGroup of the guidance, and an Observation per derived score and band (docs/fhir.md
// says why these resources).
nlohmann::json result_bundle(const RuleSet& rules, const nlohmann::json& result, const Options& options = {});

// How deeply a QuestionnaireResponse may nest (groups in groups); plain answers keep the engine's limit.
constexpr size_t kMaxResponseDepth = 32;

// Answers text that is either signpost's answers object or a QuestionnaireResponse (told apart by
// its resourceType), evaluated. Plain answers take exactly RuleSet::evaluate_text.
EvalResult evaluate_any(const RuleSet& rules, std::string_view text, const Options& options = {});

}  // namespace signpost::fhir
