// A rule set as a questionnaire description in JSON (see questionnaire.hpp).
#include "engine/report/questionnaire.hpp"

#include <cctype>
#include <cmath>

#include "engine/report/report.hpp"

namespace signpost {
using nlohmann::json;
using K = model::TExpr::K;

namespace {

json or_null(const std::string& s) { return s.empty() ? json() : json(s); }

// A number as JSON: whole numbers as integers, so clients compare 2 with 2, not 2.0.
json number(double x) {
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  if (x == std::floor(x) && std::fabs(x) < 1e15) return static_cast<int64_t>(x);
  return x;
}

json constant_json(const model::Model& m, const model::TExpr& e) {
  if (e.type == model::Type::boolean) return {{"const", e.number != 0}};
  if (e.type == model::Type::option && e.scale >= 0)
    return {{"option", m.scales[size_t(e.scale)].options[size_t(e.number)].id}};
  if (e.type == model::Type::band && e.scale >= 0)
    return {{"band", model::band_rows(m, m.values[size_t(e.scale)])[size_t(e.number)].id}};
  return {{"const", number(e.number)}};
}

}  // namespace

json scale_head_json(const model::Scale& sc) {
  return {{"id", sc.id}, {"title", or_null(sc.title)}, {"kind", scale_kind_name(sc.kind)}, {"scored", sc.scored}};
}

namespace {

json scale_json(const model::Scale& sc) {
  json options = json::array();
  for (const auto& o : sc.options) {
    json j = {{"id", o.id}, {"label", o.label}};
    if (sc.scored) j["value"] = number(o.value);
    options.push_back(j);
  }
  json j = scale_head_json(sc);
  j["options"] = options;
  j["min"] = sc.numeric() ? number(sc.lo) : json();
  j["max"] = sc.numeric() ? number(sc.hi) : json();
  j["allowed"] = allowed_answers(sc);
  return j;
}

json item_json(const model::Model& m, const SourceSet& src, const model::Item& it) {
  json j = {{"id", it.id},
            {"prompt", it.prompt},
            {"help", or_null(it.help)},
            {"scale", m.scales[size_t(it.scale)].id},
            {"section", it.section >= 0 ? json(m.sections[size_t(it.section)].id) : json()},
            {"required", it.required},
            {"safety", it.safety},
            {"cites", cites_json(m, it.cites)}};
  if (!it.points.empty()) j["points"] = it.points;
  if (it.ask) j["ask_when"] = {{"source", source_text(src, it.ask->span)}, {"logic", expression_json(m, *it.ask)}};
  else j["ask_when"] = nullptr;
  return j;
}

}  // namespace

std::string source_text(const SourceSet& sources, Span span) {
  if (span.file >= sources.size() || span.end <= span.begin) return "";
  std::string out;
  bool space = false;
  for (char c : sources.slice(span)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

const char* scale_kind_name(model::Scale::Kind k) {
  switch (k) {
    case model::Scale::Kind::boolean: return "boolean";
    case model::Scale::Kind::options: return "options";
    case model::Scale::Kind::multiple: return "multiple";
    case model::Scale::Kind::integer: return "integer";
    case model::Scale::Kind::decimal: return "decimal";
  }
  return "";
}

json expression_json(const model::Model& m, const model::TExpr& e) {
  switch (e.kind) {
    case K::constant: return constant_json(m, e);
    case K::item: return {{"item", m.items[size_t(e.ref)].id}};
    case K::value_ref: return {{"value", m.values[size_t(e.ref)].id}};
    default: break;
  }
  json args = json::array();
  for (const auto& a : e.args) args.push_back(expression_json(m, a));
  json j = {{"op", model::kind_name(e.kind)}, {"args", args}};
  if (e.kind == K::includes && !e.args.empty() && e.args[0].scale >= 0)
    j["option"] = m.scales[size_t(e.args[0].scale)].options[size_t(e.ref)].id;
  if (e.kind == K::aggregate) {
    j["agg"] = model::agg_name(e.agg);
    j["policy"] = model::policy_name(e.policy);
    j["minimum"] = e.minimum;
  }
  return j;
}

json assessment_summary_json(const model::Model& m, const std::string& content_hash) {
  return {{"id", m.id},           {"title", m.title},         {"version", m.version},
          {"audience", m.audience}, {"language", m.language}, {"content_hash", content_hash}};
}

json questionnaire_json(const model::Model& m, const SourceSet& src, const std::string& content_hash) {
  json j = assessment_summary_json(m, content_hash);
  j["disclaimer"] = m.disclaimer;
  json scales = json::array();
  for (const auto& sc : m.scales) scales.push_back(scale_json(sc));
  j["scales"] = scales;
  json sources = json::array();
  for (const auto& s : m.sources)
    sources.push_back({{"id", s.id}, {"title", s.title}, {"publisher", or_null(s.publisher)},
                       {"date", or_null(s.date)}, {"url", or_null(s.url)}});
  j["sources"] = sources;
  json sections = json::array();
  for (const auto& s : m.sections) {
    json items = json::array();
    for (int i : s.items) items.push_back(m.items[size_t(i)].id);
    sections.push_back({{"id", s.id}, {"title", s.title}, {"context", s.context}, {"items", items},
                        {"cites", cites_json(m, s.cites)}});
  }
  j["sections"] = sections;
  json items = json::array();
  for (const auto& it : m.items) items.push_back(item_json(m, src, it));
  j["items"] = items;
  // Skip logic may name derived values: give each one's tree so a client can resolve them.
  json values = json::array();
  for (const auto& v : m.values) {
    json bands = json::array();
    for (const auto& r : model::band_rows(m, v))
      bands.push_back({{"id", r.id}, {"label", r.label}, {"lo", number(r.lo)}, {"hi", number(r.hi)},
                       {"hi_inclusive", r.hi_inclusive}});
    values.push_back({{"id", v.id},
                      {"type", model::type_name(v.type)},
                      {"source", source_text(src, v.expr.span)},
                      {"logic", expression_json(m, v.expr)},
                      {"bands", bands}});
  }
  j["values"] = values;
  return j;
}

}  // namespace signpost
