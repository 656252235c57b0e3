// Lowering: Program -> BlockProgram (see block_program.hpp for what each step buys).
#include <algorithm>
#include <functional>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>
#include <tuple>

#include "engine/compile/block_program.hpp"
#include "engine/compile/program.hpp"
#include "engine/source/text.hpp"

namespace signpost {

const char* bop_name(BOp op) {
  static const char* names[] = {"load", "fill", "neg", "not",  "truth", "add", "sub", "mul", "div",
                                "lt",   "le",   "gt",  "ge",   "eq",    "ne",  "and", "or",  "map",
                                "set_score", "includes", "agg", "band", "select", "round"};
  return names[static_cast<int>(op)];
}

namespace {

constexpr double kI8Max = 126;     // 8-bit lanes hold |v| <= this; INT8_MIN is NA
constexpr double kI16Max = 32000;  // 16-bit lanes hold |v| <= this; INT16_MIN is NA

// An operand of the lowered program: a constant, or a slot.
struct Operand {
  bool is_const = false;
  Interval k;
  uint32_t slot = kNone;
};

// What is known of a slot's values on rows the fast path accepts.
struct Info {
  double mag = 0;         // |v| <= mag, also for every partial sum an aggregate forms
  bool integral = true;   // whole numbers only
  bool may_na = false;    // may be not applicable
};

bool is_cmp(BOp op) { return op >= BOp::lt && op <= BOp::ne; }
bool whole(double x) { return std::isfinite(x) && x == std::floor(x); }

struct Lowerer {
  Lowerer(const Program& prog, const model::Model& model)
      : p(prog), m(model), opnd(prog.slot_count), load_slot(model.items.size(), kNone) {
    bp.items = model.items.size();
    bp.item_unknown = prog.item_unknown;
  }
  const Program& p;
  const model::Model& m;
  BlockProgram bp;
  std::vector<Info> info;
  std::vector<Operand> opnd;  // old slot -> operand
  std::vector<uint32_t> load_slot;  // item -> new slot of its load
  std::map<std::tuple<int, uint8_t, uint32_t, uint32_t, uint32_t, uint64_t>, uint32_t> cse;
  bool has_div = false;

  uint32_t emit(BInstr in, Info i, bool shareable = true) {
    uint64_t bits = 0;
    std::memcpy(&bits, &in.imm, sizeof bits);
    auto key = std::make_tuple(int(in.op), uint8_t(in.flags & kImmB), in.a, in.b, in.c, bits);
    if (shareable) {
      auto it = cse.find(key);
      if (it != cse.end()) return it->second;
    }
    in.dst = uint32_t(info.size());
    info.push_back(i);
    bp.code.push_back(in);
    if (shareable) cse.emplace(key, in.dst);
    return in.dst;
  }

  uint32_t fill(double v) {
    Info i{std::fabs(v), whole(v), std::isnan(v)};
    BInstr in{BOp::fill};
    in.imm = v;
    return emit(in, i);
  }
  uint32_t slot_of(const Operand& o) { return o.is_const ? fill(o.k.lo) : o.slot; }
  // A constant is a point (or NaN) by construction: konst holds points, and folding points gives points.
  static Operand konst(Interval v) { return {true, v, kNone}; }
  Operand slot(uint32_t s) { return {false, {}, s}; }
  bool na(const Operand& o) const { return o.is_const ? o.k.na() : info[o.slot].may_na; }

  Operand truth(const Operand& x) {
    if (x.is_const) return konst(iv::as_bool(x.k));
    if (!info[x.slot].may_na) return x;  // already 0 or 1
    BInstr in{BOp::truth};
    in.a = x.slot;
    in.flags = kNaA;
    return slot(emit(in, {1, true, false}));
  }

  Operand unary(OpCode op, const Operand& a) {
    if (a.is_const) return konst(op == OpCode::neg ? iv::neg(a.k) : iv::not_(a.k));
    BInstr in{op == OpCode::neg ? BOp::neg : BOp::not_};
    in.a = a.slot;
    in.flags = na(a) ? kNaA : 0;
    const Info& ia = info[a.slot];
    Info i = op == OpCode::neg ? ia : Info{1, true, false};
    return slot(emit(in, i));
  }

