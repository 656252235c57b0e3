// Deploy-time resources: reading and checking the file a deployment supplies.
#include "engine/report/resources.hpp"

#include <algorithm>

#include "engine/check/lint.hpp"
#include "engine/source/text.hpp"

namespace signpost {
using nlohmann::json;

const Resources& default_resources(const std::string& audience) {
  static const Resources person = [] {
    Resources d;
    d.urgent_text =
        "If you are in danger right now, contact your local emergency services. If you can, tell someone you "
        "trust what is happening. A doctor or another qualified professional can help you find support near you.";
    return d;
  }();
  static const Resources practitioner = [] {
    Resources d;
    d.urgent_text =
        "If the client may be in danger now, follow your service's emergency and safeguarding procedures, and "
        "help them reach local emergency services.";
    return d;
  }();
  return audience == "clinician" || audience == "researcher" ? practitioner : person;
}

namespace {

const std::vector<std::string> kTopKeys = {"region", "urgent", "wording"};
const std::vector<std::string> kUrgentKeys = {"text", "contacts"};
const std::vector<std::string> kContactKeys = {"name", "phone", "url", "text", "hours"};

struct Reader {
  std::vector<AnswerError>& errors;

  void unknown_key(const std::string& ptr, const std::string& key, const std::vector<std::string>& allowed) {
    std::string hint = did_you_mean(key, allowed);
    errors.push_back({"R002", ptr + json_pointer(key),
                      "'" + display_text(key) + "' is not a field of a resources file" + (hint.empty() ? "" : "; " + hint),
                      join_or(allowed, " and ")});
  }
  // A text field: present and non-empty when `required`.
  void text(const json& obj, const std::string& ptr, const std::string& key, std::string& out, bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) errors.push_back({"R003", ptr + json_pointer(key), "'" + key + "' is required", "a text"});
      return;
    }
    if (!it->is_string() || it->get<std::string>().empty()) {
      errors.push_back({"R003", ptr + json_pointer(key), "'" + key + "' must be a non-empty text", "a text"});
      return;
    }
    out = it->get<std::string>();
  }
  // "wording": {"conditions": [...]}: the deployment's own terms for the wording check.
  std::vector<std::string> wording_conditions(const json& doc) {
    std::vector<std::string> out;
    auto w = doc.find("wording");
    if (w == doc.end()) return out;
    auto c = w->is_object() ? w->find("conditions") : w->end();
    if (!w->is_object() || c == w->end() || !c->is_array() ||
        !std::all_of(c->begin(), c->end(), [](const json& x) { return x.is_string(); })) {
      errors.push_back({"R003", "/wording", "'wording' must be {\"conditions\": [...]}, a list of texts",
                        "{\"conditions\": [\"misophonia\"]}"});
      return out;
    }
    keys(*w, "/wording", {"conditions"});
    for (const json& x : *c) out.push_back(x.get<std::string>());
    return out;
  }
  // A text a person reads must not claim a diagnosis either (the rule files' E042).
  void wording(const std::string& text, const std::string& ptr, const std::vector<std::string>& extra) {
    for (const auto& issue : lint::diagnostic_wording(text, extra))
      errors.push_back({"R004", ptr, "the text claims a diagnosis: \"" + issue.phrase + "\" (" + issue.why + ")", issue.hint});
  }
  void keys(const json& obj, const std::string& ptr, const std::vector<std::string>& allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end()) unknown_key(ptr, it.key(), allowed);
  }
};

}  // namespace

