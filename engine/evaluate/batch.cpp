// Column-at-a-time evaluation: blocks of rows through the fast path (block_kernels.inc), and the
// rows it cannot take through `run`.
//
// Each block of rows (block.hpp) runs the lowered program (compile/block_program.hpp) one instruction
// at a time over every row of the block. A row the fast path cannot compute in plain numbers (an
// unanswered question, say) "bails": it is computed again, alone, by `run`, the semantic reference,
// and its results replace the block's. So every row gets exactly what `run` gives it.
#include "engine/evaluate/batch.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "engine/evaluate/block.hpp"
#include "engine/evaluate/chunks.hpp"
#include "engine/source/text.hpp"

namespace signpost {
using model::Scale;

double ColumnBatch::cell(size_t i, size_t r) const {
  TypedColumn c = column(i);
  if (!c.data) return std::nan("");
  switch (c.type) {
    case CellType::f64: return static_cast<const double*>(c.data)[r];
    case CellType::f32: return double(static_cast<const float*>(c.data)[r]);
    case CellType::i32: {
      int32_t x = static_cast<const int32_t*>(c.data)[r];
      return x == std::numeric_limits<int32_t>::min() ? std::nan("") : double(x);
    }
    case CellType::i16: {
      int16_t x = static_cast<const int16_t*>(c.data)[r];
      return x == std::numeric_limits<int16_t>::min() ? std::nan("") : double(x);
    }
    case CellType::i8: {
      int8_t x = static_cast<const int8_t*>(c.data)[r];
      return x == std::numeric_limits<int8_t>::min() ? std::nan("") : double(x);
    }
    case CellType::u8: {
      uint8_t x = static_cast<const uint8_t*>(c.data)[r];
      return x == 255 ? std::nan("") : double(x);
    }
  }
  return std::nan("");
}

namespace {

// Where results go, resolved once per call.
struct Plan {
  std::vector<uint32_t> values;  // model value indexes, in output order
  block::Sink sink;
};

// One row's results from an Evaluation, written as the block writer would.
void write_row(const Program& p, const Evaluation& ev, const Plan& plan, size_t r) {
  const block::Sink& s = plan.sink;
  for (size_t v = 0; v < plan.values.size(); ++v) {
    Interval x = ev.slots[p.value_slot[plan.values[v]]];
    size_t at = v * s.stride + r;
    double decided = x.known() ? x.lo : std::numeric_limits<double>::quiet_NaN();
    switch (s.form) {
      case BatchOutput::Values::interval: s.lo[at] = x.lo, s.hi[at] = x.hi; break;
      case BatchOutput::Values::decided: s.lo[at] = decided; break;
      case BatchOutput::Values::decided_f32: s.f32[at] = float(decided); break;
      case BatchOutput::Values::none: break;
    }
  }
  if (s.guidance)
    for (size_t g = 0; g < p.guidance_slot.size(); ++g) s.guidance[g * s.stride + r] = outcome(ev.slots[p.guidance_slot[g]]);
}

// Rows [begin, end), block by block.
void run_rows(const model::Model& m, const Program& p, const ColumnBatch& batch, size_t begin, size_t end,
              const Plan& plan, std::vector<std::pair<size_t, AnswerError>>& errors) {
  const size_t items = batch.item_count();
  const BlockProgram* bp = p.fast.get();
  const block::Kernels& k = block::kernels();
  // Working memory, kept by the thread between calls (a batch tool calls once per chunk).
  thread_local std::vector<uint64_t> scratch;
  thread_local std::vector<uint8_t> marks;
  if (bp && scratch.size() < (k.scratch_bytes(*bp) + 7) / 8) scratch.assign((k.scratch_bytes(*bp) + 7) / 8, 0);
  const size_t block_rows = bp ? k.rows(*bp) : block::kMaxRows;
  marks.resize(2 * block::kMaxRows);
  uint8_t* bail = marks.data();
  uint8_t* flag = bail + block::kMaxRows;
  AnswerRow row(items);
  Evaluation ev;
  // After a block where nearly every row needed intervals, skip the fast path for a few blocks.
  size_t skip_fast = 0;
  for (size_t b0 = begin; b0 < end; b0 += block_rows) {
    const size_t n = std::min(block_rows, end - b0);
    size_t bailed = block::kMaxRows + 1, flagged = 0;
    std::memset(bail, 0, n), std::memset(flag, 0, n);
    if (bp && skip_fast == 0) {
      bailed = k.point(*bp, batch, b0, n, scratch.data(), bail, flag, &flagged);
      if (bailed <= n) k.write(*bp, scratch.data(), n, b0, plan.sink);
      if (bailed > n * 7 / 8) skip_fast = 8;
    } else if (skip_fast > 0) {
      --skip_fast;
    }
    const bool all = bailed > n;
    if (bailed == 0 && flagged == 0) continue;
    for (size_t r = 0; r < n; ++r) {
      if (!all && !bail[r] && !flag[r]) continue;
      for (size_t i = 0; i < items; ++i) row[i] = batch.cell(i, b0 + r);
      run(p, row, ev);
      if (all || bail[r]) write_row(p, ev, plan, b0 + r);
      for (AnswerError& e : dynamic_errors(m, p, row, ev)) errors.emplace_back(b0 + r, std::move(e));
    }
  }
}

}  // namespace

std::vector<std::pair<size_t, AnswerError>> validate_columns(const model::Model& m, const ColumnBatch& batch,
                                                            size_t max_errors) {
  std::vector<std::pair<size_t, AnswerError>> errors;
  if (max_errors == 0) return errors;
  // Column by column (fast), then ordered by row and item as promised.
  std::vector<std::pair<size_t, size_t>> bad;  // (row, item)
  for (size_t i = 0; i < batch.item_count(); ++i) {
    TypedColumn c = batch.column(i);
    if (!c.data) continue;
    const Scale& sc = m.scales[m.items[i].scale];
    size_t found = 0;
    for (size_t r = 0; r < batch.rows && found < max_errors; ++r) {
      double x = batch.cell(i, r);
      if (!std::isnan(x) && !codec::encoded_ok(sc, x)) bad.emplace_back(r, i), ++found;
    }
  }
  std::sort(bad.begin(), bad.end());
  if (bad.size() > max_errors) bad.resize(max_errors);
  for (auto [r, i] : bad) {
    const Scale& sc = m.scales[m.items[i].scale];
    errors.push_back({r, codec::error(m.items[i].id, sc, codec::encoded_refusal(sc, batch.cell(i, r)))});
  }
  return errors;
}

void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads) {
  run_batch(m, p, batch, out, threads, BatchOutput{});
}

