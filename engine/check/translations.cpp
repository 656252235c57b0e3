// Translations: each translation file checked against the rule set, and the rule set's model
// rebuilt with the translated texts (one model per language; the program is shared).
#include "engine/check/translations.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "engine/check/lint.hpp"
#include "engine/report/phrases.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace {

using model::Model;

std::string because_text(const std::vector<model::TextPart>& parts) {
  std::string out;
  for (const auto& p : parts) out += p.is_ref ? "{" + p.text + "}" : p.text;
  return out;
}

bool scale_used(const Model& m, int s) {
  return std::any_of(m.items.begin(), m.items.end(), [&](const model::Item& it) { return it.scale == s; });
}

// A language tag as BCP 47 writes it: a primary language of 2-3 letters, then subtags.
bool valid_tag(const std::string& t) {
  size_t n = 0;
  while (n < t.size() && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
  if (n < 2 || n > 3) return false;
  return std::all_of(t.begin(), t.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}


// What a key names, in words: the main text is an item's prompt, the disclaimer's text, a title.
std::string describe_key(const std::string& key, const std::string& kind) {
  if (key.empty()) return kind == "item" ? "prompt" : kind == "disclaimer" ? "text" : "title";
  if (key.rfind("label:", 0) == 0) return "label of '" + key.substr(6) + "'";
  return key;
}

std::string unit_name(const TextUnit& u) { return u.id.empty() ? "the " + u.kind : u.kind + " '" + u.id + "'"; }

// The keys an entry gives, in the same form as a unit's: steps numbered in order.
std::vector<std::pair<std::string, const ast::Str*>> entry_texts(const ast::TranslationEntry& e) {
  std::vector<std::pair<std::string, const ast::Str*>> out;
  if (e.text) out.push_back({"", &*e.text});
  for (const auto& l : e.labels) out.push_back({"label:" + l.key.text, &l.text});
  size_t step = 0;
  for (const auto& f : e.fields)
    out.push_back({f.key.text == "step" ? "step " + std::to_string(++step) : f.key.text, &f.text});
  return out;
}

std::vector<std::string> unit_keys(const TextUnit& u) {
  std::vector<std::string> keys;
  size_t step = 0;
  for (const auto& [k, t] : u.texts) keys.push_back(k == "step" ? "step " + std::to_string(++step) : k);
  return keys;
}

std::string join_names(const std::vector<std::string>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); ++i) out += (i ? (i + 1 == xs.size() ? " and " : ", ") : "") + xs[i];
  return out;
}

// The translated because text: literal parts and {name}s, which must quote what the rule set has.
bool because_parts(const Model& m, const ast::Str& s, std::vector<model::TextPart>& parts, Diagnostics& d) {
  const std::string& t = s.text;
  std::string lit;
  for (size_t i = 0; i < t.size();) {
    if (t[i] != '{') {
      lit += t[i++];
      continue;
    }
    size_t j = t.find('}', i);
    if (j == std::string::npos) {
      d.error("E061", s.span, "a `{` in this text is not closed", "write {name} to quote a value");
      return false;
    }
    std::string n = t.substr(i + 1, j - i - 1);
    auto item = m.item_index.find(n);
    auto value = m.value_index.find(n);
    if (item == m.item_index.end() && value == m.value_index.end()) {
      d.error("E061", s.span, "the text quotes {" + n + "}, which is not an item or a derived value",
              "a translation quotes the same values as the text it translates");
      return false;
    }
    if (!lit.empty()) parts.push_back({false, lit, 0, -1}), lit.clear();
    if (item != m.item_index.end()) parts.push_back({true, n, 'i', item->second});
    else parts.push_back({true, n, 'v', value->second});
    i = j + 1;
  }
  if (!lit.empty()) parts.push_back({false, lit, 0, -1});
  return true;
}

