// The flat program as Z3 formulas. Each case mirrors one opcode of evaluate.cpp and the
// interval function it calls (interval.hpp): keep them in step (tests/verify_test.cpp compares
// the two on random answers).
#include "engine/verify/encode.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace signpost::verify {

namespace {
// Infinite interval ends (an unknown quotient, a band's open end) as a number beyond any answer.
constexpr double kBig = 1e15;

z3::expr min_(const z3::expr& a, const z3::expr& b) { return z3::ite(a <= b, a, b); }
z3::expr max_(const z3::expr& a, const z3::expr& b) { return z3::ite(a >= b, a, b); }
}  // namespace

z3::expr Encoding::real(double v) const {
  if (std::isinf(v)) v = v > 0 ? kBig : -kBig;
  if (v == std::floor(v) && std::fabs(v) <= kBig) return c_.real_val(int64_t(v));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.12f", v);
  return c_.real_val(buf);
}

SymInterval Encoding::point(const z3::expr& v) const { return {c_.bool_val(false), v, v}; }
SymInterval Encoding::na() const { return {c_.bool_val(true), real(0), real(0)}; }
SymInterval Encoding::ite(const z3::expr& cond, const SymInterval& a, const SymInterval& b) const {
  return {z3::ite(cond, a.na, b.na), z3::ite(cond, a.lo, b.lo), z3::ite(cond, a.hi, b.hi)};
}

Encoding::Encoding(z3::context& c, const model::Model& m, const Program& p, const std::string& tag,
                   const Encoding* share, int except)
    : c_(c), m_(m), p_(p), valid_(c.bool_val(true)) {
  for (size_t i = 0; i < m.items.size(); ++i) {
    if (share && int(i) != except) {
      given_.push_back(share->given_[i]);
      value_.push_back(share->value_[i]);
      bits_.push_back(share->bits_[i]);
      continue;
    }
    const model::Item& it = m.items[i];
    const model::Scale& sc = m.scales[size_t(it.scale)];
    std::string name = tag + it.id;
    given_.push_back(c.bool_const((name + "?").c_str()));
    std::vector<z3::expr> bits;
    if (sc.kind == model::Scale::Kind::decimal) {
      value_.push_back(c.real_const(name.c_str()));
    } else if (sc.kind == model::Scale::Kind::multiple) {
      z3::expr mask = c.int_val(0);
      for (size_t k = 0; k < sc.options.size(); ++k) {
        bits.push_back(c.bool_const((name + "." + sc.options[k].id).c_str()));
        mask = mask + z3::ite(bits.back(), c.int_val(int64_t(1) << k), c.int_val(0));
      }
      value_.push_back(mask);
    } else {
      value_.push_back(c.int_const(name.c_str()));
    }
    bits_.push_back(std::move(bits));
  }
  inputs();
  load_item_.assign(p.slot_count, -1);
  skipped_.assign(m.items.size(), c.bool_val(false));
  answered_.assign(m.items.size(), c.bool_val(false));
  s_.assign(p.slot_count, na());
  for (const Instr& in : p.code) instruction(in);
}

// The answers each item can have: its options, 0/1, or a number in the scale's range.
void Encoding::inputs() {
  for (size_t i = 0; i < m_.items.size(); ++i) {
    const model::Scale& sc = m_.scales[size_t(m_.items[i].scale)];
    const z3::expr& v = value_[i];
    switch (sc.kind) {
      case model::Scale::Kind::boolean: valid_ = valid_ && v >= 0 && v <= 1; break;
      case model::Scale::Kind::options: valid_ = valid_ && v >= 0 && v < int(sc.options.size()); break;
      case model::Scale::Kind::integer:
      case model::Scale::Kind::decimal: valid_ = valid_ && v >= real(sc.lo) && v <= real(sc.hi); break;
      case model::Scale::Kind::multiple: break;
    }
  }
}

z3::expr Encoding::answered_count() const {
  z3::expr n = c_.int_val(0);
  for (const auto& g : given_) n = n + z3::ite(g, c_.int_val(1), c_.int_val(0));
  return n;
}

