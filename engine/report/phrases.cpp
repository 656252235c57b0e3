// The engine's own words per language: the English tables here, and each other language's made
// from them through its message catalog (engine/report/words/LANG.po, report/catalog.hpp), read
// once at first use. A new language is a new .po file; tests/catalog_test.cpp checks that it
// translates every text the engine looks up. The German texts, above all the default urgent-help
// texts, are a first draft to be reviewed by a native speaker and a clinician before a German
// deployment relies on them.
#include "engine/report/phrases.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <set>

#include "engine/report/catalog.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace {

// Another reader's words: `self`'s but for the note on unanswered safety questions and the
// heading of urgent help.
constexpr Words but_for(Words self, const char* safety_open, const char* need_help) {
  self.safety_open = safety_open;
  self.need_help = need_help;
  return self;
}

constexpr Words kSelfEn = {
    "Please read this first",
    "What may help",
    "We could not tell",
    "Signs you recognised",
    "Things you could try:",
    "Why you are seeing this: ",
    "Some safety questions were not answered, so we cannot tell whether this applies to you.",
    "Not answered:",
    "This depends on questions you did not answer:",
    "{n} other question you did not answer could not settle this on their own.",
    "{n} other questions you did not answer could not settle this on their own.",
    "If you need help now",
    "None of the guidance in this check-in applies to your answers.",
    "You did not answer any of the questions, so this check-in has nothing to tell you yet. Every question can "
    "be left unanswered; answer the ones you are comfortable with to see what may help.",
    "Who can help with this:"};

constexpr Words kPartnerEn = but_for(kSelfEn,
                                     "Some questions about safety in your relationship were not answered, so we "
                                     "cannot tell whether this applies.",
                                     "If anyone needs help now");

constexpr Words kCarerEn = but_for(
    kSelfEn, "Some questions about safety were not answered, so we cannot tell whether this applies.", kPartnerEn.need_help);

constexpr Words kPractitionerEn = {
    "Read this first",
    "Suggestions",
    "Not determined",
    "Presentations recorded",
    "Possible steps:",
    "Why this is shown: ",
    "Some safety questions were not answered, so it is not known whether this applies to the client.",
    "Not answered:",
    "This depends on questions not answered:",
    "{n} other question not answered could not settle this on their own.",
    "{n} other questions not answered could not settle this on their own.",
    "If the client needs help now",
    "None of the guidance in this rule set applies to the answers recorded.",
    "No answers were recorded, so there is nothing to report yet.",
    "Who can help with this:"};

const Phrases kEnglish = {
    "en", kSelfEn, kPartnerEn, kCarerEn, kPractitionerEn,
    "version", "Version", "Source: ", "Rule set ", ", language ", " of ",
    "recommended", "worth considering", "for information", "urgent",
    "not asked", "not answered", "not applicable", "yes", "no", "unknown", "up to ", "at least ", "between ", " and ", ".",
    "If you are in danger right now, contact your local emergency services. If you can, tell someone you trust "
    "what is happening. A doctor or another qualified professional can help you find support near you.",
    "If the client may be in danger now, follow your service's emergency and safeguarding procedures, and help "
    "them reach local emergency services.",
    // A partner may be the one at risk, or the one whose behaviour is the question: the text
    // speaks to anyone in danger and to getting help for oneself, without assuming which.
    "If anyone is in danger right now, contact your local emergency services. A doctor or another qualified "
    "professional can help you find support near you, for yourself and for your relationship.",
    "If anyone is in danger right now, contact your local emergency services. A doctor or another qualified "
    "professional can help you find support near you, for the person you care for and for yourself."};

// ---- catalogs ------------------------------------------------------------------------------

// A language's catalog: msgstr by msgctxt and msgid (gettext's key: context, \x04, id).
struct Catalog {
  std::string language;
  std::map<std::string, std::string> words;
};

std::string catalog_key(const char* english, const char* context) {
  return context ? std::string(context) + '\x04' + english : std::string(english);
}

// Every embedded catalog, read once (a function-local static: thread-safe). An entry without a
// translation (empty or fuzzy) is left out, so that its English is shown and counted as missing.
const std::vector<Catalog>& catalogs() {
  static const std::vector<Catalog> all = [] {
    std::vector<Catalog> out;
    for (const auto& [language, text] : catalog::embedded()) {
      Catalog c{language, {}};
      for (const auto& e : catalog::parse_po(text).entries)
        if (!e.str.empty() && !e.fuzzy)
          c.words[e.context.empty() ? e.id : catalog_key(e.id.c_str(), e.context.c_str())] = e.str;
      out.push_back(std::move(c));
    }
    return out;
  }();
  return all;
}

struct Misses {
  std::mutex lock;
  std::set<std::string> texts;
};
Misses& misses() {
  static Misses m;
  return m;
}

const Catalog* catalog_of(const std::string& language) {
  std::string p = primary_language(language);
  for (const Catalog& c : catalogs())
    if (c.language == p) return &c;
  return nullptr;
}

const char* lookup(const Catalog& c, const char* english, const char* context) {
  auto it = c.words.find(catalog_key(english, context));
  if (it != c.words.end()) return it->second.c_str();
  std::lock_guard<std::mutex> hold(misses().lock);
  misses().texts.insert(c.language + ": " + (context ? std::string(context) + " | " : "") + english);
  return english;
}

