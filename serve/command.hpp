// `signpost serve`: the subcommand's options, registered on the signpost command.
#pragma once
#include <CLI/CLI.hpp>

#include "serve/serve.hpp"

namespace signpost::serve {

// Registers the `serve` subcommand, its options bound to `options` (which must outlive the parse).
CLI::App* add_serve_command(CLI::App& app, const char* exit_codes, ServeOptions& options);

// Runs it (after parsing, when the subcommand was given). Returns the exit code.
int run_serve_command(const ServeOptions& options);

}  // namespace signpost::serve
