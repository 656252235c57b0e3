// Builds the typed Result from an evaluation: the one explanation pass behind every output.
#include "engine/report/result.hpp"

#include <algorithm>

#include "engine/report/report.hpp"

namespace signpost {
using model::TExpr;
using K = TExpr::K;

namespace {

// The expressions of the rule set, copied once into a flat tree with every slot looked up in
// advance, for the explainer below.
struct XNode {
  K kind;
  bool counting = false;
  int32_t ref = -1;
  uint32_t slot = kNone;  // kNone: not in node_slot (the explainer then takes it as unknown)
  uint32_t first = 0, count = 0;  // children: ExplainTree::children[first .. first+count)
  uint32_t members = 0;           // aggregate: the item of each child, ExplainTree::members[members ..]
  // A subtree of items, constants and arithmetic or comparisons only is explained by its one item
  // (when answered), whatever it computes: kNoItem when it has none, kMixed when it is not so simple.
  int32_t only_item = -1;
};
constexpr int32_t kMixed = -1, kNoItem = -2;

struct ExplainTree {
  std::vector<XNode> nodes;
  std::vector<uint32_t> children;
  std::vector<int> members;
  std::vector<uint32_t> value_root;  // per value: its expression's node
  std::vector<uint32_t> guidance_root;

  static int32_t only_item_of(const TExpr& e, const std::vector<XNode>& nodes, const std::vector<uint32_t>& kids) {
    switch (e.kind) {
      case K::item: return e.ref;
      case K::constant: return kNoItem;
      case K::value_ref: case K::not_: case K::and_: case K::or_: case K::aggregate: return kMixed;
      default: break;  // the explainer looks at every operand, with want = true, and items do not care about want
    }
    int32_t only = kNoItem;
    for (uint32_t k : kids) {
      int32_t c = nodes[k].only_item;
      if (c == kNoItem) continue;
      if (c == kMixed || (only != kNoItem && only != c)) return kMixed;
      only = c;
    }
    return only;
  }

  uint32_t add(const TExpr& e, const Program& p) {
    std::vector<uint32_t> kids;
    for (const auto& a : e.args) kids.push_back(add(a, p));
    XNode n;
    n.kind = e.kind;
    n.ref = e.ref;
    n.only_item = only_item_of(e, nodes, kids);
    n.counting = model::aggregate_spec(e.agg).members == model::Members::tests;
    auto it = p.node_slot.find(&e);
    if (it != p.node_slot.end()) n.slot = it->second;
    n.first = uint32_t(children.size());
    n.count = uint32_t(kids.size());
    children.insert(children.end(), kids.begin(), kids.end());
    n.members = uint32_t(members.size());
    members.insert(members.end(), e.members.begin(), e.members.end());
    nodes.push_back(n);
    return uint32_t(nodes.size() - 1);
  }
};

// Which answered items made a condition come out as `want`: for `and`/`or`, only the sides that
// decided it; for count/any/all, only the members that decided it; otherwise every operand.
struct Explainer {
  const ExplainTree& tree;
  const Evaluation& ev;
  std::vector<uint8_t>& item_seen;   // per item: already listed
  std::vector<uint8_t>& value_seen;  // per value: already explained
  std::vector<int>& items;

  Interval slot(const XNode& n) const { return n.slot == kNone ? Interval{0, 1} : ev.slots[n.slot]; }
  static bool is(Interval v, bool want) { return want ? (!v.na() && v.lo == 1) : (v.na() || v.hi == 0); }

  void add_item(int32_t i) {
    if (ev.items[size_t(i)] == ItemState::answered && !item_seen[size_t(i)]) {
      item_seen[size_t(i)] = 1;
      items.push_back(i);
    }
  }

