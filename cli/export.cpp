// `signpost export --format fhir RULES`: the rule set as a FHIR R4 SDC Questionnaire
// (engine/fhir; the mapping is in docs/fhir.md).
#include "cli/command.hpp"

#include <iostream>

#include "cli/io.hpp"
#include "engine/fhir/fhir.hpp"

namespace signpost::cli {

namespace {
struct ExportOptions {
  std::string format = "fhir", file, output, base;
};

int run_export(const ExportOptions& opt, bool color_err) {
  int code = 0;
  std::optional<Compiled> c = compile_assessment(opt.file, "export", color_err, code);
  if (!c) return code;
  fhir::Options o;
  if (!opt.base.empty()) o.base = opt.base;
  while (!o.base.empty() && o.base.back() == '/') o.base.pop_back();
  std::vector<std::string> inputs;
  for (size_t f = 0; f < c->sources->size(); ++f) inputs.push_back(c->sources->file(uint32_t(f)).path());
  if (auto clash = same_file_as(opt.output, inputs)) {
    std::cerr << "signpost: the output '" << opt.output << "' is the input '" << *clash << "'; choose another output file\n";
    return 2;
  }
  std::string text = fhir::questionnaire(*c->ruleset, o).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return write_out(text, opt.output) ? 0 : 2;
}
}  // namespace

Command export_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<ExportOptions>(app, "export", "Write a rule set's questionnaire for another tool (FHIR R4 Questionnaire)", &ExportOptions::file);
  d.cmd->add_option("--format", d.opt->format, "fhir: a FHIR R4 Questionnaire with the SDC extensions (docs/fhir.md)")
      ->check(CLI::IsMember({"fhir"}))
      ->capture_default_str();
  d.cmd->add_option("-o,--output", d.opt->output, "Write to this file instead of stdout");
  d.cmd->add_option("--base-url", d.opt->base,
                    "Where the resources are published: the Questionnaire's url is BASE/Questionnaire/ID "
                    "(default " + fhir::Options{}.base + ")");
  d.cmd->footer(help_footer("", "signpost export --format fhir rules/self-check.signpost -o self-check.json", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_export(*opt, c.color_err); }};
}

}  // namespace signpost::cli