z3::expr Encoding::fired(uint32_t slot) const {
  const SymInterval& v = s_[slot];
  return !v.na && v.hi != 0 && v.lo == 1;
}
z3::expr Encoding::possible(uint32_t slot) const {
  const SymInterval& v = s_[slot];
  return !v.na && v.hi != 0;
}
z3::expr Encoding::step_shown(size_t g, size_t k) const {
  uint32_t s = p_.step_slot[g][k];
  z3::expr shown = guidance_fires(g);
  if (s != kNone) shown = shown && !s_[s].na && s_[s].lo == 1;
  return shown;
}

AnswerRow Encoding::answers(const z3::model& mdl) const {
  AnswerRow row(m_.items.size(), std::nan(""));
  for (size_t i = 0; i < m_.items.size(); ++i) {
    if (!mdl.eval(given_[i], true).is_true()) continue;
    z3::expr v = mdl.eval(value_[i], true);
    if (v.is_int()) row[i] = double(v.get_numeral_int64());
    else row[i] = double(v.numerator().get_numeral_int64()) / double(v.denominator().get_numeral_int64());
  }
  return row;
}

z3::expr Encoding::selected(uint32_t slot, uint32_t option) const {
  int item = load_item_[slot];
  if (item < 0 || bits_[size_t(item)].empty())
    throw std::runtime_error("a multiple-choice test on something other than an item's answer");
  return bits_[size_t(item)][option];
}

SymInterval Encoding::map(const std::vector<double>& table, const SymInterval& idx) const {
  z3::expr at = real(table.back()), lo = real(kBig), hi = real(-kBig);
  for (size_t k = table.size(); k-- > 0;) {
    z3::expr kk = real(double(k));
    at = z3::ite(idx.lo == kk, real(table[k]), at);
    z3::expr in = idx.lo <= kk && kk <= idx.hi;
    lo = z3::ite(in, min_(lo, real(table[k])), lo);
    hi = z3::ite(in, max_(hi, real(table[k])), hi);
  }
  SymInterval known = point(at), range{c_.bool_val(false), lo, hi};
  return ite(idx.na, na(), ite(idx.lo == idx.hi, known, range));
}

SymInterval Encoding::band(const std::vector<BandBound>& rows, const SymInterval& v) const {
  auto row = [&](const z3::expr& x) {
    z3::expr r = real(-1);
    for (size_t k = rows.size(); k-- > 0;) {
      z3::expr in = x >= real(rows[k].lo) && (rows[k].hi_inclusive ? x <= real(rows[k].hi) : x < real(rows[k].hi));
      r = z3::ite(in, real(double(k)), r);
    }
    return r;
  };
  z3::expr lo = row(v.lo), hi = row(v.hi);
  SymInterval all{c_.bool_val(false), real(0), real(double(rows.size() - 1))};
  return ite(v.na, na(), ite(lo < 0 || hi < 0, all, SymInterval{c_.bool_val(false), lo, hi}));
}

// round_to in exact arithmetic (the decimals of the rules are exact here, so no snapping).
z3::expr Encoding::rounded(const z3::expr& x, Rounding rule, int digits) const {
  z3::expr scale = real(std::pow(10.0, digits));
  z3::expr y = x * scale;
  auto floor_of = [&](const z3::expr& v) { return z3::to_real(z3::expr(c_, Z3_mk_real2int(c_, v))); };
  z3::expr f = floor_of(y), half = c_.real_val(1, 2), r = f;
  switch (rule) {
    case Rounding::down: r = f; break;
    case Rounding::up: r = -floor_of(-y); break;
    case Rounding::half_up: r = floor_of(y + half); break;
    case Rounding::half_down: r = -floor_of(-y + half); break;
    case Rounding::half_even: {
      z3::expr fi = z3::expr(c_, Z3_mk_real2int(c_, y));
      z3::expr frac = y - f;
      r = z3::ite(frac > half, f + 1, z3::ite(frac < half, f, z3::ite(z3::mod(fi, 2) == 0, f, f + 1)));
      break;
    }
  }
  return r / scale;
}

