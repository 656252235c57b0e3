// A rule set as a FHIR R4 SDC Questionnaire (see fhir.hpp; the mapping is in docs/fhir.md).
#include <cctype>

#include "engine/fhir/fhir.hpp"

#include <algorithm>
#include "engine/fhir/fhirpath.hpp"
#include "engine/report/report.hpp"

namespace signpost::fhir {
using nlohmann::json;

namespace {

const char* kItemControl = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
const char* kOrdinalValue = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const char* kVariable = "http://hl7.org/fhir/StructureDefinition/variable";
const char* kCalculated = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
const char* kEnableWhenExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
const char* kMinValue = "http://hl7.org/fhir/StructureDefinition/minValue";
const char* kMaxValue = "http://hl7.org/fhir/StructureDefinition/maxValue";

// A FHIR id ([A-Za-z0-9-.]{1,64}): signpost ids may hold underscores.
std::string resource_id(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.') ? c : '-';
  return out.substr(0, 64);
}

// A computer-friendly name (que-0: starts with a capital letter): intimacy_self_check -> IntimacySelfCheck.
std::string resource_name(const std::string& id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      up = true;
      continue;
    }
    out += up ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  if (out.empty() || !std::isupper(static_cast<unsigned char>(out[0]))) out = "Q" + out;
  return out;
}

json control(const char* code, const char* display) {
  return {{"url", kItemControl},
          {"valueCodeableConcept",
           {{"coding", json::array({{{"system", "http://hl7.org/fhir/questionnaire-item-control"},
                                     {"code", code},
                                     {"display", display}}})}}}};
}

json expression(const std::string& fhirpath, const std::string& name = "") {
  json e = {{"language", "text/fhirpath"}, {"expression", fhirpath}};
  if (!name.empty()) e["name"] = name;
  return e;
}

json display(const std::string& link_id, const std::string& text) {
  return {{"linkId", link_id}, {"type", "display"}, {"text", text}};
}

// "Title, "Section" (line 33)" for each citation.
std::string citations(const model::Model& m, const std::vector<model::Citation>& cites) {
  std::string out;
  for (const auto& c : cites) {
    const auto& s = m.sources[size_t(c.source)];
    out += (out.empty() ? "Source: " : "; ") + s.title;
    if (!c.section.empty()) out += ", \"" + c.section + "\"";
    if (c.line) out += " (line " + std::to_string(c.line) + ")";
  }
  return out;
}

json answer_options(const model::Model& m, const Options& o, const model::Item& it) {
  const auto& sc = m.scales[size_t(it.scale)];
  json options = json::array();
  for (size_t k = 0; k < sc.options.size(); ++k) {
    json coding = {{"system", scale_system(m, o.base, it.scale)}, {"code", sc.options[k].id},
                   {"display", sc.options[k].label}};
    bool scored = !it.points.empty() || sc.scored;
    double points = !it.points.empty() ? it.points[k] : sc.options[k].value;
    // R4 puts the ordinal on the Coding; LHC-Forms reads it from there for its scores.
    if (scored) coding["extension"] = json::array({{{"url", kOrdinalValue}, {"valueDecimal", points}}});
    options.push_back({{"valueCoding", coding}});
  }
  return options;
}

void number_bounds(const model::Scale& sc, json& j) {
  bool whole = sc.kind == model::Scale::Kind::integer;
  json ext = json::array();
  auto bound = [&](const char* url, double x) {
    if (std::isinf(x)) return;
    ext.push_back({{"url", url}, {whole ? "valueInteger" : "valueDecimal", whole ? json(static_cast<long long>(x)) : json(x)}});
  };
  bound(kMinValue, sc.lo);
  bound(kMaxValue, sc.hi);
  if (!ext.empty()) j["extension"] = ext;
}

void skip_logic(const model::Model& m, const Options& o, const model::TExpr& ask, json& j) {
  if (auto w = enable_when(m, o.base, ask)) {
    j["enableWhen"] = w->conditions;
    if (!w->behavior.empty()) j["enableBehavior"] = w->behavior;
    return;
  }
  // Asked unless the condition is known to be false: an empty (unknown) condition shows the item.
  if (auto e = fhirpath(m, ask)) {
    j["extension"].push_back({{"url", kEnableWhenExpression},
                              {"valueExpression", expression("iif((" + *e + ").exists(), " + *e + ", true)")}});
  }
  // An ask condition that maps to neither is left out: the form asks it, signpost still decides.
}

json question(const model::Model& m, const Options& o, const model::Item& it) {
  const auto& sc = m.scales[size_t(it.scale)];
  json j = {{"linkId", it.id}, {"text", it.prompt}};
  switch (sc.kind) {
    case model::Scale::Kind::boolean: j["type"] = "boolean"; break;
    case model::Scale::Kind::integer: j["type"] = "integer"; break;
    case model::Scale::Kind::decimal: j["type"] = "decimal"; break;
    case model::Scale::Kind::options:
    case model::Scale::Kind::multiple: j["type"] = "choice"; break;
  }
  if (sc.numeric()) number_bounds(sc, j);
  if (sc.kind == model::Scale::Kind::options) j["extension"].push_back(control("radio-button", "Radio Button"));
  if (sc.kind == model::Scale::Kind::multiple) j["extension"].push_back(control("check-box", "Check-box"));
  if (it.ask) skip_logic(m, o, *it.ask, j);
  j["required"] = it.required;
  if (sc.kind == model::Scale::Kind::multiple) j["repeats"] = true;
  if (sc.kind == model::Scale::Kind::options || sc.kind == model::Scale::Kind::multiple)
    j["answerOption"] = answer_options(m, o, it);
  json children = json::array();
  if (!it.help.empty()) {
    json help = display(it.id + "-help", it.help);
    help["extension"] = json::array({control("help", "Help-Button")});
    children.push_back(help);
  }
  if (!it.cites.empty()) {
    json cites = display(it.id + "-cites", citations(m, it.cites));
    cites["extension"] = json::array({control("flyover", "Fly-over")});
    children.push_back(cites);
  }
  if (!children.empty()) j["item"] = children;
  return j;
}

json section_group(const model::Model& m, const Options& o, const model::Section& s) {
  json items = json::array();
  if (!s.cites.empty()) {
    json cites = display(s.id + "-cites", citations(m, s.cites));
    cites["extension"] = json::array({control("flyover", "Fly-over")});
    items.push_back(cites);
  }
  for (int i : s.items) items.push_back(question(m, o, m.items[size_t(i)]));
  return {{"linkId", s.id}, {"type", "group"}, {"text", s.title}, {"item", items}};
}

// Does the FHIRPath name the variable %id (not merely one that starts the same)?
bool names(const std::string& e, const std::string& id) {
  for (size_t at = e.find("%" + id); at != std::string::npos; at = e.find("%" + id, at + 1)) {
    size_t end = at + 1 + id.size();
    if (end == e.size() || !(std::isalnum(static_cast<unsigned char>(e[end])) || e[end] == '_')) return true;
  }
  return false;
}

const char* value_type(const model::Value& v) {
  switch (v.type) {
    case model::Type::boolean: return "boolean";
    case model::Type::band: return "string";
    default: return v.integral ? "integer" : "decimal";
  }
}

// A band as the id of the row its number falls in (empty while the number is unknown).
std::optional<std::string> band_expression(const model::Model& m, const model::Value& v) {
  // names another band, or is a table (nested conditional values over its inputs)
  if (v.rows.empty() || v.kind == model::Value::Kind::table) return fhirpath(m, v.expr);
  auto x = fhirpath(m, v.expr);
  if (!x) return std::nullopt;
  std::string chain = "{}";
  for (size_t k = v.rows.size(); k-- > 0;) {
    const auto& r = v.rows[k];
    std::string test;
    if (!std::isinf(r.lo)) test = *x + " >= " + literal(r.lo);
    if (!std::isinf(r.hi))
      test += (test.empty() ? "" : " and ") + *x + (r.hi_inclusive ? " <= " : " < ") + literal(r.hi);
    if (test.empty()) test = "true";
    chain = "iif(" + test + ", '" + r.id + "', " + chain + ")";
  }
  return "iif((" + *x + ").exists(), " + chain + ", {})";
}

// Derived values as SDC variables (named %id) and, for lets and bands, read-only calculated
// items in a last group, so an SDC renderer shows the scores signpost computes.
void derived_values(const model::Model& m, json& q) {
  json calculated = json::array();
  std::vector<bool> mapped(m.values.size(), false);
  for (size_t k = 0; k < m.values.size(); ++k) {
    const auto& v = m.values[k];
    bool deps = true;  // a value that names an unmapped value does not map either
    std::optional<std::string> e =
        v.type == model::Type::band ? band_expression(m, v) : fhirpath(m, v.expr);
    for (size_t d = 0; d < m.values.size() && e; ++d)
      if (!mapped[d] && names(*e, m.values[d].id)) deps = false;
    if (!e || !deps) continue;
    mapped[k] = true;
    q["extension"].push_back({{"url", kVariable}, {"valueExpression", expression(*e, v.id)}});
    if (v.kind == model::Value::Kind::threshold) continue;
    json item = {{"linkId", v.id}, {"type", value_type(v)}, {"text", v.id}, {"readOnly", true}};
    item["extension"] = json::array({{{"url", kCalculated}, {"valueExpression", expression("%" + v.id)}}});
    calculated.push_back(item);
  }
  if (!calculated.empty())
    q["item"].push_back({{"linkId", "signpost-values"}, {"type", "group"}, {"text", "Calculated values"},
                         {"item", calculated}});
}

json sources_group(const model::Model& m) {
  json items = json::array();
  for (const auto& s : m.sources) {
    std::string text = s.title;
    if (!s.publisher.empty()) text += ". " + s.publisher;
    if (!s.date.empty()) text += ", " + s.date;
    if (!s.url.empty()) text += ". " + s.url;
    items.push_back(display("source-" + s.id, text));
  }
  return {{"linkId", "signpost-sources"}, {"type", "group"}, {"text", "Sources"}, {"item", items}};
}

// Every text of `q` that `translated` (the same questionnaire in `lang`) words differently gets
// FHIR's translation extension on the element: "_text": {"extension": [{"url": ".../translation",
// "extension": [{"url": "lang", "valueCode": "de"}, {"url": "content", "valueString": "..."}]}]}.
void add_translations(json& q, const json& translated, const std::string& lang) {
  static const char* const kTexts[] = {"title", "text", "display", "description"};
  if (q.is_array() && translated.is_array()) {
    for (size_t k = 0; k < q.size() && k < translated.size(); ++k) add_translations(q[k], translated[k], lang);
    return;
  }
  if (!q.is_object() || !translated.is_object()) return;
  for (auto it = q.begin(); it != q.end(); ++it) {
    auto other = translated.find(it.key());
    if (other == translated.end()) continue;
    bool is_text = std::any_of(std::begin(kTexts), std::end(kTexts), [&](const char* k) { return it.key() == k; });
    if (!is_text || !it->is_string()) {
      add_translations(*it, *other, lang);
      continue;
    }
    if (*other == *it) continue;
    json ext = {{"url", "http://hl7.org/fhir/StructureDefinition/translation"},
                {"extension", json::array({{{"url", "lang"}, {"valueCode", lang}}, {{"url", "content"}, {"valueString", *other}}})}};
    q["_" + it.key()]["extension"].push_back(std::move(ext));
  }
}

}  // namespace

