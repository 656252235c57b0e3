// The façade: wires parse -> check -> compile, and evaluate -> report.
#include "engine/signpost.hpp"

#include <algorithm>

#include <mutex>

#include "engine/check/check.hpp"
#include "engine/check/citations.hpp"
#include "engine/check/translations.hpp"
#include "engine/report/doc.hpp"
#include "engine/report/json_text.hpp"
#include "engine/report/report.hpp"
#include "engine/source/text.hpp"

namespace signpost {

const char* version() { return SIGNPOST_VERSION; }

struct RuleSet::Impl {
  std::shared_ptr<const SourceSet> sources;
  model::Model model;
  Program program;
  std::string hash;
  Limits limits;
  // The rule set's own language first, then its translations; one Impl per translation, sharing
  // nothing mutable (each makes its own result writer), indexed like languages[1..].
  std::vector<std::string> languages;
  std::vector<std::shared_ptr<const Impl>> translated;
  // The result's builder and JSON writer, and the fast answer decoder, made on first use.
  mutable std::once_flag report_once;
  mutable std::unique_ptr<ResultBuilder> builder;
  mutable std::unique_ptr<ResultWriter> writer;
  mutable std::unique_ptr<FastAnswers> fast_answers;
  const Impl& reporting() const {
    std::call_once(report_once, [this] {
      ReportContext ctx{model, program, hash};
      if (languages.size() > 1) ctx.language = model.language;
      builder = std::make_unique<ResultBuilder>(ctx);
      writer = ResultWriter::make(ctx);
      fast_answers = std::make_unique<FastAnswers>(model, limits);
    });
    return *this;
  }
};

const model::Model& RuleSet::model() const { return impl_->model; }
const Program& RuleSet::program() const { return impl_->program; }
const SourceSet& RuleSet::sources() const { return *impl_->sources; }
const std::string& RuleSet::content_hash() const { return impl_->hash; }

void RuleSet::run(const AnswerRow& answers, Evaluation& out) const { signpost::run(impl_->program, answers, out); }

std::vector<std::pair<size_t, AnswerError>> RuleSet::validate_columns(const ColumnBatch& batch,
                                                                     size_t max_errors) const {
  return signpost::validate_columns(impl_->model, batch, max_errors);
}

void RuleSet::run_batch(const ColumnBatch& batch, BatchResult& out, unsigned threads) const {
  signpost::run_batch(impl_->model, impl_->program, batch, out, threads);
}

void RuleSet::run_batch(const ColumnBatch& batch, BatchResult& out, unsigned threads, const BatchOutput& what) const {
  signpost::run_batch(impl_->model, impl_->program, batch, out, threads, what);
}

const std::vector<std::string>& RuleSet::languages() const { return impl_->languages; }

std::optional<size_t> RuleSet::language_index(const std::string& lang) const {
  const auto& ls = impl_->languages;
  for (size_t k = 0; k < ls.size(); ++k) {
    bool same = ls[k].size() == lang.size() && std::equal(lang.begin(), lang.end(), ls[k].begin(), [](char a, char b) {
                  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                });
    if (same) return k;
  }
  return std::nullopt;
}

std::optional<RuleSet> RuleSet::in_language(const std::string& lang) const {
  std::optional<size_t> k = language_index(lang);
  if (!k) return std::nullopt;
  if (impl_->model.language == impl_->languages[*k]) return *this;
  RuleSet copy = *this;
  std::shared_ptr<const Impl> root = root_ ? root_ : impl_;
  copy.impl_ = *k == 0 ? root : root->translated[*k - 1];
  copy.root_ = *k == 0 ? nullptr : root;
  // The urgent-help text of each language was made once, by with_resources: share it.
  if (urgent_jsons_) copy.urgent_json_ = std::shared_ptr<const std::string>(urgent_jsons_, &(*urgent_jsons_)[*k]);
  return copy;
}

EvalResult RuleSet::evaluate(const nlohmann::json& answers) const {
  EvalResult r;
  ReportContext ctx{impl_->model, impl_->program, impl_->hash, resources_.get()};
  if (impl_->model.library) {
    r.errors.push_back({"A012", "", "this file only shares scales and sources; evaluate a rule file that imports it", ""});
    r.result = errors_json(ctx, r.errors);
    return r;
  }
  AnswerRow row = decode_answers(answers, impl_->model, r.errors);
  if (r.errors.empty()) {
    thread_local Evaluation ev;
    signpost::run(impl_->program, row, ev);
    r.errors = dynamic_errors(impl_->model, impl_->program, row, ev);
    if (r.errors.empty()) {
      r.ok = true;
      const Impl& im = impl_->reporting();
      im.builder->build(row, ev, resources_.get(), r.report);
      std::string text;
      im.writer->write(r.report, text, "", "", urgent_json_.get());
      r.result = nlohmann::json::parse(text);
      return r;
    }
  }
  r.result = errors_json(ctx, r.errors);
  return r;
}

EvalResult RuleSet::evaluate_text(std::string_view text) const {
  nlohmann::json doc;
  EvalResult r;
  if (!parse_answers_text(text, impl_->limits, doc, r.errors)) {
    r.result = errors_json({impl_->model, impl_->program, impl_->hash}, r.errors);
    return r;
  }
  return evaluate(doc);
}

RuleSet RuleSet::with_resources(Resources resources) const {
  RuleSet copy = *this;
  copy.resources_ = std::make_shared<const Resources>(std::move(resources));
  // Every language's text now, so that in_language (per request, in the service) only picks one.
  const Impl& root = this->root();
  auto all = std::make_shared<std::vector<std::string>>();
  all->push_back(urgent_help_json(*copy.resources_, root.model).dump());
  for (const auto& t : root.translated) all->push_back(urgent_help_json(*copy.resources_, t->model).dump());
  copy.urgent_jsons_ = all;
  copy.urgent_json_ = std::shared_ptr<const std::string>(all, &(*all)[*language_index(impl_->model.language)]);
  return copy;
}

const Resources& RuleSet::resources() const {
  return resources_ ? *resources_ : default_resources(impl_->model.audience, impl_->model.language);
}

std::string RuleSet::document() const {
  const model::Model& m = impl_->model;
  bool unread = std::any_of(m.sources.begin(), m.sources.end(),
                            [](const model::Source& s) { return !s.file.empty() && s.lines.empty(); });
  if (!unread) return document_markdown(m, *impl_->sources, impl_->hash);
  // Compiled without the sources' texts: read them now, for the quotes; one that cannot be read
  // is left unquoted (`signpost check` reports it).
  model::Model with_texts = m;
  Diagnostics ignored;
  check_citations(with_texts, filesystem_reader(impl_->limits.max_file_bytes), ignored);
  return document_markdown(with_texts, *impl_->sources, impl_->hash);
}

// The fast path: plain answers decoded in place, evaluated, and the result built (not written).
bool RuleSet::fast_result(std::string_view text, Result& out, const std::string& id_key,
                          std::string_view* extra) const {
  const Impl& im = *impl_;
  if (im.model.library) return false;
  im.reporting();
  thread_local AnswerRow row;
  thread_local Evaluation ev;
  if (!im.fast_answers->decode(text, row, id_key, extra)) return false;
  signpost::run(im.program, row, ev);
  if (!dynamic_errors(im.model, im.program, row, ev).empty()) return false;
  im.builder->build(row, ev, resources_.get(), out);
  return true;
}

bool RuleSet::evaluate_result(std::string_view text, Result& out) const { return fast_result(text, out, "", nullptr); }

void RuleSet::write_json(const Result& result, std::string& out) const {
  impl_->reporting().writer->write(result, out, "", "", urgent_json_.get());
}

void RuleSet::write_scores_json(const Result& result, std::string& out) const {
  impl_->reporting().writer->write_scores(result, out);
}

bool RuleSet::evaluate_json(std::string_view text, std::string& out, std::vector<AnswerError>* errors,
                            const std::string& id_key) const {
  const Impl& im = *impl_;
  thread_local Result result;
  std::string_view extra;
  if (fast_result(text, result, id_key, &extra)) {
    im.writer->write(result, out, extra.empty() ? std::string() : id_key, std::string(extra), urgent_json_.get());
    if (errors) errors->clear();
    return true;
  }
  // Anything else (and every invalid answer) takes the full path.
  nlohmann::json doc;
  EvalResult r;
  if (!parse_answers_text(text, im.limits, doc, r.errors)) {
    r.result = errors_json({im.model, im.program, im.hash}, r.errors);
  } else {
    nlohmann::json id;
    bool has_id = false;
    if (!id_key.empty() && doc.is_object() && !im.model.item_index.count(id_key)) {
      auto it = doc.find(id_key);
      if (it != doc.end()) {
        id = std::move(*it);
        doc.erase(it);
        has_id = true;
      }
    }
    r = evaluate(doc);
    if (r.ok && has_id) r.result[id_key] = std::move(id);
  }
  out += r.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (errors) *errors = std::move(r.errors);
  return r.ok;
}

std::string RuleSet::disassemble() const { return signpost::disassemble(impl_->program, impl_->model); }

size_t Compiled::error_count() const {
  size_t n = 0;
  for (const auto& d : diagnostics) n += d.severity == Severity::error;
  return n;
}
size_t Compiled::warning_count() const { return diagnostics.size() - error_count(); }
std::string Compiled::render(bool color) const { return render_all(diagnostics, *sources, color); }

Compiled compile_source(std::string text, std::string name, const CompileOptions& options) {
  auto sources = std::make_shared<SourceSet>();
  Diagnostics diags;
  uint32_t main = sources->add(std::move(name), std::move(text));
  std::vector<ast::File> files = parse_program(*sources, main, options.reader, diags, options.limits);
  if (!diags.has_errors() && !files.empty() && files.back().decls.empty())
    diags.error("E004", Span{main, 0, 0}, "the file declares nothing (it is empty or holds only comments)",
                "a rule file starts with `assessment NAME \"Title\"`; a file of shared definitions declares scales "
                "and sources");
  Compiled out;
  auto impl = std::make_shared<RuleSet::Impl>();
  // Checking a file with syntax errors would mostly report their echoes; stop at the parse stage.
  // Translation files carry texts, not rules: checked against the model the rule files make.
  std::vector<ast::File> rule_files;
  std::vector<const ast::File*> translation_files;
  for (const auto& f : files)
    if (f.translation) translation_files.push_back(&f);
    else rule_files.push_back(f);
  if (!files.empty() && files.back().translation) rule_files.push_back(ast::File{main, false, {}});  // on its own: no rules
  std::vector<Translation> translations;
  if (!diags.has_errors()) impl->model = check(rule_files, *sources, diags, options.limits);
  if (!diags.has_errors() && !impl->model.library) translations = check_translations(translation_files, impl->model, diags);
  if (!diags.has_errors() && options.source_texts) check_citations(impl->model, options.reader, diags);
  out.sources = sources;
  out.diagnostics = diags.sorted();
  if (diags.has_errors()) return out;
  impl->program = compile(impl->model);
  std::string all;
  for (size_t f = 0; f < sources->size(); ++f) {
    const std::string& t = sources->file(uint32_t(f)).text();
    all += std::to_string(t.size()) + ":" + t;
  }
  impl->hash = "sha256:" + sha256_hex(all);
  impl->sources = sources;
  impl->limits = options.limits;
  impl->languages.push_back(impl->model.language);
  for (const auto& t : translations) impl->languages.push_back(t.language);
  // With translations, answers may name options by their labels in the language shown (codec.hpp).
  if (!translations.empty())
    for (auto& sc : impl->model.scales) sc.labels_answer = true;
  for (auto& t : translations)
    for (auto& sc : t.model.scales) sc.labels_answer = true;
  for (auto& t : translations) {
    auto view = std::make_shared<RuleSet::Impl>();
    view->sources = impl->sources;
    view->model = std::move(t.model);
    view->program = impl->program;
    view->hash = impl->hash;
    view->limits = impl->limits;
    view->languages = impl->languages;
    impl->translated.push_back(std::move(view));
  }
  RuleSet rs;
  rs.impl_ = std::move(impl);
  out.ruleset = std::move(rs);
  return out;
}

Compiled compile_file(const std::string& path, const CompileOptions& options) {
  std::string error;
  std::optional<std::string> text = options.reader(path, error);
  if (!text) {
    Compiled out;
    auto sources = std::make_shared<SourceSet>();
    out.sources = sources;
    out.unreadable = true;
    // No source file to point into: the span's file index is past the (empty) source set.
    out.diagnostics.push_back({"E050", Severity::error, Span{0, 0, 0}, "cannot read '" + path + "': " + error, ""});
    return out;
  }
  return compile_source(std::move(*text), path, options);
}

}  // namespace signpost