SymInterval Encoding::aggregate(const Instr& in) const {
  const AggInfo& info = p_.aggs[in.c];
  const Member* mem = p_.members.data() + in.a;
  z3::expr asked = c_.int_val(0), answered = c_.int_val(0);
  std::vector<z3::expr> not_asked, ans;
  for (uint32_t k = 0; k < in.b; ++k) {
    not_asked.push_back(s_[mem[k].slot].na || skipped_[mem[k].item]);
    ans.push_back(!not_asked.back() && answered_[mem[k].item]);
    asked = asked + z3::ite(not_asked.back(), c_.int_val(0), c_.int_val(1));
    answered = answered + z3::ite(ans.back(), c_.int_val(1), c_.int_val(0));
  }
  const model::AggregateSpec& spec = model::aggregate_spec(info.agg);
  if (spec.fold == model::Fold::answered) return point(z3::to_real(answered));
  const Interval empty = model::empty_value(spec.empty);
  SymInterval none = empty.na() ? na() : point(real(empty.lo));
  SymInterval fallback = std::isnan(info.fallback.lo) ? na() : SymInterval{c_.bool_val(false), real(info.fallback.lo), real(info.fallback.hi)};
  bool only_answered = info.policy != model::Policy::unknown;
  z3::expr lo = real(0), hi = real(0), mn_lo = real(kBig), mn_hi = real(kBig), mx_lo = real(-kBig), mx_hi = real(-kBig);
  z3::expr used = c_.int_val(0);
  for (uint32_t k = 0; k < in.b; ++k) {
    const SymInterval& v = s_[mem[k].slot];
    z3::expr u = only_answered ? ans[k] : !not_asked[k];
    used = used + z3::ite(u, c_.int_val(1), c_.int_val(0));
    lo = lo + z3::ite(u, v.lo, real(0));
    hi = hi + z3::ite(u, v.hi, real(0));
    mn_lo = z3::ite(u, min_(mn_lo, v.lo), mn_lo), mn_hi = z3::ite(u, min_(mn_hi, v.hi), mn_hi);
    mx_lo = z3::ite(u, max_(mx_lo, v.lo), mx_lo), mx_hi = z3::ite(u, max_(mx_hi, v.hi), mx_hi);
  }
  SymInterval result = na();
  switch (spec.fold) {
    case model::Fold::add:
      if (info.policy == model::Policy::prorate) {
        z3::expr f = z3::to_real(asked) / z3::to_real(used);
        result = {c_.bool_val(false), lo * f, hi * f};  // in reals, sum × (n / used) is sum × n / used
      } else {
        result = {c_.bool_val(false), lo, hi};
      }
      break;
    case model::Fold::mean: result = {c_.bool_val(false), lo / z3::to_real(used), hi / z3::to_real(used)}; break;
    case model::Fold::min: result = {c_.bool_val(false), mn_lo, mn_hi}; break;
    case model::Fold::max: result = {c_.bool_val(false), mx_lo, mx_hi}; break;
    case model::Fold::answered: break;  // returned above
  }
  z3::expr too_few = answered < int(info.minimum);
  // Nothing answered under skip or prorate: a sum or count under skip is 0, the rest not applicable.
  SymInterval nothing = info.policy == model::Policy::skip && spec.fold == model::Fold::add
                            ? point(real(0))
                            : na();
  SymInterval decided = only_answered ? ite(answered == 0, nothing, result) : result;
  return ite(asked == 0, none, ite(too_few, fallback, decided));
}