// Puts one translated text into the model; false when the unit has no such text.
bool apply(Model& m, const TextUnit& u, const std::string& key, const ast::Str& s, Diagnostics& d) {
  auto label_of = [&](auto& options, const std::string& id) -> std::string* {
    for (auto& o : options)
      if (o.id == id) return &o.label;
    return nullptr;
  };
  const std::string& t = s.text;
  if (u.kind == "assessment") return m.title = t, true;
  if (u.kind == "disclaimer") return m.disclaimer = t, true;
  if (u.kind == "section") return m.sections[size_t(m.section_index.at(u.id))].title = t, true;
  if (u.kind == "item") {
    model::Item& it = m.items[size_t(m.item_index.at(u.id))];
    (key.empty() ? it.prompt : it.help) = t;
    return true;
  }
  if (u.kind == "scale") {
    for (auto& sc : m.scales)
      if (sc.id == u.id) {
        if (key.empty()) return sc.title = t, true;
        std::string* l = label_of(sc.options, key.substr(6));
        return l ? (*l = t, true) : false;
      }
  }
  if (u.kind == "band") {
    std::string* l = label_of(m.values[size_t(m.value_index.at(u.id))].rows, key.substr(6));
    return l ? (*l = t, true) : false;
  }
  if (u.kind == "guidance") {
    model::Guidance& g = m.guidance[size_t(m.guidance_index.at(u.id))];
    if (key == "title") g.title = t;
    else if (key == "text") g.text = t;
    else if (key.rfind("step ", 0) == 0) g.steps[std::stoul(key.substr(5)) - 1].text = t;
    else if (key == "because") {
      std::vector<model::TextPart> parts;
      if (because_parts(m, s, parts, d)) g.because = std::move(parts);
    }
    return true;
  }
  return false;
}

struct LanguageChecker {
  const Model& source;
  Diagnostics& d;
  const std::vector<TextUnit>& units;
  std::map<std::pair<std::string, std::string>, size_t> unit_of;  // (kind, id) -> units index

  void entry(const ast::TranslationEntry& e, Translation& tr, std::vector<const ast::TranslationEntry*>& seen) {
    std::string id = e.id ? e.id->text : "";
    auto it = unit_of.find({e.kind.text, id});
    if (it == unit_of.end()) {
      std::vector<std::string> ids;
      for (const auto& u : units)
        if (u.kind == e.kind.text) ids.push_back(u.id);
      std::string hint = did_you_mean(id, ids);
      d.error("E094", e.id ? e.id->span : e.kind.span,
              "the rule set has no " + e.kind.text + (id.empty() ? "" : " '" + id + "'") + " with texts to translate",
              hint.empty() ? "an entry translates an assessment, disclaimer, scale, section, item, band or guidance "
                             "of the rule file that imports this one"
                           : hint);
      return;
    }
    const TextUnit& u = units[it->second];
    if (seen[it->second]) {
      d.error("E095", e.kind.span, unit_name(u) + " is translated twice into '" + tr.language + "'",
              "keep one entry for it");
      return;
    }
    seen[it->second] = &e;
    std::vector<std::string> keys = unit_keys(u);
    std::set<std::string> given;
    for (const auto& [key, text] : entry_texts(e)) {
      bool known = std::find(keys.begin(), keys.end(), key) != keys.end();
      if (!known || !given.insert(key).second || !apply(tr.model, u, key, *text, d)) {
        d.error(known ? "E095" : "E094", text->span,
                known ? "the " + describe_key(key, u.kind) + " of " + unit_name(u) + " is translated twice"
                      : unit_name(u) + " has no " + describe_key(key, u.kind) + " to translate",
                "its texts: " + join_names([&] {
                  std::vector<std::string> ks;
                  for (const auto& k : keys) ks.push_back(describe_key(k, u.kind));
                  return ks;
                }()));
        continue;
      }
      wording(*text, tr.language, u);
    }
    std::vector<std::string> missing;
    for (const auto& k : keys)
      if (!given.count(k)) missing.push_back(describe_key(k, u.kind));
    if (!missing.empty())
      d.warning("W096", e.kind.span, "no '" + tr.language + "' translation of the " + join_names(missing) + " of " + unit_name(u),
                "until there is one, the rule file's own text is shown");
    stale(e, u, tr.language);
  }

  void stale(const ast::TranslationEntry& e, const TextUnit& u, const std::string& lang) {
    std::vector<std::string> texts;
    for (const auto& [k, t] : u.texts) texts.push_back(t);
    std::string now = text_fingerprint(texts);
    if (e.original && e.original->text == now) return;
    d.warning("W097", e.original ? e.original->span : e.kind.span,
              e.original ? "the texts of " + unit_name(u) + " changed since this '" + lang + "' translation was made"
                         : "the '" + lang + "' translation of " + unit_name(u) + " does not say which texts it translates",
              e.original ? "check the translation against the rule file's texts, then write original \"" + now + "\""
                         : "write original \"" + now + "\" once the translation matches the rule file's texts");
  }

