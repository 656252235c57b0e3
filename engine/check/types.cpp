// The types pass: every expression typed against the checked model, with its static range (every
// item unknown), and every derived value typed on its first use. Aggregates: aggregates.cpp.
#include <algorithm>
#include <cmath>
#include <map>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;
using K = TExpr::K;

namespace {

Interval apply(K k, Interval a, Interval b) {
  switch (k) {
    case K::add: return iv::add(a, b);
    case K::sub: return iv::sub(a, b);
    case K::mul: return iv::mul(a, b);
    case K::div: return iv::div(a, b);
    case K::and_: return iv::and_(a, b);
    case K::or_: return iv::or_(a, b);
    case K::lt: return iv::lt(a, b);
    case K::le: return iv::le(a, b);
    case K::gt: return iv::gt(a, b);
    case K::ge: return iv::ge(a, b);
    case K::eq: return iv::eq(a, b);
    case K::ne: return iv::ne(a, b);
    default: return a;
  }
}

}  // namespace

// ---- typed expression builders -----------------------------------------
TExpr Types::node(K k, Type t, Span s) {
  TExpr e;
  e.kind = k;
  e.type = t;
  e.span = s;
  return e;
}
TExpr Types::error(Span s) { return node(K::constant, Type::error, s); }
TExpr Types::constant(double v, Type t, Span s, int scale) {
  TExpr e = node(K::constant, t, s);
  e.number = v;
  e.range = iv::point(v);
  e.integral = is_integer(v);
  e.scale = scale;
  return e;
}

Interval Types::item_range(int i) const {
  const Item& it = m.items[i];
  const Scale& sc = m.scales[it.scale];
  switch (sc.kind) {
    case Scale::Kind::boolean: return {0, 1};
    case Scale::Kind::options: return {0, double(sc.options.size() - 1)};
    case Scale::Kind::multiple: return {0, std::ldexp(1.0, int(sc.options.size())) - 1};
    default: return {sc.lo, sc.hi};
  }
}

TExpr Types::item_ref(int i, Span s) const {
  const Scale& sc = m.scales[m.items[i].scale];
  Type t = Type::number;
  if (sc.kind == Scale::Kind::boolean) t = Type::boolean;
  else if (sc.kind == Scale::Kind::options) t = Type::option;
  else if (sc.kind == Scale::Kind::multiple) t = Type::set;
  TExpr e = node(K::item, t, s);
  e.ref = i;
  e.scale = (t == Type::option || t == Type::set) ? m.items[i].scale : -1;
  e.range = item_range(i);
  e.integral = sc.kind != Scale::Kind::decimal;
  return e;
}

// The numbers an option-typed expression stands for in arithmetic: its points.
TExpr Types::numeric(TExpr e, const char* what) {
  if (e.type == Type::error || e.type == Type::number) return e;
  if ((e.type == Type::option || e.type == Type::set) && e.scale >= 0) {
    const Scale& sc = m.scales[e.scale];
    bool item_points = e.kind == K::item && !m.items[e.ref].points.empty();
    if (!sc.scored && !item_points) {
      d.error("E022", e.span, std::string("the options of scale '") + sc.id + "' have no numbers, so they cannot be used " + what,
              "give the options values (never = 0, ...) or the item `points`; or compare with an option name");
      return error(e.span);
    }
    std::vector<double> pts;
    if (e.kind == K::item && !m.items[e.ref].points.empty()) pts = m.items[e.ref].points;
    else
      for (const auto& o : sc.options) pts.push_back(o.value);
    TExpr s = node(K::score, Type::number, e.span);
    s.integral = std::all_of(pts.begin(), pts.end(), is_integer);
    if (e.type == Type::option) {
      s.range = {*std::min_element(pts.begin(), pts.end()), *std::max_element(pts.begin(), pts.end())};
    } else {
      double lo = 0, hi = 0;
      for (double p : pts) (p < 0 ? lo : hi) += p;
      s.range = {lo, hi};
    }
    s.args.push_back(std::move(e));
    return s;
  }
  if (e.type == Type::boolean)
    d.error("E020", e.span, std::string("a yes/no value cannot be used ") + what,
            "count yes answers with count(...), or compare with yes/no");
  else
    d.error("E020", e.span, std::string(type_name(e.type)) + " cannot be used " + what);
  return error(e.span);
}

