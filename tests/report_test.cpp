// Report stage: result shape, urgent-first ordering, explanations and the text report.
#include <gtest/gtest.h>

#include "engine/report/report.hpp"
#include "tests/test_util.hpp"

using namespace signpost;
using namespace signpost::testing;
using nlohmann::json;

namespace {
const char* kRules =
    "section emo \"Emotional\" cites s\n"
    "item a: freq \"Sharing feelings is hard\" cites s\nitem b: freq \"Pulling away\" cites s\n"
    "item unsafe: yesno \"Someone is hurting me\" safety\n"
    "let n = count(emo)\n"
    "guidance info_first level info when yes title \"Info\" cites s\n"
    "guidance emo_help level consider when n >= 1 title \"Emotional\" because \"You marked {n} signs; a is {a}.\" "
    "cites s \"Sec\"\n"
    "guidance safety level urgent when unsafe title \"Safety first\" step \"Call someone\" cites s\n";
// The text report of evaluating `answers` (asserting they were valid).
std::string text_of(const RuleSet& rs, const json& answers) {
  EvalResult r = rs.evaluate(answers);
  EXPECT_TRUE(r.ok) << r.result.dump(2);
  return report_text(r.report);
}
RuleSet rules() {
  Compiled c = compile(kRules);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}
}  // namespace

TEST(Report, UrgentGuidanceAlwaysComesFirst) {
  json r = eval(rules(), json{{"a", "often"}, {"b", "never"}, {"unsafe", true}});
  EXPECT_EQ(fired(r), (std::vector<std::string>{"safety", "emo_help", "info_first"}));
}

TEST(Report, EveryResultCarriesTheDisclaimerAndIdentity) {
  json r = eval(rules(), json::object());
  EXPECT_EQ(r["disclaimer"], "This is information only. It is not a diagnosis.");
  EXPECT_EQ(r["assessment"]["id"], "t");
  EXPECT_EQ(r["assessment"]["version"], "1");
  EXPECT_EQ(r["assessment"]["content_hash"].get<std::string>().substr(0, 7), "sha256:");
  EXPECT_EQ(r["engine"]["name"], "signpost");
}

TEST(Report, BecauseQuotesValuesAndNamesTheAnswersThatMadeItFire) {
  json r = eval(rules(), json{{"a", "often"}, {"b", "never"}, {"unsafe", false}});
  const json& g = r["guidance"][0];
  ASSERT_EQ(g["id"], "emo_help");
  EXPECT_EQ(g["because"], "You marked 1 signs; a is often.");
  ASSERT_EQ(g["answers"].size(), 1u);  // b = never did not make it fire
  EXPECT_EQ(g["answers"][0]["item"], "a");
  EXPECT_EQ(g["answers"][0]["label"], "Often");
  EXPECT_EQ(g["cites"][0]["section"], "Sec");
}

TEST(Report, UnansweredSafetyIsReportedNotHidden) {
  json r = eval(rules(), json{{"a", "never"}, {"b", "never"}});
  ASSERT_FALSE(r["undetermined"].empty());
  EXPECT_EQ(r["undetermined"][0]["id"], "safety");
  EXPECT_EQ(r["undetermined"][0]["safety"], true);
  std::string text = text_of(rules(), json{{"a", "never"}, {"b", "never"}});
  EXPECT_LT(text.find("Please read this first"), text.find("Info")) << text;
  EXPECT_NE(text.find("Someone is hurting me"), std::string::npos);
}

TEST(Report, SignsPerSectionLeaveSafetyAnswersOut) {
  json r = eval(rules(), json{{"a", "often"}, {"b", "almost_always"}, {"unsafe", true}});
  ASSERT_EQ(r["signs"].size(), 1u);
  EXPECT_EQ(r["signs"][0]["endorsed"].size(), 2u);
}

TEST(Report, TextReportReadsInOrder) {
  std::string text = text_of(rules(), json{{"a", "often"}, {"b", "never"}, {"unsafe", true}});
  size_t disclaimer = text.find("not a diagnosis"), urgent = text.find("Safety first"),
         help = text.find("What may help"), signs = text.find("Signs you recognised");
  EXPECT_LT(disclaimer, urgent);
  EXPECT_LT(urgent, help);
  EXPECT_LT(help, signs);
  EXPECT_NE(text.find("Why you are seeing this: You marked 1 signs"), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos);  // no colour unless asked
}

