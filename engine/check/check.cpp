// Check stage: names, types, cycles, bands, safety and wording rules.
#include "engine/check/check.hpp"
#include "engine/check/codec.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <set>

#include "engine/check/lint.hpp"
#include "engine/check/properties.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace model {

const char* level_name(Level l) {
  switch (l) {
    case Level::urgent: return "urgent";
    case Level::recommend: return "recommend";
    case Level::consider: return "consider";
    case Level::info: return "info";
  }
  return "?";
}
const char* type_name(Type t) {
  switch (t) {
    case Type::error: return "an error";
    case Type::number: return "a number";
    case Type::boolean: return "a yes/no value";
    case Type::option: return "an answer option";
    case Type::set: return "a set of options";
    case Type::band: return "a band";
    case Type::section: return "a section";
  }
  return "?";
}
const char* agg_name(Agg a) { return aggregate_spec(a).name; }
const char* policy_name(Policy p) {
  static const char* n[] = {"unknown", "skip", "prorate"};
  return n[static_cast<int>(p)];
}
int Scale::option_index(const std::string& name) const {
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i].id == name) return static_cast<int>(i);
  return -1;
}

}  // namespace model

namespace {
using namespace model;
using K = TExpr::K;

const std::vector<std::string> kAudiences = {"self", "partner", "clinician", "researcher", "carer"};
const std::vector<std::string> kLevels = {"urgent", "recommend", "consider", "info"};

bool is_integer(double v) { return std::isfinite(v) && v == std::floor(v); }

struct Checker {
  const SourceSet& sources;
  Diagnostics& d;
  const Limits& limits;
  Model m;

  std::map<std::string, int> scale_index, source_index;
  // values namespace: sections, items, derived values, guidance
  struct Sym {
    char kind;  // 's' section, 'i' item, 'v' value, 'g' guidance
    int index;
    Span span;
  };
  std::map<std::string, Sym> names;
  struct Pending {
    const ast::LetDecl* let = nullptr;
    const ast::BandDecl* band = nullptr;
  };
  std::vector<Pending> pending;
  std::vector<uint8_t> value_state;  // 0 unchecked, 1 checking, 2 done
  std::vector<int> checking;         // values being checked, innermost last
  std::vector<const ast::ItemDecl*> item_decls;

  // ---- helpers -------------------------------------------------------------
  std::vector<std::string> value_names() const {
    std::vector<std::string> v;
    for (auto& [n, s] : names)
      if (s.kind != 'g') v.push_back(n);
    return v;
  }
  template <typename Map>
  static std::vector<std::string> keys(const Map& map) {
    std::vector<std::string> v;
    for (auto& kv : map) v.push_back(kv.first);
    return v;
  }
  std::string where(Span s) const {
    LineCol lc = sources.file(s.file).locate(s.begin);
    return sources.file(s.file).path() + ":" + std::to_string(lc.line);
  }

  bool declare(const ast::Name& n, char kind, int index) {
    auto it = names.find(n.text);
    if (it != names.end()) {
      d.error("E011", n.span, "'" + n.text + "' is already declared", "first declared at " + where(it->second.span));
      return false;
    }
    names[n.text] = {kind, index, n.span};
    return true;
  }

  void duplicate_clauses(const std::vector<ast::Clause>& clauses) {
    std::set<std::string> seen;
    for (const auto& c : clauses) {
      if (c.keyword == "cites" || c.keyword == "step" || c.keyword == "steps") continue;
      if (!seen.insert(c.keyword).second)
        d.error("E046", c.span, "'" + c.keyword + "' is given twice", "keep one; the later one would silently win");
    }
  }

  std::vector<Citation> citations(const std::vector<ast::Citation>& cs) {
    std::vector<Citation> out;
    for (const auto& c : cs) {
      auto it = source_index.find(c.source.text);
      if (it == source_index.end()) {
        std::string hint = did_you_mean(c.source.text, keys(source_index));
        d.error("E013", c.source.span, "unknown source '" + c.source.text + "'",
                hint.empty() ? "declare it with `source " + c.source.text + " \"Title\"`" : hint);
        continue;
      }
      const Source& s = m.sources[it->second];
      Citation out_c{it->second, c.section ? c.section->text : "", c.line, c.span};
      if (!s.sections.empty()) {
        if (!c.section) {
          d.error("E014", c.span, "citation of '" + s.id + "' names no section",
                  "add one of its sections, e.g. " + s.id + " \"" + s.sections.front() + "\"");
        } else if (std::find(s.sections.begin(), s.sections.end(), c.section->text) == s.sections.end()) {
          std::string hint = did_you_mean(c.section->text, s.sections);
          d.error("E014", c.section->span, "source '" + s.id + "' has no section \"" + c.section->text + "\"",
                  hint.empty() ? "its sections are: " + join_or(s.sections, " and ") : hint);
        }
      }
      out.push_back(out_c);
    }
    return out;
  }

  // ---- typed expression builders -----------------------------------------
  static TExpr node(K k, Type t, Span s) {
    TExpr e;
    e.kind = k;
    e.type = t;
    e.span = s;
    return e;
  }
  static TExpr error(Span s) { return node(K::constant, Type::error, s); }
  static TExpr constant(double v, Type t, Span s, int scale = -1) {
    TExpr e = node(K::constant, t, s);
    e.number = v;
    e.range = iv::point(v);
    e.integral = is_integer(v);
    e.scale = scale;
    return e;
  }

  Interval item_range(int i) const {
    const Item& it = m.items[i];
    const Scale& sc = m.scales[it.scale];
    switch (sc.kind) {
      case Scale::Kind::boolean: return {0, 1};
      case Scale::Kind::options: return {0, double(sc.options.size() - 1)};
      case Scale::Kind::multiple: return {0, std::ldexp(1.0, int(sc.options.size())) - 1};
      default: return {sc.lo, sc.hi};
    }
  }

