// The result JSON straight to text (see json_text.hpp). Keys are written in sorted order, as
// nlohmann::json (a std::map per object) dumps them.
#include "engine/report/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "engine/source/text.hpp"

namespace signpost {
using model::TExpr;
using K = TExpr::K;

namespace {

// A string as nlohmann::json dumps it (compact, UTF-8 kept as is). Throws on invalid UTF-8, as dump does.
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// The same, for strings made while writing; they are built from the rule file's strings (checked
// when the writer is made) and ASCII, so they are valid UTF-8.
void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  out += '"';
}

void append_uint(std::string& out, uint64_t u) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = char('0' + u % 10);
    u /= 10;
  } while (u);
  out.append(p, size_t(end - p));
}

// report.cpp's number_json, dumped.
void append_number(std::string& out, double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v < 0) {
      out += '-';
      append_uint(out, uint64_t(-static_cast<int64_t>(v)));
    } else {
      append_uint(out, uint64_t(static_cast<int64_t>(v)));
    }
    return;
  }
  out += nlohmann::json(v).dump();  // nlohmann's own text for fractions (and null for infinities)
}

// report.cpp's Explainer (which answered items made a condition come out as `want`), on a copy
// of the expressions made once, with every slot looked up in advance.
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

  uint32_t add(const TExpr& e, const Program& p) {
    std::vector<uint32_t> kids;
    for (const auto& a : e.args) kids.push_back(add(a, p));
    XNode n;
    n.kind = e.kind;
    n.ref = e.ref;
    switch (e.kind) {
      case K::item: n.only_item = e.ref; break;
      case K::constant: n.only_item = kNoItem; break;
      case K::value_ref: case K::not_: case K::and_: case K::or_: case K::aggregate: n.only_item = kMixed; break;
      default:  // the explainer looks at every operand, with want = true, and items do not care about want
        n.only_item = kNoItem;
        for (uint32_t k : kids) {
          int32_t c = nodes[k].only_item;
          if (c == kNoItem) continue;
          if (c == kMixed || (n.only_item != kNoItem && n.only_item != c)) {
            n.only_item = kMixed;
            break;
          }
          n.only_item = c;
        }
    }
    n.counting = e.agg == model::Agg::count || e.agg == model::Agg::any || e.agg == model::Agg::all;
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

struct Explainer {
  const ExplainTree& tree;
  const Evaluation& ev;
  std::vector<uint8_t>& item_seen;   // per item: already listed
  std::vector<uint8_t>& value_seen;  // per value: already explained
  std::vector<int>& items;

  Interval slot(const XNode& n) const { return n.slot == kNone ? Interval{0, 1} : ev.slots[n.slot]; }
  static bool is(Interval v, bool want) { return want ? (!v.na() && v.lo == 1) : (v.na() || v.hi == 0); }

  void explain(uint32_t id, bool want) {
    const XNode& e = tree.nodes[id];
    if (e.only_item == kNoItem) return;
    if (e.only_item >= 0) {
      if (ev.items[size_t(e.only_item)] == ItemState::answered && !item_seen[size_t(e.only_item)]) {
        item_seen[size_t(e.only_item)] = 1;
        items.push_back(e.only_item);
      }
      return;
    }
    const uint32_t* kids = tree.children.data() + e.first;
    switch (e.kind) {
      case K::constant: return;
      case K::item:
        if (ev.items[size_t(e.ref)] == ItemState::answered && !item_seen[size_t(e.ref)]) {
          item_seen[size_t(e.ref)] = 1;
          items.push_back(e.ref);
        }
        return;
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

}  // namespace

struct ResultWriter::Pieces {
  std::string assessment, disclaimer, engine;
  std::string default_urgent_help;  // the "urgent_help" value for the writer's own context
  // Per item: `,"item":...,"label":` is dynamic; the fixed parts of item_answer.
  std::vector<std::string> item_key;      // "item":"id"
  std::vector<std::string> prompt;        // "prompt":"..."
  std::vector<std::string> missing;       // {"item":"id","prompt":"..."}
  std::vector<std::vector<std::string>> answer_entry;  // per item, per option (or no/yes): the whole item_answer
  std::vector<std::string> item_id;       // "id"
  // Per guidance, in the order results list them.
  struct Guidance {
    size_t index;
    std::string id_level;  // "id":"...","level":"..."
    std::string after_because;  // ,"cites":[...],"id":...,"level":...,"steps":[...],"text":...,"title":...}
    // With conditional steps, after_because stops before the steps; then the quoted steps and the rest.
    bool conditional_steps = false;
    std::vector<std::string> steps;  // "text", quoted
    std::string after_steps;         // ],"text":...,"title":...}
    std::string title;     // "title":"..."
    std::string safety;    // "safety":true|false
  };
  std::vector<Guidance> guidance;
  // Scores and bands: per value in key order, `"key":`.
  struct Value {
    size_t index;
    std::string key;
  };
  std::vector<Value> scores, bands;
  std::vector<std::vector<std::string>> band_row_id;     // per value: "row id" quoted
  std::vector<std::vector<std::string>> band_row_label;  // per value: "row label" quoted
  std::vector<std::vector<std::string>> option_value;    // per value of option type: "value":..,"label"..
  ExplainTree explain;
  // Signs: per section.
  struct Section {
    size_t index;
    std::string tail;  // ,"section":"id","title":"..."}
  };
  std::vector<Section> sections;
};

ResultWriter::~ResultWriter() = default;

ResultWriter::ResultWriter(const ReportContext& ctx) : ctx_(ctx), pieces_(std::make_unique<Pieces>()) {
  const model::Model& m = ctx.model;
  Pieces& p = *pieces_;
  p.assessment = "\"assessment\":{\"audience\":" + quoted(m.audience) + ",\"content_hash\":" + quoted(ctx.content_hash) +
                 ",\"id\":" + quoted(m.id) + ",\"language\":" + quoted(m.language) + ",\"title\":" + quoted(m.title) +
                 ",\"version\":" + quoted(m.version) + "}";
  p.disclaimer = "\"disclaimer\":" + quoted(m.disclaimer);
  p.engine = std::string("\"engine\":{\"name\":\"signpost\",\"version\":") + quoted(SIGNPOST_VERSION) + "}";
  p.default_urgent_help = urgent_help_json(ctx.resources ? *ctx.resources : default_resources(m.audience), m).dump();

  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Item& it = m.items[i];
    p.item_id.push_back(quoted(it.id));
    p.item_key.push_back("\"item\":" + quoted(it.id));
    p.prompt.push_back("\"prompt\":" + quoted(it.prompt));
    p.missing.push_back("{\"item\":" + quoted(it.id) + ",\"prompt\":" + quoted(it.prompt) + "}");
    const model::Scale& sc = m.scales[it.scale];
    std::vector<std::string> entries;
    size_t n = sc.kind == model::Scale::Kind::boolean ? 2 : sc.kind == model::Scale::Kind::options ? sc.options.size() : 0;
    for (size_t k = 0; k < n; ++k) {
      double a = double(k);
      entries.push_back("{\"answer\":" + answer_json(m, int(i), a).dump() + "," + p.item_key.back() +
                        ",\"label\":" + quoted(answer_label(m, int(i), a)) + "," + p.prompt.back() + "}");
    }
    p.answer_entry.push_back(std::move(entries));
  }

  std::vector<size_t> order(m.guidance.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m.guidance[a].level < m.guidance[b].level; });
  for (size_t g : order) {
    const model::Guidance& gd = m.guidance[g];
    Pieces::Guidance pg;
    pg.index = g;
    pg.id_level = "\"id\":" + quoted(gd.id) + ",\"level\":" + quoted(model::level_name(gd.level));
    pg.title = "\"title\":" + quoted(gd.title);
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& st : gd.steps) {
      steps.push_back(st.text);
      pg.steps.push_back(quoted(st.text));
      pg.conditional_steps = pg.conditional_steps || st.when;
    }
    pg.after_because = ",\"cites\":" + cites_json(m, gd.cites).dump() + "," + pg.id_level + ",\"steps\":";
    pg.after_steps = ",\"text\":" + quoted(gd.text) + "," + pg.title + "}";
    if (!pg.conditional_steps) pg.after_because += steps.dump() + pg.after_steps;
    bool safety = std::any_of(gd.items.begin(), gd.items.end(), [&](int i) { return m.items[i].safety; });
    pg.safety = std::string("\"safety\":") + (safety ? "true" : "false");
    p.guidance.push_back(std::move(pg));
  }

  p.band_row_id.resize(m.values.size());
  p.band_row_label.resize(m.values.size());
  p.option_value.resize(m.values.size());
  for (size_t v = 0; v < m.values.size(); ++v) {
    const model::Value& val = m.values[v];
    if (val.kind == model::Value::Kind::threshold) continue;
    Pieces::Value pv{v, quoted(val.id) + ":"};
    (val.kind == model::Value::Kind::band ? p.bands : p.scores).push_back(pv);
    for (const auto& r : model::band_rows(m, val)) {
      p.band_row_id[v].push_back(quoted(r.id));
      p.band_row_label[v].push_back(quoted(r.label));
    }
    if (val.type == model::Type::option)
      for (const auto& o : m.scales[size_t(val.scale)].options)
        p.option_value[v].push_back("{\"label\":" + quoted(o.label) + ",\"value\":" + quoted(o.id) + "}");
  }
  auto by_key = [&](const Pieces::Value& a, const Pieces::Value& b) { return m.values[a.index].id < m.values[b.index].id; };
  std::sort(p.scores.begin(), p.scores.end(), by_key);
  std::sort(p.bands.begin(), p.bands.end(), by_key);

  for (size_t s = 0; s < m.sections.size(); ++s) {
    const model::Section& sec = m.sections[s];
    if (sec.context) continue;
    p.sections.push_back({s, ",\"section\":" + quoted(sec.id) + ",\"title\":" + quoted(sec.title) + "}"});
  }

  for (const auto& v : m.values) p.explain.value_root.push_back(p.explain.add(v.expr, ctx.program));
  for (const auto& g : m.guidance) p.explain.guidance_root.push_back(p.explain.add(g.when, ctx.program));
}