TExpr Types::boolean(TExpr e, const char* what) {
  if (e.type == Type::error || e.type == Type::boolean) return e;
  d.error("E020", e.span, std::string("expected a yes/no condition ") + what + ", found " + type_name(e.type),
          e.type == Type::option ? "compare the answer with an option, e.g. x >= often" : "compare it, e.g. x >= 3");
  return error(e.span);
}

// An option-typed value as its position on the scale's numbers (for ordered comparisons).
TExpr Types::raw(TExpr e) {
  const Scale& sc = m.scales[e.scale];
  if (e.kind == K::constant) return constant(sc.options[int(e.number)].value, Type::number, e.span);
  TExpr r = node(K::raw_value, Type::number, e.span);
  double lo = iv::kInf, hi = -iv::kInf;
  for (const auto& o : sc.options) lo = std::min(lo, o.value), hi = std::max(hi, o.value);
  r.range = {lo, hi};
  r.integral = std::all_of(sc.options.begin(), sc.options.end(), [](const Option& o) { return is_integer(o.value); });
  r.scale = e.scale;
  r.args.push_back(std::move(e));
  return r;
}


TExpr Types::binary(K k, Type t, TExpr a, TExpr b, Span s) {
  TExpr e = node(k, t, s);
  if (a.type == Type::error || b.type == Type::error) return error(s);
  e.range = apply(k, a.range, b.range);
  if (std::isnan(e.range.lo)) e.range = iv::everything();
  e.integral = (t == Type::boolean) || (k != K::div && a.integral && b.integral);
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}

// The index of option `n` of `sc`, or -1 after reporting E015 with the nearest option.
int Types::option_or_error(const Scale& sc, const ast::Name& n) {
  int k = sc.option_index(n.text);
  if (k >= 0) return k;
  std::vector<std::string> opts;
  for (auto& o : sc.options) opts.push_back(o.id);
  std::string hint = did_you_mean(n.text, opts);
  d.error("E015", n.span, "'" + n.text + "' is not an option of scale '" + sc.id + "'",
          hint.empty() ? "its options are " + join_or(opts) : hint);
  return -1;
}

// Resolves a bare name as a label of the other side's scale or band, when it is not a value.
std::optional<TExpr> Types::label(const ast::Expr& e, const TExpr& other, bool in_where) {
  if (e.op != ast::Op::name || c.names.count(e.name.text)) return std::nullopt;
  if (other.type == Type::option || other.type == Type::set) {
    int k = option_or_error(m.scales[other.scale], e.name);
    if (k < 0) return error(e.span);
    return constant(k, Type::option, e.span, other.scale);
  }
  if (other.type == Type::error) return error(e.span);  // the other side was reported already
  // Against an item, an unknown word is most likely meant as its value; otherwise a misspelt name.
  bool against_item = other.kind == K::item;
  if ((other.type == Type::boolean || other.type == Type::number) &&
      (!against_item || !did_you_mean(e.name.text, c.value_names()).empty()))
    return std::nullopt;
  if (other.type == Type::boolean || other.type == Type::number) {
    std::string what = other.kind == K::item ? "item '" + m.items[other.ref].id + "'" : "this value";
    d.error("E021", e.name.span, "'" + e.name.text + "' is not a possible value of " + what + ", which is " +
                                     type_name(other.type),
            other.type == Type::boolean ? "compare it with yes or no" + std::string(other.kind == K::item && in_where
                ? " (or move '" + m.items[other.ref].id + "' out of the section being aggregated)" : "")
                                        : "compare it with a number");
    return error(e.span);
  }
  if (other.type == Type::band) {
    const Value& v = m.values[other.scale];
    for (size_t k = 0; k < v.rows.size(); ++k)
      if (v.rows[k].id == e.name.text) return constant(double(k), Type::band, e.span, other.scale);
    std::vector<std::string> ids;
    for (auto& r : v.rows) ids.push_back(r.id);
    std::string hint = did_you_mean(e.name.text, ids);
    d.error("E015", e.name.span, "'" + e.name.text + "' is not a band of '" + v.id + "'",
            hint.empty() ? "its bands are " + join_or(ids) : hint);
    return error(e.span);
  }
  return std::nullopt;
}

