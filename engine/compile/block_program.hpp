// The program lowered for the fast path: what the evaluator runs when every answer a row needs is
// given (or not asked), so that every value is a plain number instead of an interval.
//
// lower() takes a Program and
//   - folds constants (operations on constants are evaluated with the interval functions, so the
//     result is what `run` would compute), and turns a constant operand into an immediate;
//   - drops identity maps (an option index whose points are 0, 1, 2, ...);
//   - merges repeated computations (the same operation on the same operands);
//   - fuses an aggregate's member tests into the aggregate: count(x where answer >= often) reads
//     x once per member instead of materialising a yes/no column per member;
//   - removes everything no value, guidance or answer check needs;
//   - picks the lane type: whole numbers in 8 or 16 bits when every value provably is one and
//     fits (32 or 16 rows per 256-bit vector operation), doubles otherwise;
//   - reuses slots once their last reader has run, so a block's working set stays in cache.
//
// Semantics are those of `run` restricted to such rows: a value is a number or not applicable
// (NA: NaN for doubles, the type's minimum for whole-number lanes); yes/no values are 0 and 1; not-asked members
// drop out of aggregates. Unanswered items are intervals: where a block holds one, the kernels carry
// a second array of upper bounds for each slot it reaches (block_kernels.inc), with `run`'s interval
// rules. What the lanes cannot express (an aggregate's `skip`/`prorate` policy with unanswered
// members, a fallback range that does not fit the lanes) makes the row "bail": the evaluator then
// computes that row with `run`.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/compile/program.hpp"

namespace signpost {

enum class Lane : uint8_t { i8, i16, f64 };

enum class BOp : uint8_t {
  load,       // s[dst] = cell of item a; b = ask slot (kNone: always asked). c = 1: never asked.
              //          kFilled: a not-asked row holds imm (`counts as`) instead of NA
  fill,       // s[dst] = imm
  neg,        // s[dst] = -s[a]
  not_,       // s[dst] = not s[a]  (NA counts as false)
  truth,      // s[dst] = s[a] as yes/no (NA counts as false)
  add, sub, mul, div,
  lt, le, gt, ge, eq, ne,  // 0/1; false when either side is NA
  and_, or_,  // 0/1; NA counts as false
  map,        // s[dst] = maps[c][s[a]]
  set_score,  // s[dst] = sum of maps[c] over the options selected in s[a]
  includes,   // s[dst] = option bit c of s[a]
  agg,        // s[dst] = aggs[c]
  band,       // s[dst] = row of bands[c] that s[a] falls in; bails when in none
  select,     // s[dst] = s[a] == 1 ? s[b] : s[c]  (NA counts as false)
  round,      // s[dst] = round_to(s[a], Rounding(c), imm decimals); only on double lanes
};
const char* bop_name(BOp op);

// Instruction flags.
constexpr uint8_t kImmB = 1;  // operand b is `imm`, not a slot
constexpr uint8_t kNaA = 2;   // operand a may be NA
constexpr uint8_t kNaB = 4;   // operand b may be NA
constexpr uint8_t kRequired = 8;  // load: the item is required (an unanswered row is checked by `run`)
constexpr uint8_t kFilled = 16;   // load: not asked counts as imm; rows where asking is undecided bail
constexpr uint8_t kIgnored = 32;  // load: an answer to a not-asked item is dropped, not flagged (A006)

struct BInstr {
  BOp op;
  uint8_t flags = 0;
  uint32_t dst = 0, a = 0, b = 0, c = 0;
  double imm = 0;
};

// One member of an aggregate: the value `test(s[src], imm)`, or s[src] itself when test is fill.
// The member drops out when s[skip] is NA (its item was not asked; kNone: always asked) or when
// its value is NA.
struct BMember {
  uint32_t src = 0, skip = kNone;
  uint32_t item = kNone;  // the model item it stands for (whether it was answered)
  BOp test = BOp::fill;
  bool src_na = false;  // s[src] may be NA
  // Its item counts as answered when not asked (`counts as`): s[skip] is then its load, never NA,
  // and only its asked blank cells (load bounds apart) are unanswered.
  bool filled = false;
  double imm = 0;
};

struct BAgg {
  model::Agg agg = model::Agg::sum;
  uint32_t minimum = 0;
  uint32_t first = 0, count = 0;  // members[first .. first+count)
  bool may_skip = false;          // some member may drop out
  model::Policy policy = model::Policy::unknown;
  Interval fallback;              // the result when fewer than `minimum` were answered (as in AggInfo)
  // From the aggregate's row in check/functions.hpp: the kernels switch on these, never on `agg`.
  model::Fold fold = model::Fold::add;
  model::Empty empty = model::Empty::zero;
};

struct BlockProgram {
  Lane lane = Lane::f64;
  std::vector<BInstr> code;
  std::vector<BMember> members;
  std::vector<BAgg> aggs;
  std::vector<std::vector<double>> maps;
  std::vector<Interval> map_ranges;  // per map: set_score's range for an unknown selection
  std::vector<std::vector<BandBound>> bands;
  std::vector<Interval> item_unknown;  // per item: what it could be when unanswered
  uint32_t slot_count = 0;
  // Where results are found after a run; a constant result is a slot filled by a `fill`.
  std::vector<uint32_t> value_slot, guidance_slot;
  size_t items = 0;
  std::string why_f64;  // why whole-number lanes were not possible (for disassemble and tests)
};

BlockProgram lower(const Program& p, const model::Model& m);
std::string disassemble(const BlockProgram& bp, const model::Model& m);

}  // namespace signpost
