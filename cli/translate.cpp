// `signpost translate FILE --lang LANG`: every text of a rule set as a translation file to fill
// in, with each entry's fingerprint (engine/check/translations.hpp).
#include "cli/translate.hpp"
#include "cli/command.hpp"

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

namespace {
struct TranslateOptions {
  std::string file, lang, output;
};

int run_translate(const TranslateOptions& opt, bool color_err) {
  int code = 0;
  std::optional<Compiled> c = compile_assessment(opt.file, "translate", color_err, code);
  if (!c) return code;
  std::string text = translation_skeleton(c->ruleset->model(), opt.lang);
  if (!opt.output.empty() && std::ifstream(opt.output).good()) {
    std::cerr << "signpost: '" << opt.output << "' exists; translate writes only new files\n";
    return 2;
  }
  return write_out(text, opt.output) ? 0 : 2;
}

}  // namespace

Command translate_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<TranslateOptions>(app, "translate", "Write a translation file to fill in: every text of a rule set, by id", &TranslateOptions::file);
  d.cmd->add_option("-l,--lang", d.opt->lang, "The translation's language, a BCP 47 tag: de, es, pt-BR")->required();
  d.cmd->add_option("-o,--output", d.opt->output, "Write it to this file instead of stdout (an existing file is not overwritten)");
  d.cmd->footer(help_footer("Each entry holds the rule set's own texts, to be replaced, and `original`: the fingerprint\n"
                            "of those texts, so `signpost check` can say when they change. Import the file from the\n"
                            "rule file (import \"self-check.de.signpost\"); see docs/language.md, Translations.",
                            "signpost translate rules/partner.signpost --lang de -o rules/translations/partner.de.signpost",
                          exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_translate(*opt, c.color_err); }};
}

}  // namespace signpost::cli