TExpr Types::compare(const ast::Expr& e, int answer_item) {
  static const std::map<ast::Op, K> ops = {{ast::Op::lt, K::lt}, {ast::Op::le, K::le}, {ast::Op::gt, K::gt},
                                           {ast::Op::ge, K::ge}, {ast::Op::eq, K::eq}, {ast::Op::ne, K::ne}};
  K k = ops.at(e.op);
  const ast::Expr& la = e.args[0];
  const ast::Expr& ra = e.args[1];
  bool l_bare = la.op == ast::Op::name && !c.names.count(la.name.text);
  bool r_bare = ra.op == ast::Op::name && !c.names.count(ra.name.text);
  TExpr a, b;
  if (l_bare && !r_bare) {
    b = expr(ra, answer_item);
    auto l = label(la, b, answer_item >= 0);
    a = l ? *l : expr(la, answer_item);
  } else {
    a = expr(la, answer_item);
    auto r = label(ra, a, answer_item >= 0);
    b = r ? *r : expr(ra, answer_item);
  }
  if (a.type == Type::error || b.type == Type::error) return error(e.span);
  bool ordered = k != K::eq && k != K::ne;
  if (a.type == Type::option && b.type == Type::option) {
    if (a.scale != b.scale) {
      d.error("E021", e.span, "compares answers on different scales ('" + m.scales[a.scale].id + "' and '" +
                                  m.scales[b.scale].id + "')");
      return error(e.span);
    }
    if (!ordered) return binary(k, Type::boolean, std::move(a), std::move(b), e.span);
    if (!m.scales[a.scale].scored) {
      d.error("E022", e.span, "the options of scale '" + m.scales[a.scale].id + "' have no order",
              "give them values (never = 0, ...) to compare with < and >, or use == and !=");
      return error(e.span);
    }
    return binary(k, Type::boolean, raw(std::move(a)), raw(std::move(b)), e.span);
  }
  if (a.type == Type::band && b.type == Type::band) {
    if (a.scale != b.scale) {
      d.error("E021", e.span, "compares bands of different tables");
      return error(e.span);
    }
    return binary(k, Type::boolean, std::move(a), std::move(b), e.span);
  }
  if (a.type == Type::boolean || b.type == Type::boolean) {
    if (a.type != b.type) {
      const TExpr& other = a.type == Type::boolean ? b : a;
      d.error("E020", e.span, std::string("compares a yes/no value with ") + type_name(other.type),
              "compare a yes/no item with yes or no");
      return error(e.span);
    }
    if (ordered) {
      d.error("E020", e.span, "yes/no values have no order", "use == or !=");
      return error(e.span);
    }
    return binary(k, Type::boolean, std::move(a), std::move(b), e.span);
  }
  if (a.type == Type::set || b.type == Type::set) {
    d.error("E020", e.span, "a set of options cannot be compared", "test one option with `includes`");
    return error(e.span);
  }
  if (a.type == Type::band || b.type == Type::band) {
    d.error("E020", e.span, "a band can only be compared with one of its labels or the same band");
    return error(e.span);
  }
  a = numeric(std::move(a), "in a comparison with a number");
  b = numeric(std::move(b), "in a comparison with a number");
  if (a.type == Type::error || b.type == Type::error) return error(e.span);
  return binary(k, Type::boolean, std::move(a), std::move(b), e.span);
}


