// A QuestionnaireResponse as signpost answers (see fhir.hpp). The response is read into the plain
// answers object `signpost eval` takes, so every answer rule (ranges, skip logic, required) is the
// engine's own; only the errors are renamed to the FHIR paths they came from.
#include <set>

#include "engine/fhir/fhir.hpp"
#include "engine/fhir/fhirpath.hpp"
#include "engine/report/report.hpp"
#include "engine/source/text.hpp"

namespace signpost::fhir {
using nlohmann::json;

namespace {

// Is `url` ours under any base? `signpost export --base-url` publishes under a deployment's own
// base, so the part after the base (/Questionnaire/ID, /CodeSystem/ID/SCALE) decides.
bool same_resource(const std::string& url, const std::string& ours, const std::string& base) {
  std::string tail = ours.substr(base.size());
  return url == ours || (url.size() > tail.size() && url.compare(url.size() - tail.size(), tail.size(), tail) == 0);
}

// F001 ... F008: stable codes, documented in docs/fhir.md.
struct Reader {
  const model::Model& m;
  const Options& o;
  json& answers;
  std::vector<AnswerError>& errors;
  std::map<std::string, std::string>& paths;
  std::set<std::string> ignored;  // groups, display items and calculated values: no answers of a person

  void error(const char* code, const std::string& path, const std::string& message, const std::string& allowed = "") {
    errors.push_back({code, path, message, allowed});
  }

  std::string allowed(const model::Item& it) const {
    const auto& sc = m.scales[size_t(it.scale)];
    switch (sc.kind) {
      case model::Scale::Kind::boolean: return "valueBoolean (true or false)";
      case model::Scale::Kind::integer: return "valueInteger";
      case model::Scale::Kind::decimal: return "valueDecimal or valueInteger";
      default: break;
    }
    std::vector<std::string> codes;
    for (const auto& op : sc.options) codes.push_back(op.id);
    return std::string(sc.kind == model::Scale::Kind::multiple ? "one or more answers, each " : "") +
           "valueCoding with code " + join_or(codes) + " (system " + scale_system(m, o.base, it.scale) + ")";
  }

  // The one value[x] of an answer: its key, or empty (with an error) when there is not exactly one.
  std::string value_key(const json& a, const std::string& path, const model::Item& it) {
    std::string key;
    size_t n = 0;
    if (a.is_object())
      for (auto kv = a.begin(); kv != a.end(); ++kv)
        if (kv.key().rfind("value", 0) == 0) key = kv.key(), ++n;
    if (n != 1) {
      error("F004", path, "linkId '" + it.id + "': an answer needs exactly one value[x], found " + std::to_string(n),
            allowed(it));
      return "";
    }
    return key;
  }

  // One answer as the JSON signpost takes for the item; null (with an error) when it cannot be.
  json value(const json& a, const std::string& path, const model::Item& it) {
    std::string key = value_key(a, path, it);
    if (key.empty()) return nullptr;
    const json& v = a[key];
    const auto& sc = m.scales[size_t(it.scale)];
    auto wrong = [&] {
      error("F004", path, "linkId '" + it.id + "': " + key + " is not an answer to this question", allowed(it));
      return json();
    };
    switch (sc.kind) {
      case model::Scale::Kind::boolean: return key == "valueBoolean" && v.is_boolean() ? v : wrong();
      case model::Scale::Kind::integer: return key == "valueInteger" && v.is_number_integer() ? v : wrong();
      case model::Scale::Kind::decimal:
        return (key == "valueDecimal" || key == "valueInteger") && v.is_number() ? v : wrong();
      default: break;
    }
    if (key != "valueCoding" || !v.is_object()) return wrong();
    std::string code = v.contains("code") && v["code"].is_string() ? v["code"].get<std::string>() : "";
    std::string system = v.contains("system") && v["system"].is_string() ? v["system"].get<std::string>() : "";
    std::vector<std::string> codes;
    for (const auto& op : sc.options) codes.push_back(op.id);
    std::string ours = scale_system(m, o.base, it.scale);
    if (!system.empty() && !same_resource(system, ours, o.base)) {
      error("F005", path + ".valueCoding.system",
            "linkId '" + it.id + "': the code system '" + display_text(system) + "' is not this question's", allowed(it));
      return nullptr;
    }
    if (sc.option_index(code) < 0) {
      std::string hint = did_you_mean(code, codes);
      error("F005", path + ".valueCoding.code",
            "linkId '" + it.id + "': '" + display_text(code) + "' is not an option" + (hint.empty() ? "" : "; " + hint),
            allowed(it));
      return nullptr;
    }
    return code;
  }