// The English table looked up in catalog `c`, field by field.
constexpr const char* Words::*kWordFields[] = {
    &Words::first,     &Words::help,    &Words::open,       &Words::signs,        &Words::steps,
    &Words::why,       &Words::safety_open, &Words::not_answered, &Words::depends, &Words::others_one,
    &Words::others_many, &Words::need_help, &Words::nothing,  &Words::empty,        &Words::topic};
constexpr const char* Phrases::*kPhraseFields[] = {
    &Phrases::version_lower, &Phrases::version_title, &Phrases::source, &Phrases::rule_set, &Phrases::language_word,
    &Phrases::of, &Phrases::recommend, &Phrases::consider, &Phrases::info, &Phrases::urgent, &Phrases::not_asked,
    &Phrases::not_answered, &Phrases::not_applicable, &Phrases::yes, &Phrases::no, &Phrases::unknown,
    &Phrases::up_to, &Phrases::at_least, &Phrases::between, &Phrases::and_, &Phrases::urgent_person,
    &Phrases::urgent_practitioner, &Phrases::urgent_partner, &Phrases::urgent_carer};

// Every field is in its list, so that a new one is translated too (or the build says so).
static_assert(sizeof(Words) == std::size(kWordFields) * sizeof(const char*), "a Words field missing from kWordFields");
static_assert(sizeof(Phrases) == 4 * sizeof(Words) + (std::size(kPhraseFields) + 2) * sizeof(const char*),
              "a Phrases field missing from kPhraseFields (language and decimal_mark are set apart)");

Words translated_words(Words w, const Catalog& c) {
  for (auto field : kWordFields) w.*field = lookup(c, w.*field, nullptr);
  return w;
}

Phrases translated_phrases(const Catalog& c) {
  Phrases p = kEnglish;
  p.language = c.language.c_str();
  for (auto field : kPhraseFields) p.*field = lookup(c, p.*field, nullptr);
  p.decimal_mark = lookup(c, p.decimal_mark, "decimal mark");
  for (Words Phrases::*reader : {&Phrases::self, &Phrases::partner, &Phrases::carer, &Phrases::practitioner})
    p.*reader = translated_words(p.*reader, c);
  return p;
}

const Phrases* find(const std::string& language) {
  std::string p = primary_language(language);
  for (const Phrases* t : phrase_tables())
    if (p == t->language) return t;
  return nullptr;
}

}  // namespace

const std::vector<const Phrases*>& phrase_tables() {
  static const std::deque<Phrases> translated = [] {
    std::deque<Phrases> out;
    for (const Catalog& c : catalogs()) out.push_back(translated_phrases(c));
    return out;
  }();
  static const std::vector<const Phrases*> all = [] {
    std::vector<const Phrases*> out = {&kEnglish};
    for (const Phrases& p : translated) out.push_back(&p);
    return out;
  }();
  return all;
}

const Phrases& phrases_for(const std::string& language) {
  const Phrases* t = find(language);
  return t ? *t : kEnglish;
}

bool has_phrases(const std::string& language) { return find(language) != nullptr; }

const Words& words_for(const std::string& audience, const std::string& language) {
  const Phrases& p = phrases_for(language);
  if (audience == "partner") return p.partner;
  if (audience == "carer") return p.carer;
  if (audience == "clinician" || audience == "researcher") return p.practitioner;
  return p.self;
}

const char* level_words(model::Level level, const std::string& language) {
  const Phrases& p = phrases_for(language);
  switch (level) {
    case model::Level::recommend: return p.recommend;
    case model::Level::consider: return p.consider;
    case model::Level::info: return p.info;
    case model::Level::urgent: return p.urgent;
  }
  return "";
}

std::string others_sentence(const Words& w, size_t n) {
  return fill(n == 1 ? w.others_one : w.others_many, {{"n", std::to_string(n)}});
}

std::string with_decimal_mark(std::string number, const Phrases& p) {
  if (*p.decimal_mark != '.') std::replace(number.begin(), number.end(), '.', *p.decimal_mark);
  return number;
}

const char* tr(const std::string& language, const char* english, const char* context) {
  const Catalog* c = catalog_of(language);
  return c ? lookup(*c, english, context) : english;
}

std::string fill(const std::string& text, std::initializer_list<std::pair<const char*, std::string>> values) {
  std::string out;
  for (size_t k = 0; k < text.size(); ++k) {
    size_t end = text[k] == '{' ? text.find('}', k) : std::string::npos;
    const std::pair<const char*, std::string>* value = nullptr;
    for (const auto& v : values)
      if (end != std::string::npos && text.compare(k + 1, end - k - 1, v.first) == 0) value = &v;
    if (!value) {
      out += text[k];
      continue;
    }
    out += value->second;
    k = end;
  }
  return out;
}

std::string tr_fill(const std::string& language, const char* english,
                    std::initializer_list<std::pair<const char*, std::string>> values) {
  return fill(tr(language, english), values);
}

std::vector<std::string> catalog_languages() {
  std::vector<std::string> out;
  for (const Catalog& c : catalogs()) out.push_back(c.language);
  return out;
}

std::vector<std::string> catalog_misses() {
  std::lock_guard<std::mutex> hold(misses().lock);
  return {misses().texts.begin(), misses().texts.end()};
}

}  // namespace signpost
