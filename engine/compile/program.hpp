// The compiled form: a flat list of instructions over numbered slots. Immutable once built.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/check/interval.hpp"
#include "engine/check/model.hpp"

namespace signpost {

// One comment per opcode, as in Lua's lopcodes.h. Every slot holds an Interval (see interval.hpp).
enum class OpCode : uint8_t {
  konst,      // s[dst] = consts[a]
  load,       // s[dst] = answer to item a, its unknown range if unanswered, NaN if not asked (or
              //          item_unasked[a]); b = slot of its `ask when` condition, or kNone
  map,        // s[dst] = maps[c][option index in s[a]]   (points, or the scale's numbers)
  set_score,  // s[dst] = sum of maps[c] over the options selected in s[a]
  neg,        // s[dst] = -s[a]
  not_,       // s[dst] = not s[a]
  and_,       // s[dst] = s[a] and s[b]  (three-valued)
  or_,        // s[dst] = s[a] or s[b]   (three-valued)
  add,        // s[dst] = s[a] + s[b]
  sub,        // s[dst] = s[a] - s[b]
  mul,        // s[dst] = s[a] * s[b]
  div,        // s[dst] = s[a] / s[b]
  lt,         // s[dst] = s[a] <  s[b]
  le,         // s[dst] = s[a] <= s[b]
  gt,         // s[dst] = s[a] >  s[b]
  ge,         // s[dst] = s[a] >= s[b]
  eq,         // s[dst] = s[a] == s[b]
  ne,         // s[dst] = s[a] != s[b]
  includes,   // s[dst] = option bit c is selected in s[a]
  agg,        // s[dst] = aggs[c] over members[a .. a+b)
  band,       // s[dst] = row of bands[c] that s[a] falls in
  select,     // s[dst] = s[b] if s[a] is true, s[c] if false; both sides' values when undecided
  round,      // s[dst] = s[a] rounded by Rounding(c) to b decimals (round_to, interval.hpp)
};
const char* opcode_name(OpCode op);

// The binary opcodes, and_ to ne: OpCode::X is the interval operation iv::X. The one list of
// them, expanded by the evaluator's loop and by apply_binary.
#define SIGNPOST_BINARY_OPS(X) X(and_) X(or_) X(add) X(sub) X(mul) X(div) X(lt) X(le) X(gt) X(ge) X(eq) X(ne)

// The interval operation of a binary opcode (for folding constants); not applicable for any other.
inline Interval apply_binary(OpCode op, Interval a, Interval b) {
#define SIGNPOST_APPLY(X) \
  case OpCode::X: return iv::X(a, b);
  switch (op) {
    SIGNPOST_BINARY_OPS(SIGNPOST_APPLY)
    default: return iv::na();
  }
#undef SIGNPOST_APPLY
}

constexpr uint32_t kNone = 0xFFFFFFFFu;
struct BlockProgram;  // block_program.hpp

struct Instr {
  OpCode op;
  uint32_t dst = 0, a = 0, b = 0, c = 0;
};

struct AggInfo {
  model::Agg agg;
  model::Policy policy;
  uint32_t minimum = 0;
  Interval fallback;  // the result when too few answers: everything it could be
};

struct Member {
  uint32_t slot, item;
};

struct BandBound {
  double lo, hi;
  bool hi_inclusive;
};

struct Program {
  std::vector<Instr> code;
  std::vector<Interval> consts;
  std::vector<std::vector<double>> maps;
  std::vector<Interval> map_ranges;  // set_score: the range of an unknown selection
  std::vector<AggInfo> aggs;
  std::vector<Member> members;
  std::vector<std::vector<BandBound>> bands;
  uint32_t slot_count = 0;

  std::vector<uint32_t> item_slot, value_slot, guidance_slot;
  // Per guidance, per step: the slot of the step's `only when` condition, kNone for a plain step.
  // The fast path (block_program) leaves them out: only the reports, which run `run`, show steps.
  std::vector<std::vector<uint32_t>> step_slot;
  std::vector<uint32_t> property_slot;  // each property's condition, kNone without one
  std::vector<Interval> item_unknown;  // what an unanswered item could be
  std::vector<uint32_t> item_ask_slot;  // kNone when always asked
  // What a not-asked item counts as (`counts as ... when not asked`, encoded), NaN: not applicable.
  std::vector<double> item_unasked;
  std::vector<uint8_t> item_ignores;  // `answer ignored when not asked`: no A006

  // Slot of each typed expression node, for explanations after evaluation (not used by the loop).
  std::unordered_map<const model::TExpr*, uint32_t> node_slot;

  // The same program lowered for the fast path (block_program.hpp), built by compile().
  std::shared_ptr<const BlockProgram> fast;

  // For `run`: the instructions other than konst, and the konst slots, which an Evaluation fills
  // once for a program (identified by `id`, unique per compile()).
  std::vector<Instr> run_code;
  std::vector<std::pair<uint32_t, Interval>> konsts;
  uint64_t id = 0;
  // Per item, the indices into run_code of the instructions that read its answer, directly or
  // not, in order: dependents[dependents_begin[i] .. dependents_begin[i+1]). Empty when the
  // rule set is too large to index (re-run everything then). See `rerun`.
  std::vector<uint32_t> dependents, dependents_begin;
};

// Compile stage: the checked model -> a flat program. The model must outlive the program.
// `properties`: also compute the properties' conditions (for verify; evaluation never needs them).
Program compile(const model::Model& m, bool properties = false);

// Fills Program::dependents (compile/dependents.cpp); compile() calls it.
void index_dependents(Program& p);

// Whether step `k` of guidance `g` is shown, from the slots of an evaluation: its guidance fired
// (checked by the caller) and its condition, if any, is true.
inline bool step_shown(const Program& p, const std::vector<Interval>& slots, size_t g, size_t k) {
  uint32_t s = p.step_slot[g][k];
  return s == kNone || (!slots[s].na() && slots[s].lo == 1);
}

// One instruction per line, for reading and golden tests.
std::string disassemble(const Program& p, const model::Model& m);

}  // namespace signpost