// "We could not tell" names the questions whose answer alone could settle the guidance, and
// counts those that could matter only together with others.
TEST(Report, UndeterminedListsOnlyQuestionsThatCouldSettleIt) {
  Compiled c = compile(
      "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nitem c: freq \"C\" cites s\n"
      "item d: yesno \"D\" cites s\n"
      "let n = count(a, b, c where answer >= often)\n"
      "guidance g level consider when n >= 3 or d title \"G\" cites s\n");
  ASSERT_TRUE(c.ok()) << c.render();
  json r = eval(*c.ruleset, json{{"a", "often"}});  // b and c would both need to be often: only d settles it
  ASSERT_EQ(r["undetermined"].size(), 1u);
  const json& u = r["undetermined"][0];
  ASSERT_EQ(u["missing"].size(), 1u) << u;
  EXPECT_EQ(u["missing"][0]["item"], "d");
  EXPECT_EQ(u["more_missing"], 2);
  std::string text = text_of(*c.ruleset, json{{"a", "often"}});
  EXPECT_NE(text.find("2 other questions you did not answer could not settle this on their own"), std::string::npos)
      << text;
  r = eval(*c.ruleset, json{{"a", "often"}, {"b", "often"}});  // now c alone can settle it too
  EXPECT_EQ(r["undetermined"][0]["missing"].size(), 2u);
  EXPECT_EQ(r["undetermined"][0]["more_missing"], 0);
  r = eval(*c.ruleset, json{{"d", false}});  // no question settles it alone: all three are listed
  EXPECT_EQ(r["undetermined"][0]["missing"].size(), 3u);
  EXPECT_EQ(r["undetermined"][0]["more_missing"], 0);
}

TEST(Report, NothingAnsweredGetsAShortReplyThatKeepsSafety) {
  std::string text = text_of(rules(), json::object());
  EXPECT_NE(text.find("You did not answer any of the questions"), std::string::npos) << text;
  EXPECT_NE(text.find("Someone is hurting me"), std::string::npos) << text;  // the safety question
  EXPECT_NE(text.find("If you need help now"), std::string::npos) << text;
  EXPECT_EQ(text.find("We could not tell"), std::string::npos) << text;
  EXPECT_EQ(text.find("What may help"), std::string::npos) << text;
}

TEST(Report, LevelsAreWordsAndCountsNeverReadAsUnknownNumbers) {
  json r = eval(rules(), json{{"a", "often"}, {"unsafe", false}});
  std::string text = text_of(rules(), json{{"a", "often"}, {"unsafe", false}});
  EXPECT_NE(text.find("(worth considering)"), std::string::npos) << text;
  EXPECT_EQ(text.find("[consider]"), std::string::npos) << text;
  EXPECT_EQ(r["guidance"][0]["because"], "You marked at least 1 signs; a is often.");
  r = eval(rules(), json{{"unsafe", false}});  // info fires; nothing counted yet
  for (const auto& g : r["guidance"]) EXPECT_EQ(g["because"].get<std::string>().find("unknown"), std::string::npos);
}

TEST(Report, EngineSentencesFollowTheAudience) {
  for (auto [audience, help, open] : {std::tuple{"partner", "If anyone needs help now", "safety in your relationship"},
                                      std::tuple{"clinician", "If the client needs help now", "to the client"}}) {
    Compiled c = compile(std::string("assessment t \"Test\" version \"1\"\n  audience ") + audience +
                             "\ndisclaimer \"This is information only. It is not a diagnosis.\"\nsource s \"Source\"\n"
                             "item unsafe: yesno \"Unsafe?\" safety\n"
                             "guidance safety level urgent when unsafe title \"Safety first\" cites s\n",
                         {}, false);
    ASSERT_TRUE(c.ok()) << c.render();
    std::string text = text_of(*c.ruleset, json::object());
    EXPECT_NE(text.find(help), std::string::npos) << text;
    EXPECT_NE(text.find(open), std::string::npos) << text;
    EXPECT_EQ(text.find("If you are in danger"), std::string::npos) << text;
  }
}

TEST(Report, PhoneNumbersAndContactValuesStayOnOneLine) {
  Compiled c = compile("item unsafe: yesno \"Unsafe?\" safety\n"
                       "guidance safety level urgent when unsafe tags being_harmed title \"Safety first\" cites s\n");
  ASSERT_TRUE(c.ok()) << c.render();
  Resources res;
  std::vector<AnswerError> errors;
  ASSERT_TRUE(parse_resources_text(R"({"urgent": {"text": "Call the long-named national helpline for everyone on 0808 2000 247 now.",
    "contacts": [{"name": "A helpline with a rather long name that fills most of the line", "phone": "0808 2000 247", "hours": "Mon to Fri 9 to 5"}],
    "topics": {"being_harmed": {"contacts": [{"name": "Domestic abuse line with a long long long long name", "phone": "+44 20 7946 0958"}]}}}})",
                                   res, errors))
      << errors_text(errors);
  std::string text = text_of(c.ruleset->with_resources(res), json{{"unsafe", true}});
  EXPECT_NE(text.find("0808 2000 247"), std::string::npos) << text;
  EXPECT_NE(text.find("(Mon to Fri 9 to 5)"), std::string::npos) << text;
  EXPECT_NE(text.find("+44 20 7946 0958"), std::string::npos) << text;  // the topic's contact, under its guidance
  EXPECT_LT(text.find("+44 20 7946 0958"), text.find("If you need help now")) << text;
}

