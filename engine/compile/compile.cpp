// Compile stage: typed expressions -> flat instructions in dependency order.
#include "engine/compile/program.hpp"

#include "engine/compile/block_program.hpp"

#include <atomic>
#include <cmath>
#include <functional>
#include <optional>

namespace signpost {
namespace {
using model::TExpr;
using K = TExpr::K;

struct Compiler {
  const model::Model& m;
  Program p;
  std::vector<uint8_t> item_done, value_done;

  uint32_t slot() { return p.slot_count++; }

  uint32_t emit(OpCode op, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0) {
    uint32_t d = slot();
    p.code.push_back({op, d, a, b, c});
    return d;
  }

  uint32_t konst(Interval v) {
    p.consts.push_back(v);
    return emit(OpCode::konst, uint32_t(p.consts.size() - 1));
  }

  uint32_t item(int i) {
    if (item_done[i]) return p.item_slot[i];
    uint32_t ask = kNone;
    if (m.items[i].ask) ask = expr(*m.items[i].ask);
    uint32_t s = emit(OpCode::load, uint32_t(i), ask);
    p.item_slot[i] = s;
    p.item_ask_slot[i] = ask;
    item_done[i] = 1;
    return s;
  }

  uint32_t value(int v) {
    if (value_done[v]) return p.value_slot[v];
    const model::Value& val = m.values[v];
    uint32_t s = expr(val.expr);
    if (val.kind == model::Value::Kind::band) {
      std::vector<BandBound> rows;
      for (const auto& r : val.rows) rows.push_back({r.lo, r.hi, r.hi_inclusive});
      p.bands.push_back(std::move(rows));
      s = emit(OpCode::band, s, 0, uint32_t(p.bands.size() - 1));
    }
    p.value_slot[v] = s;
    value_done[v] = 1;
    return s;
  }

  uint32_t expr(const TExpr& e) {
    uint32_t s = expr_inner(e);
    p.node_slot[&e] = s;
    return s;
  }

  // x * 0.6 as (x * 6) / 10: a whole number times a short decimal then comes out as the decimal
  // the manual means (1.8, not 1.7999999999999998), since the product is exact and the one
  // division rounds once. Only for factors of at most six decimals that the division undoes exactly.
  std::optional<uint32_t> decimal_product(const TExpr& e) {
    for (int side = 0; side < 2; ++side) {
      const TExpr& k = e.args[size_t(side)];
      if (k.kind != K::constant || k.type != model::Type::number) continue;
      double v = k.number;
      if (!std::isfinite(v) || v == std::floor(v)) continue;
      for (int d = 1; d <= 6; ++d) {
        double scale = std::pow(10.0, d), whole = std::nearbyint(v * scale);
        if (std::fabs(whole) > 1e9 || whole / scale != v) continue;
        uint32_t x = expr(e.args[size_t(1 - side)]);
        uint32_t prod = emit(OpCode::mul, x, konst(iv::point(whole)));
        return emit(OpCode::div, prod, konst(iv::point(scale)));
      }
    }
    return std::nullopt;
  }

  static OpCode binary_op(K k) {
    switch (k) {
      case K::and_: return OpCode::and_;
      case K::or_: return OpCode::or_;
      case K::add: return OpCode::add;
      case K::sub: return OpCode::sub;
      case K::mul: return OpCode::mul;
      case K::div: return OpCode::div;
      case K::lt: return OpCode::lt;
      case K::le: return OpCode::le;
      case K::gt: return OpCode::gt;
      case K::ge: return OpCode::ge;
      case K::eq: return OpCode::eq;
      default: return OpCode::ne;
    }
  }

