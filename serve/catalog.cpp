// Loading and reloading the rule sets being served (see catalog.hpp).
#include "serve/catalog.hpp"


#include "engine/report/questionnaire.hpp"
#include "engine/report/report.hpp"
#include "engine/source/source.hpp"
#include "serve/log.hpp"
#include "serve/web.hpp"

namespace signpost::serve {

const Assessment* Catalog::find(std::string_view id) const {
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second.get();
}

namespace {

void log_diagnostics(const std::string& file, const Compiled& c) {
  for (const auto& d : c.diagnostics)
    log_event(d.severity == Severity::error ? "error" : "warning", "diagnostic",
              {{"file", file}, {"code", d.code}, {"diagnostic", render(d, *c.sources, false)}});
}

// The deployment's contacts; nullopt (logged) when the file cannot be read or used.
std::optional<Resources> read_resources(const std::string& path, std::string& raw) {
  std::string text, why;  // bounded as `eval --resources` is: a pipe or a device cannot hang it
  if (!read_file_bounded(path, Limits{}.max_answers_bytes, text, why)) {
    log_event("error", "resources_unreadable", {{"file", path}, {"reason", why}});
    return std::nullopt;
  }
  Resources res;
  std::vector<AnswerError> errors;
  if (!parse_resources_text(text, res, errors)) {
    log_event("error", "resources_invalid", {{"file", path}, {"problems", errors_text(errors)}});
    return std::nullopt;
  }
  raw = std::move(text);
  return res;
}

std::shared_ptr<const Assessment> make_assessment(RuleSet rules, const std::string& resources_text) {
  auto a = std::make_shared<Assessment>(Assessment{std::move(rules), "", "", resources_text, {}, {}});
  const model::Model& m = a->rules.model();
  a->id = m.id;
  a->questionnaire = questionnaire_json(m, a->rules.sources(), a->rules.content_hash()).dump();
  for (const std::string& lang : a->rules.languages()) {
    a->views.push_back(*a->rules.in_language(lang));
    const RuleSet& view = a->views.back();
    a->questionnaires.push_back(view.model().language == m.language
                                    ? a->questionnaire
                                    : questionnaire_json(view.model(), view.sources(), view.content_hash()).dump());
  }
  return a;
}

}  // namespace

bool CatalogHolder::load(const ServeOptions& options, bool initial) {
  std::lock_guard<std::mutex> lock(loading_);
  bool ok = true;
  if (!options.resources_file.empty()) {
    std::string raw;
    if (auto res = read_resources(options.resources_file, raw)) {
      resources_ = std::move(res);
      resources_text_ = std::move(raw);
    }
    else ok = false;  // a reload keeps the contacts it had; the first load stops
  }
  if (initial && !ok) return false;
  auto old = get();
  auto next = std::make_shared<Catalog>();
  for (const auto& file : options.rule_files) {
    Compiled c = compile_file(file);
    log_diagnostics(file, c);
    std::shared_ptr<const Assessment> a;
    if (c.ok() && c.ruleset->model().library) {
      log_event("info", "skipped", {{"file", file}, {"reason", "it only shares scales and sources"}});
      continue;
    }
    if (c.ok()) {
      a = make_assessment(resources_ ? c.ruleset->with_resources(*resources_) : *c.ruleset, resources_text_);
    } else {
      ok = false;
      log_event("error", initial ? "load_failed" : "reload_failed",
                {{"file", file}, {"errors", c.error_count()}, {"kept", !initial && old}});
      if (old)
        for (const auto& [f, prev] : old->files)
          if (f == file) a = prev;  // keep serving the rules it had
      if (!a) continue;
    }
    if (next->by_id.count(a->id)) {
      log_event("error", "duplicate_assessment", {{"file", file}, {"id", a->id}});
      ok = false;
      continue;
    }
    next->files.emplace_back(file, a);
    next->by_id.emplace(a->id, a);
  }
  if (initial && (!ok || next->by_id.empty())) {
    if (ok) log_event("error", "no_assessments", {{"reason", "every rule file only shares scales and sources"}});
    return false;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [file, a] : next->files)
    list.push_back(assessment_summary_json(a->rules.model(), a->rules.content_hash()));
  next->list_json = nlohmann::json{{"assessments", list}}.dump();
  next->web_assets = load_web_assets(options.web_dir.empty() ? default_web_dir() : options.web_dir);
  std::atomic_store(&current_, std::shared_ptr<const Catalog>(std::move(next)));
  log_event("info", initial ? "loaded" : "reloaded", {{"assessments", list.size()}, {"ok", ok}});
  return ok;
}

}  // namespace signpost::serve