TExpr Types::expr(const ast::Expr& e, int answer_item) {
  switch (e.op) {
    case ast::Op::number: return constant(e.number, Type::number, e.span);
    case ast::Op::boolean: return constant(e.boolean ? 1 : 0, Type::boolean, e.span);
    case ast::Op::answer:
      if (answer_item < 0) {
        d.error("E023", e.span, "`answer` is only meaningful inside `where`",
                "count(section where answer >= often)");
        return error(e.span);
      }
      return item_ref(answer_item, e.span);
    case ast::Op::name: return name_ref(e);
    case ast::Op::neg:
    case ast::Op::not_: return unary(e, answer_item);
    case ast::Op::and_:
    case ast::Op::or_: {
      const char* w = e.op == ast::Op::and_ ? "with `and`" : "with `or`";
      TExpr a = boolean(expr(e.args[0], answer_item), w);
      TExpr b = boolean(expr(e.args[1], answer_item), w);
      return binary(e.op == ast::Op::and_ ? K::and_ : K::or_, Type::boolean, std::move(a), std::move(b), e.span);
    }
    case ast::Op::add:
    case ast::Op::sub:
    case ast::Op::mul:
    case ast::Op::div: return arithmetic(e, answer_item);
    case ast::Op::lt:
    case ast::Op::le:
    case ast::Op::gt:
    case ast::Op::ge:
    case ast::Op::eq:
    case ast::Op::ne: return compare(e, answer_item);
    case ast::Op::includes: return includes(e, answer_item);
    case ast::Op::call: return aggregate(e);
    case ast::Op::if_: return conditional(e, answer_item);
    case ast::Op::func: return function(e, answer_item);
  }
  return error(e.span);
}

// A name used as a value: an item's answer or a derived value (a section or a guidance is not one).
TExpr Types::name_ref(const ast::Expr& e) {
  auto it = c.names.find(e.name.text);
  if (it == c.names.end()) {
    std::string hint = did_you_mean(e.name.text, c.value_names());
    d.error("E010", e.name.span, "unknown name '" + e.name.text + "'", hint);
    return error(e.span);
  }
  const Sym& s = it->second;
  if (s.kind == 'i') return item_ref(s.index, e.span);
  if (s.kind == 'v') return value_ref(s.index, e.span);
  if (s.kind == 's' || s.kind == 'G') {
    d.error("E023", e.span, std::string(s.kind == 's' ? "section '" : "group '") + e.name.text +
                                "' stands for several items here",
            "aggregate it, e.g. count(" + e.name.text + ") or sum(" + e.name.text + ")");
    return error(e.span);
  }
  d.error("E020", e.span, "'" + e.name.text + "' is a guidance, not a value");
  return error(e.span);
}

// `-x` and `not c`.
TExpr Types::unary(const ast::Expr& e, int answer_item) {
  if (e.op == ast::Op::neg) {
    TExpr a = numeric(expr(e.args[0], answer_item), "with '-'");
    if (a.type == Type::error) return a;
    TExpr out = node(K::neg, Type::number, e.span);
    out.range = iv::neg(a.range);
    out.integral = a.integral;
    out.args.push_back(std::move(a));
    return out;
  }
  TExpr a = boolean(expr(e.args[0], answer_item), "after `not`");
  if (a.type == Type::error) return a;
  if (a.kind == K::item && m.items[a.ref].ask && std::isnan(m.items[a.ref].unasked))
    d.warning("W036", e.span, "`not " + m.items[a.ref].id + "` is also true when '" + m.items[a.ref].id +
                                  "' is not asked",
              "write `" + m.items[a.ref].id + " == no` to mean a 'no' answer");
  TExpr out = node(K::not_, Type::boolean, e.span);
  out.range = iv::not_(a.range);
  out.integral = true;
  out.args.push_back(std::move(a));
  return out;
}

