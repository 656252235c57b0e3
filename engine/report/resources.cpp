// Deploy-time resources: reading and checking the file a deployment supplies.
#include "engine/report/resources.hpp"

#include <algorithm>
#include <cctype>

#include "engine/check/lint.hpp"
#include "engine/report/phrases.hpp"
#include "engine/source/text.hpp"

namespace signpost {
using nlohmann::json;

const Resources& default_resources(const std::string& audience, const std::string& language) {
  // One set per phrase table, made once (thread-safe static initialisation); the texts are in
  // report/phrases.cpp, beside the rest of the engine's words.
  struct Defaults {
    Resources person, practitioner, partner, carer;
    explicit Defaults(const Phrases& p) {
      person.urgent_text = p.urgent_person;
      practitioner.urgent_text = p.urgent_practitioner;
      partner.urgent_text = p.urgent_partner;
      carer.urgent_text = p.urgent_carer;
    }
  };
  static const std::vector<Defaults> all = [] {
    std::vector<Defaults> out;
    for (const Phrases* p : phrase_tables()) out.emplace_back(*p);
    return out;
  }();
  const std::vector<const Phrases*>& tables = phrase_tables();
  const Defaults& d = all[size_t(std::find(tables.begin(), tables.end(), &phrases_for(language)) - tables.begin())];
  if (audience == "partner") return d.partner;
  if (audience == "carer") return d.carer;
  return audience == "clinician" || audience == "researcher" ? d.practitioner : d.person;
}

namespace {

const std::vector<std::string> kTopKeys = {"region", "urgent", "wording"};
const std::vector<std::string> kUrgentKeys = {"text", "contacts", "topics"};
const std::vector<std::string> kTopicKeys = {"title", "text", "contacts"};
const std::vector<std::string> kContactKeys = {"name", "phone", "url", "text", "hours"};

struct Reader {
  std::vector<AnswerError>& errors;
  std::vector<std::string> extra = {};  // the file's own "wording" conditions, for the wording check

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
  // The optional "contacts" list of `obj` (at `ptr`).
  void contacts(const json& obj, const std::string& ptr, std::vector<Contact>& out) {
    auto list = obj.find("contacts");
    if (list == obj.end()) return;
    if (!list->is_array()) {
      errors.push_back({"R003", ptr + "/contacts", "'contacts' must be a list of contacts", "[{\"name\": ..., \"phone\": ...}]"});
      return;
    }
    for (size_t k = 0; k < list->size(); ++k) contact((*list)[k], ptr + "/contacts/" + std::to_string(k), out);
  }
  void contact(const json& c, const std::string& ptr, std::vector<Contact>& out) {
    if (!c.is_object()) {
      errors.push_back({"R003", ptr, "a contact must be an object", "{\"name\": ..., \"phone\": ...}"});
      return;
    }
    keys(c, ptr, kContactKeys);
    Contact ct;
    text(c, ptr, "name", ct.name, true);
    text(c, ptr, "phone", ct.phone, false);
    text(c, ptr, "url", ct.url, false);
    text(c, ptr, "text", ct.text, false);
    text(c, ptr, "hours", ct.hours, false);
    wording(ct.name, ptr + "/name", extra);
    wording(ct.text, ptr + "/text", extra);
    if (ct.phone.empty() && ct.url.empty() && ct.text.empty() && c.contains("name"))
      errors.push_back({"R003", ptr, "contact '" + display_text(ct.name) + "' gives no way to reach it",
                        "give at least one of phone, url and text"});
    out.push_back(ct);
  }
  // "topics": {"being_harmed": {"title": ..., "text": ..., "contacts": [...]}, ...}; names as tags are.
  void topics(const json& urgent, std::vector<Topic>& out) {
    auto all = urgent.find("topics");
    if (all == urgent.end()) return;
    if (!all->is_object()) {
      errors.push_back({"R003", "/urgent/topics", "'topics' must be an object from topic name to its contacts",
                        "{\"being_harmed\": {\"contacts\": [...]}}"});
      return;
    }
    for (auto it = all->begin(); it != all->end(); ++it) {
      std::string ptr = "/urgent/topics" + json_pointer(it.key());
      if (!tag_name(it.key()))
        errors.push_back({"R005", ptr, "topic name '" + display_text(it.key()) + "' cannot be a guidance tag",
                          "a name of letters, digits and _, starting with a letter"});
      if (!it->is_object()) {
        errors.push_back({"R003", ptr, "a topic must be an object", "{\"contacts\": [...]}"});
        continue;
      }
      keys(*it, ptr, kTopicKeys);
      Topic t;
      t.name = it.key();
      text(*it, ptr, "title", t.title, false);
      text(*it, ptr, "text", t.text, false);
      wording(t.title, ptr + "/title", extra);
      wording(t.text, ptr + "/text", extra);
      contacts(*it, ptr, t.contacts);
      if (t.contacts.empty() && t.text.empty())
        errors.push_back({"R003", ptr, "topic '" + display_text(t.name) + "' gives neither a text nor contacts",
                          "give \"contacts\", \"text\" or both"});
      out.push_back(std::move(t));
    }
  }
  static bool tag_name(const std::string& s) {
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
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
    rd.extra = extra;
    rd.wording(r.urgent_text, "/urgent/text", extra);
    rd.contacts(*urgent, "/urgent", r.contacts);
    rd.topics(*urgent, r.topics);
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

namespace {

json contacts_json(const std::vector<Contact>& list) {
  json contacts = json::array();
  for (const Contact& c : list) {
    json j = {{"name", c.name}};
    if (!c.phone.empty()) j["phone"] = c.phone;
    if (!c.url.empty()) j["url"] = c.url;
    if (!c.text.empty()) j["text"] = c.text;
    if (!c.hours.empty()) j["hours"] = c.hours;
    contacts.push_back(j);
  }
  return contacts;
}

}  // namespace

json to_json(const Resources& r) {
  json out = {{"text", r.urgent_text}, {"contacts", contacts_json(r.contacts)}, {"from", r.deployed ? "deployment" : "default"}};
  if (!r.region.empty()) out["region"] = r.region;
  return out;
}

json urgent_help_json(const Resources& r, const model::Model& m) {
  json out = to_json(r);
  if (r.topics.empty()) return out;  // the result stays as it was for files without topics
  json topics = json::array();
  for (const Topic& t : r.topics) {
    json guidance = json::array();
    for (const auto& g : m.guidance)
      if (g.level == model::Level::urgent && std::find(g.tags.begin(), g.tags.end(), t.name) != g.tags.end())
        guidance.push_back(g.id);
    json j = {{"topic", t.name}, {"contacts", contacts_json(t.contacts)}, {"guidance", guidance}};
    if (!t.title.empty()) j["title"] = t.title;
    if (!t.text.empty()) j["text"] = t.text;
    topics.push_back(j);
  }
  out["topics"] = topics;
  return out;
}

}  // namespace signpost
