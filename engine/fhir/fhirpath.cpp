// signpost expressions as FHIRPath and enableWhen (see fhirpath.hpp and docs/fhir.md).
#include "engine/fhir/fhirpath.hpp"

#include <cmath>
#include <cstdio>
#include <set>

namespace signpost::fhir {
using nlohmann::json;
using K = model::TExpr::K;
using Opt = std::optional<std::string>;

std::string literal(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", x);
  std::string s = buf;
  if (s.find('.') == std::string::npos && s.find('e') == std::string::npos) s += ".0";
  return s;
}

namespace {

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// The answers to an item, wherever it sits among the groups.
std::string answer(const model::Model& m, int item) {
  return "%resource.repeat(item).where(linkId = " + quote(m.items[size_t(item)].id) + ").answer.value";
}

const model::Scale& scale_of(const model::Model& m, int item) { return m.scales[size_t(m.items[size_t(item)].scale)]; }

// Each option's number: points (`score`) or its value on the scale (`number`).
std::vector<double> option_numbers(const model::Model& m, int item, bool points) {
  const auto& it = m.items[size_t(item)];
  if (points && !it.points.empty()) return it.points;
  std::vector<double> v;
  for (const auto& o : scale_of(m, item).options) v.push_back(o.value);
  return v;
}

// An option answer as a number: empty when unanswered.
std::string option_number(const model::Model& m, int item, bool points) {
  const auto& sc = scale_of(m, item);
  std::vector<double> nums = option_numbers(m, item, points);
  std::string code = answer(m, item) + ".code";
  if (sc.kind == model::Scale::Kind::multiple) {  // the points of every selected option, added
    std::string sum;
    for (size_t k = 0; k < sc.options.size(); ++k)
      sum += (sum.empty() ? "" : " + ") + std::string("iif(") + quote(sc.options[k].id) + " in " + code + ", " +
             literal(nums[k]) + ", 0)";
    return "iif(" + code + ".exists(), " + (sum.empty() ? "0" : sum) + ", {})";
  }
  std::string chain = "{}";
  for (size_t k = sc.options.size(); k-- > 0;)
    chain = "iif(" + code + " = " + quote(sc.options[k].id) + ", " + literal(nums[k]) + ", " + chain + ")";
  return chain;
}

bool compare(K k, double a, double b) {
  switch (k) {
    case K::lt: return a < b;
    case K::le: return a <= b;
    case K::gt: return a > b;
    case K::ge: return a >= b;
    case K::eq: return a == b;
    case K::ne: return a != b;
    default: return false;
  }
}

K flipped(K k) {
  switch (k) {
    case K::lt: return K::gt;
    case K::le: return K::ge;
    case K::gt: return K::lt;
    case K::ge: return K::le;
    default: return k;
  }
}

Opt constant(const model::Model& m, const model::TExpr& e) {
  switch (e.type) {
    case model::Type::boolean: return std::string(e.number != 0 ? "true" : "false");
    case model::Type::number: return literal(e.number);
    case model::Type::option: return quote(m.scales[size_t(e.scale)].options[size_t(e.number)].id);
    case model::Type::band: return quote(model::band_rows(m, m.values[size_t(e.scale)])[size_t(e.number)].id);
    default: return std::nullopt;
  }
}

Opt aggregate(const model::Model& m, const model::TExpr& e);
Opt conditional(const model::Model& m, const model::TExpr& e);
Opt rounded(const model::Model& m, const model::TExpr& e);

Opt leaf_item(const model::Model& m, const model::TExpr& e) {
  switch (scale_of(m, e.ref).kind) {
    case model::Scale::Kind::boolean:
    case model::Scale::Kind::integer:
    case model::Scale::Kind::decimal: return answer(m, e.ref);
    case model::Scale::Kind::options: return answer(m, e.ref) + ".code";
    case model::Scale::Kind::multiple: return std::nullopt;  // a set: only `includes` reads it
  }
  return std::nullopt;
}

// A single-choice answer's number compared with a constant, as the options that pass:
// (code in ('often' | 'almost_always')), empty while unanswered.
Opt option_test(const model::Model& m, const model::TExpr& e) {
  if (e.args.size() != 2 || e.kind < K::lt || e.kind > K::ne) return std::nullopt;
  K k = e.kind;
  const model::TExpr *x = &e.args[0], *c = &e.args[1];
  if (x->kind == K::constant) std::swap(x, c), k = flipped(k);
  if (c->kind != K::constant || (x->kind != K::raw_value && x->kind != K::score) || x->args.size() != 1 ||
      x->args[0].kind != K::item || scale_of(m, x->args[0].ref).kind != model::Scale::Kind::options)
    return std::nullopt;
  int item = x->args[0].ref;
  std::vector<double> nums = option_numbers(m, item, x->kind == K::score);
  std::string set;
  for (size_t o = 0; o < nums.size(); ++o)
    if (compare(k, nums[o], c->number)) set += (set.empty() ? "" : " | ") + quote(scale_of(m, item).options[o].id);
  std::string code = answer(m, item) + ".code";
  if (set.empty()) return "iif(" + code + ".exists(), false, {})";
  return "(" + code + " in (" + set + "))";
}

}  // namespace

std::string scale_system(const model::Model& m, const std::string& base, int scale) {
  return base + "/CodeSystem/" + m.id + "/" + m.scales[size_t(scale)].id;
}

Opt fhirpath(const model::Model& m, const model::TExpr& e) {
  switch (e.kind) {
    case K::constant: return constant(m, e);
    case K::item: return leaf_item(m, e);
    case K::value_ref: return "%" + m.values[size_t(e.ref)].id;
    case K::score:
    case K::raw_value:
      if (e.args.size() != 1 || e.args[0].kind != K::item) return std::nullopt;
      return option_number(m, e.args[0].ref, e.kind == K::score);
    case K::includes: {
      if (e.args.size() != 1 || e.args[0].kind != K::item) return std::nullopt;
      std::string code = answer(m, e.args[0].ref) + ".code";
      return "iif(" + code + ".exists(), " + quote(scale_of(m, e.args[0].ref).options[size_t(e.ref)].id) + " in " +
             code + ", {})";
    }
    case K::aggregate: return aggregate(m, e);
    case K::select: return conditional(m, e);
    case K::round: return rounded(m, e);
    case K::number_of: {  // points(yes/no): true is 1, false 0, unanswered empty
      Opt a = fhirpath(m, e.args.at(0));
      return a ? Opt("(" + *a + ").toInteger()") : std::nullopt;
    }
    case K::neg: {
      Opt a = fhirpath(m, e.args.at(0));
      return a ? Opt("(0 - " + *a + ")") : std::nullopt;
    }
    case K::not_: {
      Opt a = fhirpath(m, e.args.at(0));
      return a ? Opt("(" + *a + ").not()") : std::nullopt;
    }
    default: break;
  }
  if (auto set = option_test(m, e)) return set;
  const char* op = model::infix(e.kind);
  if (!op || e.args.size() != 2) return std::nullopt;
  Opt a = fhirpath(m, e.args[0]), b = fhirpath(m, e.args[1]);
  if (!a || !b) return std::nullopt;
  return "(" + *a + " " + op + " " + *b + ")";
}

namespace {

// One member of an aggregate, and what it adds when its item is not asked.
Opt member(const model::Model& m, const model::TExpr& e, int item, const std::string& term, const char* not_asked) {
  const auto& ask = m.items[size_t(item)].ask;
  if (!ask) return term;
  Opt cond = fhirpath(m, *ask);
  if (!cond) return std::nullopt;
  (void)e;
  return "iif((" + *cond + ") = false, " + not_asked + ", " + term + ")";
}

Opt aggregate(const model::Model& m, const model::TExpr& e) {
  // Only the default policy maps: an unanswered member makes the whole unknown, as empty does.
  if (e.policy != model::Policy::unknown || e.members.size() != e.args.size() || e.members.empty()) return std::nullopt;
  bool asks = false;
  for (int i : e.members) asks = asks || m.items[size_t(i)].ask.has_value();
  if (e.minimum > 0 && asks) return std::nullopt;
  const model::AggregateSpec& spec = model::aggregate_spec(e.agg);
  const char* join = nullptr;
  const char* not_asked = "0";
  switch (spec.fold) {  // a sum or count of terms, or yes/no terms joined by `or` (max) or `and` (min)
    case model::Fold::add:
    case model::Fold::answered: join = " + "; break;
    case model::Fold::max:
      if (spec.yes_no) join = " or ", not_asked = "false";
      break;
    case model::Fold::min:
      if (spec.yes_no) join = " and ", not_asked = "true";
      break;
    case model::Fold::mean: break;
  }
  if (!join) return std::nullopt;  // mean, min, max: docs/fhir.md
  std::string out;
  for (size_t k = 0; k < e.args.size(); ++k) {
    int item = e.members[k];
    Opt term;
    if (spec.members == model::Members::answers) term = answer(m, item) + ".exists().toInteger()";
    else term = fhirpath(m, e.args[k]);
    if (!term) return std::nullopt;
    if (spec.members == model::Members::tests && !spec.yes_no) term = "(" + *term + ").toInteger()";
    Opt t = member(m, e, item, *term, not_asked);
    if (!t) return std::nullopt;
    out += (out.empty() ? "" : join) + *t;
  }
  return "(" + out + ")";
}

// `if C then A else B`. FHIRPath's iif takes its otherwise-branch when C is empty, so an unknown
// condition is tested first; then, as iv::select, the value is known when both sides agree (no
// `else`: when A is), and empty otherwise.
Opt conditional(const model::Model& m, const model::TExpr& e) {
  const model::TExpr& otherwise = e.args.at(2);
  const bool no_else = otherwise.kind == K::constant && std::isnan(otherwise.number);
  Opt c = fhirpath(m, e.args.at(0)), a = fhirpath(m, e.args.at(1));
  Opt b = no_else ? Opt("{}") : fhirpath(m, otherwise);
  if (!c || !a || !b) return std::nullopt;
  const std::string undecided = no_else ? *a : "iif(" + *a + " = " + *b + ", " + *a + ", {})";
  return "iif((" + *c + ").exists(), iif(" + *c + ", " + *a + ", " + *b + "), " + undecided + ")";
}

// round, floor and ceil with FHIRPath's floor() and ceiling(), on the value scaled by 10^decimals
// (round_to in check/interval.hpp: halves up, down or to the even neighbour). Empty stays empty.
Opt rounded(const model::Model& m, const model::TExpr& e) {
  Opt x = fhirpath(m, e.args.at(0));
  if (!x) return std::nullopt;
  const int digits = int(e.number);
  const std::string scale = literal(std::pow(10.0, digits));
  const std::string y = digits > 0 ? "(" + *x + " * " + scale + ")" : "(" + *x + ")";
  const std::string f = y + ".floor()";
  std::string r;
  switch (Rounding(e.ref)) {
    case Rounding::down: r = f; break;
    case Rounding::up: r = y + ".ceiling()"; break;
    case Rounding::half_up: r = "(" + y + " + 0.5).floor()"; break;
    case Rounding::half_down: r = "(" + y + " - 0.5).ceiling()"; break;
    case Rounding::half_even:
      r = "iif((" + y + " - " + f + ") = 0.5, iif(" + f + " mod 2 = 0, " + f + ", " + f + " + 1), (" + y + " + 0.5).floor())";
      break;
  }
  return digits > 0 ? "(" + r + " / " + scale + ")" : r;
}

// ---- enableWhen ---------------------------------------------------------------------------------

json coding(const model::Model& m, const std::string& base, int item, size_t option) {
  const auto& sc = scale_of(m, item);
  return {{"system", scale_system(m, base, m.items[size_t(item)].scale)},
          {"code", sc.options[option].id},
          {"display", sc.options[option].label}};
}

json equals_option(const model::Model& m, const std::string& base, int item, size_t option) {
  return {{"question", m.items[size_t(item)].id}, {"operator", "="}, {"answerCoding", coding(m, base, item, option)}};
}

// A comparison of one item's answer with a constant, as the options (or the number test) it allows.
bool comparison(const model::Model& m, const std::string& base, const model::TExpr& e, json& out, int& item) {
  if (e.args.size() != 2) return false;
  K k = e.kind;
  const model::TExpr *x = &e.args[0], *c = &e.args[1];
  if (x->kind == K::constant) std::swap(x, c), k = flipped(k);
  if (c->kind != K::constant) return false;
  if (x->kind == K::item) {
    item = x->ref;
    auto kind = scale_of(m, item).kind;
    if (scale_of(m, item).numeric()) {
      const char* key = kind == model::Scale::Kind::integer ? "answerInteger" : "answerDecimal";
      json v = kind == model::Scale::Kind::integer ? json(static_cast<long long>(c->number)) : json(c->number);
      out.push_back({{"question", m.items[size_t(item)].id}, {"operator", model::infix(k)}, {key, v}});
      return true;
    }
    if (kind != model::Scale::Kind::options || (k != K::eq && k != K::ne)) return false;
    for (size_t o = 0; o < scale_of(m, item).options.size(); ++o)
      if (compare(k, double(o), c->number)) out.push_back(equals_option(m, base, item, o));
    return true;
  }
  if ((x->kind == K::raw_value || x->kind == K::score) && x->args.size() == 1 && x->args[0].kind == K::item &&
      scale_of(m, x->args[0].ref).kind == model::Scale::Kind::options) {
    item = x->args[0].ref;
    std::vector<double> nums = option_numbers(m, item, x->kind == K::score);
    for (size_t o = 0; o < nums.size(); ++o)
      if (compare(k, nums[o], c->number)) out.push_back(equals_option(m, base, item, o));
    return true;
  }
  return false;
}

// One condition on one item's answer, as the enableWhen entries that make it true.
bool atom(const model::Model& m, const std::string& base, const model::TExpr& e, json& out, int& item) {
  const model::TExpr* x = &e;
  bool negated = false;
  if (x->kind == K::not_ && x->args.size() == 1) x = &x->args[0], negated = true;
  if (x->kind == K::item && scale_of(m, x->ref).kind == model::Scale::Kind::boolean) {
    item = x->ref;
    out.push_back({{"question", m.items[size_t(item)].id}, {"operator", "="}, {"answerBoolean", !negated}});
    return true;
  }
  if (negated) return false;
  if (x->kind == K::includes && x->args.size() == 1 && x->args[0].kind == K::item) {
    item = x->args[0].ref;
    out.push_back(equals_option(m, base, item, size_t(x->ref)));
    return true;
  }
  return comparison(m, base, *x, out, item);
}

void disjuncts(const model::TExpr& e, std::vector<const model::TExpr*>& out) {
  if (e.kind == K::or_) {
    for (const auto& a : e.args) disjuncts(a, out);
  } else {
    out.push_back(&e);
  }
}

}  // namespace

std::optional<EnableWhen> enable_when(const model::Model& m, const std::string& base, const model::TExpr& e) {
  std::vector<const model::TExpr*> parts;
  disjuncts(e, parts);
  EnableWhen w;
  std::vector<int> items;
  for (const auto* p : parts) {
    int item = -1;
    if (!atom(m, base, *p, w.conditions, item)) return std::nullopt;
    if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
  }
  // signpost asks while the condition may still be true: an unanswered question leaves it open.
  for (int item : items)
    w.conditions.push_back({{"question", m.items[size_t(item)].id}, {"operator", "exists"}, {"answerBoolean", false}});
  if (w.conditions.size() > 1) w.behavior = "any";
  return w;
}

}  // namespace signpost::fhir