// + - * /, on numbers (an option stands for its points).
TExpr Types::arithmetic(const ast::Expr& e, int answer_item) {
  static const std::map<ast::Op, K> ks = {
      {ast::Op::add, K::add}, {ast::Op::sub, K::sub}, {ast::Op::mul, K::mul}, {ast::Op::div, K::div}};
  TExpr a = numeric(expr(e.args[0], answer_item), "in arithmetic");
  TExpr b = numeric(expr(e.args[1], answer_item), "in arithmetic");
  if (e.op == ast::Op::div && b.type == Type::number && b.range.lo <= 0 && b.range.hi >= 0)
    d.warning("W035", b.span, "this divisor can be zero; the result is then not applicable",
              "divide by something that cannot be zero, or make the value conditional: if " +
                  std::string(c.sources.slice(b.span)) + " != 0 then ... else ...");
  return binary(ks.at(e.op), Type::number, std::move(a), std::move(b), e.span);
}

// `x includes option`, on a multiple-choice answer.
TExpr Types::includes(const ast::Expr& e, int answer_item) {
  TExpr a = expr(e.args[0], answer_item);
  if (a.type == Type::error) return a;
  if (a.type != Type::set) {
    d.error("E020", e.span, std::string("`includes` needs a multiple-choice answer, found ") + type_name(a.type));
    return error(e.span);
  }
  int k = option_or_error(m.scales[a.scale], e.name);
  if (k < 0) return error(e.span);
  TExpr out = node(K::includes, Type::boolean, e.span);
  out.ref = k;
  out.range = {0, 1};
  out.integral = true;
  out.args.push_back(std::move(a));
  return out;
}

// `if C then A else B`; without `else`, not applicable when C is false. Both sides give the
// same kind of value; an option and a number meet as numbers (the option's points).
TExpr Types::conditional(const ast::Expr& e, int answer_item) {
  TExpr cond = boolean(expr(e.args[0], answer_item), "after `if`");
  TExpr a = expr(e.args[1], answer_item);
  bool has_else = e.args.size() > 2;
  TExpr b = has_else ? expr(e.args[2], answer_item) : TExpr{};
  if (cond.type == Type::error || a.type == Type::error || (has_else && b.type == Type::error)) return error(e.span);
  if (!has_else) {
    b = constant(std::nan(""), a.type, e.span, a.scale);
    b.integral = true;
  }
  auto same = [&] { return a.type == b.type && (a.scale == b.scale || a.type == Type::number || a.type == Type::boolean); };
  if (a.type == Type::set || b.type == Type::set) {
    d.error("E025", e.span, "a conditional value cannot be a set of options", "test one option with `includes`");
    return error(e.span);
  }
  if (!same()) {
    bool numbers = (a.type == Type::number || a.type == Type::option) && (b.type == Type::number || b.type == Type::option);
    if (!numbers) {
      d.error("E025", e.span, std::string("the two sides of this `if` give different kinds of value: ") +
                                  type_name(a.type) + " and " + type_name(b.type),
              a.type == Type::boolean || b.type == Type::boolean ? "turn a yes/no value into 0 or 1 with points(...)"
                                                                 : "give both sides the same kind of value");
      return error(e.span);
    }
    a = numeric(std::move(a), "as a conditional value beside a number");
    if (has_else) b = numeric(std::move(b), "as a conditional value beside a number");
    else b.type = Type::number, b.scale = -1;
    if (a.type == Type::error || b.type == Type::error) return error(e.span);
  }
  TExpr out = node(K::select, a.type, e.span);
  out.scale = a.scale;
  out.range = iv::select(cond.range, a.range, b.range);
  if (out.range.na()) out.range = a.range.na() ? b.range : a.range;
  if (out.range.na()) out.range = iv::everything();
  out.integral = a.integral && b.integral;
  out.args.push_back(std::move(cond));
  out.args.push_back(std::move(a));
  out.args.push_back(std::move(b));
  return out;
}

