// The result JSON straight to text (see json_text.hpp): the one place that says what the result
// JSON holds and under which keys. Keys are written in sorted order.
#include "engine/report/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/report/report.hpp"
#include "engine/source/text.hpp"

namespace signpost {

namespace {

// A string as nlohmann::json dumps it (compact, UTF-8 kept as is). Throws on invalid UTF-8, as dump does.
std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// The same, for strings made while writing; they are built from the rule file's strings (checked
// when the writer is made) and ASCII, so they are valid UTF-8.
void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  static const Escapes& json = json_escapes();
  append_escaped(out, s, json);
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

// A number as nlohmann::json dumps it: integral values as integers.
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

}  // namespace

struct ResultWriter::Pieces {
  std::string assessment, disclaimer, engine;  // the values of those keys
  const Resources* default_help = nullptr;  // the writer's own context's resources, and their dump
  std::string default_urgent_help;
  // Per item: `,"item":...,"label":` is dynamic; the fixed parts of an answer entry.
  std::vector<std::string> item_key;      // "item":"id"
  std::vector<std::string> prompt;        // "prompt":"..."
  std::vector<std::string> missing;       // {"item":"id","prompt":"..."}
  std::vector<std::vector<std::string>> answer_entry;  // per item, per option (or no/yes): the whole entry
  std::vector<std::string> item_id;       // "id"
  // Per guidance (in declaration order).
  struct Guidance {
    std::string id_level;  // "id":"...","level":"..."
    std::string after_because;  // ,"cites":[...],"id":...,"level":...,"steps":[...],"text":...,"title":...}
    // With conditional steps, after_because stops before the steps; then the quoted steps and the rest.
    bool conditional_steps = false;
    std::vector<std::string> steps;  // "text", quoted
    std::string after_steps;         // ],"text":...,"title":...}
    std::string title;     // "title":"..."
  };
  std::vector<Guidance> guidance;
  std::vector<std::string> value_key;                    // per value: `"id":`
  std::vector<std::vector<std::string>> band_row_id;     // per value: "row id" quoted
  std::vector<std::vector<std::string>> band_row_label;  // per value: "row label" quoted
  std::vector<std::vector<std::string>> option_value;    // per value of option type: "value":..,"label"..
  std::vector<std::string> section_tail;                 // per section: ,"section":"id","title":"..."}
};

ResultWriter::~ResultWriter() = default;

namespace {

void prepare_items(const model::Model& m, ResultWriter::Pieces& p) {
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
}

void prepare_guidance(const model::Model& m, ResultWriter::Pieces& p) {
  for (const model::Guidance& gd : m.guidance) {
    ResultWriter::Pieces::Guidance pg;
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
    p.guidance.push_back(std::move(pg));
  }
}

void prepare_values(const model::Model& m, ResultWriter::Pieces& p) {
  for (const model::Value& val : m.values) {
    p.value_key.push_back(quoted(val.id) + ":");
    p.band_row_id.emplace_back();
    p.band_row_label.emplace_back();
    p.option_value.emplace_back();
    if (val.kind == model::Value::Kind::threshold) continue;
    for (const auto& r : model::band_rows(m, val)) {
      p.band_row_id.back().push_back(quoted(r.id));
      p.band_row_label.back().push_back(quoted(r.label));
    }
    if (val.type == model::Type::option)
      for (const auto& o : m.scales[size_t(val.scale)].options)
        p.option_value.back().push_back("{\"label\":" + quoted(o.label) + ",\"value\":" + quoted(o.id) + "}");
  }
}

// Writes one result into `out`, piece by piece, in the order of the sorted keys.
struct Writer {
  const ResultWriter::Pieces& p;
  const Result& r;
  std::string& out;

