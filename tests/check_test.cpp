// Check stage: every class of problem is caught, all at once, with a location and a hint.
#include <gtest/gtest.h>

#include "engine/check/lint.hpp"
#include "tests/test_util.hpp"

using namespace signpost;
using namespace signpost::testing;

TEST(Check, AValidFileCompiles) {
  Compiled c = compile(
      "section emo \"Emotional\" cites s\n"
      "item a: freq \"A?\" cites s\n"
      "item b: freq \"B?\" cites s\n"
      "let n = count(emo)\n"
      "guidance g level consider when n >= 2 title \"T\" cites s\n");
  EXPECT_TRUE(c.ok()) << c.render();
  EXPECT_EQ(c.error_count(), 0u);
}

TEST(Check, ReportsEveryErrorAtOnce) {
  Compiled c = compile(
      "item a: freqq \"A?\" cites s\n"                 // E012 unknown scale
      "item b: freq \"B?\" cites nosource\n"              // E013 unknown source
      "let x = b >= oftn\n"                               // E015 unknown option
      "let y = zz + 1\n"                                  // E010 unknown name
      "guidance g level urgnt when x title \"T\" cites s\n");  // E016 unknown level
  for (const char* code : {"E012", "E013", "E015", "E010", "E016"}) EXPECT_TRUE(has_code(c, code)) << code << "\n" << c.render();
  EXPECT_NE(c.render().find("did you mean 'freq'?"), std::string::npos);
  EXPECT_NE(c.render().find("did you mean 'often'?"), std::string::npos);
  EXPECT_NE(c.render().find("did you mean 'urgent'?"), std::string::npos);
}

TEST(Check, DuplicateNames) {
  Compiled c = compile("item a: freq \"A\" cites s\nitem a: freq \"A again\" cites s\n");
  EXPECT_TRUE(has_code(c, "E011"));
  EXPECT_NE(c.render().find("first declared at test.signpost:5"), std::string::npos) << c.render();
}

TEST(Check, TypeErrors) {
  Compiled c = compile(
      "item y: yesno \"Y?\" cites s\n"
      "item f: freq \"F?\" cites s\n"
      "let a = y > 2\n"              // yes/no compared with a number
      "let b = y + 1\n"              // yes/no in arithmetic
      "let c = f and y\n"            // option as a condition
      "guidance g level info when f + 1 title \"T\" cites s\n");  // number as a condition
  EXPECT_GE(count_code(c, "E020"), 4) << c.render();
}

TEST(Check, OptionsOfNominalScalesHaveNoOrder) {
  Compiled c = compile(
      "scale status: single \"Single\", partnered \"Partnered\"\n"
      "item st: status \"Status?\" cites s\n"
      "let a = st == partnered\n"
      "let b = st > single\n");
  EXPECT_FALSE(has_code(c, "E020"));
  EXPECT_TRUE(has_code(c, "E022")) << c.render();
}

TEST(Check, CyclesAmongDerivedValuesAndSkipLogic) {
  Compiled c = compile("let a = b + 1\nlet b = a + 1\n");
  EXPECT_TRUE(has_code(c, "E030")) << c.render();
  EXPECT_NE(c.render().find("a -> b -> a"), std::string::npos) << c.render();
  Compiled c2 = compile("item q: freq \"Q\" cites s ask when n >= 1\nlet n = sum(q)\n");
  EXPECT_TRUE(has_code(c2, "E030")) << c2.render();
}