void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads, const BatchOutput& what) {
  const size_t n = batch.rows;
  Plan plan;
  if (what.form != BatchOutput::Values::none) {
    if (what.values.empty())
      for (size_t v = 0; v < p.value_slot.size(); ++v) plan.values.push_back(uint32_t(v));
    else
      for (uint32_t v : what.values)
        if (v < p.value_slot.size()) plan.values.push_back(v);
  }
  out.rows = n;
  out.value_index = plan.values;
  const size_t cells = plan.values.size() * n;
  // resize, not assign: every element is written below, and a reused result keeps its memory.
  out.value_lo.resize(what.form == BatchOutput::Values::interval || what.form == BatchOutput::Values::decided ? cells : 0);
  out.value_hi.resize(what.form == BatchOutput::Values::interval ? cells : 0);
  out.value_f32.resize(what.form == BatchOutput::Values::decided_f32 ? cells : 0);
  out.guidance.resize(what.guidance ? p.guidance_slot.size() * n : 0);
  out.row_errors.clear();

  block::Sink& s = plan.sink;
  s.values = plan.values.data();  // value_slot positions equal model value indexes
  s.value_count = plan.values.size();
  s.form = what.form;
  s.lo = out.value_lo.data();
  s.hi = out.value_hi.data();
  s.f32 = out.value_f32.data();
  s.guidance = what.guidance ? out.guidance.data() : nullptr;
  s.stride = n;
  const size_t out_bytes = out.value_lo.size() * 8 + out.value_hi.size() * 8 + out.value_f32.size() * 4 + out.guidance.size();
  s.stream = out_bytes > (size_t(16) << 20);  // well past the caches: nobody reads it back soon

  // Contiguous ranges of whole blocks per thread; the result does not depend on the split.
  const size_t block_rows = p.fast ? block::kernels().rows(*p.fast) : block::kMaxRows;
  const size_t blocks = (n + block_rows - 1) / block_rows;
  threads = unsigned(std::max<size_t>(1, std::min<size_t>(threads, blocks)));
  // One chunk per thread: the same split as ever, through the loop every batch path shares.
  struct Rows {
    size_t begin = 0, end = 0;
    std::vector<std::pair<size_t, AnswerError>> errors;
  };
  unsigned next = 0;
  for_each_chunk<Rows>(
      threads, [] { return 0; },
      [&](Rows& c) {
        if (next == threads) return false;
        c.begin = std::min(n, blocks * next / threads * block_rows);
        c.end = std::min(n, blocks * (next + 1) / threads * block_rows);
        c.errors.clear();
        return ++next, true;
      },
      [&](int, Rows& c) { run_rows(m, p, batch, c.begin, c.end, plan, c.errors); },
      [&](Rows& c) {
        for (auto& x : c.errors) out.row_errors.push_back(std::move(x));
        return true;
      });
}

}  // namespace signpost
