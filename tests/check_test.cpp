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

// ---- citations against the source's own text (`file`, check/citations.hpp) ---------------
namespace {
signpost::Compiled compile_with_text(const std::string& cites, const std::string& text) {
  std::string body =
      "assessment t \"Test\" version \"1\"\n"
      "disclaimer \"This is information only. It is not a diagnosis.\"\n"
      "source art \"An article\"\n"
      "  sections \"First\", \"Second\"\n"
      "  file \"texts/art.txt\"\n"
      "item x: yesno \"A question?\"\n  cites " + cites + "\n";
  signpost::CompileOptions opt;
  opt.source_texts = true;
  opt.reader = signpost::memory_reader({{"rules/texts/art.txt", text}});
  return signpost::compile_source(body, "rules/test.signpost", opt);
}
const char* kArticle = "Title\n\nFirst\nA sentence of the first part.\n\nSecond\r\n  \xE2\x80\xA2 A point of the second part.\n";
}  // namespace

TEST(Citations, ALineUnderItsSectionPassesAndIsKeptForTheReviewDocument) {
  auto c = compile_with_text("art \"Second\" line 7", kArticle);
  ASSERT_TRUE(c.ok()) << c.render();
  EXPECT_TRUE(c.diagnostics.empty()) << c.render();
  const auto& s = c.ruleset->model().sources[0];
  ASSERT_EQ(s.lines.size(), 7u);
  EXPECT_EQ(s.lines[5], "Second");  // the \r of a CRLF line is not part of it
  std::string doc = c.ruleset->document();
  EXPECT_NE(doc.find("| 7 | Second | A point of the second part. | `x` |"), std::string::npos) << doc;
}

TEST(Citations, EveryProblemIsReportedWithItsPlace) {
  auto past = compile_with_text("art \"First\" line 8", kArticle);
  EXPECT_TRUE(has_code(past, "E018")) << past.render();
  EXPECT_NE(past.render().find("line 8 is past the end of 'rules/texts/art.txt' (7 lines)"), std::string::npos);
  auto blank = compile_with_text("art \"First\" line 5", kArticle);
  EXPECT_TRUE(has_code(blank, "W019")) << blank.render();
  auto elsewhere = compile_with_text("art \"First\" line 7", kArticle);
  EXPECT_NE(elsewhere.render().find("is under \"Second\" (line 6), not \"First\""), std::string::npos) << elsewhere.render();
  auto before = compile_with_text("art \"First\" line 1", kArticle);
  EXPECT_NE(before.render().find("comes before any section"), std::string::npos) << before.render();
  auto heading = compile_with_text("art \"First\" line 4", "Title\nFirst part\nSecond\nA line.\n");
  EXPECT_NE(heading.render().find("section \"First\" of source 'art' is not a line of"), std::string::npos) << heading.render();
  auto empty = compile_with_text("art \"First\" line 4", "");
  EXPECT_NE(empty.render().find("line 4 is past the end of 'rules/texts/art.txt' (0 lines)"), std::string::npos)
      << empty.render();
}

TEST(Citations, ATextThatCannotBeReadIsAnErrorOnlyWhenTextsAreAskedFor) {
  signpost::CompileOptions opt;
  opt.reader = signpost::memory_reader({});
  std::string body =
      "assessment t \"Test\" version \"1\"\n"
      "disclaimer \"This is information only. It is not a diagnosis.\"\n"
      "source art \"An article\" file \"gone.txt\"\n"
      "item x: yesno \"A question?\"\n  cites art\n";
  EXPECT_TRUE(signpost::compile_source(body, "t.signpost", opt).ok());  // evaluation never needs the text
  opt.source_texts = true;
  auto c = signpost::compile_source(body, "t.signpost", opt);
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.render().find("error[E018]: cannot read the text of source 'art': 'gone.txt': no such file"), std::string::npos)
      << c.render();
}

// ---- examples that expect a tag: a single step inside guidance that otherwise fires ----------
TEST(ExampleTags, ATagIsShownByAGuidanceOrAStepAndFailuresSayWhich) {
  auto c = compile(
      "item unsafe: yesno \"Does anyone hurt you?\" safety\n"
      "item hard: yesno \"Touch feels hard.\" cites s\n"
      "guidance safe level urgent when unsafe title \"Safety first\" cites s\n"
      "guidance close level consider when hard title \"Touch\" cites s\n"
      "  step \"Notice what helps.\" tags grounding\n"
      "  step \"Try a gradual exercise.\" tags touch only when unsafe == no\n"
      "example \"passes\" given unsafe = yes, hard = yes expect close, grounding, not touch\n"
      "example \"fails\" given unsafe = no, hard = yes expect not touch\n"
      "example \"open\" given hard = yes expect not touch\n"
      "example \"open 2\" expect grounding\n");
  ASSERT_TRUE(c.ok()) << c.render();
  auto outcomes = run_examples(*c.ruleset);
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_TRUE(outcomes[0].passed());
  ASSERT_EQ(outcomes[1].failures.size(), 1u);
  EXPECT_EQ(outcomes[1].failures[0], "expected nothing tagged 'touch' to be shown, but something is");
  EXPECT_TRUE(outcomes[2].passed()) << "a step is shown only when its condition is true, not merely possible";
  ASSERT_EQ(outcomes[3].failures.size(), 1u);
  EXPECT_EQ(outcomes[3].failures[0], "expected something tagged 'grounding' to be shown, but it is undetermined");
  auto bad = compile("item x: yesno \"Q?\" cites s\nexample \"t\" given x = yes expect nosuch\n");
  EXPECT_NE(bad.render().find("which is not a guidance or a tag"), std::string::npos) << bad.render();
}