  void wording(const ast::Str& text, const std::string& lang, const TextUnit& u) {
    if (!lint::has_word_lists(lang)) return;
    for (const auto& issue : lint::diagnostic_wording_in(lang, text.text))
      d.error("E042", text.span, "wording claims a diagnosis in the '" + lang + "' translation of " + unit_name(u) + ": \"" +
                                     issue.phrase + "\"",
              issue.why + "; " + issue.hint);
  }
};

// W099: the reports' own words (headings, fixed sentences, the default urgent-help text) have no
// table in `lang` (report/phrases.hpp), so a report in it mixes in English.
void no_phrases(Diagnostics& d, const std::string& lang, Span span, const std::string& whose) {
  if (has_phrases(lang)) return;
  d.warning("W099", span,
            "signpost has no words of its own in '" + lang + "': a report shows " + whose +
                " with English headings, sentences and default urgent-help text",
            "languages with the engine's words: " + [] {
              std::string all;
              for (const Phrases* p : phrase_tables()) all += (all.empty() ? "" : ", ") + std::string(p->language);
              return all;
            }() + "; a new language is a table in engine/report/phrases.cpp");
}

}  // namespace

std::string text_fingerprint(const std::vector<std::string>& texts) {
  std::string all;
  for (const auto& t : texts) all += std::to_string(t.size()) + ":" + t;
  return sha256_hex(all).substr(0, 6);
}