TEST(Check, BandsMayNeitherOverlapNorLeaveGaps) {
  const char* items = "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nlet n = sum(a, b)\n";
  EXPECT_TRUE(compile(std::string(items) + "band x from n: 0 to 2: lo \"L\" 3 to 6: hi \"H\"\n").ok());
  Compiled overlap = compile(std::string(items) + "band x from n: 0 to 3: lo \"L\" 3 to 6: hi \"H\"\n");
  EXPECT_TRUE(has_code(overlap, "E031")) << overlap.render();
  Compiled gap = compile(std::string(items) + "band x from n: 0 to 1: lo \"L\" 3 to 6: hi \"H\"\n");
  EXPECT_TRUE(has_code(gap, "E032")) << gap.render();
  Compiled top = compile(std::string(items) + "band x from n: 0 to 2: lo \"L\" 3 to 5: hi \"H\"\n");
  EXPECT_TRUE(has_code(top, "E032")) << top.render();  // 6 is possible and in no band
  // A decimal source needs bands that meet exactly.
  Compiled mean_ok = compile(std::string(items) +
                             "let m = mean(a, b)\nband y from m: 0 to under 1.5: lo \"L\" 1.5 to 3: hi \"H\"\n");
  EXPECT_TRUE(mean_ok.ok()) << mean_ok.render();
  Compiled mean_gap = compile(std::string(items) +
                              "let m = mean(a, b)\nband y from m: 0 to 1: lo \"L\" 2 to 3: hi \"H\"\n");
  EXPECT_TRUE(has_code(mean_gap, "E032")) << mean_gap.render();
}

TEST(Check, GuidanceThatCanNeverFire) {
  Compiled c = compile("item a: freq \"A\" cites s\nguidance g level info when count(a) > 5 title \"T\" cites s\n");
  EXPECT_TRUE(has_code(c, "E033")) << c.render();
  Compiled always = compile("item a: freq \"A\" cites s\nguidance g level info when count(a) >= 0 title \"T\" cites s\n");
  EXPECT_TRUE(always.ok());
  EXPECT_TRUE(has_code(always, "W034"));
  Compiled literal = compile("guidance g level info when yes title \"T\" cites s\n");
  EXPECT_FALSE(has_code(literal, "W034"));
}

TEST(Check, MissingDisclaimerAndHeaderFailTheCompile) {
  Compiled c = compile("source s \"S\"\nitem a: yesno \"A?\" cites s\n", {}, false);
  EXPECT_TRUE(has_code(c, "E040"));
  EXPECT_TRUE(has_code(c, "E041"));
  EXPECT_FALSE(c.ok());
}

TEST(Check, DiagnosticWordingFailsTheCompile) {
  Compiled c = compile(
      "guidance g level info when yes title \"You have PTSD\" text \"This test diagnoses trauma.\" cites s\n");
  EXPECT_EQ(count_code(c, "E042"), 2) << c.render();
  EXPECT_FALSE(c.ok());
}

TEST(Check, SafetyItemsMustLeadToUrgentGuidance) {
  Compiled c = compile("item unsafe: yesno \"Unsafe?\" safety\nguidance g level info when unsafe title \"T\" cites s\n");
  EXPECT_TRUE(has_code(c, "E044")) << c.render();
  Compiled ok = compile("item unsafe: yesno \"Unsafe?\" safety\nguidance g level urgent when unsafe title \"T\" cites s\n");
  EXPECT_TRUE(ok.ok()) << ok.render();
}

TEST(Check, CitationsAreCheckedAgainstDeclaredSections) {
  Compiled c = compile(
      "source art \"Article\" sections \"Emotional Intimacy Challenges\", \"Physical Intimacy Challenges\"\n"
      "item a: freq \"A\" cites art \"Emotional Intimacy Challenge\"\n"
      "item b: freq \"B\" cites art\n");
  EXPECT_EQ(count_code(c, "E014"), 2) << c.render();
  EXPECT_NE(c.render().find("did you mean 'Emotional Intimacy Challenges'?"), std::string::npos);
}

TEST(Check, GuidanceMustCiteAndItemsShould) {
  Compiled c = compile("item a: freq \"A\"\nguidance g level info when yes title \"T\"\n");
  EXPECT_TRUE(has_code(c, "E047"));
  EXPECT_TRUE(has_code(c, "W048"));
}

TEST(Check, BecausePlaceholdersMustNameValues) {
  Compiled c = compile("let n = 1\nguidance g level info when yes title \"T\" because \"{n} and {m}\" cites s\n");
  EXPECT_TRUE(has_code(c, "E061"));
  EXPECT_NE(c.render().find("{m}"), std::string::npos);
}

