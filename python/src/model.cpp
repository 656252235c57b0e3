// The checked model as plain data for introspection (RuleSet.items, .scales, ...): enough to
// build a form, label a chart or document a rule set from Python. Expressions are given as
// their source text.
#include "bindings.hpp"
#include "engine/report/questionnaire.hpp"

namespace signpost::python {
using nlohmann::json;

namespace {

json cites(const model::Model& m, const std::vector<model::Citation>& cs) {
  json out = json::array();
  for (const auto& c : cs)
    out.push_back({{"source", m.sources[c.source].id}, {"section", c.section.empty() ? json() : json(c.section)}});
  return out;
}

json or_null(const std::string& s) { return s.empty() ? json() : json(s); }

const char* value_kind(model::Value::Kind k) {
  switch (k) {
    case model::Value::Kind::let: return "let";
    case model::Value::Kind::threshold: return "threshold";
    case model::Value::Kind::band: return "band";
    case model::Value::Kind::table: return "table";
  }
  return "";
}

json scale_json(const model::Scale& sc) {
  json options = json::array();
  for (const auto& o : sc.options)
    options.push_back({{"id", o.id}, {"label", o.label}, {"value", sc.scored ? json(o.value) : json()}});
  json j = scale_head_json(sc);
  j["options"] = options;
  j["lo"] = sc.numeric() ? json(sc.lo) : json();
  j["hi"] = sc.numeric() ? json(sc.hi) : json();
  j["endorse_from"] = sc.endorse_from >= 0 ? json(sc.options[sc.endorse_from].id) : json();
  return j;
}

json source_json(const model::Source& s) {
  return {{"id", s.id}, {"title", s.title}, {"publisher", or_null(s.publisher)},
          {"date", or_null(s.date)}, {"url", or_null(s.url)}, {"sections", s.sections}};
}

json section_json(const model::Model& m, const model::Section& s) {
  json items = json::array();
  for (int i : s.items) items.push_back(m.items[i].id);
  return {{"id", s.id}, {"title", s.title}, {"context", s.context}, {"items", items}, {"cites", cites(m, s.cites)}};
}

json item_json(const model::Model& m, const SourceSet& src, const model::Item& it) {
  const model::Scale& sc = m.scales[it.scale];
  bool has_points = sc.kind == model::Scale::Kind::options && (sc.scored || !it.points.empty());
  return {{"id", it.id},
          {"prompt", it.prompt},
          {"help", or_null(it.help)},
          {"scale", sc.id},
          {"section", it.section >= 0 ? json(m.sections[it.section].id) : json()},
          {"required", it.required},
          {"reverse", it.reverse},
          {"safety", it.safety},
          {"points", has_points && !it.points.empty() ? json(it.points) : json()},
          {"ask_when", it.ask ? or_null(source_text(src, it.ask->span)) : json()},
          {"cites", cites(m, it.cites)}};
}

json value_json(const model::Model& m, const SourceSet& src, const model::Value& v) {
  json bands = json::array();
  for (const auto& r : v.rows)
    bands.push_back({{"id", r.id}, {"label", r.label}, {"lo", r.lo}, {"hi", r.hi}, {"hi_inclusive", r.hi_inclusive}});
  std::string type = v.type == model::Type::boolean ? "boolean"
                     : v.type == model::Type::option ? "option"
                     : v.type == model::Type::band   ? "band"
                                                     : "number";
  return {{"id", v.id},
          {"kind", value_kind(v.kind)},
          {"type", type},
          {"note", or_null(v.note)},
          {"expression", v.kind == model::Value::Kind::table  // a table: its inputs
                             ? source_text(src, v.table_rows) + " by " + source_text(src, v.table_columns)
                             : source_text(src, v.expr.span)},
          {"scale", v.type == model::Type::option && v.scale >= 0 ? json(m.scales[v.scale].id) : json()},
          {"bands", bands},
          {"lo", v.range.lo},
          {"hi", v.range.hi},
          {"integral", v.integral}};
}

json guidance_json(const model::Model& m, const SourceSet& src, const model::Guidance& g) {
  json gitems = json::array();
  for (int i : g.items) gitems.push_back(m.items[i].id);
  json steps = json::array();  // the texts: a step's `only when` is applied in results
  for (const auto& st : g.steps) steps.push_back(st.text);
  return {{"id", g.id},
          {"level", model::level_name(g.level)},
          {"title", g.title},
          {"text", or_null(g.text)},
          {"steps", steps},
          {"when", source_text(src, g.when.span)},
          {"items", gitems},
          {"cites", cites(m, g.cites)}};
}

// Each element of `list` as `to_json` makes it, in a JSON array.
template <class T, class ToJson>
json array_of(const std::vector<T>& list, ToJson to_json) {
  json out = json::array();
  for (const auto& x : list) out.push_back(to_json(x));
  return out;
}

}  // namespace

json model_json(const RuleSet& rules) {
  const model::Model& m = rules.model();
  const SourceSet& src = rules.sources();
  json j = {{"id", m.id},         {"title", m.title},       {"version", m.version},
            {"language", m.language}, {"audience", m.audience}, {"disclaimer", m.disclaimer},
            {"library", m.library}, {"content_hash", rules.content_hash()}};
  json files = json::array();
  for (size_t f = 0; f < src.size(); ++f) files.push_back(src.file(uint32_t(f)).path());
  j["files"] = files;
  j["scales"] = array_of(m.scales, scale_json);
  j["sources"] = array_of(m.sources, source_json);
  j["sections"] = array_of(m.sections, [&](const model::Section& s) { return section_json(m, s); });
  j["items"] = array_of(m.items, [&](const model::Item& it) { return item_json(m, src, it); });
  j["values"] = array_of(m.values, [&](const model::Value& v) { return value_json(m, src, v); });
  j["guidance"] = array_of(m.guidance, [&](const model::Guidance& g) { return guidance_json(m, src, g); });
  return j;
}

py::tuple diagnostic_tuple(const Diagnostic& d, const SourceSet& sources) {
  py::object file = py::none(), line = py::none(), column = py::none(), end_line = py::none(),
             end_column = py::none();
  if (d.span.file < sources.size()) {
    const SourceFile& f = sources.file(d.span.file);
    LineCol a = f.locate(d.span.begin), b = f.locate(std::max(d.span.begin, d.span.end));
    file = py::str(f.path());
    line = py::int_(a.line);
    column = py::int_(a.column);
    end_line = py::int_(b.line);
    end_column = py::int_(b.column);
  }
  return py::make_tuple(d.code, d.severity == Severity::error ? "error" : "warning", d.message,
                        d.hint.empty() ? py::object(py::none()) : py::object(py::str(d.hint)), file, line, column,
                        end_line, end_column, render(d, sources, false));
}

}  // namespace signpost::python
