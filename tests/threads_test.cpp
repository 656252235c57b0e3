// One RuleSet shared by many threads on every evaluation path, from its first use: the tests that
// ThreadSanitizer runs in CI (.ci/sanitize tsan) to prove the façade's promise in signpost.hpp.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/signpost.hpp"

namespace {
using namespace signpost;

RuleSet self_check() {
  Compiled c = compile_file(std::string(SIGNPOST_SOURCE_DIR) + "/rules/self-check.signpost");
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

std::string answers() {
  std::ifstream in(std::string(SIGNPOST_SOURCE_DIR) + "/rules/examples/self-check-answers.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Threads, OneRuleSetOnEveryPathFromItsFirstUse) {
  const std::string text = answers();
  // The expected results come from another compilation, so `shared` is first used by the threads
  // (the fast JSON path is made lazily, on first use).
  const RuleSet reference = self_check();
  const std::string expected = reference.evaluate_text(text).result.dump();
  std::string fast_expected;
  ASSERT_TRUE(reference.evaluate_json(text, fast_expected));
  ASSERT_EQ(fast_expected, expected);

  const RuleSet shared = self_check();
  const size_t items = shared.model().items.size();
  std::vector<double> column(items * 64);
  std::vector<const double*> cols;
  {
    std::vector<AnswerError> errors;
    AnswerRow row = decode_answers(nlohmann::json::parse(text), shared.model(), errors);
    ASSERT_TRUE(errors.empty());
    for (size_t i = 0; i < items; ++i)
      for (size_t r = 0; r < 64; ++r) column[i * 64 + r] = r % 2 ? row[i] : std::nan("");
    for (size_t i = 0; i < items; ++i) cols.push_back(&column[i * 64]);
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        std::string out;
        if (!shared.evaluate_json(text, out) || out != expected) ++mismatches;
        if (shared.evaluate_text(text).result.dump() != expected) ++mismatches;
        ColumnBatch batch;
        batch.rows = 64;
        batch.items = cols;
        BatchResult result;
        shared.run_batch(batch, result, 1 + unsigned((t + i) % 3));
        if (result.guidance.size() != shared.model().guidance.size() * 64) ++mismatches;
      }
    });
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
