// The signpost command: check, eval, test and inspect rule files.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/check_format.hpp"
#include "cli/command.hpp"
#include "cli/io.hpp"
#include "cli/translate.hpp"
#include "cli/verify.hpp"
#include "engine/check/codec.hpp"
#include "engine/fhir/fhir.hpp"
#include "engine/report/report.hpp"
#include "engine/signpost.hpp"
#include "engine/source/text.hpp"

using signpost::cli::Command;
using signpost::cli::declare;
using signpost::cli::help_footer;
using signpost::cli::RunContext;
using signpost::cli::write_out;

namespace {

// Exit codes: documented in --help and the README.
constexpr int kOk = 0;        // success
constexpr int kFindings = 1;  // compile errors, invalid answers, failing examples
constexpr int kUsage = 2;     // usage or I/O errors

const char* kExitCodes =
    "Exit codes:\n"
    "  0  success\n"
    "  1  findings: rule-file errors, invalid answers, failing examples\n"
    "  2  usage or input/output errors (bad options, unreadable files, an unusable resources file)\n";

bool want_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return isatty(fd) && !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
}

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// Refuses an output that is one of the inputs: writing it would destroy what is being read.
bool output_is_input(const std::string& output, const std::vector<std::string>& inputs) {
  auto clash = signpost::cli::same_file_as(output, inputs);
  if (clash) std::cerr << "signpost: the output '" << output << "' is the input '" << *clash
                       << "'; writing it would destroy the input. Choose another output file\n";
  return clash.has_value();
}

// Every file a rule set was read from (the file and its imports).
std::vector<std::string> source_paths(const signpost::RuleSet& rs) {
  std::vector<std::string> paths;
  for (size_t f = 0; f < rs.sources().size(); ++f) paths.push_back(rs.sources().file(uint32_t(f)).path());
  return paths;
}

// ", translations: de, es" for a rule set that has them.
std::string translations_note(const signpost::RuleSet& rs) {
  std::string out;
  for (size_t k = 1; k < rs.languages().size(); ++k) out += (k == 1 ? ", translations: " : ", ") + rs.languages()[k];
  return out;
}

// Compiles one file and prints its diagnostics; nullopt when it has errors (or warnings, if strict).
std::optional<signpost::RuleSet> load(const std::string& path, bool color, bool strict, bool quiet, int& code,
                                      bool source_texts = false) {
  signpost::CompileOptions options;
  options.source_texts = source_texts;  // check and doc read the sources' own text (`file`)
  signpost::Compiled c = signpost::compile_file(path, options);
  if (!c.diagnostics.empty()) std::cerr << c.render(color);
  if (c.unreadable) {
    code = std::max(code, kUsage);
    return std::nullopt;
  }
  if (!c.ok() || (strict && c.warning_count() > 0)) {
    if (!quiet)
      std::cerr << path << ": " << c.error_count() << " error(s), " << c.warning_count() << " warning(s)\n";
    code = std::max(code, kFindings);
    return std::nullopt;
  }
  return c.ruleset;
}

// `check --format json|sarif|github`: every file's diagnostics (and failing properties) as one
// document on standard output; the exit code is the text format's.
int check_machine(const std::vector<std::string>& files, const std::string& format, bool strict) {
  int code = kOk;
  std::vector<signpost::cli::CheckedFile> checked;
  for (const auto& f : files) {
    signpost::Compiled c = signpost::compile_file(f);
    signpost::cli::CheckedFile entry{f, c.sources, c.diagnostics};
    if (c.unreadable) code = std::max(code, kUsage);
    else if (!c.ok() || (strict && c.warning_count() > 0)) code = std::max(code, kFindings);
    if (c.ok()) {
      auto failures = signpost::cli::property_diagnostics(f, c.ruleset->model());
      if (!failures.empty()) code = std::max(code, kFindings);
      entry.diagnostics.insert(entry.diagnostics.end(), failures.begin(), failures.end());
    }
    checked.push_back(std::move(entry));
  }
  std::string text = format == "json"    ? signpost::cli::diagnostics_json(checked)
                     : format == "sarif" ? signpost::cli::diagnostics_sarif(checked, signpost::version())
                                         : signpost::cli::diagnostics_github(checked);
  return write_out(text, "") ? code : kUsage;
}

