// Which instructions depend on each item: what must run again when only that item's answer
// changes (the report's "which unanswered questions could settle this guidance" tries each
// answer of an item in turn; see OpenQuestions and `rerun`).
#include "engine/compile/program.hpp"

namespace signpost {

namespace {

// Calls f(slot) for each slot instruction `in` reads (a load's item answer is not a slot).
template <class F>
void inputs(const Program& p, const Instr& in, F&& f) {
  switch (in.op) {
    case OpCode::konst: break;
    case OpCode::load:
      if (in.b != kNone) f(in.b);
      break;
    case OpCode::map:
    case OpCode::set_score:
    case OpCode::neg:
    case OpCode::not_:
    case OpCode::includes:
    case OpCode::round:
    case OpCode::band: f(in.a); break;
    case OpCode::select: f(in.a), f(in.b), f(in.c); break;
    case OpCode::agg:
      for (uint32_t k = 0; k < in.b; ++k) f(p.members[in.a + k].slot);
      break;
    default: f(in.a), f(in.b);
  }
}

}  // namespace

void index_dependents(Program& p) {
  // A bound on the index (entries of 4 bytes): past it, re-running everything is the fallback.
  constexpr size_t kMaxEntries = size_t(1) << 22;
  const size_t items = p.item_slot.size();
  std::vector<uint8_t> dirty_slot(p.slot_count), dirty_item(items);
  p.dependents_begin.assign(1, 0);
  for (size_t item = 0; item < items; ++item) {
    std::fill(dirty_slot.begin(), dirty_slot.end(), 0);
    std::fill(dirty_item.begin(), dirty_item.end(), 0);
    for (uint32_t k = 0; k < p.run_code.size(); ++k) {
      const Instr& in = p.run_code[k];
      bool dirty = in.op == OpCode::load && in.a == item;
      inputs(p, in, [&](uint32_t s) { dirty |= dirty_slot[s] != 0; });
      // An aggregate also reads its members' item states (asked, answered), set by their loads.
      if (!dirty && in.op == OpCode::agg)
        for (uint32_t m = 0; m < in.b && !dirty; ++m) dirty = dirty_item[p.members[in.a + m].item] != 0;
      if (!dirty) continue;
      dirty_slot[in.dst] = 1;
      if (in.op == OpCode::load) dirty_item[in.a] = 1;
      p.dependents.push_back(k);
    }
    if (p.dependents.size() > kMaxEntries) {
      p.dependents.clear();
      p.dependents_begin.clear();
      return;
    }
    p.dependents_begin.push_back(uint32_t(p.dependents.size()));
  }
}

}  // namespace signpost