std::vector<TextUnit> text_units(const Model& m) {
  std::vector<TextUnit> out;
  out.push_back({"assessment", "", m.span, {{"", m.title}}});
  out.push_back({"disclaimer", "", m.span, {{"", m.disclaimer}}});
  for (size_t s = 0; s < m.scales.size(); ++s) {
    const model::Scale& sc = m.scales[s];
    if (!scale_used(m, int(s))) continue;
    TextUnit u{"scale", sc.id, sc.span, {}};
    if (!sc.title.empty()) u.texts.push_back({"", sc.title});
    for (const auto& o : sc.options) u.texts.push_back({"label:" + o.id, o.label});
    if (!u.texts.empty()) out.push_back(std::move(u));
  }
  for (const auto& s : m.sections) out.push_back({"section", s.id, s.span, {{"", s.title}}});
  for (const auto& it : m.items) {
    TextUnit u{"item", it.id, it.span, {{"", it.prompt}}};
    if (!it.help.empty()) u.texts.push_back({"help", it.help});
    out.push_back(std::move(u));
  }
  for (const auto& v : m.values) {
    // a table's outcomes are translated as a band's rows are: `band NAME: outcome "Label", ...`
    if ((v.kind != model::Value::Kind::band && v.kind != model::Value::Kind::table) || v.rows.empty()) continue;
    TextUnit u{"band", v.id, v.span, {}};
    for (const auto& r : v.rows) u.texts.push_back({"label:" + r.id, r.label});
    out.push_back(std::move(u));
  }
  for (const auto& g : m.guidance) {
    TextUnit u{"guidance", g.id, g.span, {{"title", g.title}}};
    if (!g.text.empty()) u.texts.push_back({"text", g.text});
    for (const auto& s : g.steps) u.texts.push_back({"step", s.text});
    if (!g.because.empty()) u.texts.push_back({"because", because_text(g.because)});
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<Translation> check_translations(const std::vector<const ast::File*>& files, const Model& m, Diagnostics& d) {
  std::vector<Translation> out;
  std::vector<TextUnit> units = text_units(m);
  LanguageChecker checker{m, d, units, {}};
  for (size_t k = 0; k < units.size(); ++k) checker.unit_of[{units[k].kind, units[k].id}] = k;
  for (const ast::File* f : files) {
    const auto& header = std::get<ast::TranslationDecl>(f->decls.front());
    const std::string& lang = header.language.text;
    if (!valid_tag(lang) || lower(lang) == lower(m.language)) {
      d.error("E093", header.language.span,
              valid_tag(lang) ? "the rule set is already in '" + lang + "'" : "'" + lang + "' is not a language tag",
              "name the translation's language as a BCP 47 tag: \"de\", \"es\", \"pt-BR\"");
      continue;
    }
    auto twice = std::find_if(out.begin(), out.end(), [&](const Translation& t) { return lower(t.language) == lower(lang); });
    if (twice != out.end()) {
      d.error("E095", header.language.span, "a second translation into '" + lang + "'", "keep one file per language");
      continue;
    }
    Translation tr{lang, m};
    tr.model.language = lang;
    std::vector<const ast::TranslationEntry*> seen(units.size(), nullptr);
    for (size_t k = 1; k < f->decls.size(); ++k)
      if (const auto* e = std::get_if<ast::TranslationEntry>(&f->decls[k])) checker.entry(*e, tr, seen);
    std::vector<std::string> untranslated;
    for (size_t k = 0; k < units.size(); ++k)
      if (!seen[k]) untranslated.push_back(unit_name(units[k]));
    if (!untranslated.empty())
      d.warning("W096", header.span,
                "no '" + lang + "' translation of " + std::to_string(untranslated.size()) + " declaration" +
                    (untranslated.size() == 1 ? "" : "s") + ": " + join_names(untranslated),
                "until there is one, the rule file's own texts are shown; `signpost translate --lang " + lang +
                    "` writes every entry to fill in");
    if (!lint::has_word_lists(lang))
      d.warning("W098", header.language.span,
                "the wording check has no word lists for '" + lang + "': these texts were not checked for diagnostic claims",
                "have a reviewer who reads '" + lang + "' check that no text tells the person they have a condition");
    no_phrases(d, lang, header.language.span, "these texts");
    out.push_back(std::move(tr));
  }
  no_phrases(d, m.language, m.span, "the rule file's texts");
  return out;
}

std::string translation_skeleton(const Model& m, const std::string& language) {
  std::string out = "# The texts of '" + m.id + "' in '" + language +
                    "': replace each text, keep the ids and `original` (it records which texts were translated).\n"
                    "translation \"" + language + "\"\n";
  auto q = [](const std::string& s) {
    std::string r = "\"";
    for (char c : s) r += c == '"' ? std::string("\\\"") : c == '\\' ? std::string("\\\\") : c == '\n' ? std::string("\\n") : std::string(1, c);
    return r + "\"";
  };
  for (const TextUnit& u : text_units(m)) {
    out += "\n" + u.kind + (u.id.empty() ? "" : " " + u.id);
    std::vector<std::string> texts;
    bool labels_open = false;
    for (const auto& [k, t] : u.texts) {
      texts.push_back(t);
      if (k.empty()) out += " " + q(t);
      else if (k.rfind("label:", 0) == 0) out += std::string(labels_open ? ",\n  " : ":\n  ") + k.substr(6) + " " + q(t), labels_open = true;
      else out += "\n  " + k + " " + q(t);
    }
    out += "\n  original " + q(text_fingerprint(texts)) + "\n";
  }
  return out;
}

std::string negotiate_language(std::string_view header, const std::vector<std::string>& available) {
  std::string best;
  double best_q = 0;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t comma = header.find(',', pos);
    std::string_view part = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    pos = comma == std::string_view::npos ? header.size() + 1 : comma + 1;
    std::string tag;
    double q = 1;
    size_t semi = part.find(';');
    for (char c : part.substr(0, semi))
      if (c != ' ' && c != '\t') tag += char(std::tolower(static_cast<unsigned char>(c)));
    if (semi != std::string_view::npos) {
      std::string params(part.substr(semi + 1));
      size_t at = params.find("q=");
      if (at != std::string::npos) {
        try {
          q = std::stod(params.substr(at + 2));
        } catch (...) {
          q = 0;
        }
      }
    }
    if (tag.empty() || q <= best_q) continue;
    for (const auto& a : available) {
      std::string la = lower(a);
      bool match = tag == "*" || la == tag || la == tag.substr(0, tag.find('-')) || la.rfind(tag + "-", 0) == 0;
      if (match) {
        best = a, best_q = q;
        break;
      }
    }
  }
  return best;
}

}  // namespace signpost