  uint32_t expr_inner(const TExpr& e) {
    switch (e.kind) {
      case K::constant: return konst(iv::point(e.number));
      case K::item: return item(e.ref);
      case K::value_ref: return value(e.ref);
      case K::score: {
        const TExpr& arg = e.args[0];
        const model::Scale& sc = m.scales[arg.scale];
        std::vector<double> pts;
        if (arg.kind == K::item && !m.items[arg.ref].points.empty()) pts = m.items[arg.ref].points;
        else
          for (const auto& o : sc.options) pts.push_back(o.value);
        uint32_t a = expr(arg);
        p.maps.push_back(pts);
        p.map_ranges.push_back(e.range);
        return emit(arg.type == model::Type::set ? OpCode::set_score : OpCode::map, a, 0, uint32_t(p.maps.size() - 1));
      }
      case K::raw_value: {
        std::vector<double> vals;
        for (const auto& o : m.scales[e.scale].options) vals.push_back(o.value);
        uint32_t a = expr(e.args[0]);
        p.maps.push_back(vals);
        p.map_ranges.push_back(e.range);
        return emit(OpCode::map, a, 0, uint32_t(p.maps.size() - 1));
      }
      case K::neg: return emit(OpCode::neg, expr(e.args[0]));
      case K::number_of: return expr(e.args[0]);  // yes/no slots already hold 0 and 1
      case K::round: return emit(OpCode::round, expr(e.args[0]), uint32_t(e.number), uint32_t(e.ref));
      case K::select: {
        uint32_t c = expr(e.args[0]), a = expr(e.args[1]), b = expr(e.args[2]);
        return emit(OpCode::select, c, a, b);
      }
      case K::mul:
        if (auto s = decimal_product(e)) return *s;
        return emit(OpCode::mul, expr(e.args[0]), expr(e.args[1]));
      case K::not_: return emit(OpCode::not_, expr(e.args[0]));
      case K::includes: return emit(OpCode::includes, expr(e.args[0]), 0, uint32_t(e.ref));
      case K::aggregate: {
        std::vector<Member> mem;
        for (size_t k = 0; k < e.args.size(); ++k) {
          item(e.members[k]);  // the item's state decides whether it was answered
          mem.push_back({expr(e.args[k]), uint32_t(e.members[k])});
        }
        uint32_t first = uint32_t(p.members.size());
        p.members.insert(p.members.end(), mem.begin(), mem.end());
        p.aggs.push_back({e.agg, e.policy, uint32_t(e.minimum), e.range});
        return emit(OpCode::agg, first, uint32_t(mem.size()), uint32_t(p.aggs.size() - 1));
      }
      default: {
        // Binary operations: both operands first, then the operation.
        const TExpr& a = e.args[0];
        const TExpr& b = e.args[1];
        uint32_t sa = expr(a), sb = expr(b);
        return emit(binary_op(e.kind), sa, sb);
      }
    }
  }
};

}  // namespace

Program compile(const model::Model& m, bool properties) {
  Compiler c{m, {}, std::vector<uint8_t>(m.items.size(), 0), std::vector<uint8_t>(m.values.size(), 0)};
  c.p.item_slot.assign(m.items.size(), kNone);
  c.p.item_ask_slot.assign(m.items.size(), kNone);
  c.p.value_slot.assign(m.values.size(), kNone);
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Scale& sc = m.scales[m.items[i].scale];
    Interval u;
    switch (sc.kind) {
      case model::Scale::Kind::boolean: u = {0, 1}; break;
      case model::Scale::Kind::options: u = {0, double(sc.options.size() - 1)}; break;
      case model::Scale::Kind::multiple: u = {0, std::ldexp(1.0, int(sc.options.size())) - 1}; break;
      default: u = {sc.lo, sc.hi};
    }
    c.p.item_unknown.push_back(u);
    c.p.item_unasked.push_back(m.items[i].unasked);
    c.p.item_ignores.push_back(m.items[i].ignore_unasked);
  }
  for (size_t i = 0; i < m.items.size(); ++i) c.item(int(i));
  for (size_t v = 0; v < m.values.size(); ++v) c.value(int(v));
  for (const auto& g : m.guidance) c.p.guidance_slot.push_back(c.expr(g.when));
  for (const auto& g : m.guidance) {
    std::vector<uint32_t> steps;
    for (const auto& st : g.steps) steps.push_back(st.when ? c.expr(*st.when) : kNone);
    c.p.step_slot.push_back(std::move(steps));
  }
  if (properties)
    for (const auto& pr : m.properties) c.p.property_slot.push_back(pr.condition ? c.expr(*pr.condition) : kNone);
  c.p.fast = std::make_shared<const BlockProgram>(lower(c.p, m));
  static std::atomic<uint64_t> next_id{1};
  c.p.id = next_id++;
  for (const Instr& in : c.p.code)
    if (in.op == OpCode::konst) c.p.konsts.emplace_back(in.dst, c.p.consts[in.a]);
    else c.p.run_code.push_back(in);
  index_dependents(c.p);
  return std::move(c.p);
}

}  // namespace signpost
