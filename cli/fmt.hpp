// `signpost fmt`: rule files in one canonical layout (see engine/format/format.hpp).
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

// Registers the `fmt` subcommand and its options on `app`.
CLI::App* add_fmt_command(CLI::App& app, const char* exit_codes);

// Runs it: 0 all formatted (or printed, or rewritten), 1 files not formatted (--check) or that
// cannot be formatted, 2 unreadable or unwritable files.
int run_fmt_command(bool color_err);

}  // namespace signpost::cli
