// `signpost translate FILE --lang LANG`: a translation file to fill in; and `--lang` for eval and doc.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "engine/signpost.hpp"

namespace signpost::cli {

struct TranslateOptions {
  std::string file, lang, output;
};

// Registers the `translate` subcommand, its options bound to `opt` (which must outlive the parse).
CLI::App* add_translate_command(CLI::App& app, const char* exit_codes, TranslateOptions& opt);
// Runs it: 0 written, 1 the rule file has errors, 2 usage or I/O errors.
int run_translate_command(const TranslateOptions& opt, bool color_err);

// The rule set in `lang` (empty: as it is); nullopt, with a message naming the languages it has,
// when there is no such translation.
std::optional<RuleSet> in_language(const RuleSet& rs, const std::string& lang, std::ostream& err);

}  // namespace signpost::cli