  void question(const json& item, const std::string& path, const model::Item& it) {
    if (paths.count(it.id)) {
      error("F007", path, "linkId '" + it.id + "' is answered twice (first at " + paths[it.id] + ")");
      return;
    }
    paths[it.id] = path;
    if (!item.contains("answer")) return;  // no answer: unanswered
    const json& list = item["answer"];
    if (!list.is_array()) {
      error("F008", path + ".answer", "linkId '" + it.id + "': answer must be a list", allowed(it));
      return;
    }
    bool multiple = m.scales[size_t(it.scale)].kind == model::Scale::Kind::multiple;
    if (!multiple && list.size() > 1)
      error("F006", path + ".answer[1]", "linkId '" + it.id + "' takes one answer, found " + std::to_string(list.size()),
            allowed(it));
    json chosen = multiple ? json::array() : json();
    bool bad = false;
    for (size_t j = 0; j < list.size(); ++j) {
      std::string p = path + ".answer[" + std::to_string(j) + "]";
      json v = value(list[j], p, it);
      bad = bad || v.is_null();
      if (multiple) chosen.push_back(v);
      else if (j == 0) chosen = v;
      if (list[j].is_object() && list[j].contains("item")) items(list[j]["item"], p);
    }
    if (bad) ignored.insert(it.id);  // the error is said; no second one for a missing answer
    else if (!list.empty()) answers[it.id] = chosen;
  }

  void items(const json& list, const std::string& path) {
    if (!list.is_array()) {
      error("F008", path + ".item", "item must be a list");
      return;
    }
    for (size_t k = 0; k < list.size(); ++k) {
      std::string p = path + ".item[" + std::to_string(k) + "]";
      const json& item = list[k];
      if (!item.is_object() || !item.contains("linkId") || !item["linkId"].is_string()) {
        error("F008", p, "an item needs a linkId (a string)");
        continue;
      }
      std::string id = item["linkId"].get<std::string>();
      auto q = m.item_index.find(id);
      if (q != m.item_index.end()) {
        question(item, p, m.items[size_t(q->second)]);
      } else if (known_other(id)) {
        if (item.contains("item")) items(item["item"], p);
      } else {
        std::vector<std::string> ids;
        for (const auto& it : m.items) ids.push_back(it.id);
        std::string hint = did_you_mean(id, ids);
        error("F003", p + ".linkId", "no question has linkId '" + display_text(id) + "'" + (hint.empty() ? "" : "; " + hint),
              "the linkIds of the questionnaire " + questionnaire_url(m, o));
      }
    }
  }

