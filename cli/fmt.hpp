// `signpost fmt`: rule files in one canonical layout (see engine/format/format.hpp).
#pragma once
#include <CLI/CLI.hpp>

namespace signpost::cli {

struct FmtOptions {
  std::vector<std::string> files;
  bool write = false, check = false;
};

// Registers the `fmt` subcommand, its options bound to `opt` (which must outlive the parse).
CLI::App* add_fmt_command(CLI::App& app, const char* exit_codes, FmtOptions& opt);

// Runs it: 0 all formatted (or printed, or rewritten), 1 files not formatted (--check) or that
// cannot be formatted, 2 unreadable or unwritable files.
int run_fmt_command(const FmtOptions& opt, bool color_err);

}  // namespace signpost::cli