  static BOp bop(OpCode op) {
    switch (op) {
      case OpCode::and_: return BOp::and_;
      case OpCode::or_: return BOp::or_;
      case OpCode::add: return BOp::add;
      case OpCode::sub: return BOp::sub;
      case OpCode::mul: return BOp::mul;
      case OpCode::div: return BOp::div;
      case OpCode::lt: return BOp::lt;
      case OpCode::le: return BOp::le;
      case OpCode::gt: return BOp::gt;
      case OpCode::ge: return BOp::ge;
      case OpCode::eq: return BOp::eq;
      default: return BOp::ne;
    }
  }

  Operand binary(OpCode op, Operand a, Operand b) {
    if (a.is_const && b.is_const) return konst(apply_binary(op, a.k, b.k));
    if (op == OpCode::and_ || op == OpCode::or_) {
      if (a.is_const) std::swap(a, b);
      if (b.is_const) {
        bool t = iv::as_bool(b.k).lo == 1;  // a constant is true or false, never unknown
        if (op == OpCode::and_) return t ? truth(a) : konst(iv::truth(false));
        return t ? konst(iv::truth(true)) : truth(a);
      }
    }
    BOp o = bop(op);
    if (a.is_const) {
      switch (o) {
        case BOp::add: case BOp::mul: case BOp::eq: case BOp::ne: std::swap(a, b); break;
        case BOp::lt: std::swap(a, b), o = BOp::gt; break;
        case BOp::le: std::swap(a, b), o = BOp::ge; break;
        case BOp::gt: std::swap(a, b), o = BOp::lt; break;
        case BOp::ge: std::swap(a, b), o = BOp::le; break;
        default: a = slot(fill(a.k.lo));  // sub, div: rare enough to materialise
      }
    }
    BInstr in{o};
    in.a = a.slot;
    in.flags = uint8_t((na(a) ? kNaA : 0) | (na(b) ? kNaB : 0));
    if (b.is_const) in.flags |= kImmB, in.imm = b.k.lo;
    else in.b = b.slot;
    const Info& ia = info[a.slot];
    Info ib = b.is_const ? Info{std::fabs(b.k.lo), whole(b.k.lo), b.k.na()} : info[b.slot];
    Info i{1, true, false};
    switch (o) {
      case BOp::add: case BOp::sub: i = {ia.mag + ib.mag, ia.integral && ib.integral, ia.may_na || ib.may_na}; break;
      case BOp::mul: i = {ia.mag * ib.mag, ia.integral && ib.integral, ia.may_na || ib.may_na}; break;
      case BOp::div: i = {iv::kInf, false, true}, has_div = true; break;
      default:
        // Comparisons and logic give 0/1. An immediate compared with 16-bit lanes must be whole.
        if (b.is_const && !whole(b.k.lo)) i.integral = false;
    }
    return slot(emit(in, i));
  }

  // An item's answer: its slot, and what it stands for when its `ask when` is false (the fill
  // value of `counts as ... when not asked`) or undecided.
  void load_item(const Instr& in) {
    BInstr b{BOp::load};
    b.a = in.a;
    b.b = kNone;
    if (m.items[in.a].required) b.flags |= kRequired;
    Info i;
    const model::Scale& sc = m.scales[m.items[in.a].scale];
    Interval u = p.item_unknown[in.a];
    i.mag = std::max(std::fabs(u.lo), std::fabs(u.hi));
    i.integral = sc.kind != model::Scale::Kind::decimal;
    const double f = p.item_unasked[in.a];  // what it counts as when not asked (NaN: NA)
    if (p.item_ignores[in.a]) b.flags |= kIgnored;
    if (in.b != kNone) {
      Operand ask = opnd[in.b];
      if (ask.is_const) {
        if (ask.k.na() || ask.k.hi == 0) b.c = 1, i.may_na = true;  // never asked
      } else {
        b.b = ask.slot;
        b.flags |= na(ask) ? kNaB : 0;
        i.may_na = true;
      }
      if (i.may_na && !std::isnan(f)) {
        b.flags |= kFilled, b.imm = f, i.may_na = false;
        i.mag = std::max(i.mag, std::fabs(f));
        i.integral = i.integral && whole(f);
      }
    }
    uint32_t s = emit(b, i, false);
    load_slot[in.a] = s;
    opnd[in.dst] = slot(s);
  }

