// Google Benchmark figures for the C++ API on the seed-38 workload, side by side with the
// hand-written yardsticks. bench/run.sh runs this and turns items_per_second into the table of
// docs/performance.md; every benchmark processes responses, so ns/response = 1e9 / items_per_second.
//
//   Yardstick/plain        seed38::score on each response (row-major bytes)
//   Yardstick/columnar     seed38::score_columns (byte columns, vectorised)
//   Batch/u8               run_batch on byte columns, guidance + total and the three sums (floats):
//                          the yardsticks' output
//   Batch/u8_blank         Batch/u8 with a share of the cells left unanswered (third argument: percent;
//                          seed38::blank), the missing-answer workloads
//   Batch/f64_full         run_batch on double columns, every value as an interval: the original contract
//   Row/run                one response at a time with the full trace reports need
//   Json/evaluate_json     JSON answers -> JSON result text, one response (forms)
//   Json/evaluate_text     the same through the JSON document (report_json + dump)
//   Compile/<file>         parse + check + compile
//
// Batch benchmarks take the row count and thread count as arguments: 1,000,000 rows is the
// reference figure of seed38.md; 65,536 rows fits in the L2/L3 caches.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "bench/yardsticks.hpp"
#include "engine/check/lint.hpp"
#include "engine/signpost.hpp"

