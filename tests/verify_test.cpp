// The verify stage against the reference evaluator: on random answers (answered, unanswered and
// not asked), the Z3 encoding must say exactly what `run` says for every guidance and step.
#include <gtest/gtest.h>

#include <random>

#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/signpost.hpp"
#include "engine/verify/encode.hpp"
#include "engine/verify/verify.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {

// A random valid row: each item unanswered (about a third of the time) or a random answer;
// answers to items that turn out not to be asked are removed.
AnswerRow random_row(const model::Model& m, const Program& p, std::mt19937& rng) {
  AnswerRow row(m.items.size(), std::nan(""));
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Scale& sc = m.scales[size_t(m.items[i].scale)];
    if (rng() % 3 == 0) continue;
    switch (sc.kind) {
      case model::Scale::Kind::boolean: row[i] = double(rng() % 2); break;
      case model::Scale::Kind::options: row[i] = double(rng() % sc.options.size()); break;
      case model::Scale::Kind::multiple: row[i] = double(rng() % (1u << sc.options.size())); break;
      case model::Scale::Kind::integer: row[i] = sc.lo + double(rng() % uint32_t(sc.hi - sc.lo + 1)); break;
      case model::Scale::Kind::decimal: row[i] = sc.lo + (sc.hi - sc.lo) * double(rng() % 4) / 3; break;
    }
  }
  Evaluation ev;
  run(p, row, ev);
  for (size_t i = 0; i < row.size(); ++i)
    if (ev.items[i] == ItemState::skipped) row[i] = std::nan("");
  return row;
}

void differential(const model::Model& m, int rows) {
  Program p = compile(m, true);
  z3::context c;
  verify::Encoding e(c, m, p, "");
  std::mt19937 rng(42);
  for (int r = 0; r < rows; ++r) {
    AnswerRow row = random_row(m, p, rng);
    Evaluation ev;
    run(p, row, ev);
    if (!dynamic_errors(m, p, row, ev).empty()) continue;  // e.g. a required item left unanswered
    z3::solver s(c);
    s.add(e.valid());
    for (size_t i = 0; i < row.size(); ++i) {
      if (std::isnan(row[i])) {
        s.add(!e.given(i));
      } else {
        s.add(e.given(i));
        s.add(e.value(i) == (e.value(i).is_real() ? c.real_val(std::to_string(row[i]).c_str()) : c.int_val(int64_t(row[i]))));
      }
    }
    ASSERT_EQ(s.check(), z3::sat) << "row " << r << ": the encoding rejects valid answers";
    z3::model mdl = s.get_model();
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      Outcome o = outcome(ev.slots[p.guidance_slot[g]]);
      EXPECT_EQ(mdl.eval(e.guidance_fires(g), true).is_true(), o == Outcome::fired) << m.guidance[g].id << ", row " << r;
      EXPECT_EQ(mdl.eval(e.possible(p.guidance_slot[g]), true).is_true(), o != Outcome::not_fired)
          << m.guidance[g].id << ", row " << r;
      for (size_t k = 0; k < m.guidance[g].steps.size(); ++k)
        EXPECT_EQ(mdl.eval(e.step_shown(g, k), true).is_true(), o == Outcome::fired && step_shown(p, ev.slots, g, k))
            << m.guidance[g].id << " step " << k << ", row " << r;
    }
  }
}

TEST(Verify, EncodingAgreesWithTheEvaluatorOnTheShippedRuleSets) {
  for (const char* f : {"rules/self-check.signpost", "rules/partner.signpost", "rules/clinician-intake.signpost"}) {
    Compiled cp = compile_file(f);
    ASSERT_TRUE(cp.ok()) << cp.render();
    differential(cp.ruleset->model(), 150);
  }
}

TEST(Verify, EncodingAgreesOnArithmeticAggregatesAndBands) {
  Compiled cp = testing::compile(R"(
scale f: never = 0, sometimes = 1, often = 2
  endorse from often
scale many: multiple a = 1 "A", b = 2 "B", c = 4 "C"
scale n: integer 0 to 10
section sec "Sec"
item p: yesno "P?" cites s
item x: f "X?" cites s
  ask when p
item y: f "Y?" cites s
  reverse
item z: n "Z?" cites s
item w: many "W?" cites s
let total = sum(x, y, z)
let avg = mean(x, y, minimum = 2)
let pr = sum(x, y, unanswered = prorate)
let sk = count(x, y, unanswered = skip)
let top = max(x, y)
let half = z / 2
let ratio = 10 / (z + 1)
band b from total:
  under 3: low "Low"
  3 to 8: mid "Mid"
  9 or more: high "High"
guidance g1 level info when b >= mid and w includes b title "G1" cites s
guidance g2 level info when avg >= 1 or pr > 2 title "G2" cites s
  step "S" tags t only when top == 2 and not p
guidance g3 level info when half * 2 != z or ratio < 2 or sk == 1 title "G3" cites s
guidance g4 level info when all(x, y) or any(x, y where answer <= sometimes) title "G4" cites s
guidance g5 level info when w * 1 >= 5 and not (x >= often) title "G5" cites s
)");
  ASSERT_TRUE(cp.ok()) << cp.render();
  differential(cp.ruleset->model(), 400);
}

