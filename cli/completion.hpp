// `signpost completion bash|zsh|fish`: shell completion from the CLI's own command table.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

// Registers the `completion` subcommand on `app`; its argument goes to `shell`.
CLI::App* add_completion_command(CLI::App& app, const char* exit_codes, std::string& shell);

// Prints the script for `shell` (bash, zsh or fish) for every command and option registered on
// `app` (call after parsing).
int run_completion_command(const CLI::App& app, const std::string& shell);

}  // namespace signpost::cli
