// The engine's entry for WebAssembly: a small C API over JSON strings, so the browser runs the
// same compile and evaluate as the native engine (web/signpost-engine.js wraps it for JavaScript).
//
// Every function returns a string the caller frees with sp_free. Rule sets are kept in a table
// of handles; nothing else is kept between calls (no answers, no results).
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report/questionnaire.hpp"
#include "engine/report/report.hpp"
#include "engine/signpost.hpp"

namespace {

using nlohmann::json;

std::map<int, signpost::RuleSet>& rule_sets() {
  static std::map<int, signpost::RuleSet> table;
  return table;
}

// The files of the next compile, given one by one as bytes (a rule file that is not UTF-8 must
// reach the parser as it is, to be reported as such).
std::map<std::string, std::string>& pending_files() {
  static std::map<std::string, std::string> files;
  return files;
}

char* give(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

std::string normal(const std::string& path) {
  return std::filesystem::path(path).lexically_normal().generic_string();
}

// Imports are read from the files the caller passed; the ones it did not pass are listed as
// `missing`, so a browser can fetch them and compile again.
signpost::FileReader memory_reader(const std::map<std::string, std::string>& files, std::vector<std::string>& missing) {
  return [&files, &missing](const std::string& path, std::string& error) -> std::optional<std::string> {
    auto it = files.find(normal(path));
    if (it != files.end()) return it->second;
    missing.push_back(normal(path));
    error = "no such file";  // the words of the native engine's reader, so diagnostics match
    return std::nullopt;
  };
}

json diagnostic_json(const signpost::Diagnostic& d, const signpost::SourceSet& sources) {
  const auto& file = sources.file(d.span.file);
  signpost::LineCol at = file.locate(d.span.begin);
  return {{"code", d.code},
          {"severity", d.severity == signpost::Severity::error ? "error" : "warning"},
          {"span", {{"file", file.path()}, {"line", at.line}, {"column", at.column}}},
          {"message", d.message},
          {"hint", d.hint}};
}

json answer_errors_json(const std::vector<signpost::AnswerError>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back(signpost::to_json(e));
  return out;
}

const signpost::RuleSet* find(int handle) {
  auto it = rule_sets().find(handle);
  return it == rule_sets().end() ? nullptr : &it->second;
}

int keep(const signpost::RuleSet& rules) {
  static int next = 0;
  rule_sets().emplace(++next, rules);
  return next;
}

json compile(const std::string& main, const char* resources) {
  std::map<std::string, std::string> files;
  files.swap(pending_files());
  std::vector<std::string> missing;
  signpost::CompileOptions options;
  options.reader = memory_reader(files, missing);
  auto it = files.find(main);
  if (it == files.end()) return {{"ok", false}, {"missing", {main}}, {"diagnostics", json::array()}, {"text", ""}};
  signpost::Compiled c = signpost::compile_source(it->second, main, options);
  json diagnostics = json::array();
  for (const auto& d : c.diagnostics) diagnostics.push_back(diagnostic_json(d, *c.sources));
  json out = {{"ok", c.ok()}, {"diagnostics", diagnostics}, {"missing", missing}, {"text", c.render(false)}};
  if (!c.ok()) return out;
  signpost::RuleSet rules = *c.ruleset;
  if (resources) {
    signpost::Resources res;
    std::vector<signpost::AnswerError> errors;
    if (!signpost::parse_resources_text(resources, res, errors)) {
      out["ok"] = false;
      out["resource_errors"] = answer_errors_json(errors);
      return out;
    }
    rules = rules.with_resources(res);
  }
  out["handle"] = keep(rules);
  out["languages"] = rules.languages();
  return out;
}

// Which items are asked for these answers: an item is asked unless its `ask when` condition is
// known to be false. Answers that are invalid count as unanswered here; evaluate says why.
json asked_now(const signpost::RuleSet& rules, std::string_view answers_text) {
  nlohmann::json doc;
  std::vector<signpost::AnswerError> errors;
  if (!signpost::parse_answers_text(answers_text, signpost::Limits{}, doc, errors) || !doc.is_object())
    doc = json::object();
  const auto& m = rules.model();
  signpost::AnswerRow row = signpost::decode_answers(doc, m, errors);
  signpost::Evaluation ev;
  rules.run(row, ev);
  json asked = json::array(), not_asked = json::array();
  for (size_t i = 0; i < m.items.size(); ++i)
    (ev.items[i] == signpost::ItemState::skipped ? not_asked : asked).push_back(m.items[i].id);
  return {{"asked", asked}, {"not_asked", not_asked}};
}

}  // namespace

extern "C" {

// One file for the next sp_compile: its path (as imports name it) and `size` bytes of text.
void sp_file(const char* path, const char* bytes, int size) {
  pending_files()[normal(path)] = std::string(bytes, size_t(size));
}

// Compiles `main` (one of the files given) with a deployment's resources file (or null) ->
// {"ok", "handle"?, "diagnostics": [...], "text": rendered, "missing": [paths], "resource_errors"?}
char* sp_compile(const char* main, const char* resources) {
  return give(compile(normal(main), resources).dump());
}

// The result JSON for answers (the errors document when they are invalid), as `signpost eval`
// writes it: indent < 0 compact, else dump(indent) and a final newline.
char* sp_evaluate(int handle, const char* answers, int size, int indent) {
  const signpost::RuleSet* rules = find(handle);
  if (!rules) return give("");
  std::string_view text(answers, size_t(size));
  if (indent < 0) {  // the engine's fast path, byte for byte the same as dump() (RuleSet::evaluate_json)
    std::string out;
    rules->evaluate_json(text, out);
    return give(out);
  }
  return give(rules->evaluate_text(text).result.dump(indent) + "\n");
}

// The text report for the person (invalid answers: every problem, as text).
char* sp_report_text(int handle, const char* answers, int size) {
  const signpost::RuleSet* rules = find(handle);
  if (!rules) return give("");
  signpost::EvalResult r = rules->evaluate_text(std::string_view(answers, size_t(size)));
  return give(r.ok ? signpost::report_text(r.report, false) : signpost::errors_text(r.errors));
}

// The report as one self-contained HTML page, as `signpost eval --format html` writes it (invalid
// answers: every problem, as text).
char* sp_report_html(int handle, const char* answers, int size) {
  const signpost::RuleSet* rules = find(handle);
  if (!rules) return give("");
  signpost::EvalResult r = rules->evaluate_text(std::string_view(answers, size_t(size)));
  return give(r.ok ? signpost::report_html(r.report) : signpost::errors_text(r.errors));
}

// {"asked": [item ids], "not_asked": [item ids]}: live skip logic for a form.
char* sp_asked_now(int handle, const char* answers, int size) {
  const signpost::RuleSet* rules = find(handle);
  return give(rules ? asked_now(*rules, std::string_view(answers, size_t(size))).dump() : "");
}

// The questionnaire description, as GET /v1/assessments/{id} serves it.
char* sp_questionnaire(int handle) {
  const signpost::RuleSet* rules = find(handle);
  if (!rules) return give("");
  return give(signpost::questionnaire_json(rules->model(), rules->sources(), rules->content_hash()).dump());
}

// The rule set `handle` with its texts in `lang` -> {"ok", "handle"?, "languages": [its own, then
// its translations']}; not ok when it has no such translation.
char* sp_in_language(int handle, const char* lang) {
  const signpost::RuleSet* rules = find(handle);
  if (!rules) return give("");
  json out = {{"ok", false}, {"languages", rules->languages()}};
  if (auto view = rules->in_language(lang)) out["ok"] = true, out["handle"] = keep(*view);
  return give(out.dump());
}

// A deployment's resources file checked alone: "" when valid, else {"errors": [...]} (dump(2)).
char* sp_check_resources(const char* text, int size) {
  signpost::Resources res;
  std::vector<signpost::AnswerError> errors;
  if (signpost::parse_resources_text(std::string_view(text, size_t(size)), res, errors)) return give("");
  return give(json{{"errors", answer_errors_json(errors)}}.dump(2) + "\n");
}

void sp_release(int handle) { rule_sets().erase(handle); }

char* sp_version() { return give(signpost::version()); }

void sp_free(char* p) { std::free(p); }

}  // extern "C"
