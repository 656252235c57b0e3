// The aggregates pass of typing: `sum(...)`, `count(...)` and the other rows of functions.hpp —
// their members, each member's value, their options (`unanswered = ...`, a minimum) and their
// static range.
#include <algorithm>
#include <map>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;
using K = TExpr::K;

namespace {

// An aggregate's static range: as the evaluator would compute it with every member unknown.
void static_range(const AggregateSpec& spec, TExpr& out) {
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

}  // namespace

TExpr Types::aggregate(const ast::Expr& e) {
  const AggregateSpec& spec = *find_aggregate(e.name.text);  // the grammar knows only these names
  TExpr out = node(K::aggregate, Type::number, e.span);
  out.agg = spec.agg;
  const bool counting = spec.members == Members::tests;
  std::vector<int> members = aggregate_members(e, spec);
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
  for (int i : members) {
    TExpr mem = aggregate_member(e, spec, i);
    if (mem.type == Type::error) return error(e.span);
    out.args.push_back(std::move(mem));
    out.members.push_back(i);
  }
  if (!aggregate_options(e, spec, out)) return error(e.span);
  static_range(spec, out);
  return out;
}

// The items an aggregate's names stand for: an item, or a section's items other than safety items.
std::vector<int> Types::aggregate_members(const ast::Expr& e, const AggregateSpec& spec) {
  const bool counting = spec.members == Members::tests;
  const char* agg = model::agg_name(spec.agg);
  std::vector<int> members;
  for (const auto& r : e.refs) {
    auto it = c.names.find(r.text);
    if (it == c.names.end()) {
      std::string hint = did_you_mean(r.text, c.value_names());
      d.error("E010", r.span, "unknown name '" + r.text + "'", hint);
      continue;
    }
    if (it->second.kind == 's' || it->second.kind == 'G') {
      // Safety answers are never signs: a section (or group) stands for its other items. Where
      // that changes a number (a total, a mean, how many were answered), say so.
      const bool group = it->second.kind == 'G';
      for (int i : group ? m.groups[it->second.index].items : m.sections[it->second.index].items)
        if (!m.items[i].safety) members.push_back(i);
        else if (!counting &&
                 std::none_of(e.refs.begin(), e.refs.end(), [&](const ast::Name& n) { return n.text == m.items[i].id; }))
          d.warning("W037", r.span, std::string(agg) + "(" + r.text + ") leaves out safety item '" +
                                        m.items[i].id + "': a " + (group ? "group" : "section") +
                                        " stands for its items other than safety items",
                    std::string("to include it, list it too: ") + agg + "(" + r.text + ", " + m.items[i].id + ")");
    } else if (it->second.kind == 'i') {
      members.push_back(it->second.index);
    } else {
      d.error("E023", r.span, "'" + r.text + "' is not an item, a section or a group",
              std::string(agg) + "(...) aggregates answers to items");
    }
  }
  return members;
}

// What member i contributes: the `where` test, its endorsement, its answer or its points.
TExpr Types::aggregate_member(const ast::Expr& e, const AggregateSpec& spec, int i) {
  const char* agg = model::agg_name(spec.agg);
  if (e.where) return boolean(expr(*e.where, i), "after `where`");
  if (spec.members == Members::answers) return item_ref(i, e.span);
  if (spec.members != Members::tests) return numeric(item_ref(i, e.span), ("in " + std::string(agg) + "(...)").c_str());
  const Scale& sc = m.scales[m.items[i].scale];
  if (sc.kind == Scale::Kind::boolean) return item_ref(i, e.span);
  if (sc.endorse_from >= 0 && sc.kind == Scale::Kind::options) {
    TExpr threshold = constant(sc.endorse_from, Type::option, e.span, m.items[i].scale);
    TExpr val = item_ref(i, e.span);
    // A reverse-keyed item endorses a sign when its reversed score reaches the threshold.
    if (m.items[i].reverse) return binary(K::ge, Type::boolean, numeric(val, "as a sign"), raw(threshold), e.span);
    return sc.scored ? binary(K::ge, Type::boolean, raw(val), raw(threshold), e.span)
                     : binary(K::ge, Type::boolean, val, threshold, e.span);
  }
  d.error("E023", e.span, std::string(agg) + "(...) needs a condition for item '" + m.items[i].id + "'",
          "add `where answer >= ...`, or `endorse from <option>` to scale '" + sc.id + "'");
  return error(e.span);
}

// `unanswered = unknown|skip|prorate` and a minimum number of answers. False after an error.
bool Types::aggregate_options(const ast::Expr& e, const AggregateSpec& spec, TExpr& out) {
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
        return false;
      }
      out.policy = it->second;
      if (out.policy == Policy::prorate && !spec.prorate) {
        d.error("E023", opt.span, "prorate works with sum and count");
        return false;
      }
      continue;
    }
    if (spec.fold == Fold::answered) {
      d.error("E023", opt.span, "answered(...) has no minimum: it is the number of answers",
              "compare it instead: answered(...) >= " + (opt.number ? format_number(opt.number->value) : std::string("N")));
      return false;
    }
    std::optional<double> given = opt.number ? bound(*opt.number) : std::nullopt;
    if (!given) return false;
    double n = *given;
    if (!is_integer(n) || n < 1 || n > double(out.members.size())) {
      d.error("E023", opt.span, "minimum must be a whole number from 1 to " + std::to_string(out.members.size()),
              "it is how many of the aggregated items must be answered");
      return false;
    }
    out.minimum = int(n);
  }
  return true;
}

}  // namespace signpost::checker
