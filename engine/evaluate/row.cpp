// One response on the fast path: the lowered program (compile/block_program.hpp) over plain
// doubles, with `run` for the rows that need intervals.
#include <cmath>
#include <limits>

#include "engine/compile/block_program.hpp"
#include "engine/evaluate/batch.hpp"

namespace signpost {
namespace {

constexpr double kNA = std::numeric_limits<double>::quiet_NaN();
inline bool na(double x) { return x != x; }

inline double compare(BOp op, double x, double y) {
  switch (op) {
    case BOp::lt: return x < y;
    case BOp::le: return x <= y;
    case BOp::gt: return x > y;
    case BOp::ge: return x >= y;
    case BOp::eq: return x == y;
    default: return (x < y) | (y < x);  // ne: false when either is NaN
  }
}

inline uint64_t mask_bits(double v) { return v >= 0 && v < 18446744073709551616.0 ? uint64_t(v) : 0; }

double aggregate(const BlockProgram& bp, const BAgg& g, const double* s, bool& bail) {
  using model::Agg;
  const BMember* mem = bp.members.data() + g.first;
  double acc = (g.agg == Agg::min || g.agg == Agg::all) ? INFINITY : (g.agg == Agg::max || g.agg == Agg::any) ? -INFINITY : 0;
  uint32_t asked = 0;
  for (uint32_t k = 0; k < g.count; ++k) {
    const BMember& mb = mem[k];
    double x = s[mb.src];
    if (g.may_skip) {
      if ((mb.skip != kNone && na(s[mb.skip])) || (mb.test == BOp::fill && mb.src_na && na(x))) continue;
    }
    ++asked;
    if (mb.test != BOp::fill) x = compare(mb.test, x, mb.imm);
    switch (g.agg) {
      case Agg::min:
      case Agg::all: acc = x < acc ? x : acc; break;
      case Agg::max:
      case Agg::any: acc = acc < x ? x : acc; break;
      case Agg::answered: break;
      default: acc += x;
    }
  }
  if (g.agg == Agg::answered) return double(asked);
  if (asked == 0) {
    switch (g.agg) {
      case Agg::sum:
      case Agg::count:
      case Agg::any: return 0;
      case Agg::all: return 1;
      default: return kNA;
    }
  }
  if (asked < g.minimum) bail = true;
  return g.agg == Agg::mean ? acc / double(asked) : acc;
}

// Runs the lowered program on one row. False: the row needs intervals.
bool point_row(const BlockProgram& bp, const double* row, double* s, bool& flag) {
  bool bail = false;
  for (const BInstr& in : bp.code) {
    double& d = s[in.dst];
    switch (in.op) {
      case BOp::load: {
        double x = row[in.a];
        if (!in.c && (in.b == kNone || s[in.b] == 1)) {
          if (na(x)) return false;  // asked, not answered
          d = x;
        } else {
          d = kNA;
          flag |= !na(x);
        }
        break;
      }
      case BOp::fill: d = in.imm; break;
      case BOp::neg: d = na(s[in.a]) ? s[in.a] : -s[in.a]; break;
      case BOp::not_: d = s[in.a] != 1; break;
      case BOp::truth: d = s[in.a] == 1; break;
      case BOp::map: {
        double x = s[in.a];
        const std::vector<double>& t = bp.maps[in.c];
        d = na(x) ? x : (x >= 0 && x < double(t.size()) ? t[size_t(x)] : 0);
        break;
      }
      case BOp::set_score: {
        double x = s[in.a];
        if (na(x)) {
          d = x;
          break;
        }
        uint64_t bits = mask_bits(x);
        double t = 0;
        const std::vector<double>& table = bp.maps[in.c];
        for (size_t k = 0; k < table.size() && k < 64; ++k)
          if ((bits >> k) & 1u) t += table[k];
        d = t;
        break;
      }
      case BOp::includes: d = na(s[in.a]) || in.c >= 64 ? 0 : double((mask_bits(s[in.a]) >> in.c) & 1u); break;
      case BOp::band: {
        double x = s[in.a];
        if (na(x)) {
          d = x;
          break;
        }
        int found = -1;
        const std::vector<BandBound>& rows = bp.bands[in.c];
        for (size_t k = 0; k < rows.size() && found < 0; ++k)
          if (x >= rows[k].lo && (rows[k].hi_inclusive ? x <= rows[k].hi : x < rows[k].hi)) found = int(k);
        if (found < 0) return false;
        d = found;
        break;
      }
      case BOp::agg:
        d = aggregate(bp, bp.aggs[in.c], s, bail);
        if (bail) return false;
        break;
      default: {
        double x = s[in.a], y = (in.flags & kImmB) ? in.imm : s[in.b];
        switch (in.op) {
          case BOp::add: d = x + y; break;
          case BOp::sub: d = x - y; break;
          case BOp::mul: d = x * y; break;
          case BOp::div: d = y == 0 ? kNA : x / y; break;
          case BOp::and_: d = (x == 1) & (y == 1); break;
          case BOp::or_: d = (x == 1) | (y == 1); break;
          default: d = compare(in.op, x, y);
        }
      }
    }
  }
  return true;
}

}  // namespace

void run_row(const model::Model& m, const Program& p, const double* row, RowResult& out) {
  const BlockProgram& bp = *p.fast;
  out.values.resize(p.value_slot.size());
  out.guidance.resize(p.guidance_slot.size());
  out.errors.clear();
  out.slots.resize(bp.slot_count);
  double* s = out.slots.data();
  bool flag = false;
  if (point_row(bp, row, s, flag) && !flag) {
    for (size_t v = 0; v < bp.value_slot.size(); ++v) {
      double x = s[bp.value_slot[v]];
      out.values[v] = {x, x};
    }
    for (size_t g = 0; g < bp.guidance_slot.size(); ++g)
      out.guidance[g] = s[bp.guidance_slot[g]] == 1 ? Outcome::fired : Outcome::not_fired;
    return;
  }
  out.answers.assign(row, row + bp.items);
  run(p, out.answers, out.fallback);
  for (size_t v = 0; v < p.value_slot.size(); ++v) out.values[v] = out.fallback.slots[p.value_slot[v]];
  for (size_t g = 0; g < p.guidance_slot.size(); ++g) out.guidance[g] = outcome(out.fallback.slots[p.guidance_slot[g]]);
  out.errors = dynamic_errors(m, p, out.answers, out.fallback);
}

}  // namespace signpost
