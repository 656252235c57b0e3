// Files in and out for the commands: bounded reads, outputs that never replace an input, and
// outputs that appear whole or not at all.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/signpost.hpp"

namespace signpost::cli {

// Reads a file, or standard input for "-", of at most `max_bytes` (pipes and devices included:
// more is an error, never a hang). `error` is a whole sentence naming the file; `too_large`, when
// given, tells that the limit was the reason.
bool read_input(const std::string& path, size_t max_bytes, std::string& out, std::string& error,
                bool* too_large = nullptr);

// Is `output` the same file as one of `inputs` (by identity when both exist, else by path)?
// Returns that input. "-" and "" (standard streams) are never the same as anything.
std::optional<std::string> same_file_as(const std::string& output, const std::vector<std::string>& inputs);

// Writes `text` to `path` through a temporary file beside it, renamed into place when complete,
// so a failed write leaves the old file (or nothing) behind. Devices and pipes are written
// directly; "" means standard output.
bool write_output(const std::string& path, const std::string& text, std::string& error);
// The same, saying on standard error why when it cannot: then false.
bool write_out(const std::string& text, const std::string& path);

// The rule file of a command that `verb`s one assessment (evaluate, export, translate): compiled,
// its diagnostics printed. nullopt, with the exit code in `code` and a message, when the file
// cannot be read (2), has errors (1; `summary` adds a line counting them) or only shares scales
// and sources (1).
std::optional<Compiled> compile_assessment(const std::string& path, const char* verb, bool color_err, int& code,
                                           bool summary = false, const CompileOptions& options = {});

// Temporary output files to remove if the process is interrupted (SIGINT, SIGTERM, SIGHUP).
void remove_on_signal(const std::string& path);
void forget_on_signal(const std::string& path);

}  // namespace signpost::cli