// Issue 16's constructs: conditional values, rounding, points(), strict band bounds, and the
// instruments that use them.
TEST(Verify, EncodingAgreesOnConditionalValuesAndRounding) {
  Compiled cp = testing::compile(R"(
scale f: never = 0, sometimes = 1, often = 2
  endorse from often
scale n: decimal 0 to 10
item p: yesno "P?" cites s
item x: f "X?" cites s
  ask when p
item y: f "Y?" cites s
item z: n "Z?" cites s
threshold need = 2
let pick = if p then sum(x, y) else z
let scored = if answered(x, y, z) >= need then round(z / 3, half_up)
let down = floor(z * 0.7)
let up = ceil(z / 4)
let even = round(z / 2, half_even)
let tenth = round(z / 3, half_down, decimals = 1)
let yn = points(p) + points(y)
band b from z:
  0 to 2.5: low "Low"
  above 2.5 to 5: mid "Mid"
  above 5: high "High"
guidance g1 level info when pick >= 3 or b == mid title "G1" cites s
guidance g2 level info when scored == 1 or down == 4 title "G2" cites s
guidance g3 level info when up == 2 and even != 2 title "G3" cites s
guidance g4 level info when tenth >= 1.7 or yn == 2 title "G4" cites s
)");
  ASSERT_TRUE(cp.ok()) << cp.render();
  differential(cp.ruleset->model(), 400);
  for (const char* f : {"rules/instruments/phq9.signpost", "rules/instruments/gad7.signpost"}) {
    Compiled c = compile_file(f);
    ASSERT_TRUE(c.ok()) << c.render();
    differential(c.ruleset->model(), 150);
  }
}

// Two-way tables are nested conditional values over their inputs (check/tables.cpp): the encoding
// agrees with `run` on them, inputs unanswered or not asked included.
TEST(Verify, EncodingAgreesOnTables) {
  Compiled cp = testing::compile(R"(
scale f: never = 0, sometimes = 1, often = 2
  endorse from often
scale mood: low, fair, good
scale n: integer 0 to 12
item p: yesno "P?" cites s
item x: f "X?" cites s
  ask when p
item y: mood "Y?" cites s
item z: n "Z?" cites s
band b from z:
  under 4: low "Low"
  4 to 8: mid "Mid"
  9 or more: high "High"
table t1 from b by p:
  outcomes calm "Calm", watch "Watch", act "Act"
  columns yes, no
  low: calm, calm
  mid: watch, calm
  high: act, watch
table t2 from y by x:
  outcomes same "Same", worse "Worse"
  columns often, never, sometimes
  good: same, same, same
  low: worse, same, worse
  fair: same, same, worse
table t3 from t1 by z >= 6:
  outcomes ok "OK", look "Look"
  columns no, yes
  calm: ok, ok
  watch: ok, look
  act: look, look
guidance g1 level info when t1 >= watch title "G1" cites s
guidance g2 level info when t2 == worse or t3 == look title "G2" cites s
guidance g3 level info when t1 == calm and t3 == ok title "G3" cites s
)");
  ASSERT_TRUE(cp.ok()) << cp.render();
  differential(cp.ruleset->model(), 400);
}

// What a not-asked item counts as, answers to it ignored, and named groups: the encoding loads
// such items as `run` does (undecided asking included) and counts them as answered.
TEST(Verify, EncodingAgreesOnNotAskedAnswersAndGroups) {
  Compiled cp = testing::compile(R"(
scale f: never = 0, sometimes = 1, often = 2
  endorse from often
item p: yesno "P?" cites s
item q: yesno "Q?" cites s
item x: f "X?" cites s
  ask when p
  counts as sometimes when not asked
item y: f "Y?" cites s
  ask when p and q
  answer ignored when not asked
item z: f "Z?" cites s
  ask when q
  counts as often when not asked
  answer ignored when not asked
item w: f "W?" cites s
group xyz: x, y, z
let total = sum(xyz, w)
let pr = sum(xyz, unanswered = prorate)
let n = answered(xyz)
let m = mean(x, z, w, minimum = 2)
guidance g1 level info when total >= 4 or n == 2 title "G1" cites s
guidance g2 level info when pr > 3 or count(xyz) == 1 title "G2" cites s
guidance g3 level info when m >= 1 and not (y >= often) title "G3" cites s
)");
  ASSERT_TRUE(cp.ok()) << cp.render();
  differential(cp.ruleset->model(), 400);
}

TEST(Verify, ShippedRuleSetsHoldEveryPropertyAndBuiltInCheck) {
  for (const char* f : {"rules/self-check.signpost", "rules/partner.signpost", "rules/clinician-intake.signpost"}) {
    Compiled cp = compile_file(f);
    ASSERT_TRUE(cp.ok()) << cp.render();
    verify::Report r = verify::verify(cp.ruleset->model());
    EXPECT_TRUE(r.ok()) << f << "\n" << verify::render(cp.ruleset->model(), r, false);
  }
}

}  // namespace
}  // namespace signpost