void ResultWriter::write(const AnswerRow& answers, const Evaluation& ev, std::string& out, const std::string& extra_key,
                         const std::string& extra_json, const std::string* urgent_help) const {
  const model::Model& m = ctx_.model;
  const Program& prog = ctx_.program;
  const Pieces& p = *pieces_;

  // item_answer(ctx, i, answers), dumped.
  auto item_answer = [&](int i) {
    double a = answers[size_t(i)];
    const auto& pre = p.answer_entry[size_t(i)];
    if (!std::isnan(a) && a >= 0 && a < double(pre.size())) {
      out += pre[size_t(a)];
      return;
    }
    out += "{\"answer\":";
    out += answer_json(m, i, a).dump();
    out += ',';
    out += p.item_key[size_t(i)];
    out += ",\"label\":";
    append_quoted(out, answer_label(m, i, a));
    out += ',';
    out += p.prompt[size_t(i)];
    out += '}';
  };
  // value_json(ctx, v, x), dumped.
  auto value = [&](size_t v, Interval x) {
    const model::Value& val = m.values[v];
    if (x.na()) {
      out += "{\"not_applicable\":true,\"value\":null}";
      return;
    }
    switch (val.type) {
      case model::Type::boolean:
        out += !x.known() ? "{\"value\":null}" : x.lo == 1 ? "{\"value\":true}" : "{\"value\":false}";
        return;
      case model::Type::option:
        if (x.known()) out += p.option_value[v][size_t(x.lo)];
        else out += "{\"value\":null}";
        return;
      case model::Type::band:
        if (x.known()) {
          out += "{\"band\":";
          out += p.band_row_id[v][size_t(x.lo)];
          out += ",\"label\":";
          out += p.band_row_label[v][size_t(x.lo)];
          out += '}';
        } else {
          out += "{\"band\":null,\"could_be\":[";
          bool first = true;
          for (size_t k = size_t(x.lo); k <= size_t(x.hi) && k < p.band_row_id[v].size(); ++k) {
            if (!first) out += ',';
            first = false;
            out += p.band_row_id[v][k];
          }
          out += "]}";
        }
        return;
      default:
        if (x.known()) {
          out += "{\"value\":";
          append_number(out, x.lo);
          out += '}';
        } else {
          out += "{\"at_least\":";
          append_number(out, x.lo);
          out += ",\"at_most\":";
          append_number(out, x.hi);
          out += ",\"value\":null}";
        }
    }
  };
  // An extra top-level key goes where its name sorts.
  bool extra_done = extra_key.empty();
  auto key = [&](const char* name) {
    if (!extra_done && extra_key < name) {
      append_quoted(out, extra_key);
      out += ':';
      out += extra_json;
      out += ',';
      extra_done = true;
    }
  };

  out += '{';
  // answers
  key("answers");
  {
    size_t answered = 0;
    for (size_t i = 0; i < m.items.size(); ++i) answered += ev.items[i] == ItemState::answered;
    out += "\"answers\":{\"answered\":";
    append_uint(out, answered);
    out += ",\"not_asked\":[";
    bool first = true;
    for (size_t i = 0; i < m.items.size(); ++i)
      if (ev.items[i] == ItemState::skipped) {
        if (!first) out += ',';
        first = false;
        out += p.item_id[i];
      }
    out += "],\"unanswered\":[";
    first = true;
    for (size_t i = 0; i < m.items.size(); ++i)
      if (ev.items[i] == ItemState::unanswered) {
        if (!first) out += ',';
        first = false;
        out += p.item_id[i];
      }
    out += "]},";
  }
  key("assessment");
  out += p.assessment;
  out += ',';
  key("bands");
  out += "\"bands\":{";
  for (size_t k = 0; k < p.bands.size(); ++k) {
    if (k) out += ',';
    out += p.bands[k].key;
    value(p.bands[k].index, ev.slots[prog.value_slot[p.bands[k].index]]);
  }
  out += "},";
  key("disclaimer");
  out += p.disclaimer;
  out += ',';
  key("engine");
  out += p.engine;
  out += ',';
  key("guidance");
  out += "\"guidance\":[";
  {
    bool first = true;
    for (const auto& pg : p.guidance) {
      if (outcome(ev.slots[prog.guidance_slot[pg.index]]) != Outcome::fired) continue;
      const model::Guidance& gd = m.guidance[pg.index];
      if (!first) out += ',';
      first = false;
      out += "{\"answers\":[";
      thread_local std::vector<uint8_t> item_seen, value_seen;
      thread_local std::vector<int> items;
      item_seen.assign(m.items.size(), 0);
      value_seen.assign(m.values.size(), 0);
      items.clear();
      Explainer ex{p.explain, ev, item_seen, value_seen, items};
      ex.explain(p.explain.guidance_root[pg.index], true);
      std::sort(items.begin(), items.end());  // report.cpp lists them in a std::set
      bool f2 = true;
      for (int i : items) {
        if (!f2) out += ',';
        f2 = false;
        item_answer(i);
      }
      out += "],\"because\":";
      std::string because;
      for (const auto& part : gd.because)
        because += part.is_ref ? describe_value(ctx_, part.ref_kind, part.ref, answers, ev) : part.text;
      append_quoted(out, because);
      out += pg.after_because;
      if (pg.conditional_steps) {
        out += '[';
        bool f3 = true;
        for (size_t k = 0; k < pg.steps.size(); ++k) {
          if (!step_shown(prog, ev.slots, pg.index, k)) continue;
          if (!f3) out += ',';
          f3 = false;
          out += pg.steps[k];
        }
        out += ']';
        out += pg.after_steps;
      }
    }
  }
  out += "],";
  key("scores");
  out += "\"scores\":{";
  for (size_t k = 0; k < p.scores.size(); ++k) {
    if (k) out += ',';
    out += p.scores[k].key;
    value(p.scores[k].index, ev.slots[prog.value_slot[p.scores[k].index]]);
  }
  out += "},";
  key("signs");
  out += "\"signs\":[";
  for (size_t k = 0; k < p.sections.size(); ++k) {
    const model::Section& sec = m.sections[p.sections[k].index];
    if (k) out += ',';
    size_t asked = 0, answered = 0;
    std::string endorsed;
    std::swap(out, endorsed);  // write the endorsed list aside: it comes after the counts
    bool first = true;
    for (int i : sec.items) {
      if (ev.items[size_t(i)] != ItemState::skipped) ++asked;
      if (ev.items[size_t(i)] != ItemState::answered) continue;
      ++answered;
      if (m.items[size_t(i)].safety) continue;
      const model::Scale& sc = m.scales[m.items[size_t(i)].scale];
      double a = answers[size_t(i)];
      bool yes = false;
      if (sc.kind == model::Scale::Kind::boolean) yes = a == 1;
      else if (sc.kind == model::Scale::Kind::options && sc.endorse_from >= 0 && m.items[size_t(i)].reverse)
        yes = m.items[size_t(i)].points[size_t(a)] >= sc.options[size_t(sc.endorse_from)].value;
      else if (sc.kind == model::Scale::Kind::options && sc.endorse_from >= 0)
        yes = sc.scored ? sc.options[size_t(a)].value >= sc.options[size_t(sc.endorse_from)].value : a >= sc.endorse_from;
      if (!yes) continue;
      if (!first) out += ',';
      first = false;
      item_answer(i);
    }
    std::swap(out, endorsed);
    out += "{\"answered\":";
    append_uint(out, answered);
    out += ",\"asked\":";
    append_uint(out, asked);
    out += ",\"endorsed\":[";
    out += endorsed;
    out += ']';
    out += p.sections[k].tail;
  }
  out += "],";
  key("undetermined");
  out += "\"undetermined\":[";
  {
    bool first = true;
    OpenQuestions open(ctx_, answers, ev);
    for (const auto& pg : p.guidance) {
      if (outcome(ev.slots[prog.guidance_slot[pg.index]]) != Outcome::undetermined) continue;
      if (!first) out += ',';
      first = false;
      out += '{';
      out += pg.id_level;
      out += ",\"missing\":[";
      bool f2 = true;
      size_t others = 0;
      for (int i : open.deciding(pg.index, others)) {
        if (!f2) out += ',';
        f2 = false;
        out += p.missing[size_t(i)];
      }
      out += "],\"more_missing\":";
      append_uint(out, others);
      out += ',';
      out += pg.safety;
      out += ',';
      out += pg.title;
      out += '}';
    }
  }
  out += ']';
  // "urgent_help": who to contact, when urgent guidance fired or could not be ruled out.
  out += ',';
  key("urgent_help");
  out += "\"urgent_help\":";
  bool urgent = false;
  for (const auto& pg : p.guidance)
    if (m.guidance[pg.index].level == model::Level::urgent &&
        outcome(ev.slots[prog.guidance_slot[pg.index]]) != Outcome::not_fired)
      urgent = true;
  out += urgent ? (urgent_help ? *urgent_help : p.default_urgent_help) : std::string("null");
  if (!extra_done) {
    out += ',';
    append_quoted(out, extra_key);
    out += ':';
    out += extra_json;
  }
  out += '}';
}

