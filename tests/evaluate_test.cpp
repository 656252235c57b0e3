// Evaluate stage: answer validation, three-valued logic, skip logic, aggregates, thread safety.
#include <gtest/gtest.h>

#include <thread>

#include "engine/check/interval.hpp"
#include "tests/test_util.hpp"

using namespace signpost;
using namespace signpost::testing;
using nlohmann::json;

namespace {
RuleSet rules(const std::string& body) {
  Compiled c = compile(body);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}
const char* kSigns =
    "section emo \"Emotional\" cites s\n"
    "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nitem c: freq \"C\" cites s\nitem d: freq \"D\" cites s\n"
    "let n = count(emo)\n"
    "guidance many level consider when n >= 2 title \"Many\" cites s\n"
    "guidance none level info when n == 0 title \"None\" cites s\n";
}  // namespace

TEST(Answers, EveryProblemIsListedWithItsPointer) {
  RuleSet rs = rules(std::string(kSigns) + "section other \"Other\" context\n"
                                           "item y: yesno \"Y\" cites s\nitem k: integer_ \"K\" cites s\n"
                                           "scale integer_: integer 0 to 10\n");
  EvalResult r = rs.evaluate(json{{"a", "oftn"}, {"b", 7}, {"y", "maybe"}, {"k", 11}, {"zz", 1}, {"c", true}});
  ASSERT_FALSE(r.ok);
  ASSERT_EQ(r.errors.size(), 6u) << r.result.dump(2);
  std::map<std::string, std::string> by_ptr;
  for (auto& e : r.errors) by_ptr[e.pointer] = e.code + " " + e.message + " | " + e.allowed;
  EXPECT_NE(by_ptr["/a"].find("did you mean 'often'?"), std::string::npos) << by_ptr["/a"];
  EXPECT_NE(by_ptr["/a"].find("one of never, sometimes, often or almost_always"), std::string::npos);
  EXPECT_EQ(by_ptr["/b"].substr(0, 4), "A003");
  EXPECT_EQ(by_ptr["/y"].substr(0, 4), "A002");
  EXPECT_EQ(by_ptr["/k"].substr(0, 4), "A004");
  EXPECT_EQ(by_ptr["/zz"].substr(0, 4), "A001");
  EXPECT_EQ(by_ptr["/c"].substr(0, 4), "A002");
  EXPECT_FALSE(r.result.contains("guidance"));  // nothing evaluated on invalid answers
}

TEST(Answers, NumbersNamesBooleansAndNullAreAccepted) {
  RuleSet rs = rules(std::string(kSigns) + "section other \"Other\" context\nitem y: yesno \"Y\" cites s\n");
  json r = eval(rs, json{{"a", 2}, {"b", "often"}, {"c", nullptr}, {"y", "yes"}});
  EXPECT_EQ(r["scores"]["n"]["at_least"], 2);
}

TEST(Answers, MalformedAndOversizedDocuments) {
  RuleSet rs = rules(kSigns);
  EXPECT_EQ(rs.evaluate_text("{not json").errors.at(0).code, "A011");
  EXPECT_EQ(rs.evaluate_text("[1, 2]").errors.at(0).code, "A002");
  std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(rs.evaluate_text("{\"a\": " + deep + "}").errors.at(0).code, "A010");
}

TEST(Evaluate, UnansweredIsUnknownNeverZero) {
  RuleSet rs = rules(kSigns);
  json r = eval(rs, json::object());
  EXPECT_TRUE(fired(r).empty());
  EXPECT_EQ(undetermined(r), (std::vector<std::string>{"many", "none"}));
  EXPECT_EQ(r["undetermined"][0]["missing"].size(), 4u);
  EXPECT_TRUE(r["scores"]["n"]["value"].is_null());
}

TEST(Evaluate, ACountFiresAsSoonAsTheAnswersDecideIt) {
  RuleSet rs = rules(kSigns);
  json r = eval(rs, json{{"a", "often"}, {"b", "almost_always"}});
  EXPECT_EQ(fired(r), (std::vector<std::string>{"many"}));
  EXPECT_EQ(r["scores"]["n"], (json{{"value", nullptr}, {"at_least", 2}, {"at_most", 4}}));
  EXPECT_TRUE(undetermined(r).empty());  // `none` is decided false: two signs are already there
}