TEST(Check, ExamplesAreChecked) {
  Compiled c = compile(
      "item a: freq \"A\" cites s\nguidance g level info when yes title \"T\" cites s\n"
      "example \"e\" given a = oftn, b = yes expect gg\n");
  EXPECT_EQ(count_code(c, "E060"), 2) << c.render();
  EXPECT_TRUE(has_code(c, "E062"));
}

TEST(Check, AggregatesNeedACondition) {
  Compiled c = compile("scale n: a \"A\", b \"B\"\nitem x: n \"X\" cites s\nlet k = count(x)\n");
  EXPECT_TRUE(has_code(c, "E023")) << c.render();
}

TEST(Lint, FlagsClaimsAndLetsNegationsPass) {
  EXPECT_FALSE(lint::diagnostic_wording("You have PTSD.").empty());
  EXPECT_FALSE(lint::diagnostic_wording("Your answers show you likely have complex PTSD").empty());
  EXPECT_FALSE(lint::diagnostic_wording("This questionnaire diagnoses attachment problems.").empty());
  EXPECT_FALSE(lint::diagnostic_wording("You are traumatized.").empty());
  EXPECT_FALSE(lint::diagnostic_wording("You suffer from an anxiety disorder").empty());
  EXPECT_TRUE(lint::diagnostic_wording("This is not a diagnosis.").empty());
  EXPECT_TRUE(lint::diagnostic_wording("This check does not diagnose anything.").empty());
  EXPECT_TRUE(lint::diagnostic_wording("It doesn't mean you have PTSD.").empty());
  EXPECT_TRUE(lint::diagnostic_wording("A non-diagnostic self-check.").empty());
  EXPECT_TRUE(lint::diagnostic_wording("Trauma-focused therapy such as EMDR can help.").empty());
  EXPECT_TRUE(lint::diagnostic_wording("You have shown courage by answering.").empty());
}

TEST(Lint, NegationOnlyReachesItsOwnClause) {
  EXPECT_FALSE(lint::diagnostic_wording("Don't worry, you have PTSD.").empty());
  EXPECT_FALSE(lint::diagnostic_wording("You\xE2\x80\x99re suffering from depression").empty());
  EXPECT_TRUE(lint::diagnostic_wording("This doesn\xE2\x80\x99t mean you have PTSD").empty());
}

TEST(Check, ASelfReferenceIsACycle) {
  Compiled c = compile("let a = a + 1\n");
  EXPECT_EQ(count_code(c, "E030"), 1) << c.render();
  Compiled c2 = compile("item x: yesno \"Q?\" cites s ask when v >= 1\nlet v = count(x)\n");
  EXPECT_EQ(count_code(c2, "E030"), 1) << c2.render();  // once, not once per path
}

TEST(Check, ClauseGivenTwiceIsPointedAt) {
  Compiled c = compile("guidance g level info level consider when yes title \"T\" cites s\n");
  ASSERT_TRUE(has_code(c, "E046"));
  EXPECT_NE(c.render().find(":5:23: error[E046]"), std::string::npos) << c.render();
}

TEST(Check, SharedDefinitionsCompileAsALibrary) {
  Compiled c = compile("scale f: a = 0 \"A\", b = 1 \"B\"\nsource t \"T\"\n", {}, false);
  ASSERT_TRUE(c.ok()) << c.render();
  EXPECT_TRUE(c.ruleset->model().library);
  EXPECT_FALSE(c.ruleset->evaluate(nlohmann::json::object()).ok);
}

TEST(Check, NoEchoErrorsAndNearNamesWin) {
  Compiled c = compile("item pull_away: freq \"P\" cites s\nlet x = pul_away >= often\n");
  EXPECT_EQ(c.error_count(), 1u) << c.render();
  Compiled c2 = compile("item a: freq \"A\" cites s\nlet signs = count(a)\nlet x = sign >= 2\n");
  EXPECT_TRUE(has_code(c2, "E010")) << c2.render();
  EXPECT_NE(c2.render().find("did you mean 'signs'?"), std::string::npos);
  EXPECT_EQ(lint::diagnostic_wording("This shows that you have complex PTSD.").size(), 1u);
}
