// The input-convention options of `signpost batch` (--missing, --keep, --redcap, --codes).
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "engine/evaluate/conventions.hpp"

namespace signpost::cli {

// The options as given on the command line.
struct ConventionOptions {
  std::vector<std::string> missing, keep, codes;
  std::string redcap = "none";
};

// Registers the options on `cmd`, parsed into `given` (which must outlive the parse).
void add_convention_options(CLI::App* cmd, ConventionOptions& given);

// The conventions the options declare; false with `error` set when one is malformed.
bool declared_conventions(const ConventionOptions& given, InputConventions& out, std::string& error);

// The footer lines that explain them.
extern const char* kConventionsHelp;

}  // namespace signpost::cli