TEST(Evaluate, UndeterminedListsOnlyTheMissingItems) {
  RuleSet rs = rules(kSigns);
  json r = eval(rs, json{{"a", "often"}, {"b", "never"}, {"c", "never"}});
  EXPECT_EQ(undetermined(r), (std::vector<std::string>{"many"}));
  EXPECT_EQ(r["undetermined"][0]["missing"][0]["item"], "d");
}

TEST(Evaluate, SkippedItemsAreNotAskedRatherThanUnanswered) {
  RuleSet rs = rules(
      "item partner: yesno \"Partner?\" cites s\n"
      "item touch: freq \"Touch?\" cites s ask when partner\n"
      "guidance g level consider when touch >= often title \"T\" cites s\n"
      "guidance h level info when not (touch >= often) title \"H\" cites s\n");
  json no = eval(rs, json{{"partner", false}});
  EXPECT_EQ(no["answers"]["not_asked"], json::array({"touch"}));
  EXPECT_EQ(fired(no), (std::vector<std::string>{"h"}));  // comparisons with a not-asked item are false
  json unknown = eval(rs, json::object());
  EXPECT_EQ(undetermined(unknown), (std::vector<std::string>{"g", "h"}));
  // Answering a question that was not asked is an error, not silently ignored.
  EvalResult bad = rs.evaluate(json{{"partner", false}, {"touch", "often"}});
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.errors[0].code, "A006");
}

TEST(Evaluate, RequiredItemsMustBeAnswered) {
  RuleSet rs = rules("item q: yesno \"Q\" cites s required\nguidance g level info when q title \"T\" cites s\n");
  EvalResult r = rs.evaluate(json::object());
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.errors[0].code, "A005");
  EXPECT_EQ(r.errors[0].pointer, "/q");
}

TEST(Evaluate, AggregatePolicies) {
  RuleSet rs = rules(
      "section sec \"S\" cites s\n"
      "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nitem c: freq \"C\" cites s\nitem d: freq \"D\" cites s\n"
      "let strict = sum(sec)\n"
      "let skipped = sum(sec, unanswered = skip)\n"
      "let prorated = sum(sec, unanswered = prorate, minimum = 2)\n"
      "let avg = mean(sec)\n"
      "let lo = min(sec)\nlet hi = max(sec)\n"
      "let some = any(sec where answer == almost_always)\n"
      "let every = all(sec where answer >= sometimes)\n"
      "let n = answered(sec)\n");
  json r = eval(rs, json{{"a", 3}, {"b", 1}});
  auto s = r["scores"];
  EXPECT_EQ(s["strict"], (json{{"value", nullptr}, {"at_least", 4}, {"at_most", 10}}));
  EXPECT_EQ(s["skipped"]["value"], 4);
  EXPECT_EQ(s["prorated"]["value"], 8);
  EXPECT_EQ(s["avg"]["at_least"], 1);
  EXPECT_EQ(s["avg"]["at_most"], 2.5);
  EXPECT_EQ(s["lo"], (json{{"value", nullptr}, {"at_least", 0}, {"at_most", 1}}));
  EXPECT_EQ(s["hi"]["value"], 3);
  EXPECT_EQ(s["some"]["value"], true);
  EXPECT_TRUE(s["every"]["value"].is_null());
  EXPECT_EQ(s["n"]["value"], 2);
  json one = eval(rs, json{{"a", 3}});
  EXPECT_TRUE(one["scores"]["prorated"]["value"].is_null());  // minimum = 2 not met
}