  // An option's points (map) or a scored set's (set_score); an option index whose points are its
  // index is the index itself.
  void map_points(const Instr& in) {
    Operand a = opnd[in.a];
    const std::vector<double>& t = p.maps[in.c];
    bool identity = in.op == OpCode::map;
    for (size_t k = 0; identity && k < t.size(); ++k) identity = t[k] == double(k);
    if (identity && !a.is_const) {  // an option index whose points are its index
      opnd[in.dst] = a;
      return;
    }
    BInstr b{in.op == OpCode::map ? BOp::map : BOp::set_score};
    b.a = slot_of(a);
    b.flags = na(a) ? kNaA : 0;
    bp.maps.push_back(t);
    bp.map_ranges.push_back(in.op == OpCode::set_score ? p.map_ranges[in.c] : Interval{});
    b.c = uint32_t(bp.maps.size() - 1);
    Info i{0, true, na(a)};
    for (double x : t) {
      i.mag = in.op == OpCode::map ? std::max(i.mag, std::fabs(x)) : i.mag + std::fabs(x);
      i.integral = i.integral && whole(x);
    }
    opnd[in.dst] = slot(emit(b, i));
  }

  void instr(const Instr& in) {
    switch (in.op) {
      case OpCode::konst: opnd[in.dst] = konst(p.consts[in.a]); return;
      case OpCode::load: return load_item(in);
      case OpCode::map:
      case OpCode::set_score: return map_points(in);
      case OpCode::neg:
      case OpCode::not_: opnd[in.dst] = unary(in.op, opnd[in.a]); return;
      case OpCode::includes: {
        Operand a = opnd[in.a];
        BInstr b{BOp::includes};
        b.a = slot_of(a);
        b.flags = na(a) ? kNaA : 0;
        b.c = in.c;
        opnd[in.dst] = slot(emit(b, {1, true, false}));
        return;
      }
      case OpCode::agg: return aggregate(in);
      case OpCode::select: opnd[in.dst] = select(opnd[in.a], opnd[in.b], opnd[in.c]); return;
      case OpCode::round: opnd[in.dst] = round(opnd[in.a], Rounding(in.c), int(in.b)); return;
      case OpCode::band: {
        Operand a = opnd[in.a];
        BInstr b{BOp::band};
        b.a = slot_of(a);
        b.flags = na(a) ? kNaA : 0;
        bp.bands.push_back(p.bands[in.c]);
        b.c = uint32_t(bp.bands.size() - 1);
        opnd[in.dst] = slot(emit(b, {double(p.bands[in.c].size()), true, na(a)}));
        return;
      }
      default: opnd[in.dst] = binary(in.op, opnd[in.a], opnd[in.b]); return;
    }
  }

  // A decided condition picks its side now; otherwise one select per lane.
  Operand select(const Operand& c, const Operand& a, const Operand& b) {
    if (c.is_const) return iv::as_bool(c.k).lo == 1 ? a : b;
    BInstr in{BOp::select};
    in.a = c.slot;
    in.b = slot_of(a);
    in.c = slot_of(b);
    const Info &ia = info[in.b], &ib = info[in.c];
    return slot(emit(in, {std::max(ia.mag, ib.mag), ia.integral && ib.integral, ia.may_na || ib.may_na}));
  }

  // A whole number rounds to itself, so whole-number lanes never need the operation.
  Operand round(const Operand& a, Rounding rule, int digits) {
    if (a.is_const) return konst(iv::round(a.k, rule, digits));
    const Info& ia = info[a.slot];
    if (ia.integral) return a;
    BInstr in{BOp::round};
    in.a = a.slot;
    in.c = uint32_t(rule);
    in.imm = digits;
    in.flags = na(a) ? kNaA : 0;
    return slot(emit(in, {ia.mag + 1, digits == 0, ia.may_na}));
  }