bool parse_resources(const json& doc, Resources& out, std::vector<AnswerError>& errors) {
  size_t before = errors.size();
  Reader rd{errors};
  Resources r;
  r.deployed = true;
  if (!doc.is_object()) {
    errors.push_back({"R001", "", "a resources file must be a JSON object", "{\"region\": ..., \"urgent\": {...}}"});
    return false;
  }
  rd.keys(doc, "", kTopKeys);
  rd.text(doc, "", "region", r.region, false);
  std::vector<std::string> extra = rd.wording_conditions(doc);
  auto urgent = doc.find("urgent");
  if (urgent == doc.end() || !urgent->is_object()) {
    errors.push_back({"R003", "/urgent", "'urgent' is required: an object with the text to show when safety is at stake",
                      "{\"text\": \"...\", \"contacts\": [...]}"});
  } else {
    rd.keys(*urgent, "/urgent", kUrgentKeys);
    rd.text(*urgent, "/urgent", "text", r.urgent_text, true);
    rd.wording(r.urgent_text, "/urgent/text", extra);
    auto contacts = urgent->find("contacts");
    if (contacts != urgent->end() && !contacts->is_array()) {
      errors.push_back({"R003", "/urgent/contacts", "'contacts' must be a list of contacts", "[{\"name\": ..., \"phone\": ...}]"});
    } else if (contacts != urgent->end()) {
      for (size_t k = 0; k < contacts->size(); ++k) {
        const json& c = (*contacts)[k];
        std::string ptr = "/urgent/contacts/" + std::to_string(k);
        if (!c.is_object()) {
          errors.push_back({"R003", ptr, "a contact must be an object", "{\"name\": ..., \"phone\": ...}"});
          continue;
        }
        rd.keys(c, ptr, kContactKeys);
        Contact ct;
        rd.text(c, ptr, "name", ct.name, true);
        rd.text(c, ptr, "phone", ct.phone, false);
        rd.text(c, ptr, "url", ct.url, false);
        rd.text(c, ptr, "text", ct.text, false);
        rd.text(c, ptr, "hours", ct.hours, false);
        rd.wording(ct.name, ptr + "/name", extra);
        rd.wording(ct.text, ptr + "/text", extra);
        if (ct.phone.empty() && ct.url.empty() && ct.text.empty() && c.is_object() && c.contains("name"))
          errors.push_back({"R003", ptr, "contact '" + display_text(ct.name) + "' gives no way to reach it",
                            "give at least one of phone, url and text"});
        r.contacts.push_back(ct);
      }
    }
  }
  if (errors.size() != before) return false;
  out = std::move(r);
  return true;
}

bool parse_resources_text(std::string_view text, Resources& out, std::vector<AnswerError>& errors) {
  constexpr size_t kMaxBytes = 1 << 20, kMaxDepth = 8;
  if (text.size() > kMaxBytes) {
    errors.push_back({"R001", "", "the resources file is too large (" + std::to_string(text.size()) +
                                      " bytes; the limit is " + std::to_string(kMaxBytes) + ")", ""});
    return false;
  }
  json doc;
  JsonProblem problem;
  if (!parse_json_document(text, kMaxDepth, doc, problem)) {
    std::string why = problem.kind == JsonProblem::Kind::too_deep
                          ? "it is nested too deeply (limit " + std::to_string(kMaxDepth) + ")"
                      : problem.kind == JsonProblem::Kind::duplicate_key
                          ? "'" + display_text(problem.key) + "' is given twice in one object"
                          : "it is not valid JSON: " + problem.message;
    errors.push_back({"R001", "", "the resources file cannot be read: " + why, ""});
    return false;
  }
  return parse_resources(doc, out, errors);
}

json to_json(const Resources& r) {
  json contacts = json::array();
  for (const Contact& c : r.contacts) {
    json j = {{"name", c.name}};
    if (!c.phone.empty()) j["phone"] = c.phone;
    if (!c.url.empty()) j["url"] = c.url;
    if (!c.text.empty()) j["text"] = c.text;
    if (!c.hours.empty()) j["hours"] = c.hours;
    contacts.push_back(j);
  }
  json out = {{"text", r.urgent_text}, {"contacts", contacts}, {"from", r.deployed ? "deployment" : "default"}};
  if (!r.region.empty()) out["region"] = r.region;
  return out;
}

}  // namespace signpost