// Issue 16: pro-rating multiplies first (sum × n / answered), so whole-number sums give exact
// results; `skip` and `prorate` with nothing answered give a defined value.
TEST(Evaluate, ProratingIsExactAndNothingAnsweredIsDefined) {
  std::string items;
  for (int i = 1; i <= 9; ++i) items += "item q" + std::to_string(i) + ": freq \"Q\" cites s\n";
  RuleSet rs = rules("section sec \"S\" cites s\n" + items +
                     "let prorated = sum(sec, unanswered = prorate)\n"
                     "let skipped = sum(sec, unanswered = skip)\n"
                     "let counted = count(sec, unanswered = skip)\n"
                     "let avg = mean(sec, unanswered = skip)\n");
  json seven = eval(rs, json{{"q1", 3}, {"q2", 3}, {"q3", 3}, {"q4", 3}, {"q5", 3}, {"q6", 3}, {"q7", 3}});
  EXPECT_EQ(seven["scores"]["prorated"]["value"].dump(), "27");  // 21 * 9 / 7, not 27.000000000000004
  json none = eval(rs, json::object());
  EXPECT_EQ(none["scores"]["skipped"]["value"], 0);
  EXPECT_EQ(none["scores"]["counted"]["value"], 0);
  EXPECT_TRUE(none["scores"]["avg"]["value"].is_null());
  EXPECT_FALSE(none["scores"]["avg"].contains("at_least"));  // not applicable, not a range
  EXPECT_TRUE(none["scores"]["prorated"]["value"].is_null());
  EXPECT_FALSE(none["scores"]["prorated"].contains("at_least"));
}

TEST(Evaluate, RoundingRulesOnDecimalValues) {
  using R = Rounding;
  EXPECT_EQ(round_to(2.5, R::half_up, 0), 3);
  EXPECT_EQ(round_to(2.5, R::half_even, 0), 2);
  EXPECT_EQ(round_to(3.5, R::half_even, 0), 4);
  EXPECT_EQ(round_to(2.5, R::half_down, 0), 2);
  EXPECT_EQ(round_to(-2.5, R::half_up, 0), -2);  // halves go up, towards +infinity
  EXPECT_EQ(round_to(2.45, R::half_even, 1), 2.4);  // 2.45 as written, not 2.4500000000000002
  EXPECT_EQ(round_to(2.45, R::half_up, 1), 2.5);
  EXPECT_EQ(round_to(0.1 * 3 * 10, R::down, 0), 3);  // 3.0000000000000004 floors to 3
  EXPECT_EQ(round_to(2.9999999999999996, R::down, 0), 3);
  EXPECT_EQ(round_to(2.7, R::down, 0), 2);
  EXPECT_EQ(round_to(2.1, R::up, 0), 3);
  EXPECT_EQ(round_to(20.0 / 3, R::half_up, 2), 6.67);
  EXPECT_TRUE(std::signbit(round_to(-0.4, R::half_up, 0)) == false);
  EXPECT_TRUE(std::isnan(round_to(std::nan(""), R::half_up, 0)));
  RuleSet rs = rules("item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\n"
                     "let domain = (a + b) * 0.6\n"
                     "let third = (a + b) * 1.1\n");
  json r = eval(rs, json{{"a", 2}, {"b", 1}});
  EXPECT_EQ(r["scores"]["domain"]["value"].dump(), "1.8");  // 3 * 0.6, not 1.7999999999999998
  EXPECT_EQ(r["scores"]["third"]["value"].dump(), "3.3");   // not 3.3000000000000003
}

TEST(Evaluate, ConditionalValuesStayHonestWhileUndecided) {
  RuleSet rs = rules("item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nitem y: yesno \"Y\" cites s\n"
                     "let pick = if y then a + 10 else b\n"
                     "let scored = if answered(a, b) >= 2 then sum(a, b)\n"
                     "let yn = points(y)\n");
  json undecided = eval(rs, json{{"a", 1}, {"b", 2}});
  EXPECT_EQ(undecided["scores"]["pick"], (json{{"value", nullptr}, {"at_least", 2}, {"at_most", 11}}));
  EXPECT_EQ(undecided["scores"]["scored"]["value"], 3);
  EXPECT_EQ(undecided["scores"]["yn"], (json{{"value", nullptr}, {"at_least", 0}, {"at_most", 1}}));
  json yes = eval(rs, json{{"a", 1}, {"y", true}});
  EXPECT_EQ(yes["scores"]["pick"]["value"], 11);
  EXPECT_EQ(yes["scores"]["yn"]["value"], 1);
  EXPECT_TRUE(yes["scores"]["scored"]["value"].is_null());
}

