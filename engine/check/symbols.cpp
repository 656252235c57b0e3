// The symbols pass: every declaration into the model, its name into the one namespace of values
// (sections, items, derived values, guidance) or of scales and sources; the declarations later
// passes read; and the assessment header.
#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;

std::vector<std::string> Checked::value_names() const {
  std::vector<std::string> v;
  for (auto& [n, s] : names)
    if (s.kind != 'g') v.push_back(n);
  return v;
}
std::string Checked::where(Span s) const {
  LineCol lc = sources.file(s.file).locate(s.begin);
  return sources.file(s.file).path() + ":" + std::to_string(lc.line);
}

bool Checked::declare(const ast::Name& n, char kind, int index) {
  auto it = names.find(n.text);
  if (it != names.end()) {
    d.error("E011", n.span, "'" + n.text + "' is already declared", "first declared at " + where(it->second.span));
    return false;
  }
  names[n.text] = {kind, index, n.span};
  return true;
}

void Checked::duplicate_clauses(const std::vector<ast::Clause>& clauses) {
  std::set<std::string> seen;
  for (const auto& c : clauses) {
    if (c.keyword == "cites" || c.keyword == "step" || c.keyword == "steps") continue;
    if (!seen.insert(c.keyword).second)
      d.error("E046", c.span, "'" + c.keyword + "' is given twice", "keep one; the later one would silently win");
  }
}