void Encoding::instruction(const Instr& in) {
  const z3::expr F = c_.bool_val(false);
  auto truth = [&](const z3::expr& b) { return SymInterval{F, z3::ite(b, real(1), real(0)), z3::ite(b, real(1), real(0))}; };
  const SymInterval unknown{F, real(0), real(1)};
  auto as_bool = [&](const SymInterval& a) { return ite(a.na, point(real(0)), a); };
  auto known = [](const SymInterval& a) { return a.lo == a.hi; };
  const SymInterval& A = s_[in.a];
  const SymInterval& B = s_[in.b < s_.size() ? in.b : in.a];
  auto either_na = A.na || B.na;
  SymInterval out = na();
  switch (in.op) {
    case OpCode::konst: {
      Interval v = p_.consts[in.a];
      out = v.na() ? na() : SymInterval{F, real(v.lo), real(v.hi)};
      break;
    }
    case OpCode::load: out = load(in); break;
    case OpCode::map: out = map(p_.maps[in.c], A); break;
    case OpCode::set_score: {
      const auto& table = p_.maps[in.c];
      z3::expr t = real(0);
      for (uint32_t k = 0; k < table.size(); ++k) t = t + z3::ite(selected(in.a, k), real(table[k]), real(0));
      Interval r = p_.map_ranges[in.c];
      out = ite(A.na, na(), ite(known(A), point(t), SymInterval{F, real(r.lo), real(r.hi)}));
      break;
    }
    case OpCode::neg: out = {A.na, -A.hi, -A.lo}; break;
    case OpCode::not_: {
      SymInterval a = as_bool(A);
      out = {F, 1 - a.hi, 1 - a.lo};
      break;
    }
    case OpCode::and_: {
      SymInterval a = as_bool(A), b = as_bool(B);
      out = {F, min_(a.lo, b.lo), min_(a.hi, b.hi)};
      break;
    }
    case OpCode::or_: {
      SymInterval a = as_bool(A), b = as_bool(B);
      out = {F, max_(a.lo, b.lo), max_(a.hi, b.hi)};
      break;
    }
    case OpCode::add: out = ite(either_na, na(), SymInterval{F, A.lo + B.lo, A.hi + B.hi}); break;
    case OpCode::sub: out = ite(either_na, na(), SymInterval{F, A.lo - B.hi, A.hi - B.lo}); break;
    case OpCode::mul: {
      z3::expr p1 = A.lo * B.lo, p2 = A.lo * B.hi, p3 = A.hi * B.lo, p4 = A.hi * B.hi;
      SymInterval range{F, min_(min_(p1, p2), min_(p3, p4)), max_(max_(p1, p2), max_(p3, p4))};
      out = ite(either_na, na(), ite(known(A) && known(B), point(p1), range));
      break;
    }
    case OpCode::div: out = divide(A, B); break;
    case OpCode::lt:
    case OpCode::gt:
    case OpCode::le:
    case OpCode::ge:
    case OpCode::eq:
    case OpCode::ne: out = compare(in); break;
    case OpCode::includes:
      out = ite(A.na, truth(F), ite(known(A), truth(selected(in.a, in.c)), unknown));
      break;
    case OpCode::agg: out = aggregate(in); break;
    case OpCode::band: out = band(p_.bands[in.c], A); break;
    case OpCode::select: {
      const SymInterval &C = s_[in.a], &T = s_[in.b], &E = s_[in.c];
      SymInterval hull{F, min_(T.lo, E.lo), max_(T.hi, E.hi)};
      SymInterval undecided = ite(T.na, E, ite(E.na, T, hull));
      out = ite(C.na || C.hi == 0, E, ite(C.lo == 1, T, undecided));
      break;
    }
    case OpCode::round: {
      SymInterval r{F, rounded(A.lo, Rounding(in.c), int(in.b)), rounded(A.hi, Rounding(in.c), int(in.b))};
      out = ite(A.na, na(), r);
      break;
    }
  }
  s_[in.dst] = out;
}