namespace {

using namespace signpost;

const std::string kRoot = SIGNPOST_SOURCE_DIR;

const RuleSet& seed38_rules() {
  static const RuleSet rs = [] {
    Compiled c = compile_file(kRoot + "/bench/seed38.signpost");
    if (!c.ok()) throw std::runtime_error(c.render());
    return *c.ruleset;
  }();
  return rs;
}

// The seed-38 data in every layout, made once per row count.
struct Data {
  std::vector<std::vector<uint8_t>> cols;
  std::vector<const uint8_t*> col_ptrs;
  std::vector<seed38::Response> rows;
  std::vector<std::vector<double>> dcols;
  std::vector<double> drows;  // row-major doubles (AnswerRow layout)
};

const Data& data(size_t n) {
  static std::map<size_t, std::unique_ptr<Data>> cache;
  auto& d = cache[n];
  if (d) return *d;
  d = std::make_unique<Data>();
  d->cols = seed38::generate_columns(n);
  for (auto& c : d->cols) d->col_ptrs.push_back(c.data());
  d->rows.resize(n);
  d->dcols.assign(seed38::kItems, std::vector<double>(n));
  d->drows.resize(n * seed38::kItems);
  for (size_t r = 0; r < n; ++r)
    for (size_t i = 0; i < seed38::kItems; ++i) {
      uint8_t x = d->cols[i][r];
      reinterpret_cast<uint8_t*>(&d->rows[r])[i] = x;
      d->dcols[i][r] = x;
      d->drows[r * seed38::kItems + i] = x;
    }
  return *d;
}

void BM_YardstickPlain(benchmark::State& state) {
  const Data& d = data(size_t(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(yardstick::plain(d.rows.data(), d.rows.size()));
  state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_YardstickPlain)->Name("Yardstick/plain")->Arg(1 << 16)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_YardstickColumnar(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  const Data& d = data(n);
  seed38::ColumnarOut out;
  out.resize(n);
  for (auto _ : state) {
    yardstick::columnar(d.col_ptrs.data(), n, out, unsigned(state.range(1)));
    benchmark::DoNotOptimize(out.mask.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_YardstickColumnar)
    ->Name("Yardstick/columnar")
    ->Args({1 << 16, 1})
    ->Args({1000000, 1})
    ->Args({1000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_BatchU8(benchmark::State& state) {
  const RuleSet& rs = seed38_rules();
  const size_t n = size_t(state.range(0));
  const Data& d = data(n);
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : d.cols) batch.columns.push_back({c.data(), CellType::u8});
  BatchOutput what;
  what.form = BatchOutput::Values::decided_f32;
  for (const char* v : {"total", "emo_sum", "phy_sum", "pat_sum"}) what.values.push_back(uint32_t(rs.model().value_index.at(v)));
  BatchResult out;
  rs.run_batch(batch, out, 1, what);  // allocate the outputs once
  for (auto _ : state) {
    rs.run_batch(batch, out, unsigned(state.range(1)), what);
    benchmark::DoNotOptimize(out.guidance.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BatchU8)
    ->Name("Batch/u8")
    ->Args({1 << 16, 1})
    ->Args({1000000, 1})
    ->Args({1000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Byte columns with `percent`% of the cells blank (255), made once per (rows, percent).
const std::vector<std::vector<uint8_t>>& blank_columns(size_t n, int percent) {
  static std::map<std::pair<size_t, int>, std::vector<std::vector<uint8_t>>> cache;
  auto& cols = cache[{n, percent}];
  if (!cols.empty()) return cols;
  cols = data(n).cols;
  for (size_t i = 0; i < cols.size(); ++i)
    for (size_t r = 0; r < n; ++r)
      if (seed38::blank(r, i, percent / 100.0)) cols[i][r] = 255;
  return cols;
}

void BM_BatchU8Blank(benchmark::State& state) {
  const RuleSet& rs = seed38_rules();
  const size_t n = size_t(state.range(0));
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : blank_columns(n, int(state.range(2)))) batch.columns.push_back({c.data(), CellType::u8});
  BatchOutput what;
  what.form = BatchOutput::Values::decided_f32;
  for (const char* v : {"total", "emo_sum", "phy_sum", "pat_sum"}) what.values.push_back(uint32_t(rs.model().value_index.at(v)));
  BatchResult out;
  rs.run_batch(batch, out, 1, what);
  for (auto _ : state) {
    rs.run_batch(batch, out, unsigned(state.range(1)), what);
    benchmark::DoNotOptimize(out.guidance.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BatchU8Blank)
    ->Name("Batch/u8_blank")
    ->Args({1000000, 1, 0})
    ->Args({1000000, 1, 2})
    ->Args({1000000, 1, 10})
    ->Args({1000000, 1, 30})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_BatchFull(benchmark::State& state) {
  const RuleSet& rs = seed38_rules();
  const size_t n = size_t(state.range(0));
  const Data& d = data(n);
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : d.dcols) batch.items.push_back(c.data());
  BatchResult out;
  rs.run_batch(batch, out, 1);
  for (auto _ : state) {
    rs.run_batch(batch, out, unsigned(state.range(1)));
    benchmark::DoNotOptimize(out.value_lo.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BatchFull)->Name("Batch/f64_full")->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

constexpr size_t kRowData = 1 << 14;  // one-response benchmarks cycle over this many responses

void BM_YardstickPlainOne(benchmark::State& state) {
  const Data& d = data(kRowData);
  size_t r = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(yardstick::plain(&d.rows[r], 1));
    r = (r + 1) % kRowData;
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_YardstickPlainOne)->Name("Row/yardstick_plain");

void BM_Run(benchmark::State& state) {
  const RuleSet& rs = seed38_rules();
  const Data& d = data(kRowData);
  AnswerRow row(seed38::kItems);
  Evaluation ev;
  size_t r = 0;
  for (auto _ : state) {
    row.assign(d.drows.begin() + long(r * seed38::kItems), d.drows.begin() + long((r + 1) * seed38::kItems));
    rs.run(row, ev);
    benchmark::DoNotOptimize(ev.slots.data());
    r = (r + 1) % kRowData;
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
}
BENCHMARK(BM_Run)->Name("Row/run");

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One person's answers to the shipped self-check (the intake form) and one seed-38 response.
const RuleSet& self_check() {
  static const RuleSet rs = *compile_file(kRoot + "/rules/self-check.signpost").ruleset;
  return rs;
}
std::string seed38_answers() {
  const Data& d = data(kRowData);
  nlohmann::json a;
  for (size_t i = 0; i < seed38::kItems; ++i) a[seed38::item_name(i)] = int(d.cols[i][3]);
  return a.dump();
}

void BM_EvaluateJson(benchmark::State& state) {
  const RuleSet& rs = state.range(0) == 0 ? self_check() : seed38_rules();
  const std::string answers =
      state.range(0) == 0 ? read(kRoot + "/rules/examples/self-check-answers.json") : seed38_answers();
  std::string out;
  for (auto _ : state) {
    out.clear();
    rs.evaluate_json(answers, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.SetLabel(state.range(0) == 0 ? "self-check" : "seed38");
}
BENCHMARK(BM_EvaluateJson)->Name("Json/evaluate_json")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_EvaluateText(benchmark::State& state) {
  const RuleSet& rs = state.range(0) == 0 ? self_check() : seed38_rules();
  const std::string answers =
      state.range(0) == 0 ? read(kRoot + "/rules/examples/self-check-answers.json") : seed38_answers();
  for (auto _ : state) {
    std::string out = rs.evaluate_text(answers).result.dump();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.SetLabel(state.range(0) == 0 ? "self-check" : "seed38");
}
BENCHMARK(BM_EvaluateText)->Name("Json/evaluate_text+dump")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Compile(benchmark::State& state) {
  const std::string file = kRoot + (state.range(0) == 0 ? "/rules/self-check.signpost" : "/bench/seed38.signpost");
  for (auto _ : state) {
    Compiled c = compile_file(file);
    benchmark::DoNotOptimize(c.ruleset);
  }
  state.SetItemsProcessed(int64_t(state.iterations()));
  state.SetLabel(state.range(0) == 0 ? "rules/self-check.signpost" : "bench/seed38.signpost");
}
BENCHMARK(BM_Compile)->Name("Compile")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The wording check (E042) on N bytes of guidance-like prose, with a claim in every sentence:
// time grows with the length of the text, never faster.
void BM_Wording(benchmark::State& state) {
  std::string text;
  while (text.size() < size_t(state.range(0)))
    text += "If you have been diagnosed with PTSD, your care team can help. Your answers, taken together, "
            "suggest you may be living with complex PTSD. This is not a diagnosis. ";
  for (auto _ : state) benchmark::DoNotOptimize(signpost::lint::diagnostic_wording(text));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(text.size()));
}
BENCHMARK(BM_Wording)->Name("Wording")->Arg(1000)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