// round(x, RULE [, decimals = N]), floor(x), ceil(x), points(x).
TExpr Types::function(const ast::Expr& e, int answer_item) {
  const std::string& f = e.name.text;
  const FunctionSpec& spec = *find_function(f);  // the grammar knows only these names
  TExpr a = expr(e.args[0], answer_item);
  if (a.type == Type::error) return a;
  if (spec.shape == Shape::points) {
    if (!e.options.empty()) {
      d.error("E024", e.options.front().span, "points(...) takes one value", "points(item) or points(value)");
      return error(e.span);
    }
    if (a.type == Type::boolean) {  // yes is 1, no is 0: the slot already holds them
      TExpr out = node(K::number_of, Type::number, e.span);
      out.range = a.range;
      out.integral = true;
      out.args.push_back(std::move(a));
      return out;
    }
    if (a.type == Type::band) {
      d.error("E024", e.span, "a band has no points", "compare it with one of its labels, or use the value it bands");
      return error(e.span);
    }
    return numeric(std::move(a), "in points(...)");
  }
  a = numeric(std::move(a), ("in " + f + "(...)").c_str());
  if (a.type == Type::error) return a;
  static const std::map<std::string, Rounding> rules = {
      {"half_up", Rounding::half_up}, {"half_down", Rounding::half_down}, {"half_even", Rounding::half_even}};
  std::optional<Rounding> rule;
  if (!spec.takes_rule) rule = spec.fixed;
  int digits = 0;
  for (const auto& o : e.options) {
    if (o.key.text == "decimals") {
      double n = o.number ? o.number->value : -1;
      if (!is_integer(n) || n < 0 || n > 6) {
        d.error("E024", o.span, "decimals must be a whole number from 0 to 6");
        return error(e.span);
      }
      digits = int(n);
      continue;
    }
    auto it = rules.find(o.word.text);
    if (!spec.takes_rule) {
      d.error("E024", o.span, f + "(...) takes no rule", f + " always rounds " + (spec.fixed == Rounding::down ? "down" : "up"));
      return error(e.span);
    }
    if (rule) {
      d.error("E024", o.span, "round(...) is given two rules", "keep one");
      return error(e.span);
    }
    if (it == rules.end()) {
      std::string hint = did_you_mean(o.word.text, {"half_up", "half_even", "half_down"});
      d.error("E024", o.span, "unknown rounding rule '" + o.word.text + "'",
              hint.empty() ? "use half_up, half_even or half_down" : hint);
      return error(e.span);
    }
    rule = it->second;
  }
  if (!rule) {
    d.error("E024", e.span, "round(...) needs its rule: manuals differ on halves",
            "round(x, half_up) rounds 2.5 to 3; round(x, half_even) rounds it to 2");
    return error(e.span);
  }
  TExpr out = node(K::round, Type::number, e.span);
  out.ref = int(*rule);
  out.number = digits;
  out.range = iv::round(a.range, *rule, digits);
  out.integral = digits == 0 || a.integral;
  out.args.push_back(std::move(a));
  return out;
}

// A number written as a literal or as a threshold's name (`minimum = need`, band edges).
std::optional<double> Types::bound(const ast::Number& n) {
  if (n.ref.empty()) return n.value;
  auto it = c.names.find(n.ref);
  if (it == c.names.end()) {
    d.error("E010", n.span, "unknown name '" + n.ref + "'", did_you_mean(n.ref, c.value_names()));
    return std::nullopt;
  }
  if (it->second.kind == 'v') {
    check_value(it->second.index);
    const Value& v = m.values[it->second.index];
    if (v.type == Type::error) return std::nullopt;
    if (v.expr.kind == K::constant && v.type == Type::number) return v.expr.number;
  }
  d.error("E026", n.span, "'" + n.ref + "' is not a threshold, so it cannot stand for a number here",
          "declare it with `threshold " + n.ref + " = ...`, or write the number");
  return std::nullopt;
}

