// `signpost export --format fhir RULES`: a rule set in another tool's questionnaire format.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

CLI::App* add_export_command(CLI::App& app, const char* exit_codes);
int run_export_command(bool color_err);

}  // namespace signpost::cli
