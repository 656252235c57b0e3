// The signpost façade: compile(source) -> rule set | diagnostics; ruleset.evaluate(answers) -> result.
//
//   auto compiled = signpost::compile_file("rules/self-check.signpost");
//   if (!compiled.ok()) { std::cerr << compiled.render(); return 1; }
//   signpost::EvalResult r = compiled.ruleset->evaluate(answers_json);
//
// A RuleSet is immutable and cheap to copy; evaluate it from any number of threads at once.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/check/model.hpp"
#include "engine/compile/program.hpp"
#include "engine/evaluate/batch.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/parse/parse.hpp"
#include "engine/report/resources.hpp"
#include "engine/report/result.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

const char* version();


struct EvalResult {
  bool ok = false;
  nlohmann::json result;  // the result JSON, or {"errors": [...]} when the answers were invalid
  std::vector<AnswerError> errors;
  // The typed result every output renders (report/result.hpp; report_text, report_html), when
  // ok. It refers into the rule set: valid while the RuleSet (or a copy of it) lives.
  Result report;
};

struct Compiled;
struct CompileOptions {
  Limits limits;
  FileReader reader = filesystem_reader();  // how imports are read
  // Read each source's local copy (`file`) and check the citations against it (check/citations.hpp):
  // for authoring and review; evaluation never needs it.
  bool source_texts = false;
};
class RuleSet;
Compiled compile_source(std::string text, std::string name, const CompileOptions& options = {});

class RuleSet {
 public:
  const model::Model& model() const;
  const Program& program() const;
  const SourceSet& sources() const;
  // SHA-256 of every source file, in import order: identifies exactly which rules produced a result.
  const std::string& content_hash() const;

  // Validates answers (every problem listed), then evaluates. Never throws on bad answers.
  EvalResult evaluate(const nlohmann::json& answers) const;
  EvalResult evaluate_text(std::string_view answers_json) const;

  // The result as compact JSON text: byte for byte evaluate_text(answers_json).result.dump(), but
  // for a plain answers object (the usual case) without building a JSON document, several times
  // faster: the path for forms and for `signpost batch`. Appends to `out`; returns whether the
  // answers were valid (`errors`, when given, then lists why not). `id_key`: a key that is not an
  // item, moved from the answers into the result under the same name.
  bool evaluate_json(std::string_view answers_json, std::string& out, std::vector<AnswerError>* errors = nullptr,
                     const std::string& id_key = "") const;

  // The typed result of a plain answers object (the case evaluate_json takes fast), without its
  // JSON text; false for anything else, valid or not (then use evaluate_json). `out` refers into
  // the rule set. write_json appends the result's text: evaluate_json's output for the answers.
  bool evaluate_result(std::string_view answers_json, Result& out) const;
  void write_json(const Result& result, std::string& out) const;
  void write_scores_json(const Result& result, std::string& out) const;  // only the "scores" object

  // The lower-level path: decoded answers in, raw evaluation out (no JSON).
  void run(const AnswerRow& answers, Evaluation& out) const;

  // Many responses, one column per item (see evaluate/batch.hpp). Validate the cells first.
  std::vector<std::pair<size_t, AnswerError>> validate_columns(const ColumnBatch& batch,
                                                              size_t max_errors = SIZE_MAX) const;
  void run_batch(const ColumnBatch& batch, BatchResult& out, unsigned threads = 1) const;
  void run_batch(const ColumnBatch& batch, BatchResult& out, unsigned threads, const BatchOutput& what) const;

  std::string disassemble() const;

  // The rule set as a Markdown document for reviewers (see report/doc.hpp), quoting each cited
  // line of a source whose text (`file`) can be read.
  std::string document() const;

  // The languages its texts can be shown in: the rule set's own (`language`) first, then those of
  // its translations (check/translations.hpp).
  const std::vector<std::string>& languages() const;
  // The same rules with every text a person sees in `lang` (one of languages(), any case); nullopt
  // when there is no such translation. Cheap: the compiled program and the resources are shared.
  // Its results carry a top-level "language" when the rule set has translations.
  std::optional<RuleSet> in_language(const std::string& lang) const;
  // Where `lang` (any case) is in languages(); nullopt when the rule set has no such language.
  std::optional<size_t> language_index(const std::string& lang) const;

  // The same rules with a deployment's contacts for urgent guidance (see report/resources.hpp).
  // Cheap: the compiled program is shared.
  RuleSet with_resources(Resources resources) const;
  const Resources& resources() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;  // the rules in the language shown
  std::shared_ptr<const Impl> root_;  // in a translation: the rule set in its own language (owns the others)
  std::shared_ptr<const Resources> resources_;
  // resources_ as the result's "urgent_help" text in each language (indexed like languages(),
  // made once by with_resources and shared by every view), and the one for this view's language.
  std::shared_ptr<const std::vector<std::string>> urgent_jsons_;
  std::shared_ptr<const std::string> urgent_json_;
  const Impl& root() const { return root_ ? *root_ : *impl_; }
  bool fast_result(std::string_view answers_json, Result& out, const std::string& id_key, std::string_view* extra) const;
  friend Compiled compile_source(std::string text, std::string name, const CompileOptions& options);
};

struct Compiled {
  std::optional<RuleSet> ruleset;  // present when there were no errors
  std::shared_ptr<const SourceSet> sources;
  std::vector<Diagnostic> diagnostics;  // errors and warnings, in source order
  bool unreadable = false;              // the main file could not be read (an I/O error, not a finding)
  bool ok() const { return ruleset.has_value(); }
  size_t error_count() const;
  size_t warning_count() const;
  std::string render(bool color = false) const;
};

Compiled compile_file(const std::string& path, const CompileOptions& options = {});

// ---- examples embedded in rule files ----------------------------------------
struct ExampleOutcome {
  std::string title;
  Span span;
  std::vector<std::string> failures;  // empty: passed
  bool passed() const { return failures.empty(); }
};
std::vector<ExampleOutcome> run_examples(const RuleSet& rules);
std::string render_examples(const std::vector<ExampleOutcome>& outcomes, const SourceSet& sources, bool color = false);

}  // namespace signpost