// An item's answer: not applicable when it is not asked, a point when answered, else its scale's
// range. Also records what the answer constraints (A005, A006) need.
SymInterval Encoding::load(const Instr& in) {
  const z3::expr F = c_.bool_val(false);
  size_t i = in.a;
  z3::expr skipped = F;
  z3::expr surely_asked = c_.bool_val(true);
  if (in.b != kNone) {
    skipped = s_[in.b].na || s_[in.b].hi == 0;
    surely_asked = !s_[in.b].na && s_[in.b].lo == 1;
  }
  Interval u = p_.item_unknown[i];
  z3::expr v = value_[i].is_real() ? value_[i] : z3::to_real(value_[i]);
  SymInterval unknown{F, real(u.lo), real(u.hi)};
  const double f = p_.item_unasked[i];  // `counts as ... when not asked`, as evaluate.cpp loads it
  const bool ignored = p_.item_ignores[i];
  SymInterval out = ite(skipped, na(), ite(given_[i], point(v), unknown));
  skipped_[i] = skipped;
  answered_[i] = !skipped && given_[i];
  if (!std::isnan(f) && in.b != kNone) {
    const SymInterval& ask = s_[in.b];
    z3::expr undecided = !ask.na && ask.lo == 0 && ask.hi == 1;
    SymInterval fill = point(real(f));
    auto with_fill = [&](const SymInterval& a) { return SymInterval{F, min_(a.lo, fill.lo), max_(a.hi, fill.hi)}; };
    SymInterval given = ignored ? ite(undecided, with_fill(point(v)), point(v)) : point(v);
    out = ite(skipped, fill, ite(given_[i], given, ite(undecided, with_fill(unknown), unknown)));
    answered_[i] = given_[i] || skipped;  // a not-asked item counts as answered with f
    skipped_[i] = F;                      // and stays in aggregates
  }
  if (!ignored) valid_ = valid_ && z3::implies(given_[i], !skipped);  // A006: an answer to a question not asked
  if (m_.items[i].required) valid_ = valid_ && !(!skipped && !given_[i] && surely_asked);  // A005
  load_item_[in.dst] = int(i);
  return out;
}

// A / B as interval.hpp divides: not applicable by a known zero, everything when B spans zero.
SymInterval Encoding::divide(const SymInterval& A, const SymInterval& B) const {
  const z3::expr F = c_.bool_val(false);
  auto known = [](const SymInterval& a) { return a.lo == a.hi; };
  z3::expr q1 = A.lo / B.lo, q2 = A.lo / B.hi, q3 = A.hi / B.lo, q4 = A.hi / B.hi;
  SymInterval range{F, min_(min_(q1, q2), min_(q3, q4)), max_(max_(q1, q2), max_(q3, q4))};
  SymInterval everything{F, real(-kBig), real(kBig)};
  return ite(A.na || B.na || (known(B) && B.lo == 0), na(),
             ite(B.lo <= 0 && B.hi >= 0, everything, ite(known(A) && known(B), point(q1), range)));
}

// < <= > >= == !=: false against a not-applicable side, unknown while the ranges overlap.
SymInterval Encoding::compare(const Instr& in) const {
  const z3::expr F = c_.bool_val(false);
  auto truth = [&](const z3::expr& b) { return SymInterval{F, z3::ite(b, real(1), real(0)), z3::ite(b, real(1), real(0))}; };
  const SymInterval unknown{F, real(0), real(1)};
  auto known = [](const SymInterval& a) { return a.lo == a.hi; };
  const SymInterval& A = s_[in.a];
  const SymInterval& B = s_[in.b < s_.size() ? in.b : in.a];
  auto either_na = A.na || B.na;
  switch (in.op) {
    case OpCode::lt:
    case OpCode::gt: {
      const SymInterval& a = in.op == OpCode::lt ? A : B;
      const SymInterval& b = in.op == OpCode::lt ? B : A;
      return ite(either_na, truth(F), ite(a.hi < b.lo, truth(c_.bool_val(true)), ite(a.lo >= b.hi, truth(F), unknown)));
    }
    case OpCode::le:
    case OpCode::ge: {
      const SymInterval& a = in.op == OpCode::le ? A : B;
      const SymInterval& b = in.op == OpCode::le ? B : A;
      return ite(either_na, truth(F), ite(a.hi <= b.lo, truth(c_.bool_val(true)), ite(a.lo > b.hi, truth(F), unknown)));
    }
    default: {  // eq, ne
      z3::expr same = known(A) && known(B) && A.lo == B.lo;
      z3::expr apart = A.hi < B.lo || B.hi < A.lo;
      SymInterval eq = ite(same, truth(c_.bool_val(true)), ite(apart, truth(F), unknown));
      if (in.op == OpCode::ne) eq = {F, 1 - eq.hi, 1 - eq.lo};
      return ite(either_na, truth(F), eq);
    }
  }
}

}  // namespace signpost::verify