  void aggregate(const Instr& in) {
    const AggInfo& ai = p.aggs[in.c];
    const model::AggregateSpec& spec = model::aggregate_spec(ai.agg);
    BAgg g{ai.agg, ai.minimum, uint32_t(bp.members.size()), in.b, false, ai.policy, ai.fallback, spec.fold, spec.empty};
    double sum_mag = 0, max_mag = 0;
    bool integral = true, all_may_skip = true;
    for (uint32_t k = 0; k < in.b; ++k) {
      const Member& mem = p.members[in.a + k];
      BMember bm;
      Operand v = opnd[mem.slot];
      bm.src = slot_of(v);
      bm.src_na = na(v);
      bm.item = mem.item;
      uint32_t item = load_slot[mem.item];
      bm.skip = info[item].may_na ? item : kNone;
      bool may_skip = bm.skip != kNone || bm.src_na;
      const BInstr& load = bp.code[item];  // slots are numbered as emitted until reuse_slots
      if ((load.flags & kFilled) && load.b != kNone) bm.filled = true, bm.skip = item;
      g.may_skip = g.may_skip || may_skip;
      all_may_skip = all_may_skip && may_skip;
      const Info& iv = info[bm.src];
      sum_mag += iv.mag, max_mag = std::max(max_mag, iv.mag);
      integral = integral && iv.integral;
      bp.members.push_back(bm);
    }
    bp.aggs.push_back(g);
    BInstr b{BOp::agg};
    b.c = uint32_t(bp.aggs.size() - 1);
    opnd[in.dst] = slot(emit(b, result_info(spec, in.b, sum_mag, max_mag, integral, all_may_skip), false));
  }

  // What an aggregate's lanes hold: its magnitude, whether whole, whether it may be NA.
  static Info result_info(const model::AggregateSpec& spec, uint32_t n, double sum_mag, double max_mag, bool integral,
                          bool all_may_skip) {
    if (spec.yes_no) return {1, true, false};
    switch (spec.fold) {
      case model::Fold::add:
        if (spec.members == model::Members::numbers) return {sum_mag, integral, false};
        return {double(n), true, false};  // a count
      case model::Fold::answered: return {double(n), true, false};
      case model::Fold::mean: return {max_mag, false, all_may_skip};
      case model::Fold::min:
      case model::Fold::max: return {max_mag, integral, all_may_skip};
    }
    return {max_mag, false, true};
  }
  // Fuses a member's single-use comparison with a constant into the aggregate.
  void fuse(std::vector<uint32_t>& uses, std::vector<uint8_t>& dead) {
    std::vector<int> def(info.size(), -1);
    for (size_t k = 0; k < bp.code.size(); ++k) def[bp.code[k].dst] = int(k);
    for (BMember& mem : bp.members) {
      int d = def[mem.src];
      if (mem.test != BOp::fill || d < 0) continue;
      const BInstr& c = bp.code[size_t(d)];
      if (!is_cmp(c.op) || !(c.flags & kImmB)) continue;
      // The member tests c.a itself. The comparison stays only if something else reads it.
      mem.test = c.op;
      mem.imm = c.imm;
      mem.src = c.a;
      mem.src_na = c.flags & kNaA;
      if (--uses[c.dst] == 0) dead[size_t(d)] = 1;
      else ++uses[c.a];
    }
    // count/any/all of one always-asked member that is a test: the test itself (0 or 1).
    for (BInstr& in : bp.code) {
      if (in.op != BOp::agg) continue;
      const BAgg& g = bp.aggs[in.c];
      const BMember& mem = bp.members[g.first];
      bool counting = model::aggregate_spec(g.agg).members == model::Members::tests;
      // Not when unanswered matters (a minimum, a policy): the test alone would not know.
      bool plain = g.minimum == 0 && g.policy == model::Policy::unknown;
      if (g.count != 1 || g.may_skip || !counting || !plain || mem.test == BOp::fill) continue;
      in.op = mem.test;
      in.a = mem.src;
      in.imm = mem.imm;
      in.flags = uint8_t(kImmB | (mem.src_na ? kNaA : 0));
      in.b = in.c = 0;
    }
  }

