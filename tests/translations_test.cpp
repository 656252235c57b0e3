// Translations (engine/check/translations.hpp): choosing a language, what a result says about
// it, the FHIR export's translation extensions, the skeleton `signpost translate` writes, and
// the shipped German translation of the partner check.
#include <gtest/gtest.h>

#include <map>

#include "engine/check/translations.hpp"
#include "engine/fhir/fhir.hpp"
#include "engine/report/report.hpp"
#include "engine/signpost.hpp"

namespace signpost {
namespace {

const std::string kRoot = SIGNPOST_SOURCE_DIR;

const char* kRules = R"(import "rules.de.signpost"
assessment demo "A demo" version "1.0" language "en"
disclaimer "For information only. This is not a diagnosis."
source s "Source"
item tired: yesno "I wake up tired." help "Think of the last two weeks." cites s
guidance talk level consider when tired title "Talk to someone" text "A GP can help."
  because "You answered '{tired}'." cites s
)";

// Files in memory: the rule file and its translation.
CompileOptions memory(std::map<std::string, std::string> files) {
  CompileOptions o;
  o.reader = [files](const std::string& path, std::string& error) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return error = "no such file", std::nullopt;
    return it->second;
  };
  return o;
}

RuleSet compile_with(const std::string& translation) {
  Compiled c = compile_source(kRules, "rules.signpost", memory({{"rules.de.signpost", translation}}));
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

const char* kGerman = R"(translation "de"
scale yesno "Ja oder nein": no "Nein", yes "Ja"
item tired "Ich wache müde auf." help "Denken Sie an die letzten zwei Wochen."
guidance talk title "Mit jemandem sprechen" text "Eine Hausärztin kann helfen." because "Ihre Antwort: „{tired}“."
)";

TEST(Translations, AcceptLanguageIsReadByQValueAndPrimaryLanguage) {
  std::vector<std::string> have = {"en", "de", "pt-BR"};
  EXPECT_EQ(negotiate_language("de-AT, en;q=0.5", have), "de");
  EXPECT_EQ(negotiate_language("fr, en;q=0.2, de;q=0.8", have), "de");
  EXPECT_EQ(negotiate_language("pt", have), "pt-BR");
  EXPECT_EQ(negotiate_language("fr, it", have), "");
  EXPECT_EQ(negotiate_language("de;q=0, *;q=0.1", have), "en");
  EXPECT_EQ(negotiate_language("", have), "");
  EXPECT_EQ(negotiate_language("de;q=abc", have), "");
}

TEST(Translations, EveryTextAPersonSeesComesInTheLanguageChosen) {
  RuleSet rules = compile_with(kGerman);
  ASSERT_EQ(rules.languages(), (std::vector<std::string>{"en", "de"}));
  EXPECT_FALSE(rules.in_language("fr"));
  auto de = rules.in_language("DE");
  ASSERT_TRUE(de);
  EvalResult r = de->evaluate(nlohmann::json{{"tired", "yes"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.result["language"], "de");
  EXPECT_EQ(r.result["assessment"]["language"], "de");
  EXPECT_EQ(r.result["guidance"][0]["title"], "Mit jemandem sprechen");
  EXPECT_EQ(r.result["guidance"][0]["because"], "Ihre Antwort: „ja“.");  // answers are quoted in lower case
  EXPECT_NE(report_html(r.report).find("<html lang=\"de\">"), std::string::npos);
  // The answers are the same ids in every language; the rule set's own language is one too.
  EvalResult en = de->in_language("en")->evaluate(nlohmann::json{{"tired", "yes"}});
  EXPECT_EQ(en.result["language"], "en");
  EXPECT_EQ(en.result["guidance"][0]["because"], "You answered 'yes'.");
  std::string fast;
  ASSERT_TRUE(de->evaluate_json(R"({"tired": "yes"})", fast));
  EXPECT_EQ(nlohmann::json::parse(fast), r.result);
  // The untranslated disclaimer stays as the rule file writes it.
  EXPECT_EQ(r.result["disclaimer"], "For information only. This is not a diagnosis.");
}

TEST(Translations, ARuleSetWithoutTranslationsSaysNothingOfLanguage) {
  Compiled c = compile_source(std::string(kRules).substr(std::string(kRules).find('\n') + 1), "rules.signpost");
  ASSERT_TRUE(c.ok()) << c.render();
  EvalResult r = c.ruleset->evaluate(nlohmann::json{{"tired", "yes"}});
  EXPECT_FALSE(r.result.contains("language"));
  EXPECT_EQ(c.ruleset->languages(), std::vector<std::string>{"en"});
}

TEST(Translations, TheFhirExportCarriesEachTranslationOnItsText) {
  RuleSet rules = compile_with(kGerman);
  nlohmann::json q = fhir::questionnaire(rules);
  std::string text = q.dump();
  EXPECT_NE(text.find(R"({"extension":[{"url":"lang","valueCode":"de"},{"url":"content","valueString":"Ich wache müde auf."}],"url":"http://hl7.org/fhir/StructureDefinition/translation"})"),
            std::string::npos)
      << text;
  // The untranslated disclaimer carries none; the export of a translation carries none either.
  EXPECT_EQ(text.find("For information only. This is not a diagnosis.\",\"_"), std::string::npos);
  EXPECT_EQ(fhir::questionnaire(*rules.in_language("de")).dump().find("translation\""), std::string::npos);
}

TEST(Translations, TheSkeletonIsAWholeUpToDateTranslation) {
  RuleSet rules = compile_with(kGerman);
  std::string skeleton = translation_skeleton(rules.model(), "de");
  Compiled c = compile_source(kRules, "rules.signpost", memory({{"rules.de.signpost", skeleton}}));
  ASSERT_TRUE(c.ok()) << c.render();
  for (const auto& d : c.diagnostics) EXPECT_EQ(d.code, "W098") << c.render();
}

TEST(Translations, TheShippedGermanPartnerCheckIsCompleteAndCurrent) {
  Compiled c = compile_file(kRoot + "/rules/partner.signpost");
  ASSERT_TRUE(c.ok()) << c.render();
  for (const auto& d : c.diagnostics) EXPECT_EQ(d.code, "W098") << c.render();
  auto de = c.ruleset->in_language("de");
  ASSERT_TRUE(de);
  EvalResult r = de->evaluate(nlohmann::json{{"anyone_hurt", "yes"}});
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.result["guidance"][0]["title"], "Sicherheit geht vor");
}

}  // namespace
}  // namespace signpost
