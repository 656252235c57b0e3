// Interval values: the one representation of known, unknown and not-asked values.
//
// A known value is [v, v]. An unanswered item is the interval of everything it could be, so
// sums, counts and comparisons stay as decided as the answers allow: `count >= 3` is true as
// soon as three signs are endorsed, whatever is still unanswered. Booleans are [0,0] false,
// [1,1] true, [0,1] unknown. A skipped (not asked) item is NaN: it drops out of aggregates,
// and any comparison with it is false.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>

namespace signpost {

struct Interval {
  double lo = 0, hi = 0;
  bool known() const { return lo == hi; }
  bool na() const { return std::isnan(lo); }
};

namespace iv {
constexpr double kInf = std::numeric_limits<double>::infinity();
inline Interval na() { return {std::nan(""), std::nan("")}; }
inline Interval point(double v) { return {v, v}; }
inline Interval unknown_bool() { return {0, 1}; }
inline Interval everything() { return {-kInf, kInf}; }
inline Interval truth(bool b) { return b ? Interval{1, 1} : Interval{0, 0}; }
inline Interval hull(Interval a, Interval b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

inline Interval neg(Interval a) { return a.na() ? a : Interval{-a.hi, -a.lo}; }
inline Interval add(Interval a, Interval b) {
  if (a.na() || b.na()) return na();
  return {a.lo + b.lo, a.hi + b.hi};
}
inline Interval sub(Interval a, Interval b) {
  if (a.na() || b.na()) return na();
  return {a.lo - b.hi, a.hi - b.lo};
}
inline double mul0(double x, double y) { return (x == 0 || y == 0) ? 0.0 : x * y; }  // 0 * inf = 0
inline Interval mul(Interval a, Interval b) {
  if (a.na() || b.na()) return na();
  if (a.known() && b.known()) return point(a.lo * b.lo);
  double p[4] = {mul0(a.lo, b.lo), mul0(a.lo, b.hi), mul0(a.hi, b.lo), mul0(a.hi, b.hi)};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}
// Division by an interval that holds zero is unknown; by exactly zero, not applicable.
inline Interval div(Interval a, Interval b) {
  if (a.na() || b.na()) return na();
  if (b.known() && b.lo == 0) return na();
  if (b.lo <= 0 && b.hi >= 0) return everything();
  if (a.known() && b.known()) return point(a.lo / b.lo);
  double p[4] = {a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi};
  for (double& x : p)
    if (std::isnan(x)) x = 0;
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}

// Three-valued logic; a not-asked operand counts as false.
inline Interval as_bool(Interval a) { return a.na() ? Interval{0, 0} : a; }
inline Interval not_(Interval a) {
  a = as_bool(a);
  return {1 - a.hi, 1 - a.lo};
}
inline Interval and_(Interval a, Interval b) {
  a = as_bool(a), b = as_bool(b);
  return {std::min(a.lo, b.lo), std::min(a.hi, b.hi)};
}
inline Interval or_(Interval a, Interval b) {
  a = as_bool(a), b = as_bool(b);
  return {std::max(a.lo, b.lo), std::max(a.hi, b.hi)};
}

// Comparisons: true, false or unknown; any comparison with a not-asked value is false.
inline Interval lt(Interval a, Interval b) {
  if (a.na() || b.na()) return truth(false);
  if (a.hi < b.lo) return truth(true);
  if (a.lo >= b.hi) return truth(false);
  return unknown_bool();
}
inline Interval le(Interval a, Interval b) {
  if (a.na() || b.na()) return truth(false);
  if (a.hi <= b.lo) return truth(true);
  if (a.lo > b.hi) return truth(false);
  return unknown_bool();
}
inline Interval gt(Interval a, Interval b) { return lt(b, a); }
inline Interval ge(Interval a, Interval b) { return le(b, a); }
inline Interval eq(Interval a, Interval b) {
  if (a.na() || b.na()) return truth(false);
  if (a.known() && b.known()) return truth(a.lo == b.lo);
  if (a.hi < b.lo || b.hi < a.lo) return truth(false);
  return unknown_bool();
}
inline Interval ne(Interval a, Interval b) {
  if (a.na() || b.na()) return truth(false);
  return not_(eq(a, b));
}

}  // namespace iv
}  // namespace signpost
