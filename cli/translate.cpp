// `signpost translate FILE --lang LANG`: every text of a rule set as a translation file to fill
// in, with each entry's fingerprint (engine/check/translations.hpp).
#include "cli/translate.hpp"

#include <fstream>
#include <iostream>

#include "cli/io.hpp"
#include "engine/check/translations.hpp"

namespace signpost::cli {

std::optional<RuleSet> in_language(const RuleSet& rs, const std::string& want, std::ostream& err) {
  if (want.empty()) return rs;
  if (auto view = rs.in_language(want)) return view;
  std::string have;
  for (const auto& l : rs.languages()) have += (have.empty() ? "" : ", ") + l;
  err << "signpost: '" << rs.model().id << "' has no '" << want << "' translation (it has: " << have << ")\n";
  return std::nullopt;
}

CLI::App* add_translate_command(CLI::App& app, const char* exit_codes, TranslateOptions& opt) {
  auto* cmd = app.add_subcommand("translate", "Write a translation file to fill in: every text of a rule set, by id");
  cmd->add_option("file", opt.file, "Rule file (.signpost)")->required();
  cmd->add_option("-l,--lang", opt.lang, "The translation's language, a BCP 47 tag: de, es, pt-BR")->required();
  cmd->add_option("-o,--output", opt.output, "Write it to this file instead of stdout (an existing file is not overwritten)");
  cmd->footer(std::string("\nEach entry holds the rule set's own texts, to be replaced, and `original`: the fingerprint\n"
                          "of those texts, so `signpost check` can say when they change. Import the file from the\n"
                          "rule file (import \"self-check.de.signpost\"); see docs/language.md, Translations.\n\n"
                          "Example:\n  signpost translate rules/partner.signpost --lang de -o rules/translations/partner.de.signpost\n\n") +
              exit_codes);
  return cmd;
}

int run_translate_command(const TranslateOptions& opt, bool color_err) {
  int code = 0;
  std::optional<Compiled> c = compile_assessment(opt.file, "translate", color_err, code);
  if (!c) return code;
  std::string text = translation_skeleton(c->ruleset->model(), opt.lang), error;
  if (!opt.output.empty() && std::ifstream(opt.output).good()) {
    std::cerr << "signpost: '" << opt.output << "' exists; translate writes only new files\n";
    return 2;
  }
  if (!write_output(opt.output, text, error)) {
    std::cerr << "signpost: " << error << "\n";
    return 2;
  }
  return 0;
}

}  // namespace signpost::cli
