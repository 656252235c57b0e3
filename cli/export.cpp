// `signpost export --format fhir RULES`: the rule set as a FHIR R4 SDC Questionnaire
// (engine/fhir; the mapping is in docs/fhir.md).
#include "cli/export.hpp"

#include <iostream>

#include "cli/io.hpp"
#include "engine/fhir/fhir.hpp"

namespace signpost::cli {
CLI::App* add_export_command(CLI::App& app, const char* exit_codes, ExportOptions& opt) {
  auto* cmd = app.add_subcommand("export", "Write a rule set's questionnaire for another tool (FHIR R4 Questionnaire)");
  cmd->add_option("--format", opt.format, "fhir: a FHIR R4 Questionnaire with the SDC extensions (docs/fhir.md)")
      ->check(CLI::IsMember({"fhir"}))
      ->capture_default_str();
  cmd->add_option("file", opt.file, "Rule file (.signpost)")->required();
  cmd->add_option("-o,--output", opt.output, "Write to this file instead of stdout");
  cmd->add_option("--base-url", opt.base,
                  "Where the resources are published: the Questionnaire's url is BASE/Questionnaire/ID "
                  "(default " + fhir::Options{}.base + ")");
  cmd->footer(std::string("\nExample:\n  signpost export --format fhir rules/self-check.signpost -o self-check.json\n\n") +
              exit_codes);
  return cmd;
}

int run_export_command(const ExportOptions& opt, bool color_err) {
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
  std::string error;
  if (!write_output(opt.output, text, error)) {
    std::cerr << "signpost: " << error << "\n";
    return 2;
  }
  return 0;
}

}  // namespace signpost::cli