std::vector<Citation> Checked::citations(const std::vector<ast::Citation>& cs) {
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

namespace {

const std::vector<std::string> kAudiences = {"self", "partner", "clinician", "researcher", "carer"};

// Adds each kind of declaration to the model and its name to the symbol tables.
struct Declarations {
  Checked& c;
  Model& m = c.m;
  Diagnostics& d = c.d;

  void add_source(const ast::SourceDecl& x) {
    c.duplicate_clauses(x.clauses);
    if (c.source_index.count(x.id.text)) {
      d.error("E011", x.id.span, "source '" + x.id.text + "' is already declared",
              "first declared at " + c.where(m.sources[c.source_index[x.id.text]].span));
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
      std::filesystem::path base = std::filesystem::path(c.sources.file(x.span.file).path()).parent_path();
      s.file = (base / x.file->text).lexically_normal().generic_string();
      s.file_span = x.file->span;
    }
    c.source_index[s.id] = int(m.sources.size());
    m.sources.push_back(std::move(s));
  }

  void add_scale(const ast::ScaleDecl& x) {
    c.duplicate_clauses(x.clauses);
    if (c.scale_index.count(x.id.text)) {
      d.error("E011", x.id.span, "scale '" + x.id.text + "' is already declared",
              x.id.text == "yesno" ? "yesno is built in" : "first declared at " + c.where(m.scales[c.scale_index[x.id.text]].span));
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
    c.scale_index[s.id] = int(m.scales.size());
    m.scales.push_back(std::move(s));
  }

  void add_group(const ast::GroupDecl& x) {
    Group g;
    g.id = x.id.text;
    g.span = x.span;
    int idx = int(m.groups.size());
    if (!c.declare(x.id, 'G', idx)) return;
    m.group_index[g.id] = idx;
    m.groups.push_back(std::move(g));
    c.group_decls.push_back(&x);
  }

  // A group's members, once every item is declared (a group may name items declared after it):
  // items, each once, at least one (E084).
  void resolve_groups() {
    for (size_t k = 0; k < m.groups.size(); ++k) {
      const ast::GroupDecl& x = *c.group_decls[k];
      Group& g = m.groups[k];
      if (x.items.empty())
        d.error("E084", x.id.span, "group '" + g.id + "' names no items", "list its items: group " + g.id + ": a, b");
      for (const ast::Name& n : x.items) {
        auto it = c.names.find(n.text);
        if (it == c.names.end() || it->second.kind != 'i') {
          std::string hint = did_you_mean(n.text, keys(m.item_index));
          d.error("E084", n.span, "'" + n.text + "' is not an item", hint.empty() ? "a group holds items only" : hint);
        } else if (std::find(g.items.begin(), g.items.end(), it->second.index) != g.items.end()) {
          d.error("E084", n.span, "'" + n.text + "' is listed twice in group '" + g.id + "'");
        } else {
          g.items.push_back(it->second.index);
        }
      }
    }
  }

  int add_section(const ast::SectionDecl& x) {
    c.duplicate_clauses(x.clauses);
    Section s;
    s.id = x.id.text;
    s.title = x.title.text;
    s.context = x.context;
    s.cites = c.citations(x.cites);
    s.span = x.span;
    int idx = int(m.sections.size());
    if (!c.declare(x.id, 's', idx)) return -1;
    m.section_index[s.id] = idx;
    m.sections.push_back(std::move(s));
    return idx;
  }

  // An item's own `points` per option of its scale: every option once (E081). Empty after an error.
  std::vector<double> item_points(const ast::ItemDecl& x, const Scale& s) {
    if (s.kind != Scale::Kind::options) {
      d.error("E081", x.points.front().span, "`points` needs a single-choice scale");
      return {};
    }
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
        return {};
      }
    return pts;
  }

  // `counts as VALUE when not asked` (an answer on the item's scale, E082) and `answer ignored|refused
  // when not asked`; either on an item that is always asked never applies (W083).
  void unasked(const ast::ItemDecl& x, const Scale& s, Item& it) {
    if (x.unasked_value) {
      std::string why;
      if (!answer_ok(s, literal(*x.unasked_value), why, &it.unasked))
        d.error("E082", x.unasked_value->span, "what '" + it.id + "' counts as when not asked is not an answer on its scale",
                why);
    }
    it.ignore_unasked = x.unasked_answer && x.unasked_answer->text == "ignored";
    if ((x.unasked_value || x.unasked_answer) && !x.ask_when)
      d.warning("W083", x.unasked_value ? x.unasked_value->span : x.unasked_answer->span,
                "'" + it.id + "' has no `ask when`: it is always asked, so what happens when it is not asked never applies",
                "add `ask when ...`, or remove the clause");
  }

  void add_item(const ast::ItemDecl& x, int section) {
    c.duplicate_clauses(x.clauses);
    Item it;
    it.id = x.id.text;
    it.prompt = x.prompt.text;
    it.help = x.help ? x.help->text : "";
    it.section = section;
    it.cites = c.citations(x.cites);
    it.required = x.requirement && x.requirement->text == "required";
    it.reverse = x.reverse;
    it.safety = x.safety;
    it.span = x.span;
    auto sc = c.scale_index.find(x.scale.text);
    if (sc == c.scale_index.end()) {
      std::string hint = did_you_mean(x.scale.text, keys(c.scale_index));
      d.error("E012", x.scale.span, "unknown scale '" + x.scale.text + "'",
              hint.empty() ? "declare it with `scale " + x.scale.text + ": ...` or import it" : hint);
      return;  // without a scale the item cannot be typed; its uses report unknown names
    }
    it.scale = sc->second;
    const Scale& s = m.scales[it.scale];
    if (x.cites.empty() && !x.safety)
      d.warning("W048", x.id.span, "item '" + it.id + "' cites no source",
                "add `cites source \"Section\"` so the question can be traced");
    if (!x.points.empty()) it.points = item_points(x, s);
    unasked(x, s, it);
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
    if (!c.declare(x.id, 'i', idx)) return;
    m.item_index[it.id] = idx;
    if (section >= 0) m.sections[section].items.push_back(idx);
    m.items.push_back(std::move(it));
    c.item_decls.push_back(&x);
  }

  void add_value(const ast::Name& id, Span span, Pending p, Value::Kind kind, std::string note) {
    Value v;
    v.id = id.text;
    v.kind = kind;
    v.note = std::move(note);
    v.span = span;
    int idx = int(m.values.size());
    if (!c.declare(id, 'v', idx)) return;
    m.value_index[v.id] = idx;
    m.values.push_back(std::move(v));
    c.pending.push_back(p);
    c.value_state.push_back(0);
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

  // A two-way table: a value whose rows are its outcomes (each once, E086); tables.cpp checks the rest.
  void add_table(const ast::TableDecl& x) {
    std::vector<BandRow> rows;
    std::set<std::string> seen;
    for (const auto& o : x.outcomes) {
      BandRow b;
      b.id = o.id.text;
      b.label = o.label.text;
      b.span = o.span;
      if (!seen.insert(b.id).second) {
        d.error("E086", o.id.span, "outcome '" + b.id + "' is listed twice", "keep one");
        continue;
      }
      rows.push_back(b);
    }
    size_t before = m.values.size();
    add_value(x.id, x.span, Pending{nullptr, nullptr, &x}, Value::Kind::table, "");
    if (m.values.size() > before) m.values.back().rows = std::move(rows);
  }

  // The built-in yes/no scale, scale 0.
  void builtin_scales() {
    Scale yesno;
    yesno.kind = Scale::Kind::boolean;
    yesno.id = "yesno";
    yesno.title = "Yes or no";
    yesno.options = {{"no", "No", 0}, {"yes", "Yes", 1}};
    yesno.scored = true;
    yesno.endorse_from = 1;
    c.scale_index["yesno"] = 0;
    m.scales.push_back(yesno);
  }

  void add_guidance(const ast::GuidanceDecl& x) {
    c.guidance_decls.push_back(&x);
    Guidance g;
    g.id = x.id.text;
    g.span = x.span;
    if (c.declare(x.id, 'g', int(m.guidance.size()))) {
      m.guidance_index[g.id] = int(m.guidance.size());
    }
    m.guidance.push_back(g);
  }

  // One declaration of a file, in file order (scales and sources are declared before any).
  void declaration(const ast::Decl& decl, bool imported, int& current_section) {
    if (imported && !std::holds_alternative<ast::ScaleDecl>(decl) && !std::holds_alternative<ast::SourceDecl>(decl) &&
        !std::holds_alternative<ast::ImportDecl>(decl)) {
      Span s = std::visit([](const auto& x) { return x.span; }, decl);
      d.error("E052", s, "an imported file may only declare scales and sources",
              "move this declaration into the file that does the importing");
      return;
    }
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, ast::AssessmentDecl>) {
            if (c.assessment)
              d.error("E011", x.span, "a rule file has one assessment", "first at " + c.where(c.assessment->span));
            else
              c.assessment = &x;
          } else if constexpr (std::is_same_v<T, ast::DisclaimerDecl>) {
            if (c.disclaimer)
              d.error("E011", x.span, "a rule file has one disclaimer", "first at " + c.where(c.disclaimer->span));
            else
              c.disclaimer = &x;
          } else if constexpr (std::is_same_v<T, ast::SectionDecl>) {
            current_section = add_section(x);
          } else if constexpr (std::is_same_v<T, ast::GroupDecl>) {
            add_group(x);
          } else if constexpr (std::is_same_v<T, ast::ItemDecl>) {
            add_item(x, current_section);
          } else if constexpr (std::is_same_v<T, ast::LetDecl>) {
            add_value(x.id, x.span, Pending{&x, nullptr}, x.threshold ? Value::Kind::threshold : Value::Kind::let,
                      x.note ? x.note->text : "");
          } else if constexpr (std::is_same_v<T, ast::BandDecl>) {
            add_band(x);
          } else if constexpr (std::is_same_v<T, ast::TableDecl>) {
            add_table(x);
          } else if constexpr (std::is_same_v<T, ast::GuidanceDecl>) {
            add_guidance(x);
          } else if constexpr (std::is_same_v<T, ast::ExampleDecl>) {
            c.example_decls.push_back(&x);
          } else if constexpr (std::is_same_v<T, ast::PropertyDecl>) {
            c.property_decls.push_back(&x);
          }
        },
        decl);
  }
};

}  // namespace