  template <class List, class Each>
  void list(const List& xs, Each each) {
    bool first = true;
    for (const auto& x : xs) {
      if (!first) out += ',';
      first = false;
      each(x);
    }
  }
  // [x,y,...]
  template <class List, class Each>
  void array(const List& xs, Each each) {
    out += '[';
    list(xs, each);
    out += ']';
  }
  // {"id":...,"id":...}: the values of `vs`, by id
  void values(const std::vector<Result::Value>& vs) {
    out += '{';
    list(vs, [&](const Result::Value& v) { value(v); });
    out += '}';
  }

  // {"answer":...,"item":...,"label":...,"prompt":...}
  void item_answer(int i) {
    double a = r.answers[size_t(i)];
    const auto& pre = p.answer_entry[size_t(i)];
    if (!std::isnan(a) && a >= 0 && a < double(pre.size())) {
      out += pre[size_t(a)];
      return;
    }
    out += "{\"answer\":";
    out += answer_json(*r.model, i, a).dump();
    out += ',';
    out += p.item_key[size_t(i)];
    out += ",\"label\":";
    append_quoted(out, answer_label(*r.model, i, a));
    out += ',';
    out += p.prompt[size_t(i)];
    out += '}';
  }

  // A value known, undecided (a range) or not applicable.
  void value(const Result::Value& v) {
    const model::Value& val = r.model->values[v.index];
    Interval x = v.range;
    out += p.value_key[v.index];
    if (x.na()) {
      out += "{\"not_applicable\":true,\"value\":null}";
      return;
    }
    switch (val.type) {
      case model::Type::boolean:
        out += !x.known() ? "{\"value\":null}" : x.lo == 1 ? "{\"value\":true}" : "{\"value\":false}";
        return;
      case model::Type::option:
        out += x.known() ? p.option_value[v.index][size_t(x.lo)] : "{\"value\":null}";
        return;
      case model::Type::band: return band(v.index, x);
      default:
        if (x.known()) {
          out += "{\"value\":";
          append_number(out, x.lo);
          out += '}';
          return;
        }
        out += "{\"at_least\":";
        append_number(out, x.lo);
        out += ",\"at_most\":";
        append_number(out, x.hi);
        out += ",\"value\":null}";
    }
  }

  void band(size_t v, Interval x) {
    const auto& ids = p.band_row_id[v];
    if (x.known()) {
      out += "{\"band\":";
      out += ids[size_t(x.lo)];
      out += ",\"label\":";
      out += p.band_row_label[v][size_t(x.lo)];
      out += '}';
      return;
    }
    out += "{\"band\":null,\"could_be\":[";
    for (size_t k = size_t(x.lo); k <= size_t(x.hi) && k < ids.size(); ++k) {
      if (k != size_t(x.lo)) out += ',';
      out += ids[k];
    }
    out += "]}";
  }

  void answers() {
    out += "{\"answered\":";
    append_uint(out, r.answered());
    out += ",\"not_asked\":[";
    items_in(ItemState::skipped);
    out += "],\"unanswered\":[";
    items_in(ItemState::unanswered);
    out += "]}";
  }
  void items_in(ItemState state) {
    bool first = true;
    for (size_t i = 0; i < r.items.size(); ++i)
      if (r.items[i] == state) {
        if (!first) out += ',';
        first = false;
        out += p.item_id[i];
      }
  }

  void fired(const Result::Fired& f) {
    const auto& pg = p.guidance[f.guidance];
    out += "{\"answers\":[";
    list(f.answers, [&](int i) { item_answer(i); });
    out += "],\"because\":";
    append_quoted(out, f.because);
    out += pg.after_because;
    if (!pg.conditional_steps) return;
    out += '[';
    list(f.steps, [&](size_t k) { out += pg.steps[k]; });
    out += ']';
    out += pg.after_steps;
  }

  void undetermined(const Result::Undetermined& u) {
    const auto& pg = p.guidance[u.guidance];
    out += '{';
    out += pg.id_level;
    out += ",\"missing\":[";
    list(u.missing, [&](int i) { out += p.missing[size_t(i)]; });
    out += "],\"more_missing\":";
    append_uint(out, u.more_missing);
    out += u.safety ? ",\"safety\":true," : ",\"safety\":false,";
    out += pg.title;
    out += '}';
  }

