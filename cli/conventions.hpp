// The input-convention options of `signpost batch` (--missing, --keep, --redcap, --codes).
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "engine/evaluate/conventions.hpp"

namespace signpost::cli {

// Registers the options on `cmd`.
void add_convention_options(CLI::App* cmd);

// The conventions the options declare; false with `error` set when one is malformed.
bool declared_conventions(InputConventions& out, std::string& error);

// The footer lines that explain them.
extern const char* kConventionsHelp;

}  // namespace signpost::cli
