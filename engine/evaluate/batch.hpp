// Many responses at once, answers held as one column per item: the path for files and data frames.
//
// This is the contract shared by `signpost batch`, the Python `evaluate_frame` and the
// benchmarks. The implementation behind it may change (per row, block at a time, vectorised);
// the results must not: run_batch gives, for every row, exactly what `run` gives for that row.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/compile/program.hpp"
#include "engine/evaluate/answers.hpp"
#include "engine/evaluate/evaluate.hpp"

namespace signpost {

struct ColumnBatch {
  size_t rows = 0;
  // One pointer per model item, in model order; row r of item i is items[i][r], encoded as in
  // AnswerRow (NaN: unanswered). nullptr: the column is absent, every row unanswered.
  std::vector<const double*> items;
};

struct BatchResult {
  size_t rows = 0;
  // Derived value v of row r is [value_lo[v*rows + r], value_hi[v*rows + r]]: equal when decided,
  // NaN when not applicable. A band value holds the index of its band row.
  std::vector<double> value_lo, value_hi;
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
void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads = 1);

}  // namespace signpost
