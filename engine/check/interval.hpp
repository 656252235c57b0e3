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
#include <cstdint>
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

// `if c then a else b`. An undecided condition gives every value either side could take; a side
// that is not applicable adds nothing (as an item whose `ask when` is undecided is its range).
inline Interval select(Interval c, Interval a, Interval b) {
  if (c.na() || c.hi == 0) return b;
  if (c.lo == 1) return a;
  if (a.na()) return b;
  if (b.na()) return a;
  return hull(a, b);
}

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

// How a value is rounded: halves up (towards +infinity), down, or to the even neighbour; floor
// and ceil are `down` and `up`.
enum class Rounding : uint8_t { half_up, half_down, half_even, down, up };

// x rounded to `digits` decimals (0 to 6). The scaled value is first snapped to the nearest half
// when within a billionth of it (relative), so decimals written in the rules or produced by
// decimal arithmetic round as written: 2.45 is held as 2.4500000000000002 and 0.1 * 3 as
// 0.30000000000000004, yet round(2.45, half_even, decimals = 1) is 2.4 and floor(0.1 * 30) is 3.
// Every evaluator calls this one function, so they agree bit for bit.
inline double round_to(double x, Rounding rule, int digits) {
  if (!std::isfinite(x)) return x;
  const double scale = digits > 0 ? std::pow(10.0, digits) : 1.0;
  double y = x * scale;
  const double twice = std::nearbyint(2 * y);
  if (std::fabs(2 * y - twice) <= 1e-9 * std::max(1.0, std::fabs(y))) y = twice / 2;
  const double f = std::floor(y);
  double r = f;
  switch (rule) {
    case Rounding::down: r = f; break;
    case Rounding::up: r = std::ceil(y); break;
    default: {
      const double frac = y - f;
      if (frac > 0.5) r = f + 1;
      else if (frac < 0.5) r = f;
      else if (rule == Rounding::half_up) r = f + 1;
      else if (rule == Rounding::half_down) r = f;
      else r = std::fmod(f, 2.0) == 0 ? f : f + 1;
    }
  }
  r = r + 0.0;  // no negative zero: -0.4 rounds to 0
  return digits > 0 ? r / scale : r;
}

namespace iv {
// Rounding keeps order, so an interval rounds end by end.
inline Interval round(Interval a, Rounding rule, int digits) {
  if (a.na()) return a;
  return {round_to(a.lo, rule, digits), round_to(a.hi, rule, digits)};
}
}  // namespace iv
}  // namespace signpost
