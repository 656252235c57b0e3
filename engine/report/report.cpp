// Result JSON and explanations.
#include "engine/report/report.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/source/text.hpp"

namespace signpost {
using model::TExpr;
using K = TExpr::K;
using nlohmann::json;

namespace {

json number_json(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<int64_t>(v);
  return v;
}

// Which answered items made a condition come out as `want`.
struct Explainer {
  const ReportContext& ctx;
  const Evaluation& ev;
  std::set<int> items;
  std::set<const TExpr*> seen;

  Interval slot(const TExpr& e) const {
    auto it = ctx.program.node_slot.find(&e);
    return it == ctx.program.node_slot.end() ? Interval{0, 1} : ev.slots[it->second];
  }
  static bool is(Interval v, bool want) { return want ? (!v.na() && v.lo == 1) : (v.na() || v.hi == 0); }

  void explain(const TExpr& e, bool want) {
    switch (e.kind) {
      case K::constant: return;
      case K::item:
        if (ev.items[e.ref] == ItemState::answered) items.insert(e.ref);
        return;
      case K::value_ref: {
        const model::Value& v = ctx.model.values[e.ref];
        if (seen.insert(&v.expr).second) explain(v.expr, want);
        return;
      }
      case K::not_: explain(e.args[0], !want); return;
      case K::and_:
      case K::or_: {
        bool all = (e.kind == K::and_) == want;  // every side matters; otherwise only the deciding sides
        for (const auto& a : e.args)
          if (all || is(slot(a), want)) explain(a, want);
        return;
      }
      case K::aggregate: {
        bool counting = e.agg == model::Agg::count || e.agg == model::Agg::any || e.agg == model::Agg::all;
        for (size_t k = 0; k < e.args.size(); ++k) {
          if (ev.items[e.members[k]] != ItemState::answered) continue;
          if (counting && !is(slot(e.args[k]), want)) continue;  // only the members that decided it
          explain(e.args[k], true);
        }
        return;
      }
      default:  // comparisons and arithmetic: the answers behind the values compared
        for (const auto& a : e.args) explain(a, true);
    }
  }
};


json item_answer(const ReportContext& ctx, int i, const AnswerRow& answers) {
  return {{"item", ctx.model.items[i].id},
          {"prompt", ctx.model.items[i].prompt},
          {"answer", answer_json(ctx.model, i, answers[i])},
          {"label", answer_label(ctx.model, i, answers[i])}};
}

json value_json(const ReportContext& ctx, const model::Value& v, Interval x) {
  json j;
  if (x.na()) return {{"value", nullptr}, {"not_applicable", true}};
  switch (v.type) {
    case model::Type::boolean:
      j["value"] = x.known() ? json(x.lo == 1) : json(nullptr);
      return j;
    case model::Type::option: {
      const model::Scale& sc = ctx.model.scales[v.scale];
      if (x.known()) return {{"value", sc.options[size_t(x.lo)].id}, {"label", sc.options[size_t(x.lo)].label}};
      return {{"value", nullptr}};
    }
    case model::Type::band: {
      const auto& rows = model::band_rows(ctx.model, v);
      if (x.known()) return {{"band", rows[size_t(x.lo)].id}, {"label", rows[size_t(x.lo)].label}};
      json could = json::array();
      for (size_t k = size_t(x.lo); k <= size_t(x.hi) && k < rows.size(); ++k) could.push_back(rows[k].id);
      return {{"band", nullptr}, {"could_be", could}};
    }
    default:
      if (x.known()) return {{"value", number_json(x.lo)}};
      return {{"value", nullptr}, {"at_least", number_json(x.lo)}, {"at_most", number_json(x.hi)}};
  }
}

}  // namespace

json cites_json(const model::Model& m, const std::vector<model::Citation>& cs) {
  json out = json::array();
  for (const auto& c : cs) {
    const model::Source& s = m.sources[c.source];
    json j = {{"source", s.id}, {"title", s.title}, {"section", c.section}};
    if (!s.publisher.empty()) j["publisher"] = s.publisher;
    if (!s.url.empty()) j["url"] = s.url;
    if (c.line) j["line"] = c.line;
    out.push_back(j);
  }
  return out;
}

std::string describe_value(const ReportContext& ctx, char kind, int index, const AnswerRow& answers,
                           const Evaluation& ev) {
  if (kind == 'i') {
    if (ev.items[index] == ItemState::skipped) return "not asked";
    if (std::isnan(answers[index])) return "not answered";
    std::string l = answer_label(ctx.model, index, answers[index]);
    const model::Scale& sc = ctx.model.scales[ctx.model.items[index].scale];
    if (sc.kind == model::Scale::Kind::options || sc.kind == model::Scale::Kind::boolean)
      std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
    return l;
  }
  const model::Value& v = ctx.model.values[index];
  Interval x = ev.slots[ctx.program.value_slot[index]];
  if (x.na()) return "not applicable";
  switch (v.type) {
    case model::Type::boolean: return x.known() ? (x.lo == 1 ? "yes" : "no") : "unknown";
    case model::Type::option:
      return x.known() ? ctx.model.scales[v.scale].options[size_t(x.lo)].label : "unknown";
    case model::Type::band: return x.known() ? model::band_rows(ctx.model, v)[size_t(x.lo)].label : "unknown";
    default:
      if (x.known()) return format_number(x.lo);
      if (std::isinf(x.lo) || std::isinf(x.hi)) return "unknown";
      // A count with some answers missing: a bound, so that "{count} of two" still reads as a sentence.
      if (v.integral && x.lo == 0) return "up to " + format_number(x.hi);
      if (v.integral && x.lo > 0) return "at least " + format_number(x.lo);
      return "between " + format_number(x.lo) + " and " + format_number(x.hi);
  }
}

bool OpenQuestions::decides(int item, size_t g) {
  const model::Model& m = ctx_.model;
  const model::Scale& sc = m.scales[m.items[size_t(item)].scale];
  size_t n = sc.kind == model::Scale::Kind::boolean ? 2 : sc.kind == model::Scale::Kind::options ? sc.options.size() : 0;
  if (n == 0) return true;
  const size_t G = m.guidance.size(), i = size_t(item);
  if (tried_.empty()) {  // scratch space for every item of this row, allocated once
    tried_.assign(m.items.size(), 0);
    decides_.assign(m.items.size() * G, 0);
    row_ = answers_;
  }
  if (!tried_[i]) {
    tried_[i] = 1;
    // Only what depends on the item runs again, from a copy of the evaluation as answered.
    scratch_.slots = ev_.slots;
    scratch_.items = ev_.items;
    scratch_.program = ev_.program;
    uint8_t* d = decides_.data() + i * G;
    for (size_t k = 0; k < n; ++k) {
      row_[i] = double(k);
      rerun(ctx_.program, row_, i, scratch_);
      for (size_t h = 0; h < G; ++h)
        d[h] |= uint8_t(outcome(scratch_.slots[ctx_.program.guidance_slot[h]]) != Outcome::undetermined);
    }
    row_[i] = answers_[i];
  }
  return decides_[i * G + g] != 0;
}

std::vector<int> OpenQuestions::deciding(size_t g, size_t& others) {
  std::vector<int> open, keep;
  for (int i : ctx_.model.guidance[g].items)
    if (ev_.items[size_t(i)] == ItemState::unanswered) open.push_back(i);
  for (int i : open)
    if (decides(i, g)) keep.push_back(i);
  if (keep.empty()) keep = open;  // only answers together could settle it: all of them count
  others = open.size() - keep.size();
  return keep;
}

json report_json(const ReportContext& ctx, const AnswerRow& answers, const Evaluation& ev) {
  const model::Model& m = ctx.model;
  const Program& p = ctx.program;
  json r;
  r["engine"] = {{"name", "signpost"}, {"version", SIGNPOST_VERSION}};
  r["assessment"] = {{"id", m.id},           {"title", m.title},       {"version", m.version},
                     {"language", m.language}, {"audience", m.audience}, {"content_hash", ctx.content_hash}};
  r["disclaimer"] = m.disclaimer;

  // Guidance: fired and undetermined, most pressing level first, then in declaration order.
  std::vector<size_t> order(m.guidance.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.guidance[a].level < m.guidance[b].level; });
  json fired = json::array(), undetermined = json::array();
  OpenQuestions open(ctx, answers, ev);
  for (size_t g : order) {
    const model::Guidance& gd = m.guidance[g];
    Outcome o = outcome(ev.slots[p.guidance_slot[g]]);
    if (o == Outcome::not_fired) continue;
    json j = {{"id", gd.id}, {"level", model::level_name(gd.level)}, {"title", gd.title}};
    if (o == Outcome::undetermined) {
      json missing = json::array();
      size_t others = 0;
      for (int i : open.deciding(g, others)) missing.push_back({{"item", m.items[i].id}, {"prompt", m.items[i].prompt}});
      j["missing"] = missing;
      j["more_missing"] = others;
      j["safety"] = std::any_of(gd.items.begin(), gd.items.end(), [&](int i) { return m.items[i].safety; });
      undetermined.push_back(j);
      continue;
    }
    j["text"] = gd.text;
    json steps = json::array();
    for (size_t k = 0; k < gd.steps.size(); ++k)
      if (step_shown(p, ev.slots, g, k)) steps.push_back(gd.steps[k].text);
    j["steps"] = steps;
    std::string because;
    for (const auto& part : gd.because)
      because += part.is_ref ? describe_value(ctx, part.ref_kind, part.ref, answers, ev) : part.text;
    j["because"] = because;
    j["cites"] = cites_json(m, gd.cites);
    Explainer ex{ctx, ev, {}, {}};
    ex.explain(gd.when, true);
    json given = json::array();
    for (int i : ex.items) given.push_back(item_answer(ctx, i, answers));
    j["answers"] = given;
    fired.push_back(j);
  }
  r["guidance"] = fired;
  r["undetermined"] = undetermined;
  // Who to contact, whenever urgent guidance fired or could not be ruled out.
  bool urgent = false;
  for (const json* list : {&fired, &undetermined})
    for (const auto& g : *list) urgent = urgent || g.at("level") == "urgent";
  r["urgent_help"] =
      urgent ? urgent_help_json(ctx.resources ? *ctx.resources : default_resources(m.audience), m) : json(nullptr);