// A rule file that `verb`s answers (eval, doc), in language `lang` (empty: its own); nullopt, with
// a message and `code` set, when it has errors, only shares definitions, or lacks the language.
std::optional<signpost::RuleSet> load_assessment(const std::string& file, const std::string& lang, const char* verb,
                                                 bool color_err, bool source_texts, int& code) {
  signpost::CompileOptions options;
  options.source_texts = source_texts;
  auto c = signpost::cli::compile_assessment(file, verb, color_err, code, false, options);
  if (!c) return std::nullopt;
  auto rs = signpost::cli::in_language(*c->ruleset, lang, std::cerr);
  if (!rs) code = kUsage;
  return rs;
}

// ---- check --------------------------------------------------------------------------------------

struct CheckOptions {
  std::vector<std::string> files;
  bool strict = false, quiet = false, disasm = false;
  std::string format = "text";
};

int run_check_command(const CheckOptions& o, bool color_err) {
  if (o.format != "text") {
    if (o.disasm) {
      std::cerr << "signpost: --disassemble prints text; it cannot be combined with --format " << o.format << "\n";
      return kUsage;
    }
    return check_machine(o.files, o.format, o.strict);
  }
  int code = kOk;
  for (const auto& f : o.files) {
    auto rs = load(f, color_err, o.strict, o.quiet, code, true);
    if (!rs) continue;
    if (o.disasm) std::cout << "; " << f << "\n" << rs->disassemble();
    const auto& m = rs->model();
    if (!signpost::cli::check_properties(f, m, o.quiet)) code = std::max(code, kFindings);
    if (!o.quiet && m.library) {
      std::cerr << f << ": ok (shared definitions: " << plural(m.scales.size() - 1, "scale") << ", "
                << plural(m.sources.size(), "source") << ")\n";
    } else if (!o.quiet) {
      std::cerr << f << ": ok (" << plural(m.items.size(), "item") << ", "
                << plural(m.values.size(), "derived value") << ", " << m.guidance.size() << " guidance, "
                << plural(m.examples.size(), "example") << translations_note(*rs) << ")\n";
    }
  }
  return code;
}

Command check_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<CheckOptions>(app, "check", "Check rule files and report every problem, with its location", &CheckOptions::files);
  d.cmd->add_flag("--strict", d.opt->strict, "Treat warnings as findings (exit 1)");
  d.cmd->add_flag("-q,--quiet", d.opt->quiet, "Print only diagnostics, no summary");
  d.cmd->add_flag("--disassemble", d.opt->disasm, "Print the compiled program of each file");
  d.cmd->add_option("--format", d.opt->format,
                    "text: for people (standard error); json: one document (docs/cli.md); sarif: SARIF 2.1.0; "
                    "github: GitHub Actions annotations. Machine formats go to standard output")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->capture_default_str();
  d.cmd->footer(help_footer("", "signpost check rules/self-check.signpost", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_check_command(*opt, c.color_err); }};
}

// ---- eval ---------------------------------------------------------------------------------------

struct EvalOptions {
  std::string file, answers, format = "json", output, resources, lang;
};

// `--resources`: the deployment's contacts, into the rule set. False, with a message, if unusable.
bool with_resources(std::optional<signpost::RuleSet>& rs, const std::string& path, const signpost::Limits& limits) {
  std::string text, error;
  signpost::Resources res;
  std::vector<signpost::AnswerError> errors;
  if (!signpost::cli::read_input(path, limits.max_answers_bytes, text, error)) {
    std::cerr << "signpost: " << error << "\n";
    return false;
  }
  if (!signpost::parse_resources_text(text, res, errors)) {
    std::cerr << "signpost: the resources in '" << path << "' cannot be used:\n" << signpost::errors_text(errors);
    return false;
  }
  rs = rs->with_resources(std::move(res));
  return true;
}