std::unique_ptr<ResultWriter> ResultWriter::make(const ReportContext& ctx) {
  std::unique_ptr<ResultWriter> w;
  try {
    w.reset(new ResultWriter(ctx));
  } catch (const nlohmann::json::exception&) {
    return nullptr;  // a text that is not valid UTF-8: report_json's dump would throw too
  }
  // Check the writer against report_json on a few sets of answers: none, the lowest and highest
  // of every scale, and random ones. Any difference: use report_json.
  const model::Model& m = ctx.model;
  std::mt19937 rng(1);
  AnswerRow row(m.items.size());
  Evaluation ev;
  std::string text;
  for (int pass = 0; pass < 8; ++pass) {
    for (size_t i = 0; i < m.items.size(); ++i) {
      const model::Scale& sc = m.scales[m.items[i].scale];
      double lo = 0, hi = 0;
      switch (sc.kind) {
        case model::Scale::Kind::boolean: hi = 1; break;
        case model::Scale::Kind::options: hi = double(sc.options.size() - 1); break;
        case model::Scale::Kind::multiple: hi = std::ldexp(1.0, int(std::min<size_t>(sc.options.size(), 20))) - 1; break;
        default: lo = sc.lo, hi = sc.hi;
      }
      double x = pass == 0 ? std::nan("") : pass == 1 ? lo : pass == 2 ? hi : lo + std::floor((hi - lo + 1) * (rng() % 1000) / 1000.0);
      if (sc.kind == model::Scale::Kind::decimal && pass > 2) x = lo + (hi - lo) * (rng() % 1000) / 1000.0;
      row[i] = std::min(x, hi);
      if (pass > 2 && rng() % 4 == 0) row[i] = std::nan("");
    }
    run(ctx.program, row, ev);
    for (size_t i = 0; i < m.items.size(); ++i)  // leave out what is not asked, so the answers are valid
      if (ev.items[i] == ItemState::skipped) row[i] = std::nan("");
    run(ctx.program, row, ev);
    text.clear();
    w->write(row, ev, text);
    if (text != report_json(ctx, row, ev).dump()) return nullptr;
  }
  return w;
}

}  // namespace signpost
