// Internal to the evaluate stage: the block evaluator's kernels, one instruction over a block of
// rows at a time. block_kernels.inc is compiled once per instruction set (block_kernels*.cpp);
// kernels() picks the best one the processor supports, once.
#pragma once
#include <cstddef>
#include <cstdint>

#include "engine/compile/block_program.hpp"
#include "engine/evaluate/batch.hpp"

namespace signpost::block {

// A block is as many rows as fit in kBlockBytes per slot: 8192 rows of 8-bit lanes, 1024 of
// doubles. Large enough that each instruction's setup is paid rarely and input columns stream
// from memory in long runs; small enough that a block's slots stay in the L2 cache.
constexpr size_t kBlockBytes = 8192;
constexpr size_t kMaxRows = kBlockBytes;  // the most rows a block can have (8-bit lanes)

// Where a block's results go: row `row0` of each output array; null arrays are not written.
struct Sink {
  const uint32_t* values = nullptr;  // which BlockProgram::value_slot entries, in output order
  size_t value_count = 0;
  BatchOutput::Values form = BatchOutput::Values::interval;
  double* lo = nullptr;   // value v of row r: lo[v * stride + r]
  double* hi = nullptr;
  float* f32 = nullptr;
  Outcome* guidance = nullptr;  // guidance g of row r: guidance[g * stride + r]
  size_t stride = 0;
  bool stream = false;  // write with streaming stores (outputs much larger than the caches)
};

struct Kernels {
  const char* name;
  // Rows per block for a program (depends on its lane type), and the scratch bytes `point` needs.
  size_t (*rows)(const BlockProgram& bp);
  size_t (*scratch_bytes)(const BlockProgram& bp);
  // Runs the fast path on rows [row0, row0 + n) of `batch` (n <= rows(bp)). Sets bail[r] for rows it
  // cannot compute in plain numbers and flag[r] for rows that may break a run-time answer rule;
  // both must be zero on entry. Returns the number of bailed rows (kMaxRows + 1: every row bails,
  // nothing was computed) and sets *flagged to the number of flagged rows.
  size_t (*point)(const BlockProgram& bp, const ColumnBatch& batch, size_t row0, size_t n, void* scratch,
                  uint8_t* bail, uint8_t* flag, size_t* flagged);
  // Writes the results of the last `point` call for rows [0, n) of the block to `sink` at row0.
  void (*write)(const BlockProgram& bp, const void* scratch, size_t n, size_t row0, const Sink& sink);
};

const Kernels& kernels();                        // the best for this processor (SIGNPOST_ISA=generic forces the baseline)
const Kernels& kernels_generic();
const Kernels* kernels_avx2();                   // nullptr when not built or not supported

}  // namespace signpost::block
