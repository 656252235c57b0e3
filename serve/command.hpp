// `signpost serve`: the subcommand's options, registered on the signpost command.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::serve {

// Registers the `serve` subcommand and its options on `app`.
CLI::App* add_serve_command(CLI::App& app, const char* exit_codes);

// Runs it (after parsing, when the subcommand was given). Returns the exit code.
int run_serve_command();

}  // namespace signpost::serve