  // Fusion can leave two identical operations (a one-member count turned into the comparison it
  // counted): keep the first, read it wherever the second was read.
  void merge_repeats(std::vector<uint8_t>& dead) {
    std::vector<uint32_t> same(info.size());
    for (uint32_t k = 0; k < same.size(); ++k) same[k] = k;
    std::map<std::tuple<int, uint8_t, uint32_t, uint32_t, uint32_t, uint64_t>, uint32_t> seen;
    auto fix = [&](uint32_t& x) {
      if (x != kNone) x = same[x];
    };
    for (size_t k = 0; k < bp.code.size(); ++k) {
      BInstr& in = bp.code[k];
      if (dead[k]) continue;
      bool binary = in.op >= BOp::add && in.op <= BOp::or_;
      if (in.op == BOp::agg) {
        const BAgg& g = bp.aggs[in.c];
        for (uint32_t j = 0; j < g.count; ++j) {
          fix(bp.members[g.first + j].src);
          fix(bp.members[g.first + j].skip);
        }
        continue;
      }
      if (in.op == BOp::load) {
        fix(in.b);
        continue;
      }
      if (in.op != BOp::fill) fix(in.a);
      if (binary && !(in.flags & kImmB)) fix(in.b);
      if (in.op == BOp::select) fix(in.b), fix(in.c);
      uint64_t bits = 0;
      std::memcpy(&bits, &in.imm, sizeof bits);
      bool reads_b = (binary && !(in.flags & kImmB)) || in.op == BOp::select;
      auto key = std::make_tuple(int(in.op), in.flags, in.a, reads_b ? in.b : 0u, in.c, bits);
      auto it = seen.find(key);
      if (it == seen.end()) seen.emplace(key, in.dst);
      else same[in.dst] = it->second, dead[k] = 1;
    }
    for (uint32_t& x : bp.value_slot) fix(x);
    for (uint32_t& x : bp.guidance_slot) fix(x);
  }

  // Calls f with every slot `in` reads.
  template <typename F>
  void reads(const BInstr& in, F&& f) const {
    switch (in.op) {
      case BOp::fill: return;
      case BOp::load:
        if (in.b != kNone) f(in.b);
        return;
      case BOp::agg: {
        const BAgg& g = bp.aggs[in.c];
        for (uint32_t k = 0; k < g.count; ++k) {
          const BMember& mem = bp.members[g.first + k];
          f(mem.src);
          if (mem.skip != kNone) f(mem.skip);
        }
        return;
      }
      case BOp::select:
        f(in.a), f(in.b), f(in.c);
        return;
      default:
        f(in.a);
        if (in.op >= BOp::add && in.op <= BOp::or_ && !(in.flags & kImmB)) f(in.b);
    }
  }

  // Each load moves to just before its first reader (an aggregate also needs the loads of the items
  // it counts as answered). The kernels give a blank item two arrays of bounds: with every load
  // first, the 38 items of seed-38 were 600 KB of lanes, past the L2 cache, before the first sum
  // read them; now only the items in use are. Loads write nothing but their slot and the row
  // flags, so their order is free; a load's ask condition is computed before it as before.
  void sink_loads() {
    const size_t n = bp.code.size();
    std::vector<int64_t> load_of_slot(info.size(), -1), load_of_item(bp.items, -1);
    for (size_t k = 0; k < n; ++k)
      if (bp.code[k].op == BOp::load) {
        load_of_slot[bp.code[k].dst] = int64_t(k);
        if (bp.code[k].a < bp.items && load_of_item[bp.code[k].a] < 0) load_of_item[bp.code[k].a] = int64_t(k);
      }
    std::vector<BInstr> code;
    std::vector<uint8_t> placed(n, 0);
    std::function<void(int64_t)> need = [&](int64_t k) {
      if (k < 0 || placed[size_t(k)]) return;
      placed[size_t(k)] = 1;
      const BInstr& in = bp.code[size_t(k)];
      if (in.b != kNone) need(load_of_slot[in.b]);  // its ask condition may be an item
      code.push_back(in);
    };
    for (size_t k = 0; k < n; ++k) {
      const BInstr& in = bp.code[k];
      if (in.op == BOp::load) continue;
      reads(in, [&](uint32_t s) { need(load_of_slot[s]); });
      if (in.op == BOp::agg)
        for (uint32_t j = 0; j < bp.aggs[in.c].count; ++j) {
          uint32_t item = bp.members[bp.aggs[in.c].first + j].item;
          if (item != kNone && item < bp.items) need(load_of_item[item]);
        }
      placed[k] = 1;
      code.push_back(in);
    }
    for (size_t k = 0; k < n; ++k) need(int64_t(k));  // loads only results or row checks read
    bp.code = std::move(code);
  }

