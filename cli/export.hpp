// `signpost export --format fhir RULES`: a rule set in another tool's questionnaire format.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

struct ExportOptions {
  std::string format = "fhir", file, output, base;
};

// Registers the `export` subcommand, its options bound to `opt` (which must outlive the parse).
CLI::App* add_export_command(CLI::App& app, const char* exit_codes, ExportOptions& opt);
int run_export_command(const ExportOptions& opt, bool color_err);

}  // namespace signpost::cli