TExpr Types::value_ref(int v, Span s) {
  check_value(v);
  const Value& val = m.values[v];
  if (val.type == Type::error) return error(s);
  TExpr e = node(K::value_ref, val.type, s);
  e.ref = v;
  e.scale = val.scale;
  e.range = val.range;
  e.integral = val.integral;
  return e;
}

// ---- values (let, threshold, band), checked on first use ------------------
void Types::check_value(int v) {
  if (c.value_state[v] == 2) return;
  if (c.value_state[v] == 1) {  // a cycle among derived values
    std::string path;
    for (auto p = std::find(c.checking.begin(), c.checking.end(), v); p != c.checking.end(); ++p)
      path += m.values[*p].id + " -> ";
    d.error("E030", m.values[v].span, "'" + m.values[v].id + "' depends on itself: " + path + m.values[v].id,
            "a derived value cannot use itself, directly or through others");
    m.values[v].type = Type::error;
    return;
  }
  c.value_state[v] = 1;
  c.checking.push_back(v);
  const Pending& p = c.pending[v];
  Value& val = m.values[v];  // stable: no value is added while checking
  if (p.let) check_let(val, *p.let);
  else if (p.band) check_band(v, val, *p.band);
  else check_table(*this, v, val, *p.table);
  c.checking.pop_back();
  c.value_state[v] = 2;
}

// `let` and `threshold`: the value of an expression; a threshold's is a constant number.
void Types::check_let(Value& val, const ast::LetDecl& let) {
  TExpr e = expr(let.value);
  val.type = e.type;
  val.scale = e.scale;
  val.range = e.range;
  val.integral = e.integral;
  if (e.type == Type::set) {
    d.error("E020", let.value.span, "a derived value cannot be a set of options");
    val.type = Type::error;
  }
  if (let.threshold && e.kind != K::constant && e.type != Type::error)
    d.error("E020", let.value.span, "a threshold must be a constant number",
            "thresholds are the tunable numbers; compute derived values with `let`");
  if (let.decimals) {
    double n = let.decimals->value;
    if (!is_integer(n) || n < 0 || n > 6)
      d.error("E024", let.decimals->span, "decimals must be a whole number from 0 to 6");
    else if (e.type != Type::number && e.type != Type::error)
      d.error("E024", let.decimals->span, "only a number is shown with decimals, and '" + val.id + "' is " +
                                              type_name(e.type));
    else
      val.decimals = int(n);
  }
  val.expr = std::move(e);
}

// A band table: one of its rows, by the value of its source (the rows are checked in bands.cpp).
void Types::check_band(int v, Value& val, const ast::BandDecl& band) {
  bool edges_ok = resolve_edges(*this, val, band);
  TExpr src = expr(band.source);
  if (src.type != Type::error) src = numeric(std::move(src), "as the source of a band table");
  val.type = src.type == Type::error ? Type::error : Type::band;
  val.scale = v;
  val.integral = true;
  val.range = {0, double(val.rows.size()) - 1};
  if (src.type != Type::error && edges_ok) check_bands(d, val, src);
  val.expr = std::move(src);
}

// Items' `ask when`, then every derived value in declaration order (each typed once; a value
// used before its turn was typed at its first use).
void type_values(Checked& c) {
  Types t{c};
  for (size_t i = 0; i < c.item_decls.size(); ++i) {
    if (!c.item_decls[i]->ask_when) continue;
    TExpr a = t.boolean(t.expr(*c.item_decls[i]->ask_when), "after `ask when`");
    if (a.type != Type::error) c.m.items[i].ask = std::move(a);
  }
  for (size_t v = 0; v < c.m.values.size(); ++v) t.check_value(int(v));
}

}  // namespace signpost::checker
