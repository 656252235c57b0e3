// The engine's own words per language (report/phrases.hpp, report/catalog.hpp): each catalog
// (engine/report/words/*.po) is well-formed and translates every text the engine looks up; the
// lookup falls back to English; and the review document of each shipped translation
// (rules/NAME.LANG.md) is current.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "engine/check/functions.hpp"
#include "engine/report/catalog.hpp"
#include "engine/report/doc.hpp"
#include "engine/report/phrases.hpp"
#include "engine/signpost.hpp"

namespace signpost {
namespace {

namespace fs = std::filesystem;
const fs::path kRoot = SIGNPOST_SOURCE_DIR;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A text the engine looks up: its msgctxt ("" when none) and its English (the msgid).
using Text = std::pair<std::string, std::string>;

// The C string literals `lits` ("a" "b", as the compiler joins them), unescaped.
std::string joined(const std::string& lits) {
  std::string out;
  static const std::regex lit(R"re("((?:[^"\\]|\\.)*)")re");
  for (std::sregex_iterator it(lits.begin(), lits.end(), lit), end; it != end; ++it) {
    std::string s = (*it)[1];
    for (size_t k = 0; k < s.size(); ++k) {
      if (s[k] != '\\' || k + 1 == s.size()) {
        out += s[k];
        continue;
      }
      char c = s[++k];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
  }
  return out;
}

// Every text the sources of the report stage look up by a literal: say("..."), say.in("context",
// "..."), two(e, "...") (report/doc.cpp) and tr_fill(language, "...").
std::set<Text> texts_in_the_sources() {
  const std::string lits = R"re(((?:"(?:[^"\\]|\\.)*"\s*)+))re";
  const std::regex plain(R"re(\b(?:say|two\(e,|tr_fill\(\s*\w+,)\(?\s*)re" + lits);
  const std::regex in_context(R"re(\bsay\.in\(\s*"([^"]*)",\s*)re" + lits);
  std::set<Text> out;
  for (const auto& e : fs::directory_iterator(kRoot / "engine" / "report")) {
    if (e.path().extension() != ".cpp") continue;
    std::string s = read_text(e.path());
    for (std::sregex_iterator it(s.begin(), s.end(), plain), end; it != end; ++it) out.insert({"", joined((*it)[1])});
    for (std::sregex_iterator it(s.begin(), s.end(), in_context), end; it != end; ++it)
      out.insert({(*it)[1], joined((*it)[2])});
  }
  return out;
}

// Every text the engine looks up: those of the sources, the English report tables (phrases.cpp),
// the aggregates' `review` phrases (check/functions.hpp), and each audience and level by name.
std::set<Text> every_text() {
  std::set<Text> out = texts_in_the_sources();
  const Phrases& en = phrases_for("en");
  const char* const* all = reinterpret_cast<const char* const*>(&en);
  for (size_t k = 1; k < sizeof(Phrases) / sizeof(const char*); ++k)  // 0: the language tag
    out.insert({all[k] == en.decimal_mark ? "decimal mark" : "", all[k]});
  for (const auto& a : model::kAggregates) out.insert({"", a.review});
  for (const char* audience : {"self", "partner", "carer", "clinician", "researcher"}) out.insert({"audience", audience});
  for (auto level : {model::Level::urgent, model::Level::recommend, model::Level::consider, model::Level::info})
    out.insert({"level", model::level_name(level)});
  return out;
}

// The "{name}" placeholders of a text.
std::multiset<std::string> placeholders(const std::string& s) {
  std::multiset<std::string> out;
  static const std::regex name(R"(\{[a-z_]+\})");
  for (std::sregex_iterator it(s.begin(), s.end(), name), end; it != end; ++it) out.insert(it->str());
  return out;
}

TEST(Catalog, TheExtractionFindsTheDocumentsTexts) {
  std::set<Text> texts = texts_in_the_sources();
  for (const Text& t : std::vector<Text>{{"", "{a} is less than {b}"},
                                         {"", "Sources"},
                                         {"", "{a} plus {b}"},
                                         {"", "“{text}”"},
                                         {"", "Each threshold is set in one place in the rule file so that it can be changed "
                                              "there. Where its value comes from is what its reasoning says."}})
    EXPECT_TRUE(texts.count(t)) << t.second;
  EXPECT_GT(texts.size(), 100u);
}

// Each catalog: well-formed (our reader and, when installed, GNU gettext's msgfmt --check), each
// entry translated once, keeping the placeholders of its English, and every text the engine
// looks up translated. The catalog compiled into the engine is the file as it is now.
TEST(Catalog, EveryCatalogIsWellFormedAndTranslatesEveryText) {
  const std::set<Text> texts = every_text();
  ASSERT_FALSE(catalog::embedded().empty());
  EXPECT_EQ(catalog_languages().size(), catalog::embedded().size());
  for (const auto& [language, text] : catalog::embedded()) {
    fs::path file = kRoot / "engine" / "report" / "words" / (language + ".po");
    EXPECT_EQ(read_text(file), text) << file << " changed since the engine was built: rebuild";
    catalog::Parsed po = catalog::parse_po(text);
    EXPECT_TRUE(po.errors.empty()) << file << ":\n" << ::testing::PrintToString(po.errors);
    std::map<Text, std::string> words;
    for (const auto& e : po.entries) {
      Text key{e.context, e.id};
      EXPECT_FALSE(words.count(key)) << file << ": \"" << e.id << "\" twice";
      EXPECT_FALSE(e.fuzzy) << file << ": \"" << e.id << "\" is marked fuzzy: review it";
      EXPECT_FALSE(e.str.empty()) << file << ": \"" << e.id << "\" is not translated";
      EXPECT_EQ(placeholders(e.id), placeholders(e.str)) << file << ": \"" << e.id << "\" -> \"" << e.str << "\"";
      words[key] = e.str;
      EXPECT_TRUE(texts.count(key)) << file << ": \"" << e.id << "\" is not used by the engine: remove it";
    }
    for (const Text& t : texts)
      EXPECT_TRUE(words.count(t)) << file << " lacks " << (t.first.empty() ? "" : "msgctxt \"" + t.first + "\" ")
                                  << "msgid \"" << t.second << "\"";
    ASSERT_EQ(std::system("command -v msgfmt >/dev/null"), 0) << "msgfmt is missing (Debian: gettext; .ci/setup)";
    EXPECT_EQ(std::system(("msgfmt --check -o /dev/null '" + file.string() + "'").c_str()), 0) << file;
  }
}

TEST(Catalog, TheReaderTakesContinuationsEscapesContextsAndFlags) {
  catalog::Parsed po = catalog::parse_po(
      "# a comment\nmsgid \"\"\nmsgstr \"Language: de\\n\"\n\n"
      "msgid \"\"\n\"two \"\n  \"lines\"\nmsgstr \"zwei \"\n\"Zeilen\"\n\n"
      "msgctxt \"level\"\nmsgid \"urgent\"\nmsgstr \"dringend\"\n\n"
      "#, fuzzy\nmsgid \"a \\\"quote\\\"\\tand\\\\\"\nmsgstr \"ein\\n\"\n");
  EXPECT_TRUE(po.errors.empty()) << ::testing::PrintToString(po.errors);
  ASSERT_EQ(po.entries.size(), 3u);  // the header is left out
  EXPECT_EQ(po.entries[0].id, "two lines");
  EXPECT_EQ(po.entries[0].str, "zwei Zeilen");
  EXPECT_EQ(po.entries[1].context, "level");
  EXPECT_EQ(po.entries[1].str, "dringend");
  EXPECT_FALSE(po.entries[1].fuzzy);
  EXPECT_EQ(po.entries[2].id, "a \"quote\"\tand\\");
  EXPECT_EQ(po.entries[2].str, "ein\n");
  EXPECT_TRUE(po.entries[2].fuzzy);
}

TEST(Catalog, TheReaderReportsEveryMalformedLineWithItsNumber) {
  catalog::Parsed po = catalog::parse_po(
      "msgid \"a\"\n"                              // 1: no msgstr (found at line 3)
      "\"stray\" x\n"                              // 2: text after a string
      "msgid \"b\"\nmsgid_plural \"bs\"\n"         // 3, 4: plural forms
      "msgstr[0] \"x\"\n"                          // 5
      "msgid \"c\nmsgstr \"\\q\"\n"                // 6: unterminated; 7: unknown escape
      "msgstr \"again\"\n");                       // 8: a second msgstr
  std::string all = ::testing::PrintToString(po.errors);
  for (const char* where : {"line 2:", "line 3:", "line 4: plural", "line 5: plural", "line 6:", "line 7:", "line 8:"})
    EXPECT_NE(all.find(where), std::string::npos) << where << " in " << all;
  EXPECT_TRUE(catalog::parse_po("").errors.empty());
  EXPECT_TRUE(catalog::parse_po("msgid \"x\"").errors.size() == 1);  // at the end: no msgstr
}

TEST(Catalog, TheLookupFallsBackToEnglishAndFillsPlaceholders) {
  const char* english = "{a} is less than {b}";
  EXPECT_EQ(tr("en", english), english);  // English is the text itself
  EXPECT_EQ(tr("fr", english), english);  // as is a language without a catalog
  EXPECT_EQ(std::string(tr("de", english)), "{a} ist kleiner als {b}");
  EXPECT_EQ(std::string(tr("DE-at", english)), "{a} ist kleiner als {b}");
  EXPECT_EQ(std::string(tr("de", "urgent", "level")), "dringend");
  EXPECT_EQ(std::string(tr("de", ".", "decimal mark")), ",");
  EXPECT_EQ(tr_fill("de", english, {{"a", "`x`"}, {"b", "{b}"}}), "`x` ist kleiner als {b}");  // values not searched again
  EXPECT_EQ(tr_fill("en", "{a} or {unknown}", {{"a", "1"}}), "1 or {unknown}");
  const char* missing = "A text no catalog has (catalog_test.cpp)";
  EXPECT_EQ(tr("de", missing), missing);
  std::vector<std::string> misses = catalog_misses();
  EXPECT_NE(std::find(misses.begin(), misses.end(), std::string("de: ") + missing), misses.end());
  EXPECT_EQ(std::find(misses.begin(), misses.end(), std::string("en: ") + missing), misses.end());
}

// The German report tables are made from the English ones through the catalog: each phrase
// translated (none left in English but "Version", which is German too).
TEST(Catalog, TheGermanTablesAreTheEnglishTranslated) {
  const Phrases& en = phrases_for("en");
  const Phrases& de = phrases_for("de");
  EXPECT_EQ(std::string(de.language), "de");
  const char* const* e = reinterpret_cast<const char* const*>(&en);
  const char* const* d = reinterpret_cast<const char* const*>(&de);
  for (size_t k = 1; k < sizeof(Phrases) / sizeof(const char*); ++k)
    if (std::string(e[k]) != "Version") EXPECT_NE(std::string(e[k]), std::string(d[k])) << e[k];
  EXPECT_EQ(std::string(de.partner.need_help), "Wenn jetzt jemand Hilfe braucht");
  EXPECT_EQ(std::string(de.decimal_mark), ",");
  EXPECT_EQ(others_sentence(words_for("clinician", "de"), 2), "2 weitere nicht beantwortete Fragen könnten dies jeweils allein nicht klären.");
}

struct Shipped {
  std::string stem;
  RuleSet rules;
};

std::vector<Shipped> shipped_rule_sets() {
  std::vector<Shipped> out;
  CompileOptions options;
  options.source_texts = true;
  for (const auto& e : fs::directory_iterator(kRoot / "rules")) {
    if (e.path().extension() != ".signpost") continue;
    Compiled c = compile_file(e.path().string(), options);
    EXPECT_TRUE(c.ok()) << c.render();
    if (c.ok() && !c.ruleset->model().library) out.push_back({e.path().stem().string(), *c.ruleset});
  }
  return out;
}

// Every shipped rule set's review document, written in each catalog's language, looks up no
// text its catalog lacks, and keeps none of the document's English frame.
TEST(Catalog, EveryShippedDocumentReadsInEachLanguageWithoutAMiss) {
  for (const Shipped& s : shipped_rule_sets()) {
    for (const std::string& language : catalog_languages()) {
      model::Model m = s.rules.model();
      m.language = language;
      std::string doc = document_markdown(m, s.rules.sources(), "sha256:0");
      for (const char* english : {"## Sources", "## Questions", "Answers: ", "Shown when", "Expects ",
                                  "Worked examples", "| Rule set |"})
        EXPECT_EQ(doc.find(english), std::string::npos) << s.stem << " in " << language << ": " << english;
    }
  }
  std::vector<std::string> misses = catalog_misses();
  misses.erase(std::remove_if(misses.begin(), misses.end(),
                              [](const std::string& m) { return m.find("(catalog_test.cpp)") != std::string::npos; }),
               misses.end());
  EXPECT_TRUE(misses.empty()) << "texts the catalogs lack:\n" << ::testing::PrintToString(misses);
}

// rules/NAME.LANG.md is `signpost doc rules/NAME.signpost --lang LANG` for each translation of a
// shipped rule set, committed beside rules/NAME.md (tests/rules_test.cpp) for reviewers who read
// that language. Regenerate with SIGNPOST_UPDATE_GOLDEN=1.
TEST(Catalog, TheTranslatedReviewDocumentsAreCurrent) {
  const char* update = std::getenv("SIGNPOST_UPDATE_GOLDEN");
  size_t checked = 0;
  for (const Shipped& s : shipped_rule_sets()) {
    const auto& languages = s.rules.languages();
    for (size_t k = 1; k < languages.size(); ++k) {
      fs::path md = kRoot / "rules" / (s.stem + "." + languages[k] + ".md");
      std::string expected = read_text(md), actual = s.rules.in_language(languages[k])->document();
      ++checked;
      if (update && std::string(update) == "1") {
        if (expected != actual) std::ofstream(md, std::ios::binary) << actual;
        continue;
      }
      EXPECT_EQ(expected, actual) << md << " is out of date; regenerate it with\n  signpost doc rules/" << s.stem
                                  << ".signpost --lang " << languages[k] << " -o rules/" << md.filename().string();
    }
  }
  EXPECT_GE(checked, 1u) << "rules/translations/partner.de.signpost";
}

}  // namespace
}  // namespace signpost