// The evaluation in the chosen format; empty when the answers were refused (and the format
// shows no refusal).
std::string render(const signpost::RuleSet& rs, const signpost::EvalResult& r, const EvalOptions& o,
                   const std::string& color_mode) {
  if (o.format == "json" || (o.format == "fhir" && !r.ok))
    return r.result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (o.format == "fhir")
    return signpost::fhir::result_bundle(rs, r.result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (r.ok && o.format == "html") return signpost::report_html(r.report);
  if (r.ok) return signpost::report_text(r.report, o.output.empty() && want_color(color_mode, STDOUT_FILENO));
  return "";
}

int run_eval_command(const EvalOptions& o, const std::string& color_mode, bool color_err) {
  int code = kOk;
  auto rs = load_assessment(o.file, o.lang, "evaluate", color_err, false, code);
  if (!rs) return code;
  std::vector<std::string> inputs = source_paths(*rs);
  inputs.push_back(o.answers);
  inputs.push_back(o.resources);
  if (output_is_input(o.output, inputs)) return kUsage;
  const signpost::Limits limits;
  if (!o.resources.empty() && !with_resources(rs, o.resources, limits)) return kUsage;
  std::string text, error;
  bool too_large = false;
  if (!signpost::cli::read_input(o.answers, limits.max_answers_bytes, text, error, &too_large)) {
    if (!too_large) {
      std::cerr << "signpost: " << error << "\n";
      return kUsage;
    }
    std::cerr << "signpost: the answers in '" << o.answers << "' cannot be evaluated:\n"
              << signpost::errors_text({signpost::codec::too_large(std::nullopt, limits.max_answers_bytes)});
    return kFindings;
  }
  signpost::EvalResult r = signpost::fhir::evaluate_any(*rs, text);  // plain answers or a QuestionnaireResponse
  std::string rendered = render(*rs, r, o, color_mode);
  if (!r.ok) std::cerr << "signpost: the answers in '" << o.answers << "' cannot be evaluated:\n"
                       << signpost::errors_text(r.errors);
  if (!rendered.empty() && !write_out(rendered, o.output)) return kUsage;
  return r.ok ? kOk : kFindings;
}

Command eval_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<EvalOptions>(app, "eval", "Evaluate one person's answers against a rule file", &EvalOptions::file);
  d.cmd->add_option("-a,--answers", d.opt->answers, "Answers as a JSON object of item ids and answers, or a FHIR QuestionnaireResponse ('-' for stdin)")
      ->required();
  d.cmd->add_option("-f,--format", d.opt->format,
                    "json: the full result; text: a report for the person who answered; html: the same "
                    "report as one self-contained web page; fhir: a FHIR R4 Bundle (GuidanceResponse, "
                    "RequestGroup, Observations; docs/fhir.md)")
      ->check(CLI::IsMember({"json", "text", "html", "fhir"}))
      ->capture_default_str();
  d.cmd->add_option("-o,--output", d.opt->output, "Write the result to this file instead of stdout");
  d.cmd->add_option("-l,--lang", d.opt->lang,
                    "Show the texts in this language: the rule set's own or one of its translations (check lists them)");
  d.cmd->add_option("-r,--resources", d.opt->resources,
                    "Who to contact when safety is at stake, for this deployment (JSON; see docs/language.md). "
                    "Default: local emergency services and a trusted person, no numbers");
  d.cmd->footer(help_footer("Invalid answers are all listed (each with its JSON pointer and the allowed values)\n"
                            "and nothing is evaluated.",
                            "signpost eval rules/self-check.signpost --answers answers.json --format text", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_eval_command(*opt, c.color_mode, c.color_err); }};
}

// ---- test and doc -------------------------------------------------------------------------------

