// `signpost import --from redcap DATA_DICTIONARY.csv`: a rule-file skeleton from a REDCap data dictionary.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

CLI::App* add_import_command(CLI::App& app, const char* exit_codes);
int run_import_command();

}  // namespace signpost::cli