  json scores = json::object(), bands = json::object();
  for (size_t v = 0; v < m.values.size(); ++v) {
    const model::Value& val = m.values[v];
    if (val.kind == model::Value::Kind::threshold) continue;
    json j = value_json(ctx, val, ev.slots[p.value_slot[v]]);
    (val.kind == model::Value::Kind::band ? bands : scores)[val.id] = j;
  }
  r["scores"] = scores;
  r["bands"] = bands;

  // Signs endorsed per section.
  json signs = json::array();
  for (const auto& sec : m.sections) {
    if (sec.context) continue;
    json endorsed = json::array();
    size_t asked = 0, answered = 0;
    for (int i : sec.items) {
      if (ev.items[i] != ItemState::skipped) ++asked;
      if (ev.items[i] != ItemState::answered) continue;
      ++answered;
      if (m.items[i].safety) continue;  // safety answers lead the guidance; they are not signs
      const model::Scale& sc = m.scales[m.items[i].scale];
      double a = answers[i];
      bool yes = false;
      if (sc.kind == model::Scale::Kind::boolean) yes = a == 1;
      else if (sc.kind == model::Scale::Kind::options && sc.endorse_from >= 0 && m.items[i].reverse)
        yes = m.items[i].points[size_t(a)] >= sc.options[size_t(sc.endorse_from)].value;  // reverse-keyed
      else if (sc.kind == model::Scale::Kind::options && sc.endorse_from >= 0)
        yes = sc.scored ? sc.options[size_t(a)].value >= sc.options[size_t(sc.endorse_from)].value
                        : a >= sc.endorse_from;
      if (yes) endorsed.push_back(item_answer(ctx, i, answers));
    }
    signs.push_back({{"section", sec.id}, {"title", sec.title}, {"endorsed", endorsed}, {"asked", asked},
                     {"answered", answered}});
  }
  r["signs"] = signs;

  json unanswered = json::array(), skipped = json::array();
  size_t n_answered = 0;
  for (size_t i = 0; i < m.items.size(); ++i) {
    if (ev.items[i] == ItemState::answered) ++n_answered;
    else if (ev.items[i] == ItemState::unanswered) unanswered.push_back(m.items[i].id);
    else skipped.push_back(m.items[i].id);
  }
  r["answers"] = {{"answered", n_answered}, {"unanswered", unanswered}, {"not_asked", skipped}};
  return r;
}

json errors_json(const ReportContext& ctx, const std::vector<AnswerError>& errors) {
  json list = json::array();
  for (const auto& e : errors) list.push_back(to_json(e));
  return {{"engine", {{"name", "signpost"}, {"version", SIGNPOST_VERSION}}},
          {"assessment", {{"id", ctx.model.id}, {"version", ctx.model.version}, {"content_hash", ctx.content_hash}}},
          {"errors", list}};
}

std::string errors_text(const std::vector<AnswerError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += "error[" + e.code + "]: " + (e.pointer.empty() ? "" : e.pointer + ": ") + e.message + "\n";
    if (!e.allowed.empty()) out += "  = allowed: " + e.allowed + "\n";
  }
  return out;
}

}  // namespace signpost
