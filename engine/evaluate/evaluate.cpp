// The evaluation loop.
#include "engine/evaluate/evaluate.hpp"

#include <cmath>

namespace signpost {

namespace {

Interval map_value(const std::vector<double>& table, Interval idx) {
  if (idx.na()) return idx;
  size_t lo = size_t(idx.lo), hi = size_t(idx.hi);
  if (lo == hi) return iv::point(table[lo]);
  double a = table[lo], b = table[lo];
  for (size_t k = lo; k <= hi && k < table.size(); ++k) a = std::min(a, table[k]), b = std::max(b, table[k]);
  return {a, b};
}


int band_row(const std::vector<BandBound>& rows, double x) {
  for (size_t k = 0; k < rows.size(); ++k) {
    const BandBound& r = rows[k];
    if (x >= r.lo && (r.hi_inclusive ? x <= r.hi : x < r.hi)) return int(k);
  }
  return -1;
}

Interval aggregate(const Program& p, const Instr& in, const Evaluation& ev) {
  const AggInfo& info = p.aggs[in.c];
  const model::AggregateSpec& spec = model::aggregate_spec(info.agg);
  const Member* mem = p.members.data() + in.a;
  uint32_t n = in.b;
  const auto& s = ev.slots;
  size_t asked = 0, answered = 0;
  // A member is left out when its item was not asked, even if the member is a predicate about it,
  // unless the item counts as an answer when not asked: then it is an answered member.
  auto answered_as = [&](uint32_t k) {
    ItemState st = ev.items[mem[k].item];
    return st == ItemState::answered || (st == ItemState::skipped && !std::isnan(p.item_unasked[mem[k].item]));
  };
  auto not_asked = [&](uint32_t k) {
    return s[mem[k].slot].na() || (ev.items[mem[k].item] == ItemState::skipped && !answered_as(k));
  };
  for (uint32_t k = 0; k < n; ++k) {
    if (not_asked(k)) continue;
    ++asked;
    if (answered_as(k)) ++answered;
  }
  if (spec.fold == model::Fold::answered) return iv::point(double(answered));
  if (asked == 0) return model::empty_value(spec.empty);
  if (answered < info.minimum) return info.fallback;
  bool only_answered = info.policy != model::Policy::unknown;
  // Nothing answered: with `skip` the unanswered count as absent, so a sum or count is 0 and the
  // rest are not applicable; with `prorate` there is nothing to scale up from.
  if (only_answered && answered == 0)
    return info.policy == model::Policy::skip && spec.fold == model::Fold::add ? iv::point(0) : iv::na();
  double lo = 0, hi = 0, mn_lo = iv::kInf, mn_hi = iv::kInf, mx_lo = -iv::kInf, mx_hi = -iv::kInf;
  size_t used = 0;
  for (uint32_t k = 0; k < n; ++k) {
    Interval v = s[mem[k].slot];
    if (not_asked(k)) continue;
    if (only_answered && !answered_as(k)) continue;
    ++used;
    lo += v.lo, hi += v.hi;
    mn_lo = std::min(mn_lo, v.lo), mn_hi = std::min(mn_hi, v.hi);
    mx_lo = std::max(mx_lo, v.lo), mx_hi = std::max(mx_hi, v.hi);
  }
  switch (spec.fold) {
    case model::Fold::add:
      if (info.policy == model::Policy::prorate && used != asked) {
        // sum × asked / used, multiplied first: exact for whole-number sums (27, not 27.000000000000004)
        return {lo * double(asked) / double(used), hi * double(asked) / double(used)};
      }
      return {lo, hi};
    case model::Fold::mean: return {lo / double(used), hi / double(used)};
    case model::Fold::min: return {mn_lo, mn_hi};
    case model::Fold::max: return {mx_lo, mx_hi};
    case model::Fold::answered: break;  // returned above
  }
  return iv::point(double(answered));
}

// One instruction; `s` is out.slots.data(). Inlined into both loops below.
__attribute__((always_inline)) inline void exec(const Program& p, const Instr& in, const AnswerRow& answers,
                                                Evaluation& out, Interval* s) {
  switch (in.op) {
    case OpCode::konst: s[in.dst] = p.consts[in.a]; break;
    case OpCode::load: {
      Interval ask = in.b == kNone ? iv::truth(true) : s[in.b];
      double a = answers[in.a], f = p.item_unasked[in.a];  // f: what it counts as when not asked
      if (ask.na() || ask.hi == 0) {
        s[in.dst] = std::isnan(f) ? iv::na() : iv::point(f);
        out.items[in.a] = ItemState::skipped;
      } else if (!std::isnan(a)) {
        s[in.dst] = iv::point(a);
        out.items[in.a] = ItemState::answered;
      } else {
        s[in.dst] = p.item_unknown[in.a];
        out.items[in.a] = ItemState::unanswered;
      }
      // Whether it is asked is undecided: it may also stand for f (an answer given to an item
      // that is not asked is an error, unless it is ignored).
      if (ask.lo == 0 && ask.hi == 1 && !std::isnan(f) && (std::isnan(a) || p.item_ignores[in.a]))
        s[in.dst] = iv::hull(s[in.dst], iv::point(f));
      break;
    }
    case OpCode::map: s[in.dst] = map_value(p.maps[in.c], s[in.a]); break;
    case OpCode::set_score: {
      Interval v = s[in.a];
      if (v.na()) s[in.dst] = v;
      else if (!v.known()) s[in.dst] = p.map_ranges[in.c];
      else {
        double t = 0;
        const auto& table = p.maps[in.c];
        for (uint32_t k = 0; k < table.size(); ++k)
          if (option_selected(v.lo, k)) t += table[k];
        s[in.dst] = iv::point(t);
      }
      break;
    }
    case OpCode::neg: s[in.dst] = iv::neg(s[in.a]); break;
    case OpCode::not_: s[in.dst] = iv::not_(s[in.a]); break;
#define SIGNPOST_RUN_BINARY(X) \
  case OpCode::X: s[in.dst] = iv::X(s[in.a], s[in.b]); break;
      SIGNPOST_BINARY_OPS(SIGNPOST_RUN_BINARY)
#undef SIGNPOST_RUN_BINARY
    case OpCode::includes: {
      Interval v = s[in.a];
      if (v.na()) s[in.dst] = iv::truth(false);
      else if (!v.known()) s[in.dst] = iv::unknown_bool();
      else s[in.dst] = iv::truth(option_selected(v.lo, in.c));
      break;
    }
    case OpCode::agg: s[in.dst] = aggregate(p, in, out); break;
    case OpCode::band: {
      Interval v = s[in.a];
      const auto& rows = p.bands[in.c];
      if (v.na()) {
        s[in.dst] = v;
        break;
      }
      int lo = band_row(rows, v.lo), hi = band_row(rows, v.hi);
      if (lo < 0 || hi < 0) s[in.dst] = {0, double(rows.size() - 1)};
      else s[in.dst] = {double(lo), double(hi)};
      break;
    }
    case OpCode::select: s[in.dst] = iv::select(s[in.a], s[in.b], s[in.c]); break;
    case OpCode::round: s[in.dst] = iv::round(s[in.a], Rounding(in.c), int(in.b)); break;
  }
}

}  // namespace

void run(const Program& p, const AnswerRow& answers, Evaluation& out) {
  out.items.resize(p.item_slot.size());
  // Constants are written once per program and evaluation: run_code leaves them out. A program
  // not made by compile() (id 0) runs its whole code.
  const bool whole = p.id == 0;
  if (whole || out.program != p.id || out.slots.size() != p.slot_count) {
    out.slots.assign(p.slot_count, Interval{});
    for (const auto& [slot, value] : p.konsts) out.slots[slot] = value;
    out.program = p.id;
  }
  Interval* s = out.slots.data();
  for (const Instr& in : whole ? p.code : p.run_code) exec(p, in, answers, out, s);
}

void rerun(const Program& p, const AnswerRow& answers, size_t item, Evaluation& out) {
  if (p.dependents_begin.empty() || out.program != p.id) return run(p, answers, out);
  Interval* s = out.slots.data();
  const uint32_t* k = p.dependents.data() + p.dependents_begin[item];
  const uint32_t* end = p.dependents.data() + p.dependents_begin[item + 1];
  for (; k != end; ++k) exec(p, p.run_code[*k], answers, out, s);
}

void restore(const Program& p, const Evaluation& from, size_t item, Evaluation& out) {
  if (p.dependents_begin.empty()) {  // rerun ran everything
    out.slots = from.slots;
    out.items = from.items;
    return;
  }
  const uint32_t* k = p.dependents.data() + p.dependents_begin[item];
  const uint32_t* end = p.dependents.data() + p.dependents_begin[item + 1];
  for (; k != end; ++k) {
    const Instr& in = p.run_code[*k];
    out.slots[in.dst] = from.slots[in.dst];
    if (in.op == OpCode::load) out.items[in.a] = from.items[in.a];
  }
}

std::vector<AnswerError> dynamic_errors(const model::Model& m, const Program& p, const AnswerRow& answers,
                                        const Evaluation& ev) {
  std::vector<AnswerError> errors;
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Item& it = m.items[i];
    if (ev.items[i] == ItemState::skipped && !std::isnan(answers[i]) && !it.ignore_unasked)
      errors.push_back({"A006", json_pointer(it.id),
                        "'" + it.id + "' was answered, but its `ask when` condition says it is not asked here; "
                        "leave it out, or check the answers it depends on",
                        ""});
    if (it.required && ev.items[i] == ItemState::unanswered) {
      uint32_t ask = p.item_ask_slot[i];
      bool surely_asked = ask == kNone || ev.slots[ask].lo == 1;
      if (surely_asked)
        errors.push_back({"A005", json_pointer(it.id), "'" + it.id + "' is required but was not answered", ""});
    }
  }
  return errors;
}

}  // namespace signpost