  TExpr item_ref(int i, Span s) const {
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
  TExpr numeric(TExpr e, const char* what) {
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

  TExpr boolean(TExpr e, const char* what) {
    if (e.type == Type::error || e.type == Type::boolean) return e;
    d.error("E020", e.span, std::string("expected a yes/no condition ") + what + ", found " + type_name(e.type),
            e.type == Type::option ? "compare the answer with an option, e.g. x >= often" : "compare it, e.g. x >= 3");
    return error(e.span);
  }

  // An option-typed value as its position on the scale's numbers (for ordered comparisons).
  TExpr raw(TExpr e) {
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

  static Interval apply(K k, Interval a, Interval b) {
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

  TExpr binary(K k, Type t, TExpr a, TExpr b, Span s) {
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
  int option_or_error(const Scale& sc, const ast::Name& n) {
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
  std::optional<TExpr> label(const ast::Expr& e, const TExpr& other, bool in_where = false) {
    if (e.op != ast::Op::name || names.count(e.name.text)) return std::nullopt;
    if (other.type == Type::option || other.type == Type::set) {
      int k = option_or_error(m.scales[other.scale], e.name);
      if (k < 0) return error(e.span);
      return constant(k, Type::option, e.span, other.scale);
    }
    if (other.type == Type::error) return error(e.span);  // the other side was reported already
    // Against an item, an unknown word is most likely meant as its value; otherwise a misspelt name.
    bool against_item = other.kind == K::item;
    if ((other.type == Type::boolean || other.type == Type::number) &&
        (!against_item || !did_you_mean(e.name.text, value_names()).empty()))
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

  TExpr compare(const ast::Expr& e, int answer_item) {
    static const std::map<ast::Op, K> ops = {{ast::Op::lt, K::lt}, {ast::Op::le, K::le}, {ast::Op::gt, K::gt},
                                             {ast::Op::ge, K::ge}, {ast::Op::eq, K::eq}, {ast::Op::ne, K::ne}};
    K k = ops.at(e.op);
    const ast::Expr& la = e.args[0];
    const ast::Expr& ra = e.args[1];
    bool l_bare = la.op == ast::Op::name && !names.count(la.name.text);
    bool r_bare = ra.op == ast::Op::name && !names.count(ra.name.text);
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

  TExpr aggregate(const ast::Expr& e) {
    const AggregateSpec& spec = *find_aggregate(e.name.text);  // the grammar knows only these names
    TExpr out = node(K::aggregate, Type::number, e.span);
    out.agg = spec.agg;
    const bool counting = spec.members == Members::tests;
    // members
    std::vector<int> members;
    for (const auto& r : e.refs) {
      auto it = names.find(r.text);
      if (it == names.end()) {
        std::string hint = did_you_mean(r.text, value_names());
        d.error("E010", r.span, "unknown name '" + r.text + "'", hint);
        continue;
      }
      if (it->second.kind == 's') {
        // Safety answers are never signs: a section stands for its other items. Where that
        // changes a number (a total, a mean, how many were answered), say so.
        for (int i : m.sections[it->second.index].items)
          if (!m.items[i].safety) members.push_back(i);
          else if (!counting &&
                   std::none_of(e.refs.begin(), e.refs.end(), [&](const ast::Name& n) { return n.text == m.items[i].id; }))
            d.warning("W037", r.span, std::string(model::agg_name(out.agg)) + "(" + r.text + ") leaves out safety item '" +
                                          m.items[i].id + "': a section stands for its items other than safety items",
                      std::string("to include it, list it too: ") + model::agg_name(out.agg) + "(" + r.text + ", " + m.items[i].id + ")");
      } else if (it->second.kind == 'i') {
        members.push_back(it->second.index);
      } else {
        d.error("E023", r.span, "'" + r.text + "' is not an item or a section",
                std::string(model::agg_name(out.agg)) + "(...) aggregates answers to items");
      }
    }
    if (members.empty()) {
      if (!e.refs.empty() && d.has_errors()) return error(e.span);  // unknown names, reported above
      d.error("E023", e.span, std::string(model::agg_name(out.agg)) + "(...) has no items to aggregate");
      return error(e.span);
    }
    if (e.where && !counting) {
      d.error("E023", e.where->span, "`where` works with count, any and all",
              "count(section where answer >= often) counts the answers that match");
      return error(e.span);
    }
    bool ok = true;
    for (int i : members) {
      TExpr mem;
      if (e.where) {
        mem = boolean(expr(*e.where, i), "after `where`");
      } else if (counting) {
        const Scale& sc = m.scales[m.items[i].scale];
        if (sc.kind == Scale::Kind::boolean) {
          mem = item_ref(i, e.span);
        } else if (sc.endorse_from >= 0 && sc.kind == Scale::Kind::options) {
          TExpr threshold = constant(sc.endorse_from, Type::option, e.span, m.items[i].scale);
          TExpr val = item_ref(i, e.span);
          // A reverse-keyed item endorses a sign when its reversed score reaches the threshold.
          if (m.items[i].reverse)
            mem = binary(K::ge, Type::boolean, numeric(val, "as a sign"), raw(threshold), e.span);
          else
            mem = sc.scored ? binary(K::ge, Type::boolean, raw(val), raw(threshold), e.span)
                            : binary(K::ge, Type::boolean, val, threshold, e.span);
        } else {
          d.error("E023", e.span, std::string(model::agg_name(out.agg)) + "(...) needs a condition for item '" +
                                      m.items[i].id + "'",
                  "add `where answer >= ...`, or `endorse from <option>` to scale '" + sc.id + "'");
          ok = false;
          break;
        }
      } else if (spec.members == Members::answers) {
        mem = item_ref(i, e.span);
      } else {
        mem = numeric(item_ref(i, e.span), std::string("in " + std::string(model::agg_name(out.agg)) + "(...)").c_str());
      }
      if (mem.type == Type::error) {
        ok = false;
        break;
      }
      out.args.push_back(std::move(mem));
      out.members.push_back(i);
    }
    if (!ok) return error(e.span);
    for (const auto& opt : e.options) {
      if (opt.key.text == "unanswered") {
        static const std::map<std::string, Policy> pol = {
            {"unknown", Policy::unknown}, {"skip", Policy::skip}, {"prorate", Policy::prorate}};
        auto it = pol.find(opt.word.text);
        if (it == pol.end()) {
          d.error("E023", opt.word.span, "unknown way to treat unanswered items: '" + opt.word.text + "'",
                  did_you_mean(opt.word.text, {"unknown", "skip", "prorate"}).empty()
                      ? "use unknown, skip or prorate"
                      : did_you_mean(opt.word.text, {"unknown", "skip", "prorate"}));
          return error(e.span);
        }
        out.policy = it->second;
        if (out.policy == Policy::prorate && !spec.prorate) {
          d.error("E023", opt.span, "prorate works with sum and count");
          return error(e.span);
        }
      } else {
        if (spec.fold == Fold::answered) {
          d.error("E023", opt.span, "answered(...) has no minimum: it is the number of answers",
                  "compare it instead: answered(...) >= " + (opt.number ? format_number(opt.number->value) : std::string("N")));
          return error(e.span);
        }
        std::optional<double> given = opt.number ? bound(*opt.number) : std::nullopt;
        if (!given) return error(e.span);
        double n = *given;
        if (!is_integer(n) || n < 1 || n > double(out.members.size())) {
          d.error("E023", opt.span, "minimum must be a whole number from 1 to " + std::to_string(out.members.size()),
                  "it is how many of the aggregated items must be answered");
          return error(e.span);
        }
        out.minimum = int(n);
      }
    }
    static_range(spec, out);
    return out;
  }

  // An aggregate's static range: as the evaluator would compute it with every member unknown.
  static void static_range(const AggregateSpec& spec, TExpr& out) {
    double lo = 0, hi = 0, mn_lo = iv::kInf, mn_hi = iv::kInf, mx_lo = -iv::kInf, mx_hi = -iv::kInf;
    bool integral = true;
    for (const auto& a : out.args) {
      Interval r = spec.members == Members::answers ? Interval{0, 1} : a.range;
      if (out.policy == Policy::skip) lo += std::min(0.0, r.lo), hi += std::max(0.0, r.hi);
      else lo += r.lo, hi += r.hi;
      mn_lo = std::min(mn_lo, r.lo), mn_hi = std::min(mn_hi, r.hi);
      mx_lo = std::max(mx_lo, r.lo), mx_hi = std::max(mx_hi, r.hi);
      integral = integral && a.integral;
    }
    const double n = double(out.args.size());
    const bool prorated = out.policy == Policy::prorate;
    if (spec.yes_no) {
      out.type = Type::boolean, out.range = {0, 1}, out.integral = true;
      return;
    }
    switch (spec.fold) {
      case Fold::add:
        if (spec.members == Members::numbers) out.range = {lo, hi}, out.integral = integral && !prorated;
        else out.range = {0, n}, out.integral = !prorated;
        return;
      case Fold::answered: out.range = {0, n}; out.integral = true; return;
      case Fold::mean: out.range = {mn_lo, mx_hi}; out.integral = false; return;
      case Fold::min: out.range = {mn_lo, mn_hi}; out.integral = integral; return;
      case Fold::max: out.range = {mx_lo, mx_hi}; out.integral = integral; return;
    }
  }

  TExpr expr(const ast::Expr& e, int answer_item = -1) {
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
      case ast::Op::name: {
        auto it = names.find(e.name.text);
        if (it == names.end()) {
          std::string hint = did_you_mean(e.name.text, value_names());
          d.error("E010", e.name.span, "unknown name '" + e.name.text + "'", hint);
          return error(e.span);
        }
        const Sym& s = it->second;
        if (s.kind == 'i') return item_ref(s.index, e.span);
        if (s.kind == 'v') return value_ref(s.index, e.span);
        if (s.kind == 's') {
          d.error("E023", e.span, "section '" + e.name.text + "' stands for several items here",
                  "aggregate it, e.g. count(" + e.name.text + ") or sum(" + e.name.text + ")");
          return error(e.span);
        }
        d.error("E020", e.span, "'" + e.name.text + "' is a guidance, not a value");
        return error(e.span);
      }
      case ast::Op::neg: {
        TExpr a = numeric(expr(e.args[0], answer_item), "with '-'");
        if (a.type == Type::error) return a;
        TExpr out = node(K::neg, Type::number, e.span);
        out.range = iv::neg(a.range);
        out.integral = a.integral;
        out.args.push_back(std::move(a));
        return out;
      }
      case ast::Op::not_: {
        TExpr a = boolean(expr(e.args[0], answer_item), "after `not`");
        if (a.type == Type::error) return a;
        if (a.kind == K::item && m.items[a.ref].ask)
          d.warning("W036", e.span, "`not " + m.items[a.ref].id + "` is also true when '" + m.items[a.ref].id +
                                        "' is not asked",
                    "write `" + m.items[a.ref].id + " == no` to mean a 'no' answer");
        TExpr out = node(K::not_, Type::boolean, e.span);
        out.range = iv::not_(a.range);
        out.integral = true;
        out.args.push_back(std::move(a));
        return out;
      }
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
      case ast::Op::div: {
        static const std::map<ast::Op, K> ks = {
            {ast::Op::add, K::add}, {ast::Op::sub, K::sub}, {ast::Op::mul, K::mul}, {ast::Op::div, K::div}};
        TExpr a = numeric(expr(e.args[0], answer_item), "in arithmetic");
        TExpr b = numeric(expr(e.args[1], answer_item), "in arithmetic");
        if (e.op == ast::Op::div && b.type == Type::number && b.range.lo <= 0 && b.range.hi >= 0)
          d.warning("W035", b.span, "this divisor can be zero; the result is then not applicable",
                    "divide by something that cannot be zero, or make the value conditional: if " +
                        std::string(sources.slice(b.span)) + " != 0 then ... else ...");
        return binary(ks.at(e.op), Type::number, std::move(a), std::move(b), e.span);
      }
      case ast::Op::lt:
      case ast::Op::le:
      case ast::Op::gt:
      case ast::Op::ge:
      case ast::Op::eq:
      case ast::Op::ne: return compare(e, answer_item);
      case ast::Op::includes: {
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
      case ast::Op::call: return aggregate(e);
      case ast::Op::if_: return conditional(e, answer_item);
      case ast::Op::func: return function(e, answer_item);
    }
    return error(e.span);
  }

  // `if C then A else B`; without `else`, not applicable when C is false. Both sides give the
  // same kind of value; an option and a number meet as numbers (the option's points).
  TExpr conditional(const ast::Expr& e, int answer_item) {
    TExpr c = boolean(expr(e.args[0], answer_item), "after `if`");
    TExpr a = expr(e.args[1], answer_item);
    bool has_else = e.args.size() > 2;
    TExpr b = has_else ? expr(e.args[2], answer_item) : TExpr{};
    if (c.type == Type::error || a.type == Type::error || (has_else && b.type == Type::error)) return error(e.span);
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
    out.range = iv::select(c.range, a.range, b.range);
    if (out.range.na()) out.range = a.range.na() ? b.range : a.range;
    if (out.range.na()) out.range = iv::everything();
    out.integral = a.integral && b.integral;
    out.args.push_back(std::move(c));
    out.args.push_back(std::move(a));
    out.args.push_back(std::move(b));
    return out;
  }

  // round(x, RULE [, decimals = N]), floor(x), ceil(x), points(x).
  TExpr function(const ast::Expr& e, int answer_item) {
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
  std::optional<double> bound(const ast::Number& n) {
    if (n.ref.empty()) return n.value;
    auto it = names.find(n.ref);
    if (it == names.end()) {
      d.error("E010", n.span, "unknown name '" + n.ref + "'", did_you_mean(n.ref, value_names()));
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

  TExpr value_ref(int v, Span s) {
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
  void check_value(int v) {
    if (value_state[v] == 2) return;
    if (value_state[v] == 1) {  // a cycle among derived values
      std::string path;
      for (auto p = std::find(checking.begin(), checking.end(), v); p != checking.end(); ++p)
        path += m.values[*p].id + " -> ";
      d.error("E030", m.values[v].span, "'" + m.values[v].id + "' depends on itself: " + path + m.values[v].id,
              "a derived value cannot use itself, directly or through others");
      m.values[v].type = Type::error;
      return;
    }
    value_state[v] = 1;
    checking.push_back(v);
    const Pending& p = pending[v];
    Value& val = m.values[v];  // stable: no value is added while checking
    if (p.let) {
      TExpr e = expr(p.let->value);
      val.type = e.type;
      val.scale = e.scale;
      val.range = e.range;
      val.integral = e.integral;
      if (e.type == Type::set) {
        d.error("E020", p.let->value.span, "a derived value cannot be a set of options");
        val.type = Type::error;
      }
      if (p.let->threshold && e.kind != K::constant && e.type != Type::error)
        d.error("E020", p.let->value.span, "a threshold must be a constant number",
                "thresholds are the tunable numbers; compute derived values with `let`");
      if (p.let->decimals) {
        double n = p.let->decimals->value;
        if (!is_integer(n) || n < 0 || n > 6)
          d.error("E024", p.let->decimals->span, "decimals must be a whole number from 0 to 6");
        else if (e.type != Type::number && e.type != Type::error)
          d.error("E024", p.let->decimals->span, "only a number is shown with decimals, and '" + val.id + "' is " +
                                                     type_name(e.type));
        else
          val.decimals = int(n);
      }
      val.expr = std::move(e);
    } else {
      bool edges_ok = edges(val, *p.band);
      TExpr src = expr(p.band->source);
      if (src.type != Type::error) src = numeric(std::move(src), "as the source of a band table");
      val.type = src.type == Type::error ? Type::error : Type::band;
      val.scale = v;
      val.integral = true;
      val.range = {0, double(val.rows.size()) - 1};
      if (src.type != Type::error && edges_ok) bands(val, src);
      val.expr = std::move(src);
    }
    checking.pop_back();
    value_state[v] = 2;
  }

  // Band edges given as thresholds' names, now that values can be looked up.
  // False when one is not a threshold (reported): the rows are then not checked further.
  bool edges(Value& v, const ast::BandDecl& x) {
    bool ok = true;
    auto resolve = [&](const std::optional<ast::Number>& n, double& edge) {
      if (!n || n->ref.empty()) return;
      std::optional<double> got = bound(*n);
      if (got) edge = *got;
      else ok = false;
    };
    for (size_t k = 0; k < x.rows.size() && k < v.rows.size(); ++k) {
      resolve(x.rows[k].lo, v.rows[k].lo);
      resolve(x.rows[k].hi, v.rows[k].hi);
    }
    return ok;
  }

  // Bands must be in ascending order, and neither overlap nor leave gaps over the source's range.
  void bands(Value& v, const TExpr& src) {
    auto fmt = [](const BandRow& r) {
      std::string lo = std::isinf(r.lo) ? "below" : (r.lo_inclusive ? "" : "above ") + format_number(r.lo);
      std::string hi = std::isinf(r.hi) ? "or more" : format_number(r.hi);
      return lo + " .. " + hi;
    };
    for (size_t k = 0; k < v.rows.size(); ++k) {
      const BandRow& r = v.rows[k];
      if (r.lo > r.hi || (r.lo == r.hi && (!r.hi_inclusive || !r.lo_inclusive))) {
        d.error("E031", r.span, "band '" + r.id + "' is empty (" + fmt(r) + ")");
        continue;
      }
      if (k == 0) continue;
      const BandRow& p = v.rows[k - 1];
      bool overlap = p.hi > r.lo || (p.hi == r.lo && p.hi_inclusive && r.lo_inclusive);
      if (overlap) {
        d.error("E031", r.span, "band '" + r.id + "' overlaps band '" + p.id + "'",
                p.hi_inclusive ? "start it above " + format_number(p.hi) + ", or end '" + p.id + "' with `to under " +
                                     format_number(r.lo) + "`"
                               : "start it at " + format_number(p.hi));
        continue;
      }
      // gap between p.hi and r.lo
      bool gap;
      if (src.integral && std::isfinite(p.hi) && is_integer(p.hi) && is_integer(r.lo))
        gap = (r.lo_inclusive ? r.lo : r.lo + 1) > (p.hi_inclusive ? p.hi + 1 : p.hi);
      else
        gap = !(p.hi == r.lo && p.hi_inclusive != r.lo_inclusive);
      // A row `above X` after one that ends before X: X falls in no row, and the compiled band
      // (which relies on the row before holding X) would put X in this one.
      if (!r.lo_inclusive && !(p.hi == r.lo && p.hi_inclusive) && !gap && src.range.lo <= r.lo && r.lo <= src.range.hi)
        gap = true;
      // gaps entirely outside the source's range do not matter
      double gap_lo = p.hi, gap_hi = r.lo;
      if (gap && gap_hi > src.range.lo && gap_lo < src.range.hi)
        d.error("E032", r.span,
                "values between " + format_number(p.hi) + " and " + format_number(r.lo) + " fall in no band",
                src.integral ? "start '" + r.id + "' at " + format_number(p.hi_inclusive ? p.hi + 1 : p.hi)
                             : "end '" + p.id + "' with `to under " + format_number(r.lo) + "` so the bands meet");
    }
    if (v.rows.empty()) return;
    const BandRow& first = v.rows.front();
    const BandRow& last = v.rows.back();
    if (!first.lo_inclusive && first.lo >= src.range.lo)
      d.error("E032", first.span,
              "values up to " + format_number(first.lo) + " fall in no band (the source can be as low as " +
                  format_number(src.range.lo) + ")",
              "start the first band at " + format_number(src.range.lo) + " rather than above " + format_number(first.lo));
    else if (first.lo > src.range.lo)
      d.error("E032", first.span,
              "values below " + format_number(first.lo) + " fall in no band (the source can be as low as " +
                  format_number(src.range.lo) + ")",
              "start the first band at " + format_number(src.range.lo) + ", or write `under ...`");
    bool last_open = last.hi_inclusive ? last.hi < src.range.hi : last.hi <= src.range.hi;
    if (last_open)
      d.error("E032", last.span,
              "values above " + format_number(last.hi) + " fall in no band (the source can be as high as " +
                  format_number(src.range.hi) + ")",
              "end the last band at " + format_number(src.range.hi) + ", or write `... or more`");
  }

  // ---- because texts --------------------------------------------------------
  std::vector<TextPart> because(const ast::Str& s) {
    std::vector<TextPart> parts;
    const std::string& t = s.text;
    size_t i = 0;
    std::string lit;
    while (i < t.size()) {
      if (t[i] == '{') {
        size_t j = t.find('}', i);
        if (j == std::string::npos) {
          d.error("E061", s.span, "a `{` in this text is not closed", "write {name} to quote a value");
          break;
        }
        std::string n = t.substr(i + 1, j - i - 1);
        auto it = names.find(n);
        if (it == names.end() || (it->second.kind != 'i' && it->second.kind != 'v')) {
          std::string hint = did_you_mean(n, value_names());
          d.error("E061", s.span, "the text quotes {" + n + "}, which is not an item or a derived value", hint);
        } else {
          if (!lit.empty()) parts.push_back({false, lit, 0, -1}), lit.clear();
          parts.push_back({true, n, it->second.kind, it->second.index});
        }
        i = j + 1;
        continue;
      }
      lit += t[i++];
    }
    if (!lit.empty()) parts.push_back({false, lit, 0, -1});
    return parts;
  }

  // Every text a person can see, against diagnostic wording (engine/check/lint.cpp).
  void wording(const std::vector<ast::File>& files) {
    std::vector<std::string> extra = lint::wording_conditions(files);
    for (const auto& v : lint::visible_texts(files))
      for (const auto& issue : lint::diagnostic_wording(v.text->text, extra))
        d.error("E042", v.text->span, std::string("wording claims a diagnosis in ") + v.where + ": \"" + issue.phrase + "\"",
                issue.why + "; " + issue.hint);
  }

  // ---- dependencies and cycles ---------------------------------------------
  void refs(const TExpr& e, std::vector<int>& items, std::vector<int>& values) const {
    if (e.kind == K::item) items.push_back(e.ref);
    if (e.kind == K::value_ref) values.push_back(e.ref);
    for (const auto& a : e.args) refs(a, items, values);
    if (e.kind == K::aggregate)
      for (int i : e.members) items.push_back(i);
  }

  // Nodes: items (0..n-1) and values (n..). Edges: what must be computed first.
  void cycles() {
    size_t n = m.items.size(), total = n + m.values.size();
    std::vector<std::vector<int>> edges(total);
    for (size_t i = 0; i < n; ++i)
      if (m.items[i].ask) {
        std::vector<int> it, vs;
        refs(*m.items[i].ask, it, vs);
        for (int x : it) edges[i].push_back(x);
        for (int x : vs) edges[i].push_back(int(n) + x);
      }
    for (size_t v = 0; v < m.values.size(); ++v) {
      std::vector<int> it, vs;
      refs(m.values[v].expr, it, vs);
      for (int x : it) edges[n + v].push_back(x);
      for (int x : vs) edges[n + v].push_back(int(n) + x);
    }
    for (auto& e : edges) {  // an aggregate names its members twice (arguments and member list)
      std::sort(e.begin(), e.end());
      e.erase(std::unique(e.begin(), e.end()), e.end());
    }
    std::vector<uint8_t> state(total, 0);
    std::vector<int> stack;
    auto name_of = [&](int x) { return x < int(n) ? m.items[x].id : m.values[x - n].id; };
    auto span_of = [&](int x) { return x < int(n) ? m.items[x].span : m.values[x - n].span; };
    std::function<void(int)> dfs = [&](int x) {
      state[x] = 1;
      stack.push_back(x);
      for (int y : edges[x]) {
        if (state[y] == 1) {
          auto at = std::find(stack.begin(), stack.end(), y);
          std::string path;
          for (auto p = at; p != stack.end(); ++p) path += name_of(*p) + " -> ";
          path += name_of(y);
          d.error("E030", span_of(y), "'" + name_of(y) + "' depends on itself: " + path,
                  "a value (or an item's `ask when`) cannot use itself, directly or through others");
        } else if (state[y] == 0) {
          dfs(y);
        }
      }
      stack.pop_back();
      state[x] = 2;
    };
    for (size_t x = 0; x < total; ++x)
      if (state[x] == 0) dfs(int(x));
  }

  // Every item a condition depends on, through derived values and `ask when`.
  std::vector<int> depends(const TExpr& e) const {
    std::set<int> items;
    std::set<int> seen_values;
    std::vector<const TExpr*> work{&e};
    while (!work.empty()) {
      const TExpr* x = work.back();
      work.pop_back();
      std::vector<int> it, vs;
      refs(*x, it, vs);
      for (int i : it)
        if (items.insert(i).second && m.items[i].ask) work.push_back(&*m.items[i].ask);
      for (int v : vs)
        if (seen_values.insert(v).second) work.push_back(&m.values[v].expr);
    }
    return {items.begin(), items.end()};
  }

  // ---- literals in examples -------------------------------------------------
  static Literal literal(const ast::Value& v) {
    Literal l;
    l.kind = static_cast<Literal::Kind>(v.kind);
    l.number = v.number;
    l.boolean = v.boolean;
    l.name = v.name.text;
    for (auto& n : v.list) l.list.push_back(n.text);
    l.span = v.span;
    return l;
  }

  // Is `l` a valid answer for item i? Sets `why` when not, in the answer codec's words: what
  // the same answer in JSON would be told, and what the scale allows.
  bool answer_ok(int i, const Literal& l, std::string& why) const {
    const Scale& sc = m.scales[m.items[i].scale];
    Given g;
    switch (l.kind) {
      case Literal::Kind::number: g.kind = Given::Kind::number, g.number = l.number; break;
      case Literal::Kind::boolean: g.kind = Given::Kind::boolean, g.boolean = l.boolean, g.yes_no = true; break;
      case Literal::Kind::name: g.kind = Given::Kind::text, g.text = l.name; break;
      case Literal::Kind::list:
        g.kind = Given::Kind::list;
        for (const std::string& n : l.list) g.list.push_back({Given::Kind::text, false, 0, n, {}, false});
        break;
      case Literal::Kind::unknown: break;
    }
    std::vector<codec::Refusal> refusals;
    codec::decode(sc, g, refusals);
    if (refusals.empty() && l.kind != Literal::Kind::unknown) return true;
    why = (refusals.empty() ? "expected an answer" : refusals.front().what) + "; allowed: " + codec::allowed_answers(sc);
    return false;
  }

  void examples(const std::vector<const ast::ExampleDecl*>& decls) {
    for (const auto* ex : decls) {
      Example out;
      out.title = ex->title.text;
      out.span = ex->span;
      std::set<int> given_items;
      for (const auto& g : ex->givens) {
        auto it = names.find(g.item.text);
        if (it == names.end() || it->second.kind != 'i') {
          std::vector<std::string> items = keys(m.item_index);
          d.error("E060", g.item.span, "example answers '" + g.item.text + "', which is not an item",
                  did_you_mean(g.item.text, items));
          continue;
        }
        Literal l = literal(g.value);
        std::string why;
        if (!answer_ok(it->second.index, l, why)) {
          d.error("E060", g.value.span, "not a valid answer to '" + g.item.text + "'", why);
          continue;
        }
        if (!given_items.insert(it->second.index).second)
          d.error("E060", g.item.span, "'" + g.item.text + "' is answered twice in this example");
        out.givens.push_back({it->second.index, l});
      }
      for (const auto& x : ex->expects) {
        Expectation e;
        e.kind = static_cast<Expectation::Kind>(x.kind);
        e.target_id = x.target.text;
        e.span = x.span;
        auto it = names.find(x.target.text);
        bool guidance_expected = e.kind != Expectation::Kind::equals;
        if (guidance_expected && (it == names.end() || it->second.kind != 'g') && all_tags(m).count(x.target.text)) {
          e.target_kind = 't';  // a tag: everything (guidance and steps) that carries it
          out.expects.push_back(std::move(e));
          continue;
        }
        if (it == names.end() || (guidance_expected && it->second.kind != 'g') ||
            (!guidance_expected && it->second.kind != 'i' && it->second.kind != 'v')) {
          std::vector<std::string> pool = guidance_expected ? keys(m.guidance_index) : value_names();
          std::string hint = did_you_mean(x.target.text, pool);
          d.error("E062", x.target.span,
                  std::string("example expects '") + x.target.text + "', which is not " +
                      (guidance_expected ? "a guidance or a tag" : "an item or a derived value"),
                  hint);
          continue;
        }
        e.target_kind = it->second.kind;
        e.target = it->second.index;
        if (!guidance_expected) {
          e.value = literal(x.value);
          std::string why;
          if (e.value.kind != Literal::Kind::unknown && !expected_ok(e, why)) {
            d.error("E062", x.value.span, "'" + x.target.text + "' cannot be that value", why);
            continue;
          }
        }
        out.expects.push_back(std::move(e));
      }
      if (out.expects.empty() && d.error_count() == 0)
        d.warning("W063", ex->span, "example \"" + ex->title.text + "\" expects nothing", "add `expect ...` lines");
      m.examples.push_back(std::move(out));
    }
  }

  bool expected_ok(const Expectation& e, std::string& why) const {
    if (e.target_kind == 'i') return answer_ok(e.target, e.value, why);
    const Value& v = m.values[e.target];
    const Literal& l = e.value;
    switch (v.type) {
      case Type::number:
        if (l.kind == Literal::Kind::number) return true;
        why = "expected a number";
        return false;
      case Type::boolean:
        if (l.kind == Literal::Kind::boolean) return true;
        why = "expected yes or no";
        return false;
      case Type::band:
        for (auto& r : model::band_rows(m, v))
          if (l.kind == Literal::Kind::name && r.id == l.name) return true;
        why = "expected one of its bands";
        return false;
      case Type::option:
        if (l.kind == Literal::Kind::name && m.scales[v.scale].option_index(l.name) >= 0) return true;
        why = "expected an option of scale '" + m.scales[v.scale].id + "'";
        return false;
      default: return true;
    }
  }

  // ---- the whole pass -------------------------------------------------------
  void run(const std::vector<ast::File>& files) {
    // Built-in yes/no scale.
    Scale yesno;
    yesno.kind = Scale::Kind::boolean;
    yesno.id = "yesno";
    yesno.title = "Yes or no";
    yesno.options = {{"no", "No", 0}, {"yes", "Yes", 1}};
    yesno.scored = true;
    yesno.endorse_from = 1;
    scale_index["yesno"] = 0;
    m.scales.push_back(yesno);

    const ast::AssessmentDecl* assessment = nullptr;
    const ast::DisclaimerDecl* disclaimer = nullptr;
    std::vector<const ast::ExampleDecl*> example_decls;
    std::vector<const ast::GuidanceDecl*> guidance_decls;
    std::vector<const ast::PropertyDecl*> property_decls;
    int current_section = -1;
    for (const auto& file : files)
      for (const auto& decl : file.decls) {
        if (const auto* s = std::get_if<ast::ScaleDecl>(&decl)) add_scale(*s);
        if (const auto* s = std::get_if<ast::SourceDecl>(&decl)) add_source(*s);
      }
    for (size_t f = 0; f < files.size(); ++f) {
      bool imported = f + 1 < files.size();
      current_section = -1;
      for (const auto& decl : files[f].decls) {
        if (imported && !std::holds_alternative<ast::ScaleDecl>(decl) &&
            !std::holds_alternative<ast::SourceDecl>(decl) && !std::holds_alternative<ast::ImportDecl>(decl)) {
          Span s = std::visit([](const auto& x) { return x.span; }, decl);
          d.error("E052", s, "an imported file may only declare scales and sources",
                  "move this declaration into the file that does the importing");
          continue;
        }
        std::visit(
            [&](const auto& x) {
              using T = std::decay_t<decltype(x)>;
              if constexpr (std::is_same_v<T, ast::AssessmentDecl>) {
                if (assessment)
                  d.error("E011", x.span, "a rule file has one assessment", "first at " + where(assessment->span));
                else
                  assessment = &x;
              } else if constexpr (std::is_same_v<T, ast::DisclaimerDecl>) {
                if (disclaimer)
                  d.error("E011", x.span, "a rule file has one disclaimer", "first at " + where(disclaimer->span));
                else
                  disclaimer = &x;
              } else if constexpr (std::is_same_v<T, ast::SectionDecl>) {
                current_section = add_section(x);
              } else if constexpr (std::is_same_v<T, ast::ItemDecl>) {
                add_item(x, current_section);
              } else if constexpr (std::is_same_v<T, ast::LetDecl>) {
                add_value(x.id, x.span, Pending{&x, nullptr}, x.threshold ? Value::Kind::threshold : Value::Kind::let,
                          x.note ? x.note->text : "");
              } else if constexpr (std::is_same_v<T, ast::BandDecl>) {
                add_band(x);
              } else if constexpr (std::is_same_v<T, ast::GuidanceDecl>) {
                guidance_decls.push_back(&x);
                Guidance g;
                g.id = x.id.text;
                g.span = x.span;
                if (declare(x.id, 'g', int(m.guidance.size()))) {
                  m.guidance_index[g.id] = int(m.guidance.size());
                }
                m.guidance.push_back(g);
              } else if constexpr (std::is_same_v<T, ast::ExampleDecl>) {
                example_decls.push_back(&x);
              } else if constexpr (std::is_same_v<T, ast::PropertyDecl>) {
                property_decls.push_back(&x);
              }
            },
            decl);
      }
    }
    if (m.items.size() > limits.max_items)
      d.error("E070", m.items.back().span, "too many items (" + std::to_string(m.items.size()) + "; the limit is " +
                                               std::to_string(limits.max_items) + ")");

    Span file_start{files.empty() ? 0u : files.back().file_id, 0, 0};
    // A file of shared scales and sources (made to be imported) is checked as a library.
    bool library = !files.empty() && !assessment && !disclaimer &&
                   std::all_of(files.back().decls.begin(), files.back().decls.end(), [](const ast::Decl& x) {
                     return std::holds_alternative<ast::ScaleDecl>(x) || std::holds_alternative<ast::SourceDecl>(x) ||
                            std::holds_alternative<ast::ImportDecl>(x);
                   });
    m.library = library;
    if (library) {
      // nothing more to require
    } else if (!assessment) {
      d.error("E041", file_start, "the rule file has no `assessment` header",
              "start it with: assessment my_check \"Title\" version \"1.0\"");
    } else {
      duplicate_clauses(assessment->clauses);
      m.id = assessment->id.text;
      m.title = assessment->title.text;
      m.span = assessment->span;
      m.version = assessment->version ? assessment->version->text : "";
      m.language = assessment->language ? assessment->language->text : "en";
      m.audience = assessment->audience ? assessment->audience->text : "self";
      if (!assessment->version)
        d.error("E043", assessment->id.span, "the assessment has no version",
                "add `version \"1.0\"`: results carry it so they can be traced to this rule set");
      if (assessment->audience &&
          std::find(kAudiences.begin(), kAudiences.end(), assessment->audience->text) == kAudiences.end()) {
        std::string hint = did_you_mean(assessment->audience->text, kAudiences);
        d.error("E017", assessment->audience->span, "unknown audience '" + assessment->audience->text + "'",
                hint.empty() ? "use " + join_or(kAudiences) : hint);
      }
    }
    if (library) {
    } else if (!disclaimer) {
      d.error("E040", assessment ? assessment->id.span : file_start, "the rule set has no disclaimer",
              "every result carries one; add: disclaimer \"This check-in is for information only. It is not a "
              "diagnosis and does not replace professional advice.\"");
    } else {
      m.disclaimer = disclaimer->text.text;
      if (m.disclaimer.size() < 20)
        d.error("E040", disclaimer->text.span, "the disclaimer is too short to say what the result is not",
                "say that the result is not a diagnosis and does not replace professional advice");
    }

    // Items' ask conditions and the derived values.
    for (size_t i = 0; i < item_decls.size(); ++i) {
      if (!item_decls[i]->ask_when) continue;
      TExpr a = boolean(expr(*item_decls[i]->ask_when), "after `ask when`");
      if (a.type != Type::error) m.items[i].ask = std::move(a);
    }
    for (size_t v = 0; v < m.values.size(); ++v) check_value(int(v));
    cycles();

    for (size_t g = 0; g < guidance_decls.size(); ++g) check_guidance(*guidance_decls[g], m.guidance[g]);
    safety();
    examples(example_decls);
    check_properties(property_decls, m, d, [&](const ast::Expr& e, const char* what) { return boolean(expr(e), what); });
    wording(files);
  }

  void add_source(const ast::SourceDecl& x) {
    duplicate_clauses(x.clauses);
    if (source_index.count(x.id.text)) {
      d.error("E011", x.id.span, "source '" + x.id.text + "' is already declared",
              "first declared at " + where(m.sources[source_index[x.id.text]].span));
      return;
    }
    Source s;
    s.id = x.id.text;
    s.title = x.title.text;
    s.publisher = x.publisher ? x.publisher->text : "";
    s.date = x.date ? x.date->text : "";
    s.url = x.url ? x.url->text : "";
    for (auto& sec : x.sections) s.sections.push_back(sec.text);
    s.span = x.span;
    if (x.file) {
      std::filesystem::path base = std::filesystem::path(sources.file(x.span.file).path()).parent_path();
      s.file = (base / x.file->text).lexically_normal().generic_string();
      s.file_span = x.file->span;
    }
    source_index[s.id] = int(m.sources.size());
    m.sources.push_back(std::move(s));
  }

  void add_scale(const ast::ScaleDecl& x) {
    duplicate_clauses(x.clauses);
    if (scale_index.count(x.id.text)) {
      d.error("E011", x.id.span, "scale '" + x.id.text + "' is already declared",
              x.id.text == "yesno" ? "yesno is built in" : "first declared at " + where(m.scales[scale_index[x.id.text]].span));
      return;
    }
    Scale s;
    s.id = x.id.text;
    s.title = x.title ? x.title->text : "";
    s.span = x.span;
    switch (x.kind) {
      case ast::ScaleKind::options: s.kind = Scale::Kind::options; break;
      case ast::ScaleKind::multiple: s.kind = Scale::Kind::multiple; break;
      case ast::ScaleKind::integer: s.kind = Scale::Kind::integer; break;
      case ast::ScaleKind::decimal: s.kind = Scale::Kind::decimal; break;
    }
    if (x.kind == ast::ScaleKind::integer || x.kind == ast::ScaleKind::decimal) {
      s.lo = x.lo->value;
      s.hi = x.hi->value;
      if (s.lo > s.hi) d.error("E080", x.span, "the range is empty: " + format_number(s.lo) + " > " + format_number(s.hi));
      if (x.kind == ast::ScaleKind::integer && (!is_integer(s.lo) || !is_integer(s.hi)))
        d.error("E080", x.span, "an integer scale needs whole-number bounds");
    } else {
      std::set<std::string> seen;
      size_t with_values = 0;
      for (const auto& o : x.options) {
        if (!seen.insert(o.id.text).second)
          d.error("E011", o.id.span, "option '" + o.id.text + "' is listed twice");
        if (o.value) ++with_values;
        std::string label = o.label ? o.label->text : o.id.text;
        if (!o.label) std::replace(label.begin(), label.end(), '_', ' ');
        s.options.push_back({o.id.text, label, o.value ? o.value->value : double(s.options.size())});
      }
      if (with_values != 0 && with_values != x.options.size())
        d.error("E080", x.span, "some options have numbers and some do not",
                "give every option a number (never = 0, ...) or none");
      s.scored = with_values == x.options.size() && with_values > 0;
      if (x.kind == ast::ScaleKind::multiple && s.options.size() > 52)
        d.error("E080", x.span, "a multiple-choice scale can have at most 52 options");
      if (x.options.size() < 2 && x.kind == ast::ScaleKind::options)
        d.error("E080", x.span, "a scale needs at least two options");
    }
    if (x.endorse_from) {
      int k = s.option_index(x.endorse_from->text);
      if (k < 0) {
        std::vector<std::string> opts;
        for (auto& o : s.options) opts.push_back(o.id);
        d.error("E015", x.endorse_from->span, "'" + x.endorse_from->text + "' is not an option of this scale",
                did_you_mean(x.endorse_from->text, opts));
      } else if (s.kind != Scale::Kind::options) {
        d.error("E080", x.endorse_from->span, "`endorse from` needs a single-choice scale");
      }
      s.endorse_from = k;
    }
    scale_index[s.id] = int(m.scales.size());
    m.scales.push_back(std::move(s));
  }

  int add_section(const ast::SectionDecl& x) {
    duplicate_clauses(x.clauses);
    Section s;
    s.id = x.id.text;
    s.title = x.title.text;
    s.context = x.context;
    s.cites = citations(x.cites);
    s.span = x.span;
    int idx = int(m.sections.size());
    if (!declare(x.id, 's', idx)) return -1;
    m.section_index[s.id] = idx;
    m.sections.push_back(std::move(s));
    return idx;
  }

  void add_item(const ast::ItemDecl& x, int section) {
    duplicate_clauses(x.clauses);
    Item it;
    it.id = x.id.text;
    it.prompt = x.prompt.text;
    it.help = x.help ? x.help->text : "";
    it.section = section;
    it.cites = citations(x.cites);
    it.required = x.requirement && x.requirement->text == "required";
    it.reverse = x.reverse;
    it.safety = x.safety;
    it.span = x.span;
    auto sc = scale_index.find(x.scale.text);
    if (sc == scale_index.end()) {
      std::string hint = did_you_mean(x.scale.text, keys(scale_index));
      d.error("E012", x.scale.span, "unknown scale '" + x.scale.text + "'",
              hint.empty() ? "declare it with `scale " + x.scale.text + ": ...` or import it" : hint);
      return;  // without a scale the item cannot be typed; its uses report unknown names
    }
    it.scale = sc->second;
    const Scale& s = m.scales[it.scale];
    if (x.cites.empty() && !x.safety)
      d.warning("W048", x.id.span, "item '" + it.id + "' cites no source",
                "add `cites source \"Section\"` so the question can be traced");
    if (!x.points.empty()) {
      if (s.kind != Scale::Kind::options) {
        d.error("E081", x.points.front().span, "`points` needs a single-choice scale");
      } else {
        std::vector<double> pts(s.options.size(), std::nan(""));
        for (const auto& p : x.points) {
          int k = s.option_index(p.option.text);
          if (k < 0) {
            std::vector<std::string> opts;
            for (auto& o : s.options) opts.push_back(o.id);
            d.error("E081", p.option.span, "'" + p.option.text + "' is not an option of scale '" + s.id + "'",
                    did_you_mean(p.option.text, opts));
          } else if (!std::isnan(pts[k])) {
            d.error("E081", p.option.span, "points for '" + p.option.text + "' are given twice");
          } else {
            pts[k] = p.points.value;
          }
        }
        for (size_t k = 0; k < pts.size(); ++k)
          if (std::isnan(pts[k])) {
            d.error("E081", x.points.front().span, "`points` gives no points for '" + s.options[k].id + "'",
                    "list every option of scale '" + s.id + "'");
            pts.clear();
            break;
          }
        it.points = pts;
      }
    }
    if (x.reverse) {
      if (s.kind == Scale::Kind::options && (s.scored || !it.points.empty())) {
        std::vector<double> pts = it.points;
        if (pts.empty())
          for (auto& o : s.options) pts.push_back(o.value);
        double lo = *std::min_element(pts.begin(), pts.end()), hi = *std::max_element(pts.begin(), pts.end());
        for (double& p : pts) p = lo + hi - p;
        it.points = pts;
      } else {
        d.error("E081", x.id.span, "`reverse` needs a scale whose options have numbers");
      }
    }
    int idx = int(m.items.size());
    if (!declare(x.id, 'i', idx)) return;
    m.item_index[it.id] = idx;
    if (section >= 0) m.sections[section].items.push_back(idx);
    m.items.push_back(std::move(it));
    item_decls.push_back(&x);
  }

  void add_value(const ast::Name& id, Span span, Pending p, Value::Kind kind, std::string note) {
    Value v;
    v.id = id.text;
    v.kind = kind;
    v.note = std::move(note);
    v.span = span;
    int idx = int(m.values.size());
    if (!declare(id, 'v', idx)) return;
    m.value_index[v.id] = idx;
    m.values.push_back(std::move(v));
    pending.push_back(p);
    value_state.push_back(0);
  }

  void add_band(const ast::BandDecl& x) {
    std::vector<BandRow> rows;
    std::set<std::string> seen;
    for (const auto& r : x.rows) {
      BandRow b;
      if (r.lo) b.lo = r.lo->value;
      if (r.hi) b.hi = r.hi->value;
      b.hi_inclusive = r.hi_inclusive;
      b.lo_inclusive = r.lo_inclusive;
      b.id = r.id.text;
      b.label = r.label.text;
      b.span = r.span;
      if (!seen.insert(b.id).second) d.error("E011", r.id.span, "band '" + b.id + "' is listed twice");
      rows.push_back(b);
    }
    size_t before = m.values.size();
    add_value(x.id, x.span, Pending{nullptr, &x}, Value::Kind::band, "");
    if (m.values.size() > before) m.values.back().rows = std::move(rows);
  }

  void check_guidance(const ast::GuidanceDecl& x, Guidance& g) {
    duplicate_clauses(x.clauses);
    if (!x.level) {
      d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no level",
              "add `level urgent`, `level recommend`, `level consider` or `level info`");
    } else {
      auto it = std::find(kLevels.begin(), kLevels.end(), x.level->text);
      if (it == kLevels.end()) {
        std::string hint = did_you_mean(x.level->text, kLevels);
        d.error("E016", x.level->span, "unknown level '" + x.level->text + "'",
                hint.empty() ? "levels, most pressing first: urgent, recommend, consider, info" : hint);
      } else {
        g.level = static_cast<Level>(it - kLevels.begin());
      }
    }
    if (!x.title) d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no title", "add `title \"...\"`");
    if (!x.when) {
      d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no condition",
              "add `when ...`; for guidance that always shows, write `when yes`");
    } else {
      TExpr w = boolean(expr(*x.when), "after `when`");
      if (w.type != Type::error) {
        bool literal = x.when->op == ast::Op::boolean;
        if (w.range.hi == 0 && w.range.lo == 0)
          d.error("E033", x.when->span, "guidance '" + x.id.text + "' can never fire: its condition is always false",
                  "check the numbers against the ranges of the values it uses");
        else if (w.range.lo == 1 && !literal)
          d.warning("W034", x.when->span, "guidance '" + x.id.text + "' always fires: its condition is always true",
                    "write `when yes` if that is intended");
        g.items = depends(w);
        g.when = std::move(w);
      }
    }
    if (x.cites.empty())
      d.error("E047", x.id.span, "guidance '" + x.id.text + "' cites no source",
              "every piece of guidance says where it comes from: add `cites source \"Section\"`");
    g.cites = citations(x.cites);
    g.title = x.title ? x.title->text : "";
    g.text = x.text ? x.text->text : "";
    for (auto& s : x.steps) {
      Step st{s.text.text, {}, std::nullopt, s.span};
      for (const auto& t : s.tags) st.tags.push_back(t.text);
      if (s.when) {
        TExpr w = boolean(expr(*s.when), "after `only when`");
        if (w.type != Type::error) st.when = std::move(w);
      }
      g.steps.push_back(std::move(st));
    }
    for (const auto& t : x.tags) g.tags.push_back(t.text);
    if (x.because) g.because = because(*x.because);
  }

  // Every safety item must lead to urgent guidance.
  void safety() {
    for (size_t i = 0; i < m.items.size(); ++i) {
      if (!m.items[i].safety) continue;
      bool used = false;
      for (const auto& g : m.guidance)
        if (g.level == Level::urgent && std::find(g.items.begin(), g.items.end(), int(i)) != g.items.end())
          used = true;
      if (!used)
        d.error("E044", m.items[i].span, "safety item '" + m.items[i].id + "' leads to no urgent guidance",
                "add a guidance with `level urgent` whose condition uses '" + m.items[i].id + "'");
    }
  }
};

}  // namespace

model::Model check(const std::vector<ast::File>& files, const SourceSet& sources, Diagnostics& diags,
                   const Limits& limits) {
  Checker c{sources, diags, limits, {}, {}, {}, {}, {}, {}, {}, {}};
  c.run(files);
  return std::move(c.m);
}

}  // namespace signpost