  void finish() {
    for (uint32_t s : p.value_slot) bp.value_slot.push_back(slot_of(opnd[s]));
    for (uint32_t s : p.guidance_slot) bp.guidance_slot.push_back(slot_of(opnd[s]));
    remove_dead();
    sink_loads();
    choose_lane();
    reuse_slots();
  }

  // Use counts, then fusion, then liveness from the results and every load.
  void remove_dead() {
    std::vector<uint32_t> uses(info.size(), 0);
    for (const BInstr& in : bp.code) reads(in, [&](uint32_t s) { ++uses[s]; });
    for (uint32_t s : bp.value_slot) ++uses[s];  // a result is a use: never fuse it away
    for (uint32_t s : bp.guidance_slot) ++uses[s];
    std::vector<uint8_t> dead(bp.code.size(), 0);
    fuse(uses, dead);
    merge_repeats(dead);

    std::vector<uint8_t> live(info.size(), 0);
    for (uint32_t s : bp.value_slot) live[s] = 1;
    for (uint32_t s : bp.guidance_slot) live[s] = 1;
    for (size_t k = bp.code.size(); k-- > 0;) {
      const BInstr& in = bp.code[k];
      if (in.op == BOp::load) live[in.dst] = 1;
      if (dead[k] || !live[in.dst]) {
        dead[k] = 1;
        continue;
      }
      reads(in, [&](uint32_t s) { live[s] = 1; });
    }
    std::vector<BInstr> code;
    for (size_t k = 0; k < bp.code.size(); ++k)
      if (!dead[k]) code.push_back(bp.code[k]);
    bp.code = std::move(code);
  }

  // The lane type: the narrowest whole-number lanes every value, constant and partial sum fits,
  // with the type's minimum left free for NA; doubles when a value may not be whole.
  void choose_lane() {
    double widest = 0;
    std::string why;
    auto note = [&](bool ok, const std::string& reason) {
      if (!ok && why.empty()) why = reason;
    };
    auto constant = [&](double x) {
      note(whole(x), "a constant that is not a whole number");
      widest = std::max(widest, std::fabs(x));
    };
    for (const BInstr& in : bp.code) {
      const Info& i = info[in.dst];
      note(in.op != BOp::div, "a division");
      note(i.integral, std::string("a value that may not be a whole number (") + bop_name(in.op) + ")");
      widest = std::max(widest, i.mag);
      if ((in.flags & kImmB) || in.op == BOp::fill) constant(in.imm);
      if (in.op == BOp::agg)
        for (uint32_t k = 0; k < bp.aggs[in.c].count; ++k) {
          const BMember& mem = bp.members[bp.aggs[in.c].first + k];
          if (mem.test != BOp::fill) constant(mem.imm);
        }
    }
    if (!why.empty()) bp.lane = Lane::f64, bp.why_f64 = why;
    else if (widest <= kI8Max) bp.lane = Lane::i8;
    else if (widest <= kI16Max) bp.lane = Lane::i16;
    else bp.lane = Lane::f64, bp.why_f64 = "values that may not fit in 16 bits";
  }

