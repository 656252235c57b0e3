// Many responses at once, answers held as one column per item: the path for files and data frames.
//
// This is the contract shared by `signpost batch`, the Python `evaluate_frame` and the
// benchmarks. The implementation behind it may change (per row, block at a time, vectorised);
// the results must not: run_batch gives, for every row, exactly what `run` gives for that row.
//
// Additions since the first version (all optional; the original fields and defaults are unchanged):
//   - ColumnBatch::columns: cells of other types than double (e.g. one byte per answer), which
//     cuts the memory the evaluator reads by up to 8x;
//   - BatchOutput: ask only for the outputs you need (some values, decided values only, floats,
//     no guidance), which cuts the memory it writes.
// (One response at a time is `run`, evaluate.hpp; a third, one-row evaluator was removed.)
// How the evaluator works is described in docs/performance.md.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/compile/program.hpp"
#include "engine/evaluate/answers.hpp"
#include "engine/evaluate/evaluate.hpp"

namespace signpost {

// The type of a column's cells. Integer cells mark "unanswered" with a sentinel: the type's
// minimum (INT8_MIN, INT16_MIN, INT32_MIN), or 255 for u8; floating cells with NaN.
enum class CellType : uint8_t { f64, f32, i32, i16, i8, u8 };

struct TypedColumn {
  const void* data = nullptr;  // nullptr: the column is absent, every row unanswered
  CellType type = CellType::f64;
};

struct ColumnBatch {
  size_t rows = 0;
  // One pointer per model item, in model order; row r of item i is items[i][r], encoded as in
  // AnswerRow (NaN: unanswered). nullptr: the column is absent, every row unanswered.
  std::vector<const double*> items;
  // Instead of `items` (used when not empty): one typed column per model item, same encoding.
  // A cell type must hold every valid answer of its item (u8 suits yes/no and up to 254 options).
  std::vector<TypedColumn> columns;

  size_t item_count() const { return columns.empty() ? items.size() : columns.size(); }
  TypedColumn column(size_t i) const { return columns.empty() ? TypedColumn{items[i], CellType::f64} : columns[i]; }
  // Cell r of item i as in AnswerRow (NaN: unanswered or absent).
  double cell(size_t i, size_t r) const;
};

// Which outputs run_batch writes. The default is everything, as the original contract says.
struct BatchOutput {
  enum class Values : uint8_t {
    interval,     // value_lo and value_hi
    decided,      // value_lo only: the value when decided; NaN when undecided or not applicable
    decided_f32,  // value_f32 only: as `decided`, as floats (exact for whole numbers up to 2^24)
    none,         // no values
  };
  Values form = Values::interval;
  std::vector<uint32_t> values;  // which derived values, by index into model.values; empty: all
  bool guidance = true;          // false: no guidance outcomes
};

struct BatchResult {
  size_t rows = 0;
  // Derived value v of row r is [value_lo[v*rows + r], value_hi[v*rows + r]]: equal when decided,
  // NaN when not applicable. A band value holds the index of its band row.
  // With BatchOutput::values, v counts the requested values (value_index[v] is its model index).
  std::vector<double> value_lo, value_hi;
  std::vector<float> value_f32;        // BatchOutput::Values::decided_f32 only
  std::vector<uint32_t> value_index;   // the model index of each output value
  std::vector<Outcome> guidance;  // guidance g of row r: guidance[g*rows + r]
  // Rows whose answers break a run-time rule (see dynamic_errors): an answer to a question that
  // was not asked, a required question left unanswered. Ordered by row.
  std::vector<std::pair<size_t, AnswerError>> row_errors;
};

// Checks every cell against its item's scale (the static checks decode_answers does on JSON).
// Returns at most `max_errors` problems, ordered by row then item.
std::vector<std::pair<size_t, AnswerError>> validate_columns(const model::Model& m, const ColumnBatch& batch,
                                                            size_t max_errors = SIZE_MAX);

// Evaluates every row. Cells must be valid (validate_columns). Thread-safe; `threads` > 1 splits
// the rows, and the result is identical whatever the thread count.
// Reusing a BatchResult between calls avoids allocating (and zero-filling) its arrays again.
void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads = 1);
void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads, const BatchOutput& what);

}  // namespace signpost