  // Groups, display items and calculated values of the exported Questionnaire.
  bool known_other(const std::string& id) const {
    if (m.section_index.count(id) || m.value_index.count(id)) return true;
    if (id == "disclaimer" || id == "signpost-values" || id == "signpost-sources" || id.rfind("source-", 0) == 0) return true;
    for (const char* suffix : {"-help", "-cites"}) {
      size_t n = std::string(suffix).size();
      if (id.size() > n && id.compare(id.size() - n, n, suffix) == 0) return true;
    }
    return false;
  }
};

// The questionnaire a response names must be this one, in this version.
void check_questionnaire(const model::Model& m, const Options& o, const json& r, std::vector<AnswerError>& errors) {
  if (!r.contains("questionnaire")) return;
  std::string ours = questionnaire_url(m, o);
  const json& q = r["questionnaire"];
  std::string canonical = q.is_string() ? q.get<std::string>() : "";
  size_t bar = canonical.find('|');
  std::string url = canonical.substr(0, bar), version = bar == std::string::npos ? "" : canonical.substr(bar + 1);
  std::string allowed = ours + "|" + m.version;
  if (!same_resource(url, ours, o.base))
    errors.push_back({"F002", "QuestionnaireResponse.questionnaire",
                      "this response answers another questionnaire ('" + display_text(canonical) + "'); these rules are '" +
                          m.id + "' version " + m.version,
                      allowed});
  else if (!version.empty() && version != m.version)
    errors.push_back({"F002", "QuestionnaireResponse.questionnaire",
                      "this response answers version " + display_text(version) + " of '" + m.id +
                          "'; these rules are version " + m.version + ", whose questions may differ",
                      allowed});
}

}  // namespace

bool response_answers(const model::Model& m, const json& r, const Options& o, json& answers,
                      std::vector<AnswerError>& errors, std::map<std::string, std::string>* paths) {
  std::map<std::string, std::string> local;
  answers = json::object();
  size_t before = errors.size();
  if (!is_resource(r, "QuestionnaireResponse")) {
    errors.push_back({"F001", "resourceType", "expected a QuestionnaireResponse", "a FHIR R4 QuestionnaireResponse"});
    return false;
  }
  check_questionnaire(m, o, r, errors);
  Reader reader{m, o, answers, errors, paths ? *paths : local, {}};
  if (r.contains("item")) reader.items(r["item"], "QuestionnaireResponse");
  for (const auto& id : reader.ignored) (paths ? *paths : local)[id] = "";
  return errors.size() == before;
}

EvalResult evaluate_response(const RuleSet& rules, const json& r, const Options& o) {
  const model::Model& m = rules.model();
  json answers;
  std::vector<AnswerError> errors;
  std::map<std::string, std::string> paths;
  bool read = response_answers(m, r, o, answers, errors, &paths);
  if (!read && errors.size() == 1 && errors[0].code == "F001") {
    EvalResult bad;
    bad.errors = errors;
    bad.result = errors_json({m, rules.program(), rules.content_hash()}, errors);
    return bad;
  }
  EvalResult e = rules.evaluate(answers);
  if (read && e.ok) return e;
  // The engine's errors point at /linkId: point them at the response instead.
  for (auto& err : e.errors) {
    std::string id = err.pointer.size() > 1 ? err.pointer.substr(1) : "";
    auto p = paths.find(id);
    if (p != paths.end() && p->second.empty()) continue;  // already reported by the reader
    bool one = m.item_index.count(id) &&
               m.scales[size_t(m.items[size_t(m.item_index.at(id))].scale)].kind != model::Scale::Kind::multiple;
    err.pointer = p == paths.end() ? "QuestionnaireResponse.item" : p->second + (one ? ".answer[0]" : ".answer");
    errors.push_back(err);
  }
  EvalResult bad;
  bad.errors = errors;
  bad.result = errors_json({m, rules.program(), rules.content_hash()}, errors);
  return bad;
}

}  // namespace signpost::fhir

namespace signpost::fhir {

EvalResult evaluate_any(const RuleSet& rules, std::string_view text, const Options& o) {
  json doc;
  JsonProblem problem;
  if (text.size() <= Limits{}.max_answers_bytes && text.find("resourceType") != std::string_view::npos &&
      parse_json_document(text, kMaxResponseDepth, doc, problem) && doc.is_object() && doc.contains("resourceType"))
    return evaluate_response(rules, doc, o);
  return rules.evaluate_text(text);
}

}  // namespace signpost::fhir
