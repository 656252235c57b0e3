// Explanations shared by the renderers: values in words, citations, the questions that could
// settle an undetermined guidance; and the error document for answers that cannot be evaluated.
#include "engine/report/report.hpp"

#include <algorithm>
#include <cmath>

#include "engine/source/text.hpp"

namespace signpost {
using nlohmann::json;

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
  const Phrases& w = phrases_for(ctx.model.language);
  if (kind == 'i') {
    if (ev.items[index] == ItemState::skipped) return w.not_asked;
    if (std::isnan(answers[index])) return w.not_answered;
    std::string l = answer_label(ctx.model, index, answers[index]);
    const model::Scale& sc = ctx.model.scales[ctx.model.items[index].scale];
    if (sc.kind == model::Scale::Kind::options || sc.kind == model::Scale::Kind::boolean)
      std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
    return l;
  }
  const model::Value& v = ctx.model.values[index];
  Interval x = ev.slots[ctx.program.value_slot[index]];
  if (x.na()) return w.not_applicable;
  switch (v.type) {
    case model::Type::boolean: return x.known() ? (x.lo == 1 ? w.yes : w.no) : w.unknown;
    case model::Type::option:
      return x.known() ? ctx.model.scales[v.scale].options[size_t(x.lo)].label : w.unknown;
    case model::Type::band: return x.known() ? model::band_rows(ctx.model, v)[size_t(x.lo)].label : w.unknown;
    default: {
      // `decimals N`: shown rounded half up to N places, trailing zeros kept (20.4, 1.17, 3.0).
      // In the language's decimal mark: "20,4" in German, where "20.4" could read as a thousands group.
      auto format_number = [&](double y) {
        return with_decimal_mark(v.decimals < 0 ? signpost::format_number(y) : format_decimals(y, v.decimals), w);
      };
      if (x.known()) return format_number(x.lo);
      if (std::isinf(x.lo) || std::isinf(x.hi)) return w.unknown;
      // A count with some answers missing: a bound, so that "{count} of two" still reads as a sentence.
      if (v.integral && x.lo == 0) return w.up_to + format_number(x.hi);
      if (v.integral && x.lo > 0) return w.at_least + format_number(x.lo);
      return w.between + format_number(x.lo) + w.and_ + format_number(x.hi);
    }
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
    // A copy of the evaluation as answered; after each item's trials only what depends on the
    // item is copied back (restore), not the whole evaluation again.
    scratch_.slots = ev_.slots;
    scratch_.items = ev_.items;
    scratch_.program = ev_.program;
    for (size_t h = 0; h < G; ++h)
      if (outcome(ev_.slots[ctx_.program.guidance_slot[h]]) == Outcome::undetermined) open_.push_back(h);
  }
  if (!tried_[i]) {
    tried_[i] = 1;
    uint8_t* d = decides_.data() + i * G;
    // Only undetermined guidance is asked about. The first and last answers go first (rules are
    // mostly monotone in an answer, so the extremes settle what any answer settles), and the
    // trials stop once every undetermined guidance is settled by one of them.
    size_t settled = 0;
    for (size_t t = 0; t < n && settled < open_.size(); ++t) {
      row_[i] = double(t == 0 ? 0 : t == 1 ? n - 1 : t - 1);
      rerun(ctx_.program, row_, i, scratch_);
      for (size_t h : open_)
        if (!d[h] && outcome(scratch_.slots[ctx_.program.guidance_slot[h]]) != Outcome::undetermined) {
          d[h] = 1;
          ++settled;
        }
    }
    row_[i] = answers_[i];
    restore(ctx_.program, ev_, i, scratch_);
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

// "Title, "Section"; ..." once per section: line locators are for reviewers, not for this text.
std::string cite_line(const model::Model& m, const std::vector<model::Citation>& cites) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& c : cites) {
    std::string one = m.sources[c.source].title;
    if (!c.section.empty()) one += ", \"" + c.section + "\"";
    if (std::find(seen.begin(), seen.end(), one) != seen.end()) continue;
    seen.push_back(one);
    if (!out.empty()) out += "; ";
    out += one;
  }
  return out;
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