void declare_symbols(Checked& c, const std::vector<ast::File>& files) {
  Declarations decls{c};
  decls.builtin_scales();
  for (const auto& file : files)
    for (const auto& decl : file.decls) {
      if (const auto* s = std::get_if<ast::ScaleDecl>(&decl)) decls.add_scale(*s);
      if (const auto* s = std::get_if<ast::SourceDecl>(&decl)) decls.add_source(*s);
    }
  for (size_t f = 0; f < files.size(); ++f) {
    int current_section = -1;
    for (const auto& decl : files[f].decls) decls.declaration(decl, f + 1 < files.size(), current_section);
  }
  decls.resolve_groups();
  if (c.m.items.size() > c.limits.max_items)
    c.d.error("E070", c.m.items.back().span, "too many items (" + std::to_string(c.m.items.size()) +
                                                 "; the limit is " + std::to_string(c.limits.max_items) + ")");
  c.file_start = Span{files.empty() ? 0u : files.back().file_id, 0, 0};
  // A file of shared scales and sources (made to be imported) is checked as a library.
  c.m.library = !files.empty() && !c.assessment && !c.disclaimer &&
                std::all_of(files.back().decls.begin(), files.back().decls.end(), [](const ast::Decl& x) {
                  return std::holds_alternative<ast::ScaleDecl>(x) || std::holds_alternative<ast::SourceDecl>(x) ||
                         std::holds_alternative<ast::ImportDecl>(x);
                });
}

void check_header(Checked& c) {
  if (c.m.library) return;  // nothing more to require
  Diagnostics& d = c.d;
  const ast::AssessmentDecl* assessment = c.assessment;
  if (!assessment) {
    d.error("E041", c.file_start, "the rule file has no `assessment` header",
            "start it with: assessment my_check \"Title\" version \"1.0\"");
    return;
  }
  Model& m = c.m;
  c.duplicate_clauses(assessment->clauses);
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

}  // namespace signpost::checker
