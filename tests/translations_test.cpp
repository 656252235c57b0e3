// Translations (engine/check/translations.hpp): choosing a language, what a result says about
// it, the FHIR export's translation extensions, the skeleton `signpost translate` writes, and
// the shipped German translation of the partner check.
#include <gtest/gtest.h>

#include <map>

#include "engine/check/translations.hpp"
#include "engine/evaluate/answers.hpp"
#include "engine/fhir/fhir.hpp"
#include "engine/report/phrases.hpp"
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
  o.reader = memory_reader(std::move(files));
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

// With translations, an option (and yes or no) is answered by its label in the language the rules
// are shown in, whichever way answers come in: JSON (the answer codec), text cells (TextAnswers).
TEST(Translations, OptionsAreAnsweredByTheirLabelsInTheLanguageShown) {
  const std::string rules = R"(
assessment demo "A demo" version "1.0" language "en"
disclaimer "For information only. This is not a diagnosis."
source s "Source"
scale freq: never = 0 "Not at all", often = 1 "Most days"
item sleep: freq "I sleep badly." cites s
item tired: yesno "I wake up tired." cites s
guidance talk level consider when tired or sleep == often title "Talk to someone" cites s
)";
  const char* german = R"(translation "de"
scale yesno: no "Nein", yes "Ja"
scale freq: never "Nie", often "Oft"
)";
  Compiled c = compile_source("import \"rules.de.signpost\"\n" + rules, "rules.signpost",
                              memory({{"rules.de.signpost", german}}));
  ASSERT_TRUE(c.ok()) << c.render();
  auto de = c.ruleset->in_language("de");
  ASSERT_TRUE(de);
  EvalResult r = de->evaluate(nlohmann::json{{"sleep", "Oft"}, {"tired", "nein"}});
  ASSERT_TRUE(r.ok) << r.result.dump();
  EXPECT_EQ(r.result["guidance"][0]["id"], "talk");
  EXPECT_TRUE(de->evaluate(nlohmann::json{{"sleep", "oft"}, {"tired", "Ja"}}).ok);  // any case
  EXPECT_TRUE(de->evaluate(nlohmann::json{{"sleep", nlohmann::json::array()}, {"tired", "Ja"}}).errors.size() == 1);
  EXPECT_TRUE(de->evaluate(nlohmann::json{{"sleep", "often"}}).ok);  // the ids, in every language
  EvalResult english = de->evaluate(nlohmann::json{{"sleep", "Most days"}});  // not German
  ASSERT_EQ(english.errors.size(), 1u);
  EXPECT_EQ(english.errors[0].code, "A003");
  EXPECT_TRUE(c.ruleset->evaluate(nlohmann::json{{"sleep", "Most days"}, {"tired", "No"}}).ok);  // its own labels
  // text cells, as `signpost batch --lang de` reads them
  TextAnswers text(de->model());
  double x = -1;
  ASSERT_TRUE(text.decode(0, "Oft", x));
  EXPECT_EQ(x, 1);
  ASSERT_TRUE(text.decode(1, " nein ", x));
  EXPECT_EQ(x, 0);
  EXPECT_FALSE(text.decode(0, "Most days", x));
  // a rule set without translations: answers are ids, as before
  Compiled plain = compile_source(rules, "rules.signpost", memory({}));
  ASSERT_TRUE(plain.ok()) << plain.render();
  EvalResult by_label = plain.ruleset->evaluate(nlohmann::json{{"sleep", "Most days"}});
  ASSERT_EQ(by_label.errors.size(), 1u);
  EXPECT_EQ(by_label.errors[0].code, "A003");
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

