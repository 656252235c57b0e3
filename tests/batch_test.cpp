// The column batch path gives, row for row, exactly what the one-response path gives.
#include <cmath>
#include <random>

#include "tests/test_util.hpp"

namespace signpost {
namespace {

RuleSet shipped(const std::string& name) {
  Compiled c = compile_file(std::string(SIGNPOST_SOURCE_DIR) + "/rules/" + name);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

// Random valid answers, about a fifth of them unanswered.
std::vector<std::vector<double>> random_columns(const model::Model& m, size_t rows, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<double>> cols(m.items.size(), std::vector<double>(rows));
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Scale& sc = m.scales[m.items[i].scale];
    for (size_t r = 0; r < rows; ++r) {
      double& x = cols[i][r];
      if (rng() % 5 == 0) {
        x = std::nan("");
        continue;
      }
      switch (sc.kind) {
        case model::Scale::Kind::boolean: x = rng() % 2; break;
        case model::Scale::Kind::options: x = rng() % sc.options.size(); break;
        case model::Scale::Kind::multiple: x = rng() % (1u << sc.options.size()); break;
        case model::Scale::Kind::integer: x = sc.lo + rng() % uint32_t(sc.hi - sc.lo + 1); break;
        case model::Scale::Kind::decimal: x = sc.lo + (sc.hi - sc.lo) * (rng() % 1000) / 1000.0; break;
      }
    }
  }
  return cols;
}

RuleSet rules(const std::string& body) {
  Compiled c = testing::compile(body);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

TEST(Batch, EveryRowMatchesTheOneResponsePath) {
  RuleSet rs = shipped("self-check.signpost");
  const auto& m = rs.model();
  const size_t n = 3000;
  auto cols = random_columns(m, n, 7);
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : cols) batch.items.push_back(c.data());
  EXPECT_TRUE(rs.validate_columns(batch).empty());
  for (unsigned threads : {1u, 2u, 5u}) {
    BatchResult out;
    rs.run_batch(batch, out, threads);
    ASSERT_EQ(out.rows, n);
    AnswerRow row(m.items.size());
    Evaluation ev;
    size_t mismatches = 0, errors = 0;
    for (size_t r = 0; r < n; ++r) {
      for (size_t i = 0; i < row.size(); ++i) row[i] = cols[i][r];
      rs.run(row, ev);
      const Program& p = rs.program();
      for (size_t v = 0; v < p.value_slot.size(); ++v) {
        Interval x = ev.slots[p.value_slot[v]];
        if (!same(x.lo, out.value_lo[v * n + r]) || !same(x.hi, out.value_hi[v * n + r])) ++mismatches;
      }
      for (size_t g = 0; g < p.guidance_slot.size(); ++g)
        if (outcome(ev.slots[p.guidance_slot[g]]) != out.guidance[g * n + r]) ++mismatches;
      errors += dynamic_errors(m, p, row, ev).size();
    }
    EXPECT_EQ(mismatches, 0u) << threads << " threads";
    EXPECT_EQ(out.row_errors.size(), errors) << threads << " threads";
    for (size_t k = 1; k < out.row_errors.size(); ++k) EXPECT_LE(out.row_errors[k - 1].first, out.row_errors[k].first);
  }
}

TEST(Batch, AbsentColumnsAreUnansweredAndBadCellsAreNamed) {
  RuleSet rs = rules(
      "section emo \"Emotional\" cites s\n"
      "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\n"
      "let n = count(emo)\n"
      "guidance g level consider when n >= 1 title \"G\" cites s\n");
  std::vector<double> a{2, 0, 7, std::nan("")};
  ColumnBatch batch;
  batch.rows = a.size();
  batch.items = {a.data(), nullptr};
  auto errors = rs.validate_columns(batch);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, 2u);
  EXPECT_EQ(errors[0].second.code, "A003");
  EXPECT_EQ(errors[0].second.pointer, "/a");
  EXPECT_NE(errors[0].second.allowed.find("sometimes"), std::string::npos);
  a[2] = 1;
  BatchResult out;
  rs.run_batch(batch, out);
  EXPECT_EQ(out.guidance[0], Outcome::fired);
  EXPECT_EQ(out.guidance[1], Outcome::undetermined);
  EXPECT_EQ(out.guidance[3], Outcome::undetermined);
}

}  // namespace
}  // namespace signpost
