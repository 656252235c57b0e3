// `signpost batch`: many responses from a CSV or NDJSON file, streamed in chunks.
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

// Registers the `batch` subcommand and its options on `app`.
CLI::App* add_batch_command(CLI::App& app, const char* exit_codes);

// Runs it (after parsing, when the subcommand was given). Returns the exit code.
int run_batch_command(bool color_err);

}  // namespace signpost::cli