  // Slot reuse: a slot is free once its last reader has run. Results stay to the end.
  void reuse_slots() {
    const uint32_t kForever = 0xFFFFFFFFu;
    std::vector<uint32_t> last(info.size(), 0);
    for (size_t k = 0; k < bp.code.size(); ++k) {
      last[bp.code[k].dst] = uint32_t(k);  // a slot nobody reads is free right after it is written
      reads(bp.code[k], [&](uint32_t s) { last[s] = uint32_t(k); });
    }
    for (uint32_t s : bp.value_slot) last[s] = kForever;
    for (uint32_t s : bp.guidance_slot) last[s] = kForever;
    std::vector<uint32_t> phys(info.size(), kNone), free_list;
    uint32_t count = 0;
    for (size_t k = 0; k < bp.code.size(); ++k) {
      BInstr& in = bp.code[k];
      uint32_t d;
      if (!free_list.empty()) d = free_list.back(), free_list.pop_back();
      else d = count++;
      phys[in.dst] = d;
      // Free the operands read here for the last time (after choosing dst: no aliasing).
      std::vector<uint32_t> done;
      reads(in, [&](uint32_t s) {
        if (last[s] == k && std::find(done.begin(), done.end(), s) == done.end()) done.push_back(s);
      });
      if (last[in.dst] == k) done.push_back(in.dst);
      for (uint32_t s : done) free_list.push_back(phys[s]);
    }
    auto rename = [&](uint32_t& s) { s = phys[s]; };
    for (BInstr& in : bp.code) {
      if (in.op == BOp::agg) {
        const BAgg& g = bp.aggs[in.c];
        for (uint32_t k = 0; k < g.count; ++k) {
          BMember& mem = bp.members[g.first + k];
          rename(mem.src);
          if (mem.skip != kNone) rename(mem.skip);
        }
      } else if (in.op == BOp::load) {
        if (in.b != kNone) rename(in.b);
      } else if (in.op == BOp::select) {
        rename(in.a), rename(in.b), rename(in.c);
      } else if (in.op != BOp::fill) {
        rename(in.a);
        if (in.op >= BOp::add && in.op <= BOp::or_ && !(in.flags & kImmB)) rename(in.b);
      }
      rename(in.dst);
    }
    for (uint32_t& s : bp.value_slot) rename(s);
    for (uint32_t& s : bp.guidance_slot) rename(s);
    bp.slot_count = count;
  }
};

}  // namespace

BlockProgram lower(const Program& p, const model::Model& m) {
  Lowerer l(p, m);
  for (const Instr& in : p.code) l.instr(in);
  l.finish();
  return std::move(l.bp);
}

std::string disassemble(const BlockProgram& bp, const model::Model& m) {
  std::ostringstream out;
  out << "; fast path: " << bp.code.size() << " instructions, " << bp.slot_count << " slots, "
      << (bp.lane == Lane::i8    ? "8-bit lanes"
          : bp.lane == Lane::i16 ? "16-bit lanes"
                                 : "double lanes (" + bp.why_f64 + ")")
      << "\n";
  auto num = [](double x) { return std::isnan(x) ? std::string("n/a") : format_number(x); };
  for (const BInstr& in : bp.code) {
    out << "r" << in.dst << " = " << bop_name(in.op);
    switch (in.op) {
      case BOp::load:
        out << " " << m.items[in.a].id;
        if (in.c) out << " never asked";
        else if (in.b != kNone) out << " if r" << in.b;
        if (in.flags & kFilled) out << " else " << num(in.imm);
        if (in.flags & kIgnored) out << " ignoring answers when not asked";
        break;
      case BOp::fill: out << " " << num(in.imm); break;
      case BOp::agg: {
        const BAgg& g = bp.aggs[in.c];
        out << " " << model::agg_name(g.agg) << "(";
        for (uint32_t k = 0; k < g.count; ++k) {
          const BMember& mem = bp.members[g.first + k];
          if (k) out << ", ";
          out << "r" << mem.src;
          if (mem.test != BOp::fill) out << " " << bop_name(mem.test) << " " << num(mem.imm);
          if (mem.filled) out << " answered unless r" << mem.skip << " open";
          else if (mem.skip != kNone) out << " unless r" << mem.skip << " n/a";
        }
        out << ")";
        if (g.minimum) out << " minimum " << g.minimum;
        break;
      }
      case BOp::includes: out << " r" << in.a << " bit " << in.c; break;
      case BOp::select: out << " r" << in.a << " ? r" << in.b << " : r" << in.c; break;
      case BOp::round: out << " r" << in.a << " rule " << in.c << " decimals " << num(in.imm); break;
      case BOp::map:
      case BOp::set_score:
      case BOp::band: out << " r" << in.a << " #" << in.c; break;
      default:
        out << " r" << in.a;
        if (in.op >= BOp::add && in.op <= BOp::or_) out << ", " << ((in.flags & kImmB) ? num(in.imm) : "r" + std::to_string(in.b));
    }
    out << "\n";
  }
  for (size_t v = 0; v < bp.value_slot.size(); ++v) out << "; let " << m.values[v].id << " = r" << bp.value_slot[v] << "\n";
  for (size_t g = 0; g < bp.guidance_slot.size(); ++g)
    out << "; guidance " << m.guidance[g].id << " = r" << bp.guidance_slot[g] << "\n";
  return out.str();
}

}  // namespace signpost
