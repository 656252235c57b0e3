// bench/seed38.signpost reproduces the reference figures of the seed-38 workload
// (../shared/bench/seed38.md): checksum 2313249980 and the bit histogram over 1,000,000 responses,
// through the batch path, the one-response paths and the hand-written yardsticks alike.
#include <gtest/gtest.h>

#include "bench/seed38.hpp"
#include "engine/signpost.hpp"

namespace signpost {
namespace {

RuleSet seed38_rules() {
  Compiled c = compile_file(std::string(SIGNPOST_SOURCE_DIR) + "/bench/seed38.signpost");
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

uint32_t value(const model::Model& m, const char* id) { return uint32_t(m.value_index.at(id)); }

// The tally of a batch result whose values are total, emo_sum, phy_sum, pat_sum (decided floats).
seed38::Tally tally(const BatchResult& out) {
  seed38::Tally t;
  const size_t n = out.rows;
  for (size_t r = 0; r < n; ++r) {
    unsigned mask = 0;
    for (size_t g = 0; g < seed38::kGuidance; ++g) mask |= unsigned(out.guidance[g * n + r] == Outcome::fired) << g;
    t.add(mask, unsigned(out.value_f32[r]), unsigned(out.value_f32[n + r]), unsigned(out.value_f32[2 * n + r]),
          unsigned(out.value_f32[3 * n + r]));
  }
  return t;
}

TEST(Seed38, NamesFollowTheSpec) {
  RuleSet rs = seed38_rules();
  const model::Model& m = rs.model();
  ASSERT_EQ(m.items.size(), seed38::kItems);
  for (size_t i = 0; i < seed38::kItems; ++i) EXPECT_EQ(m.items[i].id, seed38::item_name(i));
  const char* guidance[] = {"urgent_safety", "seek_help_strong", "seek_help", "emotional_support", "physical_support",
                            "patterns_support", "many_domains", "flashbacks", "few_signs", "self_care"};
  ASSERT_EQ(m.guidance.size(), seed38::kGuidance);
  for (size_t g = 0; g < seed38::kGuidance; ++g) EXPECT_EQ(m.guidance[g].id, guidance[g]);
  for (const char* v : {"emo_sum", "emo_count", "phy_sum", "phy_count", "pat_sum", "pat_count", "help_count", "total",
                        "safety_any", "domains"})
    EXPECT_TRUE(m.value_index.count(v)) << v;
}

TEST(Seed38, YardsticksReproduceTheReferenceChecksum) {
  const size_t n = 1000000;
  auto cols = seed38::generate_columns(n);
  seed38::Tally plain;
  seed38::Response x;
  for (size_t r = 0; r < n; ++r) {
    uint8_t* p = reinterpret_cast<uint8_t*>(&x);
    for (size_t i = 0; i < seed38::kItems; ++i) p[i] = cols[i][r];
    seed38::Result s = seed38::score(x);
    plain.add(s.mask, s.total, s.emo_sum, s.phy_sum, s.pat_sum);
  }
  EXPECT_TRUE(plain == seed38::reference_tally()) << plain.checksum;
  std::vector<const uint8_t*> ptrs;
  for (auto& c : cols) ptrs.push_back(c.data());
  seed38::ColumnarOut out;
  out.resize(n);
  seed38::score_columns(ptrs.data(), 0, n, out);
  seed38::Tally columnar;
  for (size_t r = 0; r < n; ++r) columnar.add(out.mask[r], out.total[r], out.emo_sum[r], out.phy_sum[r], out.pat_sum[r]);
  EXPECT_TRUE(columnar == seed38::reference_tally()) << columnar.checksum;
}

TEST(Seed38, SignpostReproducesTheReferenceChecksum) {
  RuleSet rs = seed38_rules();
  const model::Model& m = rs.model();
  const size_t n = 1000000;
  auto cols = seed38::generate_columns(n);
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : cols) batch.columns.push_back({c.data(), CellType::u8});
  ASSERT_TRUE(rs.validate_columns(batch, 1).empty());
  BatchOutput what;
  what.form = BatchOutput::Values::decided_f32;
  what.values = {value(m, "total"), value(m, "emo_sum"), value(m, "phy_sum"), value(m, "pat_sum")};
  for (unsigned threads : {1u, 2u}) {
    BatchResult out;
    rs.run_batch(batch, out, threads, what);
    seed38::Tally t = tally(out);
    EXPECT_EQ(t.checksum, 2313249980u) << threads << " threads";
    EXPECT_TRUE(t == seed38::reference_tally()) << threads << " threads";
    EXPECT_TRUE(out.row_errors.empty());
  }
}

// The one-response path (`run`) on a slice of the same data agrees with the yardstick.
TEST(Seed38, OneResponsePathsAgreeWithThePlainYardstick) {
  RuleSet rs = seed38_rules();
  const model::Model& m = rs.model();
  const Program& p = rs.program();
  const size_t n = 20000;
  auto cols = seed38::generate_columns(n);
  const uint32_t vt = value(m, "total"), ve = value(m, "emo_sum");
  Evaluation ev;
  AnswerRow row(seed38::kItems);
  seed38::Response x;
  size_t wrong = 0;
  for (size_t r = 0; r < n; ++r) {
    uint8_t* c = reinterpret_cast<uint8_t*>(&x);
    for (size_t i = 0; i < seed38::kItems; ++i) row[i] = c[i] = cols[i][r];
    seed38::Result want = seed38::score(x);
    rs.run(row, ev);
    unsigned mask_run = 0;
    for (size_t g = 0; g < seed38::kGuidance; ++g)
      mask_run |= unsigned(outcome(ev.slots[p.guidance_slot[g]]) == Outcome::fired) << g;
    wrong += mask_run != want.mask || ev.slots[p.value_slot[vt]].lo != want.total ||
             ev.slots[p.value_slot[ve]].lo != want.emo_sum;
  }
  EXPECT_EQ(wrong, 0u);
}

}  // namespace
}  // namespace signpost