std::string questionnaire_url(const model::Model& m, const Options& o) {
  return o.base + "/Questionnaire/" + resource_id(m.id);
}

bool is_resource(const json& doc, const char* type) {
  return doc.is_object() && doc.contains("resourceType") && doc["resourceType"] == type;
}

json questionnaire(const RuleSet& rules, const Options& o) {
  const model::Model& m = rules.model();
  json q = {{"resourceType", "Questionnaire"},
            {"id", resource_id(m.id)},
            {"url", questionnaire_url(m, o)},
            {"version", m.version},
            {"name", resource_name(m.id)},
            {"title", m.title},
            {"status", "active"},
            {"description", m.disclaimer},
            {"item", json::array({display("disclaimer", m.disclaimer)})}};
  if (!m.language.empty()) q["language"] = m.language;
  q["identifier"] = json::array({{{"system", "urn:ietf:rfc:3986"}, {"value", "urn:signpost:" + rules.content_hash()}}});
  q["extension"] = json::array();
  for (const auto& it : m.items)
    if (it.section < 0) q["item"].push_back(question(m, o, it));
  for (const auto& s : m.sections) q["item"].push_back(section_group(m, o, s));
  derived_values(m, q);
  if (!m.sources.empty()) q["item"].push_back(sources_group(m));
  if (q["extension"].empty()) q.erase("extension");
  // The rule set's translations, on each text (the export of a translation itself carries none).
  const auto& langs = rules.languages();
  for (size_t k = 1; k < langs.size() && m.language == langs[0]; ++k)
    add_translations(q, questionnaire(*rules.in_language(langs[k]), o), langs[k]);
  return q;
}

}  // namespace signpost::fhir
