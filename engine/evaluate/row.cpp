// One response on the fast path: the lowered program (compile/block_program.hpp) over plain
// doubles, with `run` for the rows that need intervals.
#include <cmath>
#include <cstring>
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

double aggregate(const RowProgram& rp, const BAgg& g, const double* s, bool& bail) {
  using model::Agg;
  const BMember* mem = rp.members.data() + g.first;
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

template <BOp O>
double count_run(const double* x, uint32_t n, double k) {
  int64_t t = 0;  // a count: whole numbers, added without a chain of floating-point latencies
  for (uint32_t i = 0; i < n; ++i) t += compare(O, x[i], k) != 0;
  return double(t);
}

// A sum of whole numbers (below 2^53): exact in any order, so four running sums.
double sum_whole(const double* x, uint32_t n) {
  double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
  uint32_t i = 0;
  for (; i + 4 <= n; i += 4) t0 += x[i], t1 += x[i + 1], t2 += x[i + 2], t3 += x[i + 3];
  for (; i < n; ++i) t0 += x[i];
  return (t0 + t1) + (t2 + t3);
}

// Runs the one-row program. False: the row needs intervals. `flag`: it may break an answer rule.
bool point_row(const BlockProgram& bp, const double* row, double* s, bool& flag) {
  const RowProgram& rp = bp.row;
  const size_t items = bp.items;
  if (items > 0) std::memcpy(s, row, items * sizeof(double));  // row may be null when there are no items
  // Any blank (NaN) answer? x * 0 is NaN for NaN and 0 otherwise; four running sums keep the
  // additions independent.
  double z0 = 0, z1 = 0, z2 = 0, z3 = 0;
  size_t i4 = 0;
  for (; i4 + 4 <= items; i4 += 4) z0 += row[i4] * 0, z1 += row[i4 + 1] * 0, z2 += row[i4 + 2] * 0, z3 += row[i4 + 3] * 0;
  for (; i4 < items; ++i4) z0 += row[i4] * 0;
  const bool any_blank = na(z0 + z1 + z2 + z3);
  if (any_blank)  // a blank is fine only where the item may be skipped; its `ask` decides
    for (size_t i = 0; i < items; ++i)
      if (na(row[i]) && !rp.conditional[i]) return false;
  bool bail = false;
  // Direct threading: each operation ends in its own jump to the next, which predicts far better
  // than one shared switch (GCC and Clang's labels-as-values).
  static const void* const labels[] = {
      &&l_ask, &&l_fill, &&l_neg, &&l_not, &&l_truth, &&l_add, &&l_sub, &&l_mul, &&l_div, &&l_lt, &&l_le, &&l_gt,
      &&l_ge, &&l_eq, &&l_ne, &&l_and, &&l_or, &&l_add_k, &&l_sub_k, &&l_mul_k, &&l_div_k, &&l_lt_k, &&l_le_k,
      &&l_gt_k, &&l_ge_k, &&l_eq_k, &&l_ne_k, &&l_map, &&l_set_score, &&l_includes, &&l_band, &&l_and_01,
      &&l_or_01, &&l_not_01, &&l_sum_run, &&l_count_run, &&l_agg, &&l_select, &&l_round};
  static_assert(sizeof labels / sizeof labels[0] == size_t(ROp::round) + 1, "one label per operation, in order");
  const RInstr* ip = rp.code.data();
  const RInstr* const end = ip + rp.code.size();
#define D s[ip->dst]
#define A s[ip->a]
#define B s[ip->b]
#define K ip->imm
#define NEXT                     \
  do {                           \
    if (++ip == end) return true; \
    goto* labels[int(ip->op)];   \
  } while (0)
  if (ip == end) return true;
  goto* labels[int(ip->op)];
l_ask: {
  double x = D;  // the answer
  if (!ip->c && (ip->a == kNone || A == 1)) {
    if (na(x)) return false;  // asked, not answered
  } else {
    D = kNA;
    flag |= !na(x);
  }
  NEXT;
}
l_fill: D = K; NEXT;
l_neg: D = na(A) ? A : -A; NEXT;
l_not: D = A != 1; NEXT;
l_truth: D = A == 1; NEXT;
l_add: D = A + B; NEXT;
l_sub: D = A - B; NEXT;
l_mul: D = A * B; NEXT;
l_div: D = B == 0 ? kNA : A / B; NEXT;
l_lt: D = A < B; NEXT;
l_le: D = A <= B; NEXT;
l_gt: D = A > B; NEXT;
l_ge: D = A >= B; NEXT;
l_eq: D = A == B; NEXT;
l_ne: D = (A < B) | (B < A); NEXT;
l_and: D = (A == 1) & (B == 1); NEXT;
l_or: D = (A == 1) | (B == 1); NEXT;
l_add_k: D = A + K; NEXT;
l_sub_k: D = A - K; NEXT;
l_mul_k: D = A * K; NEXT;
l_div_k: D = K == 0 ? kNA : A / K; NEXT;
l_lt_k: D = A < K; NEXT;
l_le_k: D = A <= K; NEXT;
l_gt_k: D = A > K; NEXT;
l_ge_k: D = A >= K; NEXT;
l_eq_k: D = A == K; NEXT;
l_ne_k: D = (A < K) | (K < A); NEXT;
l_map: {
  double x = A;
  const std::vector<double>& t = bp.maps[ip->c];
  D = na(x) ? x : (x >= 0 && x < double(t.size()) ? t[size_t(x)] : 0);
  NEXT;
}
l_set_score: {
  double x = A;
  if (!na(x)) {
    uint64_t bits = mask_bits(x);
    double t = 0;
    const std::vector<double>& table = bp.maps[ip->c];
    for (size_t k = 0; k < table.size() && k < 64; ++k)
      if ((bits >> k) & 1u) t += table[k];
    x = t;
  }
  D = x;
  NEXT;
}
l_includes: D = na(A) || ip->c >= 64 ? 0 : double((mask_bits(A) >> ip->c) & 1u); NEXT;
l_band: {
  double x = A;
  if (!na(x)) {
    int found = -1;
    const std::vector<BandBound>& rows = bp.bands[ip->c];
    for (size_t k = 0; k < rows.size() && found < 0; ++k)
      if (x >= rows[k].lo && (rows[k].hi_inclusive ? x <= rows[k].hi : x < rows[k].hi)) found = int(k);
    if (found < 0) return false;
    x = found;
  }
  D = x;
  NEXT;
}
l_and_01: D = A < B ? A : B; NEXT;
l_or_01: D = A < B ? B : A; NEXT;
l_not_01: D = 1 - A; NEXT;
l_sum_run: {
  const double* x = &A;
  if (ip->c) {
    D = sum_whole(x, ip->b);
  } else {
    double t = 0;  // in member order, as `run` adds them
    for (uint32_t k = 0; k < ip->b; ++k) t += x[k];
    D = t;
  }
  NEXT;
}
l_count_run:
  switch (ip->test) {
    case BOp::lt: D = count_run<BOp::lt>(&A, ip->b, K); break;
    case BOp::le: D = count_run<BOp::le>(&A, ip->b, K); break;
    case BOp::gt: D = count_run<BOp::gt>(&A, ip->b, K); break;
    case BOp::ge: D = count_run<BOp::ge>(&A, ip->b, K); break;
    case BOp::eq: D = count_run<BOp::eq>(&A, ip->b, K); break;
    default: D = count_run<BOp::ne>(&A, ip->b, K); break;
  }
  NEXT;
l_agg:
  D = aggregate(rp, rp.aggs[ip->c], s, bail);
  if (bail) return false;
  NEXT;
l_select: D = A == 1 ? B : s[ip->c]; NEXT;
l_round: D = round_to(A, Rounding(ip->c), int(K)); NEXT;
#undef D
#undef A
#undef B
#undef K
#undef NEXT
}

}  // namespace