namespace signpost {
namespace {

// Every phrase of every table is given: a table is all text pointers, so an entry left out
// (a null) or left empty would show as a gap in a report.
TEST(Phrases, EveryTableGivesEveryPhrase) {
  static_assert(sizeof(Phrases) % sizeof(const char*) == 0, "Phrases holds only text pointers");
  for (const Phrases* p : phrase_tables()) {
    const char* const* all = reinterpret_cast<const char* const*>(p);
    for (size_t k = 0; k < sizeof(Phrases) / sizeof(const char*); ++k) {
      ASSERT_NE(all[k], nullptr) << p->language << " phrase " << k;
      EXPECT_NE(std::string(all[k]), "") << p->language << " phrase " << k;
    }
  }
  EXPECT_TRUE(has_phrases("de-AT"));
  EXPECT_FALSE(has_phrases("fr"));
  EXPECT_EQ(std::string(phrases_for("fr").language), "en");
}

// A report in German is German throughout: the engine's headings, sentences, values in words
// and the default urgent-help text; a number in a `because` takes a decimal comma.
TEST(Phrases, AGermanReportHasNoEnglishOfTheEngine) {
  const char* rules = R"(import "rules.de.signpost"
assessment demo "A demo" version "1.0" language "en"
disclaimer "For information only. This is not a diagnosis."
source s "Source"
scale level "How tired": decimal 0 to 10
item tired: yesno "I wake up tired." cites s
item safe: yesno "Do you feel unsafe?" cites s safety
item score: level "How tired, 0 to 10?" cites s
let half = score / 4
guidance talk level consider when tired title "Talk to someone" text "A GP can help."
  because "Your value is {half}; '{safe}'." cites s
guidance now level urgent when safe title "Help now" text "Please reach out." cites s
)";
  const char* german = R"(translation "de"
scale yesno "Ja oder nein": no "Nein", yes "Ja"
)";
  Compiled c = compile_source(rules, "rules.signpost", memory({{"rules.de.signpost", german}}));
  ASSERT_TRUE(c.ok()) << c.render();
  RuleSet de = *c.ruleset->in_language("de");
  EvalResult r = de.evaluate(nlohmann::json{{"tired", "yes"}, {"score", 5}});
  ASSERT_TRUE(r.ok);
  std::string text = report_text(r.report), html = report_html(r.report);
  for (const std::string& out : {text, html}) {
    for (const char* english : {"Please read this first", "If you need help now", "Not answered", "What may help",
                                "Why you are seeing this", "Source:", "Rule set", "worth considering",
                                "local emergency services", "not answered"})
      EXPECT_EQ(out.find(english), std::string::npos) << english << " in\n" << out;
    EXPECT_NE(out.find("Bitte zuerst lesen"), std::string::npos) << out;
    EXPECT_NE(out.find("örtlichen Notruf"), std::string::npos) << out;
  }
  EXPECT_EQ(r.result["guidance"][0]["because"], "Your value is 1,25; 'nicht beantwortet'.");
  EXPECT_EQ(r.result["urgent_help"]["text"].get<std::string>().rfind("Wenn Sie gerade in Gefahr sind", 0), 0u);
  // The same rule set in English is as it was.
  EvalResult en = c.ruleset->evaluate(nlohmann::json{{"tired", "yes"}, {"score", 5}});
  EXPECT_EQ(en.result["guidance"][0]["because"], "Your value is 1.25; 'not answered'.");
  EXPECT_NE(report_text(en.report).find("If you need help now"), std::string::npos);
}

// A translation into a language the engine has no words in: its texts, the English frame (W099).
TEST(Phrases, ALanguageWithoutATableFallsBackToEnglishAndCheckSaysSo) {
  Compiled c = compile_source(kRules, "rules.signpost",
                              memory({{"rules.de.signpost", "translation \"fr\"\nitem tired \"Je me réveille fatigué.\"\n"}}));
  ASSERT_TRUE(c.ok()) << c.render();
  bool w099 = false;
  for (const auto& d : c.diagnostics) w099 = w099 || d.code == "W099";
  EXPECT_TRUE(w099) << c.render();
  EvalResult r = c.ruleset->in_language("fr")->evaluate(nlohmann::json{{"tired", "yes"}});
  ASSERT_TRUE(r.ok);
  std::string text = report_text(r.report);
  EXPECT_NE(text.find("What may help"), std::string::npos) << text;
  EXPECT_NE(text.find("language fr"), std::string::npos) << text;
}

// The urgent-help text of a deployment is made once per language, by with_resources: every view
// in_language gives shares it, and the results are those of a view made directly.
TEST(Translations, EachLanguagesUrgentHelpIsMadeOnce) {
  RuleSet rs = compile_with(kGerman);
  Resources res;
  std::vector<AnswerError> errors;
  ASSERT_TRUE(parse_resources_text(R"({"urgent": {"text": "Call 112.", "contacts": [{"name": "Notruf", "phone": "112"}]}})",
                                   res, errors));
  RuleSet deployed = rs.with_resources(res);
  RuleSet a = *deployed.in_language("de"), b = *deployed.in_language("DE");
  nlohmann::json x = a.evaluate(nlohmann::json{{"tired", "yes"}}).result, y = b.evaluate(nlohmann::json{{"tired", "yes"}}).result;
  EXPECT_EQ(x, y);
  EXPECT_EQ(x, rs.in_language("de")->with_resources(res).evaluate(nlohmann::json{{"tired", "yes"}}).result);
  EXPECT_EQ(*deployed.in_language("en")->language_index("de"), 1u);
  EXPECT_FALSE(deployed.language_index("fr"));
}

}  // namespace
}  // namespace signpost
