// A result as FHIR (see fhir.hpp; why these resources: docs/fhir.md, "The result"). Rendered from
// the result JSON, so it says exactly what `signpost eval` says: a Bundle with a GuidanceResponse
// whose result is a RequestGroup (one action per guidance, urgent first, with its steps, reason
// and sources), and one Observation per derived score and band.
#include <cstdio>

#include "engine/fhir/fhir.hpp"

namespace signpost::fhir {
using nlohmann::json;

namespace {

// A stable urn:uuid for a resource of this result (golden files stay byte-identical): FNV-1a of
// the content hash and the resource's name, spread over a version-4-shaped UUID.
std::string uuid(const std::string& seed) {
  uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull;
  for (char c : seed) {
    h1 = (h1 ^ uint8_t(c)) * 1099511628211ull;
    h2 = (h2 ^ uint8_t(c)) * 1469598103934665603ull + 7;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "urn:uuid:%08x-%04x-4%03x-%04x-%012llx", unsigned(h1 >> 32), unsigned(h1 >> 16) & 0xffff,
                unsigned(h1) & 0xfff, (unsigned(h2 >> 48) & 0x3fff) | 0x8000, (unsigned long long)(h2 & 0xffffffffffffull));
  return buf;
}

// A string member, or "" (results are ours, but a renderer should not throw on a missing field).
std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// An array or object member, or an empty one.
json list(const json& j, const char* key, json empty = json::array()) {
  return j.is_object() && j.contains(key) && j[key].type() == empty.type() ? j[key] : empty;
}

const char* priority(const std::string& level) {
  if (level == "urgent") return "stat";
  if (level == "recommend") return "urgent";
  return "routine";
}

json citations(const json& cites) {
  json out = json::array();
  for (const auto& c : cites) {
    std::string text = str(c, "title") + ", \"" + str(c, "section") + "\"";
    if (c.contains("line")) text += " (line " + std::to_string(c["line"].get<int>()) + ")";
    json r = {{"type", "citation"}, {"display", text}};
    if (c.contains("url")) r["url"] = c["url"];
    out.push_back(r);
  }
  return out;
}

json action(const json& g, const std::string& base) {
  json a = {{"id", str(g, "id")}, {"title", str(g, "title")}, {"priority", priority(str(g, "level"))}};
  std::string text = str(g, "text");
  if (!text.empty()) a["description"] = text;
  if (g.contains("because") && g["because"].is_string()) a["textEquivalent"] = g["because"];
  a["code"] = json::array({{{"coding", json::array({{{"system", base + "/CodeSystem/level"},
                                                      {"code", str(g, "level")}}})}}});
  if (g.contains("cites") && !g["cites"].empty()) a["documentation"] = citations(g["cites"]);
  json steps = json::array();
  const json steps_in = list(g, "steps");
  for (const auto& s : steps_in)
    if (s.is_string()) steps.push_back({{"description", s}});
  if (!steps.empty()) a["action"] = steps;
  return a;
}

json code(const std::string& system, const std::string& id) {
  return {{"coding", json::array({{{"system", system}, {"code", id}}})}, {"text", id}};
}

json observation(const std::string& system, const std::string& id, const json& value) {
  json o = {{"resourceType", "Observation"},
            {"status", "final"},
            {"category", json::array({{{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                                                                {"code", "survey"}}})}}})},
            {"code", code(system, id)}};
  // Preliminary while unanswered questions leave the value open (a range, or nothing yet).
  if (value.is_null() || value.contains("valueRange")) o["status"] = "preliminary";
  if (!value.is_null()) {
    for (auto kv = value.begin(); kv != value.end(); ++kv) o[kv.key()] = kv.value();
  } else {
    o["dataAbsentReason"] = {{"coding", json::array({{{"system", "http://terminology.hl7.org/CodeSystem/data-absent-reason"},
                                                      {"code", "asked-unknown"}}})},
                             {"text", "the answers do not decide it yet"}};
  }
  return o;
}

// A score's value: a number, yes/no, or (while unanswered questions leave it open) its range.
json score_value(const json& s) {
  const json v = s.is_object() && s.contains("value") ? s["value"] : json();
  if (v.is_boolean()) return {{"valueBoolean", v}};
  if (v.is_number_integer()) return {{"valueInteger", v}};
  if (v.is_number()) return {{"valueQuantity", {{"value", v}}}};
  if (s.contains("at_least") && s.contains("at_most") && s["at_least"].is_number() && s["at_most"].is_number())
    return {{"valueRange", {{"low", {{"value", s["at_least"]}}}, {"high", {{"value", s["at_most"]}}}}}};
  return nullptr;
}

}  // namespace

json result_bundle(const RuleSet& rules, const json& result, const Options& o) {
  const model::Model& m = rules.model();
  const std::string hash = rules.content_hash();
  json entries = json::array();
  const std::string group_url = uuid(hash + "/RequestGroup"), response_url = uuid(hash + "/GuidanceResponse");
  json actions = json::array();
  const json guidance = list(result, "guidance"), undetermined = list(result, "undetermined");
  for (const auto& g : guidance) actions.push_back(action(g, o.base));
  json group = {{"resourceType", "RequestGroup"}, {"status", "active"}, {"intent", "proposal"}, {"action", actions}};
  json note = json::array({{{"text", m.disclaimer}}});
  if (result.contains("urgent_help") && result["urgent_help"].is_object())
    note.push_back({{"text", result["urgent_help"].value("text", "")}});
  group["note"] = note;
  // Guidance the answers do not decide yet: the questions that would, as data requirements.
  json needs = json::array();
  for (const auto& u : undetermined)
    for (const auto& q : list(u, "missing"))  // a temporary json lives through the loop; an items() view of one would not
      needs.push_back({{"type", "QuestionnaireResponse"},
                       {"profile", json::array({questionnaire_url(m, o)})},
                       {"mustSupport", json::array({"item.where(linkId = '" + str(q, "item") + "')"})}});
  json response = {{"resourceType", "GuidanceResponse"},
                   {"identifier", json::array({{{"system", "urn:ietf:rfc:3986"}, {"value", response_url}}})},
                   {"moduleCanonical", questionnaire_url(m, o) + "|" + m.version},
                   {"status", needs.empty() ? "success" : "data-required"},
                   {"result", {{"reference", group_url}}},
                   {"note", note}};
  if (!needs.empty()) response["dataRequirement"] = needs;
  entries.push_back({{"fullUrl", response_url}, {"resource", response}});
  entries.push_back({{"fullUrl", group_url}, {"resource", group}});
  const std::string system = o.base + "/CodeSystem/" + m.id + "/values";
  const json scores = list(result, "scores", json::object()), bands = list(result, "bands", json::object());
  for (const auto& [id, s] : scores.items())
    entries.push_back({{"fullUrl", uuid(hash + "/score/" + id)}, {"resource", observation(system, id, score_value(s))}});
  for (const auto& [id, b] : bands.items()) {
    json v = b.is_object() && b.contains("band") ? b["band"] : json();
    json value = v.is_string() ? json{{"valueCodeableConcept", code(system + "/" + id, v.get<std::string>())}} : json();
    entries.push_back({{"fullUrl", uuid(hash + "/band/" + id)}, {"resource", observation(system, id, value)}});
  }
  return {{"resourceType", "Bundle"}, {"type", "collection"}, {"entry", entries}};
}

}  // namespace signpost::fhir