void run_row(const model::Model& m, const Program& p, const double* row, RowResult& out) {
  if (!p.fast) {  // a program not made by compile(): the reference path only
    out.values.resize(p.value_slot.size());
    out.guidance.resize(p.guidance_slot.size());
    out.answers.assign(row, row + p.item_slot.size());
    run(p, out.answers, out.fallback);
    for (size_t v = 0; v < p.value_slot.size(); ++v) out.values[v] = out.fallback.slots[p.value_slot[v]];
    for (size_t g = 0; g < p.guidance_slot.size(); ++g) out.guidance[g] = outcome(out.fallback.slots[p.guidance_slot[g]]);
    out.errors = dynamic_errors(m, p, out.answers, out.fallback);
    return;
  }
  const BlockProgram& bp = *p.fast;
  const RowProgram& rp = bp.row;
  out.values.resize(p.value_slot.size());
  out.guidance.resize(p.guidance_slot.size());
  out.errors.clear();
  out.slots.resize(rp.slot_count);
  double* s = out.slots.data();
  bool flag = false;
  if (point_row(bp, row, s, flag) && !flag) {
    for (size_t v = 0; v < rp.value_slot.size(); ++v) {
      double x = s[rp.value_slot[v]];
      out.values[v] = {x, x};
    }
    for (size_t g = 0; g < rp.guidance_slot.size(); ++g)
      out.guidance[g] = s[rp.guidance_slot[g]] == 1 ? Outcome::fired : Outcome::not_fired;
    return;
  }
  out.answers.assign(row, row + bp.items);
  run(p, out.answers, out.fallback);
  for (size_t v = 0; v < p.value_slot.size(); ++v) out.values[v] = out.fallback.slots[p.value_slot[v]];
  for (size_t g = 0; g < p.guidance_slot.size(); ++g) out.guidance[g] = outcome(out.fallback.slots[p.guidance_slot[g]]);
  out.errors = dynamic_errors(m, p, out.answers, out.fallback);
}

}  // namespace signpost