  void explain(uint32_t id, bool want) {
    const XNode& e = tree.nodes[id];
    if (e.only_item == kNoItem) return;
    if (e.only_item >= 0) return add_item(e.only_item);
    const uint32_t* kids = tree.children.data() + e.first;
    switch (e.kind) {
      case K::constant: return;
      case K::item: return add_item(e.ref);
      case K::value_ref:
        if (!value_seen[size_t(e.ref)]) {
          value_seen[size_t(e.ref)] = 1;
          explain(tree.value_root[size_t(e.ref)], want);
        }
        return;
      case K::not_: explain(kids[0], !want); return;
      case K::and_:
      case K::or_: {
        bool all = (e.kind == K::and_) == want;  // every side matters; otherwise only the deciding sides
        for (uint32_t k = 0; k < e.count; ++k)
          if (all || is(slot(tree.nodes[kids[k]]), want)) explain(kids[k], want);
        return;
      }
      case K::aggregate: {
        const int* mem = tree.members.data() + e.members;
        for (uint32_t k = 0; k < e.count; ++k) {
          if (ev.items[size_t(mem[k])] != ItemState::answered) continue;
          if (e.counting && !is(slot(tree.nodes[kids[k]]), want)) continue;
          explain(kids[k], true);
        }
        return;
      }
      default:
        for (uint32_t k = 0; k < e.count; ++k) explain(kids[k], true);
    }
  }
};

// Whether an answered item counts as a recognised sign.
bool endorsed(const model::Model& m, int i, double a) {
  const model::Item& it = m.items[size_t(i)];
  const model::Scale& sc = m.scales[it.scale];
  if (sc.kind == model::Scale::Kind::boolean) return a == 1;
  if (sc.kind != model::Scale::Kind::options || sc.endorse_from < 0) return false;
  double from = sc.options[size_t(sc.endorse_from)].value;
  if (it.reverse) return it.points[size_t(a)] >= from;  // reverse-keyed
  return sc.scored ? sc.options[size_t(a)].value >= from : a >= sc.endorse_from;
}

}  // namespace

struct ResultBuilder::Prepared {
  std::vector<size_t> order;           // guidance: most pressing level first, then declaration order
  std::vector<uint8_t> safety;         // per guidance: depends on a safety question
  std::vector<size_t> scores, bands;   // values in id order (thresholds left out)
  std::vector<size_t> sections;        // the sections whose signs are listed
  ExplainTree explain;
};

ResultBuilder::~ResultBuilder() = default;

ResultBuilder::ResultBuilder(const ReportContext& ctx) : ctx_(ctx), prepared_(std::make_unique<Prepared>()) {
  const model::Model& m = ctx.model;
  Prepared& p = *prepared_;
  p.order.resize(m.guidance.size());
  for (size_t g = 0; g < p.order.size(); ++g) p.order[g] = g;
  std::stable_sort(p.order.begin(), p.order.end(),
                   [&](size_t a, size_t b) { return m.guidance[a].level < m.guidance[b].level; });
  for (const auto& gd : m.guidance)
    p.safety.push_back(std::any_of(gd.items.begin(), gd.items.end(), [&](int i) { return m.items[size_t(i)].safety; }));
  for (size_t v = 0; v < m.values.size(); ++v) {
    if (m.values[v].kind == model::Value::Kind::threshold) continue;
    const bool band = m.values[v].kind == model::Value::Kind::band || m.values[v].kind == model::Value::Kind::table;
    (band ? p.bands : p.scores).push_back(v);
  }
  auto by_id = [&](size_t a, size_t b) { return m.values[a].id < m.values[b].id; };
  std::sort(p.scores.begin(), p.scores.end(), by_id);
  std::sort(p.bands.begin(), p.bands.end(), by_id);
  for (size_t s = 0; s < m.sections.size(); ++s)
    if (!m.sections[s].context) p.sections.push_back(s);
  for (const auto& v : m.values) p.explain.value_root.push_back(p.explain.add(v.expr, ctx.program));
  for (const auto& g : m.guidance) p.explain.guidance_root.push_back(p.explain.add(g.when, ctx.program));
}

size_t Result::answered() const {
  return size_t(std::count(items.begin(), items.end(), ItemState::answered));
}

namespace {

// The fired guidance `g`: the answers that made it fire, its reason and the steps shown.
void fill_fired(const ReportContext& ctx, const ExplainTree& tree, size_t g, const AnswerRow& answers,
                const Evaluation& ev, Result::Fired& f) {
  const model::Model& m = ctx.model;
  const model::Guidance& gd = m.guidance[g];
  f.guidance = g;
  thread_local std::vector<uint8_t> item_seen, value_seen;
  item_seen.assign(m.items.size(), 0);
  value_seen.assign(m.values.size(), 0);
  f.answers.clear();
  Explainer ex{tree, ev, item_seen, value_seen, f.answers};
  ex.explain(tree.guidance_root[g], true);
  std::sort(f.answers.begin(), f.answers.end());
  f.because.clear();
  for (const auto& part : gd.because)
    f.because += part.is_ref ? describe_value(ctx, part.ref_kind, part.ref, answers, ev) : part.text;
  f.steps.clear();
  for (size_t k = 0; k < gd.steps.size(); ++k)
    if (step_shown(ctx.program, ev.slots, g, k)) f.steps.push_back(k);
}

void fill_signs(const model::Model& m, size_t s, const AnswerRow& answers, const Evaluation& ev, Result::Signs& out) {
  out.section = s;
  out.endorsed.clear();
  out.asked = out.answered = 0;
  for (int i : m.sections[s].items) {
    if (ev.items[size_t(i)] != ItemState::skipped) ++out.asked;
    if (ev.items[size_t(i)] != ItemState::answered) continue;
    ++out.answered;
    if (m.items[size_t(i)].safety) continue;  // safety answers lead the guidance; they are not signs
    if (endorsed(m, i, answers[size_t(i)])) out.endorsed.push_back(i);
  }
}

// The next element of a vector being refilled: reuses an element (and its buffers) left from
// the previous result built into the same Result.
template <class T>
T& next(std::vector<T>& v, size_t& n) {
  if (n == v.size()) v.emplace_back();
  return v[n++];
}

}  // namespace

void ResultBuilder::build(const AnswerRow& answers, const Evaluation& ev, const Resources* resources,
                          Result& out) const {
  const model::Model& m = ctx_.model;
  const Program& prog = ctx_.program;
  const Prepared& p = *prepared_;
  out.model = &m;
  out.content_hash = ctx_.content_hash;
  out.language = ctx_.language;
  out.answers.assign(answers.begin(), answers.end());
  out.items.assign(ev.items.begin(), ev.items.end());
  out.scores.clear();
  out.bands.clear();
  for (size_t v : p.scores) out.scores.push_back({v, ev.slots[prog.value_slot[v]]});
  for (size_t v : p.bands) out.bands.push_back({v, ev.slots[prog.value_slot[v]]});

  size_t n_fired = 0, n_open = 0;
  bool urgent = false;
  OpenQuestions open(ctx_, answers, ev);
  for (size_t g : p.order) {
    Outcome o = outcome(ev.slots[prog.guidance_slot[g]]);
    if (o == Outcome::not_fired) continue;
    urgent = urgent || m.guidance[g].level == model::Level::urgent;
    if (o == Outcome::fired) {
      fill_fired(ctx_, p.explain, g, answers, ev, next(out.guidance, n_fired));
      continue;
    }
    Result::Undetermined& u = next(out.undetermined, n_open);
    u.guidance = g;
    u.more_missing = 0;
    u.missing = open.deciding(g, u.more_missing);
    u.safety = p.safety[g];
  }
  out.guidance.resize(n_fired);
  out.undetermined.resize(n_open);
  const Resources* help = resources ? resources : ctx_.resources ? ctx_.resources : &default_resources(m.audience, m.language);
  out.urgent_help = urgent ? help : nullptr;

  size_t n_signs = 0;
  for (size_t s : p.sections) fill_signs(m, s, answers, ev, next(out.signs, n_signs));
  out.signs.resize(n_signs);
}

}  // namespace signpost