// The HTML report: one page that stands alone, urgent first, every text escaped.
TEST(Report, HtmlReportIsSelfContainedUrgentFirstAndEscaped) {
  Compiled c = compile(
      "section emo \"Emotional <b>\" cites s\n"
      "item a: freq \"Sharing <script>alert(1)</script> is hard\" cites s\n"
      "item unsafe: yesno \"Someone is hurting me\" safety\n"
      "guidance emo_help level consider when a >= often title \"Feelings & \\\"words\\\"\" cites s\n"
      "guidance safety level urgent when unsafe title \"Safety first\" step \"Call someone\" cites s\n");
  ASSERT_TRUE(c.ok()) << c.render();
  EvalResult r = c.ruleset->evaluate(json{{"a", "often"}, {"unsafe", true}});
  ASSERT_TRUE(r.ok);
  std::string html = report_html(r.report);
  EXPECT_EQ(html.rfind("<!doctype html>\n<html lang=\"en\">", 0), 0u) << html;
  for (const char* external : {"<script", "<link", "src=", "@import", "url("})
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  EXPECT_NE(html.find("Sharing &lt;script&gt;alert(1)&lt;/script&gt; is hard"), std::string::npos) << html;
  EXPECT_NE(html.find("Feelings &amp; &quot;words&quot;"), std::string::npos) << html;
  EXPECT_NE(html.find("Emotional &lt;b&gt;"), std::string::npos) << html;
  size_t disclaimer = html.find("not a diagnosis"), urgent = html.find("Safety first"),
         help = html.find("If you need help now"), other = html.find("What may help");
  EXPECT_LT(disclaimer, urgent);
  EXPECT_LT(urgent, help);
  EXPECT_LT(help, other);
  for (const char* landmark : {"<header>", "<main>", "<footer>", "<h1>", "<h2", "<h3>"})
    EXPECT_NE(html.find(landmark), std::string::npos) << landmark;
}

// The review document says only what is true of the rule set at hand: that every question may be
// left unanswered only when none is required, and that the thresholds are editorial choices only
// when the rule file says so of each one.
TEST(Report, ReviewDocumentSaysWhatIsTrueOfTheRuleSet) {
  auto doc = [](const std::string& body) {
    Compiled c = compile(body);
    EXPECT_TRUE(c.ok()) << c.render();
    return c.ok() ? c.ruleset->document() : std::string();
  };
  const std::string items = "item a: yesno \"A?\" cites s\nitem b: yesno \"B?\" cites s\n";
  const std::string guide = "guidance g level info when n >= t title \"T\" cites s\n";
  const std::string free_doc = doc(items + "threshold t = 1 note \"Not clinically validated.\"\nlet n = count(a, b)\n" + guide);
  EXPECT_NE(free_doc.find("Every question may be left unanswered."), std::string::npos);
  EXPECT_NE(free_doc.find("each value below is an editorial choice"), std::string::npos);

  const std::string published =
      doc("item a: yesno \"A?\" cites s required\nitem b: yesno \"B?\" cites s\n"
          "threshold t = 1 note \"The manual's cut-off for a positive screen (page 3).\"\nlet n = count(a, b)\n" + guide);
  EXPECT_EQ(published.find("Every question may be left unanswered."), std::string::npos);
  EXPECT_NE(published.find("Questions marked required must be answered"), std::string::npos);
  EXPECT_EQ(published.find("editorial choice"), std::string::npos);
  EXPECT_EQ(published.find("not clinically validated"), std::string::npos);

  const std::string all_required =
      doc("item a: yesno \"A?\" cites s required\nitem b: yesno \"B?\" cites s required\nlet n = count(a, b)\n"
          "guidance g level info when n >= 1 title \"T\" cites s\n");
  EXPECT_NE(all_required.find("Every question is required"), std::string::npos);
  EXPECT_EQ(all_required.find("editorial choice"), std::string::npos);  // no thresholds at all
}
