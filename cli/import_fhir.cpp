// `signpost import --from fhir QUESTIONNAIRE.json`: a rule-file skeleton from a FHIR R4
// Questionnaire. Groups become sections, questions items (boolean -> yesno, choice -> a scale
// whose options carry the ordinalValue / itemWeight points, repeats -> multiple, integer and
// decimal -> number scales with minValue / maxValue), help display items `help`, and enableWhen
// `ask when`. What does not translate (enableWhenExpression, calculated items, text questions) is
// left as a comment that says so: the skeleton is for an author to finish, never to guess.
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/import_redcap.hpp"
#include "cli/io.hpp"

namespace signpost::cli {
namespace {
using nlohmann::json;

const char* kOrdinal = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const char* kItemWeight = "http://hl7.org/fhir/StructureDefinition/itemWeight";

std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

bool has_extension(const json& j, const std::string& url_part) {
  if (!j.is_object() || !j.contains("extension") || !j["extension"].is_array()) return false;
  for (const auto& e : j["extension"])
    if (str(e, "url").find(url_part) != std::string::npos) return true;
  return false;
}

// The points of an answer option: ordinalValue or itemWeight, on the option or its Coding.
bool points(const json& option, double& out) {
  for (const json* j : {&option, option.contains("valueCoding") ? &option["valueCoding"] : nullptr}) {
    if (!j || !j->contains("extension") || !(*j)["extension"].is_array()) continue;
    for (const auto& e : (*j)["extension"])
      if ((str(e, "url") == kOrdinal || str(e, "url") == kItemWeight) && e.contains("valueDecimal") &&
          e["valueDecimal"].is_number()) {
        out = e["valueDecimal"].get<double>();
        return true;
      }
  }
  return false;
}

std::string number(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

struct Importer {
  std::ostringstream scales, top, body;
  std::map<std::string, std::string> scale_of;  // option set -> scale id
  std::set<std::string> scale_ids;
  std::map<std::string, std::string> ids;        // linkId -> signpost id
  std::map<std::string, const json*> questions;  // linkId -> item
  size_t items = 0, untranslated = 0;

  std::string id_of(const std::string& link_id) {
    auto it = ids.find(link_id);
    return it != ids.end() ? it->second : import_slug(link_id, "q");
  }

  // The option set's scale: one scale for every item with the same options and points.
  std::string choice_scale(const json& item) {
    std::string key = item.value("repeats", false) ? "multiple|" : "single|";
    std::string system;
    std::ostringstream options;
    const json& list = item["answerOption"];
    bool scored = true;
    for (const auto& o : list) {
      double p = 0;
      scored = scored && points(o, p);
    }
    for (size_t k = 0; k < list.size(); ++k) {
      const json& c = list[k].contains("valueCoding") ? list[k]["valueCoding"] : list[k];
      std::string code = str(c, "code").empty() ? str(list[k], "valueString") : str(c, "code");
      std::string label = str(c, "display").empty() ? code : str(c, "display");
      system = str(c, "system");
      double p = 0;
      if (scored) points(list[k], p);
      options << (k ? ",\n  " : "  ") << import_slug(code, "option_" + std::to_string(k + 1))
              << (scored ? " = " + number(p) : "") << " " << import_quoted(label);
      key += code + "=" + label + (scored ? ":" + number(p) : "") + "|";
    }
    auto found = scale_of.find(key);
    if (found != scale_of.end()) return found->second;
    // Named after its code system's last segment (signpost's own export: .../CodeSystem/ID/frequency).
    std::string id = import_slug(system.substr(system.find_last_of('/') + 1), "");
    if (id.empty() || id == "yesno") id = id_of(str(item, "linkId")) + "_choices";
    for (std::string base = id; scale_ids.count(id);) id = base + "_" + std::to_string(scale_ids.size() + 1);
    scale_ids.insert(id);
    scale_of[key] = id;
    scales << "scale " << id << ":" << (item.value("repeats", false) ? " multiple" : "") << "\n" << options.str() << "\n\n";
    return id;
  }

  std::string number_scale(const json& item, bool whole) {
    std::string lo = whole ? "-1000000000" : "-1000000000", hi = "1000000000";
    for (const auto& e : item.value("extension", json::array())) {
      const json& v = e.contains("valueInteger") ? e["valueInteger"] : e.contains("valueDecimal") ? e["valueDecimal"] : json();
      if (!v.is_number()) continue;
      if (str(e, "url").find("/minValue") != std::string::npos) lo = number(v.get<double>());
      if (str(e, "url").find("/maxValue") != std::string::npos) hi = number(v.get<double>());
    }
    std::string id = id_of(str(item, "linkId")) + "_range";
    scales << "scale " << id << ": " << (whole ? "integer " : "decimal ") << lo << " to " << hi << "\n\n";
    return id;
  }

  // One enableWhen condition as signpost; empty when it does not translate.
  std::string condition(const json& c) {
    std::string q = str(c, "question"), op = str(c, "operator");
    if (!questions.count(q)) return "";
    const json& target = *questions[q];
    std::string id = id_of(q);
    if (c.contains("answerBoolean") && op == "=") return c["answerBoolean"].get<bool>() ? id : "not " + id;
    if (c.contains("answerBoolean") && op == "!=") return c["answerBoolean"].get<bool>() ? "not " + id : id;
    if (c.contains("answerCoding") && (op == "=" || op == "!=")) {
      std::string code = import_slug(str(c["answerCoding"], "code"), "");
      if (target.value("repeats", false)) return (op == "=" ? "" : "not ") + id + " includes " + code;
      return id + (op == "=" ? " == " : " != ") + code;
    }
    for (const char* key : {"answerInteger", "answerDecimal"})
      if (c.contains(key) && c[key].is_number() && op != "exists")
        return id + " " + (op == "=" ? "==" : op) + " " + number(c[key].get<double>());
    return "";
  }

  // enableWhen as `ask when`. signpost asks while a condition may still be true, so a
  // `question exists false` beside other conditions on the same question (signpost's own
  // export says it that way) adds nothing.
  std::string ask_when(const json& item) {
    const json& list = item["enableWhen"];
    bool any = str(item, "enableBehavior") == "any";
    std::set<std::string> named;
    for (const auto& c : list)
      if (str(c, "operator") != "exists") named.insert(str(c, "question"));
    std::string out;
    for (const auto& c : list) {
      if (any && str(c, "operator") == "exists" && c.value("answerBoolean", true) == false && named.count(str(c, "question")))
        continue;
      std::string one = condition(c);
      if (one.empty()) return "";
      out += (out.empty() ? "" : any ? " or " : " and ") + one;
    }
    return out;
  }

  void question(const json& item, std::ostringstream& out) {
    std::string type = str(item, "type"), link = str(item, "linkId"), id = id_of(link);
    if (has_extension(item, "calculatedExpression") || item.value("readOnly", false)) {
      out << "\n# '" << link << "' is calculated in the form; write it as a `let` if signpost should compute it\n";
      ++untranslated;
      return;
    }
    std::string scale;
    if (type == "boolean") scale = "yesno";
    else if ((type == "choice" || type == "open-choice") && item.contains("answerOption") && item["answerOption"].is_array())
      scale = choice_scale(item);
    else if (type == "integer" || type == "decimal") scale = number_scale(item, type == "integer");
    if (scale.empty()) {
      out << "\n# '" << link << "' (" << type << ") is not a question signpost scores\n";
      ++untranslated;
      return;
    }
    out << "\nitem " << id << ": " << scale << "\n  " << import_quoted(str(item, "text").empty() ? link : str(item, "text"))
        << "\n";
    for (const auto& child : item.value("item", json::array()))
      if (str(child, "type") == "display" && has_extension(child, "questionnaire-itemControl") &&
          child.dump().find("\"help\"") != std::string::npos)
        out << "  help " << import_quoted(str(child, "text")) << "\n";
    out << "  cites fhir\n";
    if (item.value("required", false)) out << "  required\n";
    if (item.contains("enableWhen") && item["enableWhen"].is_array()) {
      std::string cond = ask_when(item);
      if (!cond.empty()) out << "  ask when " << cond << "\n";
      else out << "  # enableWhen does not translate; write it as `ask when`: " << item["enableWhen"].dump() << "\n", ++untranslated;
    } else if (has_extension(item, "enableWhenExpression")) {
      out << "  # enableWhenExpression (FHIRPath) does not translate; write it as `ask when`\n";
      ++untranslated;
    }
    ++items;
  }

  // Every question's linkId first, so enableWhen can name a later one.
  void index(const json& list) {
    for (const auto& it : list) {
      std::string link = str(it, "linkId"), type = str(it, "type");
      if (type != "group" && type != "display") {
        std::string id = import_slug(link, "q");
        while (!ids.count(link) && std::any_of(ids.begin(), ids.end(), [&](const auto& kv) { return kv.second == id; }))
          id += "_2";
        ids[link] = id;
        questions[link] = &it;
      }
      if (it.contains("item") && it["item"].is_array()) index(it["item"]);
    }
  }

  // Groups (at any depth) are sections; questions before any group have none.
  void walk(const json& list, bool in_group) {
    for (const auto& it : list) {
      std::string type = str(it, "type"), link = str(it, "linkId");
      if (type == "group") {
        if (link == "signpost-sources") continue;  // signpost's own export: the sources, written below
        bool has_questions = false;
        for (const auto& c : it.value("item", json::array())) has_questions = has_questions || str(c, "type") != "display";
        if (has_questions && link != "signpost-values")
          body << "\nsection " << import_slug(link, "section") << " "
               << import_quoted(str(it, "text").empty() ? link : str(it, "text")) << "\n  cites fhir\n";
        walk(it.value("item", json::array()), true);
      } else if (type != "display") {
        question(it, in_group ? body : top);
      }
    }
  }
};

}  // namespace

int import_fhir(const std::string& path, const std::string& output, const std::string& id_opt,
                const std::string& title_opt) {
  std::string input, error;
  if (!read_input(path, kMaxImportBytes, input, error)) {  // a file, a pipe or '-', bounded
    std::cerr << "signpost: " << error << "\n";
    return 2;
  }
  json q = json::parse(input, nullptr, false);
  if (q.is_discarded() || !q.is_object() || str(q, "resourceType") != "Questionnaire") {
    std::cerr << "signpost: " << path << " is not a FHIR Questionnaire (JSON with \"resourceType\": \"Questionnaire\")\n";
    return 1;
  }
  Importer im;
  const json items = q.value("item", json::array());
  im.index(items);
  im.walk(items, false);
  if (im.items == 0) {
    std::cerr << "signpost: " << path << " has no question signpost can score\n";
    return 1;
  }
  std::string id = !id_opt.empty() ? id_opt : import_slug(!str(q, "id").empty() ? str(q, "id") : str(q, "name"), "questionnaire");
  std::string title = !title_opt.empty() ? title_opt : !str(q, "title").empty() ? str(q, "title") : id;
  std::string disclaimer = str(q, "description");
  if (disclaimer.empty()) disclaimer = "For information only. This is not a diagnosis.";
  std::string name = path.substr(path.find_last_of('/') + 1);
  std::ostringstream text;
  text << "# Written by `signpost import --from fhir " << name << "`: a skeleton to review and finish.\n"
       << "# Check the disclaimer, cite the real sources, and add guidance.\n"
       << "assessment " << id << " " << import_quoted(title) << "\n"
       << "  version " << import_quoted(str(q, "version").empty() ? "0.1.0" : str(q, "version")) << " language "
       << import_quoted(str(q, "language").empty() ? "en" : str(q, "language")) << " audience self\n\n"
       << "disclaimer " << import_quoted(disclaimer) << "\n\n"
       << "source fhir " << import_quoted("FHIR Questionnaire " + (str(q, "url").empty() ? name : str(q, "url"))) << "\n\n"
       << im.scales.str() << im.top.str() << im.body.str()
       << "\n# Add guidance: what the answers lead to, with its reasons and sources.\n";
  if (output.empty()) {
    std::cout << text.str();
  } else {
    std::ofstream out(output, std::ios::binary);
    if (!(out << text.str())) {
      std::cerr << "signpost: cannot write '" << output << "'\n";
      return 2;
    }
  }
  std::cerr << "signpost: " << im.items << " items; " << im.untranslated << " untranslated (left as comments)\n";
  return 0;
}

}  // namespace signpost::cli