  void signs(const Result::Signs& s) {
    out += "{\"answered\":";
    append_uint(out, s.answered);
    out += ",\"asked\":";
    append_uint(out, s.asked);
    out += ",\"endorsed\":[";
    list(s.endorsed, [&](int i) { item_answer(i); });
    out += ']';
    out += p.section_tail[s.section];
  }
};

}  // namespace

ResultWriter::ResultWriter(const ReportContext& ctx) : ctx_(ctx), pieces_(std::make_unique<Pieces>()) {
  const model::Model& m = ctx.model;
  Pieces& p = *pieces_;
  p.assessment = "{\"audience\":" + quoted(m.audience) + ",\"content_hash\":" + quoted(ctx.content_hash) +
                 ",\"id\":" + quoted(m.id) + ",\"language\":" + quoted(m.language) + ",\"title\":" + quoted(m.title) +
                 ",\"version\":" + quoted(m.version) + "}";
  p.disclaimer = quoted(m.disclaimer);
  p.engine = std::string("{\"name\":\"signpost\",\"version\":") + quoted(SIGNPOST_VERSION) + "}";
  p.default_help = ctx.resources ? ctx.resources : &default_resources(m.audience, m.language);
  p.default_urgent_help = urgent_help_json(*p.default_help, m).dump();
  prepare_items(m, p);
  prepare_guidance(m, p);
  prepare_values(m, p);
  for (const model::Section& sec : m.sections)
    p.section_tail.push_back(",\"section\":" + quoted(sec.id) + ",\"title\":" + quoted(sec.title) + "}");
}

std::unique_ptr<ResultWriter> ResultWriter::make(const ReportContext& ctx) {
  return std::unique_ptr<ResultWriter>(new ResultWriter(ctx));
}

void ResultWriter::write_scores(const Result& r, std::string& out) const {
  Writer{*pieces_, r, out}.values(r.scores);
}

void ResultWriter::write(const Result& r, std::string& out, const std::string& extra_key,
                         const std::string& extra_json, const std::string* urgent_help) const {
  const Pieces& p = *pieces_;
  Writer w{p, r, out};
  bool extra_done = extra_key.empty();
  auto extra = [&] {
    append_quoted(out, extra_key);
    out += ':';
    out += extra_json;
    extra_done = true;
  };
  // `"name":`, what `body` writes and a comma; first the extra key, where its name sorts before.
  auto member = [&](const char* name, auto body) {
    if (!extra_done && extra_key < name) {
      extra();
      out += ',';
    }
    out += '"';
    out += name;
    out += "\":";
    body();
    out += ',';
  };
  out += '{';
  member("answers", [&] { w.answers(); });
  member("assessment", [&] { out += p.assessment; });
  member("bands", [&] { w.values(r.bands); });
  member("disclaimer", [&] { out += p.disclaimer; });
  member("engine", [&] { out += p.engine; });
  member("guidance", [&] { w.array(r.guidance, [&](const Result::Fired& f) { w.fired(f); }); });
  if (!ctx_.language.empty())  // only a rule set with translations says which language it used
    member("language", [&] { append_quoted(out, ctx_.language); });
  member("scores", [&] { w.values(r.scores); });
  member("signs", [&] { w.array(r.signs, [&](const Result::Signs& s) { w.signs(s); }); });
  member("undetermined", [&] { w.array(r.undetermined, [&](const Result::Undetermined& u) { w.undetermined(u); }); });
  member("urgent_help", [&] {
    if (!r.urgent_help) out += "null";
    else if (urgent_help) out += *urgent_help;
    else if (r.urgent_help == p.default_help) out += p.default_urgent_help;
    else out += urgent_help_json(*r.urgent_help, *r.model).dump();
  });
  if (!extra_done) extra();
  else out.pop_back();  // the comma after the last member
  out += '}';
}

}  // namespace signpost
