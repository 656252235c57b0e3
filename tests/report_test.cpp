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
  std::string text = report_text(r);
  EXPECT_LT(text.find("Please read this first"), text.find("Info")) << text;
  EXPECT_NE(text.find("Someone is hurting me"), std::string::npos);
}

TEST(Report, SignsPerSectionLeaveSafetyAnswersOut) {
  json r = eval(rules(), json{{"a", "often"}, {"b", "almost_always"}, {"unsafe", true}});
  ASSERT_EQ(r["signs"].size(), 1u);
  EXPECT_EQ(r["signs"][0]["endorsed"].size(), 2u);
}

TEST(Report, TextReportReadsInOrder) {
  json r = eval(rules(), json{{"a", "often"}, {"b", "never"}, {"unsafe", true}});
  std::string text = report_text(r);
  size_t disclaimer = text.find("not a diagnosis"), urgent = text.find("Safety first"),
         help = text.find("What may help"), signs = text.find("Signs you recognised");
  EXPECT_LT(disclaimer, urgent);
  EXPECT_LT(urgent, help);
  EXPECT_LT(help, signs);
  EXPECT_NE(text.find("Why you are seeing this: You marked 1 signs"), std::string::npos) << text;
  EXPECT_EQ(text.find("\x1b["), std::string::npos);  // no colour unless asked
}
