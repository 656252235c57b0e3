// The subcommands of `signpost`. Each is made by one function, in its own file: it adds the
// subcommand and its options to the app and returns it with the function that runs it (which
// holds the parsed options). main.cpp makes them all, parses, and runs the one given.
// A new command: one new file defining `NAME_command`, its line here and in main.cpp's list.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

namespace signpost::cli {

// What every command may need when it runs.
struct RunContext {
  const CLI::App& app;     // the whole command line, parsed (for `completion`)
  std::string color_mode;  // --color: auto, always or never
  bool color_err;          // colour on standard error
};

struct Command {
  CLI::App* sub;                              // the subcommand: true when it was given
  std::function<int(const RunContext&)> run;  // its exit code
};

// A subcommand while it is declared: the CLI11 subcommand and the options its flags fill in
// (which its `run` keeps alive).
template <typename Options>
struct Declared {
  CLI::App* cmd;
  std::shared_ptr<Options> opt;
};

// Adds subcommand `name` to `app` with its one-line description.
template <typename Options>
Declared<Options> declare(CLI::App& app, const char* name, const char* description) {
  return {app.add_subcommand(name, description), std::make_shared<Options>()};
}
// The same with its required rule-file argument: one file (a string) or several (a vector).
template <typename Options, typename Files>
Declared<Options> declare(CLI::App& app, const char* name, const char* description, Files Options::*rules) {
  Declared<Options> d = declare<Options>(app, name, description);
  const bool one = std::is_same_v<Files, std::string>;
  d.cmd->add_option(one ? "file" : "files", (*d.opt).*rules, one ? "Rule file (.signpost)" : "Rule files (.signpost)")
      ->required();
  return d;
}

// `exit_codes` is the list every command's --help ends with (main.cpp).
Command batch_command(CLI::App& app, const char* exit_codes);       // cli/batch.cpp
Command completion_command(CLI::App& app, const char* exit_codes);  // cli/completion.cpp
Command export_command(CLI::App& app, const char* exit_codes);      // cli/export.cpp
Command fmt_command(CLI::App& app, const char* exit_codes);         // cli/fmt.cpp
Command import_command(CLI::App& app, const char* exit_codes);      // cli/import_redcap.cpp
Command serve_command(CLI::App& app, const char* exit_codes);       // serve/command.cpp
Command translate_command(CLI::App& app, const char* exit_codes);   // cli/translate.cpp
Command verify_command(CLI::App& app, const char* exit_codes);      // cli/verify.cpp

// The end of a command's --help: what more there is to say (may be empty), an example command
// line, and the exit codes.
inline std::string help_footer(const std::string& about, const std::string& example, const std::string& exit_codes) {
  return "\n" + (about.empty() ? "" : about + "\n\n") + "Example:\n  " + example + "\n\n" + exit_codes;
}

}  // namespace signpost::cli