int run_test_command(const std::vector<std::string>& files, const std::string& color_mode, bool color_err) {
  int code = kOk;
  size_t passed = 0, failed = 0;
  bool color_out = want_color(color_mode, STDOUT_FILENO);
  for (const auto& f : files) {
    auto rs = load(f, color_err, false, false, code);
    if (!rs) continue;
    if (rs->model().library) {
      std::cout << f << ": skipped (shared definitions, no examples)\n";
      continue;
    }
    auto outcomes = signpost::run_examples(*rs);
    std::cout << f << "\n" << signpost::render_examples(outcomes, rs->sources(), color_out);
    for (const auto& o : outcomes) (o.passed() ? passed : failed)++;
  }
  std::cout << "\n" << passed << " passed, " << failed << " failed\n";
  if (failed > 0) code = std::max(code, kFindings);
  return code;
}

struct TestOptions {
  std::vector<std::string> files;
};

Command test_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<TestOptions>(app, "test", "Run the `example` blocks inside rule files", &TestOptions::files);
  d.cmd->footer(help_footer("", "signpost test rules/*.signpost", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_test_command(opt->files, c.color_mode, c.color_err); }};
}

struct DocOptions {
  std::string file, output, lang;
};

int run_doc_command(const DocOptions& o, bool color_err) {
  int code = kOk;
  auto rs = load_assessment(o.file, o.lang, "document", color_err, true, code);
  if (!rs) return code;
  if (output_is_input(o.output, source_paths(*rs))) return kUsage;
  return write_out(rs->document(), o.output) ? kOk : kUsage;
}

Command doc_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<DocOptions>(app, "doc", "Write a rule set as a Markdown document for review", &DocOptions::file);
  d.cmd->add_option("-o,--output", d.opt->output, "Write the document to this file instead of stdout");
  d.cmd->add_option("-l,--lang", d.opt->lang, "Quote the texts in this language (one of the rule set's translations)");
  d.cmd->footer(help_footer("Every question with its answers and sources, every derived value, every guidance\n"
                            "with its condition in plain words, level, text and sources, the thresholds with\n"
                            "their reasoning, and the disclaimer.",
                            "signpost doc rules/self-check.signpost -o rules/self-check.md", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_doc_command(*opt, c.color_err); }};
}

// A clearer word than CLI11's for a mistyped command; true when it was one.
bool unknown_command(const CLI::App& app, int argc, char** argv) {
  if (argc <= 1 || argv[1][0] == '-') return false;
  std::string cmd = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
  if (std::find(names.begin(), names.end(), cmd) != names.end()) return false;
  std::string hint = signpost::did_you_mean(cmd, names);
  std::cerr << "signpost: unknown command '" << signpost::display_text(cmd) << "'; expected "
            << signpost::join_or(names) << (hint.empty() ? "" : " (" + hint + ")") << " (see signpost --help)\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"signpost: rule-based, non-diagnostic self-assessment.\n"
               "Checks and compiles rule files, and turns answers into guidance with reasons and sources.",
               "signpost"};
  app.footer(std::string("\n") + kExitCodes + "\nDocumentation: docs/language.md, docs/cli.md");
  app.set_version_flag("--version", std::string("signpost ") + signpost::version());
  app.require_subcommand(1);
  app.fallthrough();  // parent options such as --color may follow the subcommand
  std::string color_mode = "auto";
  app.add_option("--color", color_mode, "Colour in diagnostics and text reports")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  namespace cli = signpost::cli;
  // In the order --help lists them.
  const std::vector<Command> commands = {
      check_command(app, kExitCodes),      eval_command(app, kExitCodes),      test_command(app, kExitCodes),
      doc_command(app, kExitCodes),        cli::batch_command(app, kExitCodes), cli::verify_command(app, kExitCodes),
      cli::serve_command(app, kExitCodes), cli::import_command(app, kExitCodes), cli::export_command(app, kExitCodes),
      cli::fmt_command(app, kExitCodes),   cli::completion_command(app, kExitCodes),
      cli::translate_command(app, kExitCodes)};

  if (unknown_command(app, argc, argv)) return kUsage;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int r = app.exit(e);
    return r == 0 ? kOk : kUsage;
  }
  const RunContext context{app, color_mode, want_color(color_mode, STDERR_FILENO)};
  for (const Command& c : commands)
    if (*c.sub) return c.run(context);
  return kUsage;
}