TEST(Evaluate, ReverseKeyingPointsAndMultipleChoice) {
  RuleSet rs = rules(
      "item safe: freq \"I feel safe\" cites s reverse\n"
      "item w: freq \"W\" cites s points never = 0, sometimes = 1, often = 5, almost_always = 10\n"
      "scale helps: multiple therapy = 2 \"Therapy\", group = 1 \"Group\", none = 0 \"None\"\n"
      "item h: helps \"Helps\" cites s\n"
      "let r = safe + 0\nlet p = w + 0\nlet hs = h + 0\nlet t = h includes therapy\n");
  json r = eval(rs, json{{"safe", "almost_always"}, {"w", "often"}, {"h", {"therapy", "group"}}});
  EXPECT_EQ(r["scores"]["r"]["value"], 0);
  EXPECT_EQ(r["scores"]["p"]["value"], 5);
  EXPECT_EQ(r["scores"]["hs"]["value"], 3);
  EXPECT_EQ(r["scores"]["t"]["value"], true);
}

TEST(Evaluate, BandsFollowTheirSource) {
  RuleSet rs = rules(std::string(kSigns) +
                     "band level from n: 0 to 1: few \"Few\" 2 to 3: some \"Some\" 4 or more: many \"Many\"\n"
                     "guidance m level info when level >= some title \"M\" cites s\n");
  json r = eval(rs, json{{"a", 2}, {"b", 2}, {"c", 2}, {"d", 0}});
  EXPECT_EQ(r["bands"]["level"]["band"], "some");
  EXPECT_EQ(fired(r).back(), "m");
  json partial = eval(rs, json{{"a", 2}, {"b", 2}, {"c", 2}});
  EXPECT_EQ(partial["bands"]["level"]["could_be"], json::array({"some", "many"}));
}

TEST(Evaluate, SameInputGivesByteIdenticalOutput) {
  RuleSet rs = rules(kSigns);
  json answers{{"a", "often"}, {"b", "sometimes"}};
  EXPECT_EQ(rs.evaluate(answers).result.dump(2), rs.evaluate(answers).result.dump(2));
}

TEST(Evaluate, ARuleSetIsSafeToShareAcrossThreads) {
  RuleSet rs = rules(kSigns);
  const std::string expected = rs.evaluate(json{{"a", 2}, {"b", 3}, {"c", 0}, {"d", 1}}).result.dump();
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        json a = (i + t) % 2 ? json{{"a", 2}, {"b", 3}, {"c", 0}, {"d", 1}} : json{{"a", 0}};
        std::string got = rs.evaluate(a).result.dump();
        if ((i + t) % 2 && got != expected) ++mismatches;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(Compile, DisassemblyReadsAsAFlatProgram) {
  RuleSet rs = rules(kSigns);
  std::string d = rs.disassemble();
  EXPECT_NE(d.find("load a"), std::string::npos) << d;
  EXPECT_NE(d.find("= agg count("), std::string::npos) << d;
  EXPECT_NE(d.find("; guidance many"), std::string::npos) << d;
}

TEST(Evaluate, NotAskedItemsLeaveEveryAggregate) {
  RuleSet rs = rules(
      "item partner: yesno \"P?\" cites s\n"
      "item a: freq \"A\" cites s ask when partner\nitem b: freq \"B\" cites s\nitem c: freq \"C\" cites s\n"
      "let n = count(a, b, c, unanswered = prorate)\n"
      "let al = all(a where answer >= often)\n"
      "let an = any(a, b where answer >= often)\n");
  json r = eval(rs, json{{"partner", false}, {"b", "often"}, {"c", "never"}});
  EXPECT_EQ(r["scores"]["n"]["value"], 1);      // 2 asked, 2 answered: nothing to prorate
  EXPECT_EQ(r["scores"]["al"]["value"], true);  // all() of nothing asked is vacuously true
  EXPECT_EQ(r["scores"]["an"]["value"], true);
}

TEST(Evaluate, ReverseKeyedItemsEndorseInTheirScoredDirection) {
  RuleSet rs = rules("section sec \"S\" cites s\nitem safe_close: freq \"I feel safe when close\" cites s reverse\n"
                     "let n = count(sec)\n");
  EXPECT_EQ(eval(rs, json{{"safe_close", "almost_always"}})["scores"]["n"]["value"], 0);
  json r = eval(rs, json{{"safe_close", "never"}});
  EXPECT_EQ(r["scores"]["n"]["value"], 1);
  EXPECT_EQ(r["signs"][0]["endorsed"].size(), 1u);
}
