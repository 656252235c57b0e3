// `signpost fmt FILE...`: rule files in the canonical layout (engine/format), printed, rewritten
// in place (--write) or checked for CI (--check).
#include "cli/command.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <iostream>

#include "cli/io.hpp"
#include "engine/format/format.hpp"
#include "engine/signpost.hpp"

namespace signpost::cli {

namespace {
struct FmtOptions {
  std::vector<std::string> files;
  bool write = false, check = false;
};

// Rewrites `path` (through a temporary file beside the real file, renamed over it) keeping its
// permissions; a symbolic link keeps pointing at the rewritten file.
bool rewrite(const std::string& path, const std::string& text, std::string& error) {
  std::error_code ec;
  const std::string real = std::filesystem::canonical(path, ec).string();
  struct stat st {};
  const bool had_mode = ::stat(real.c_str(), &st) == 0;
  if (!write_output(ec ? path : real, text, error)) return false;
  if (had_mode) ::chmod(real.c_str(), st.st_mode & 07777);
  return true;
}

// Returns 0 all formatted (or printed, or rewritten), 1 files not formatted (--check) or that
// cannot be formatted, 2 unreadable or unwritable files.
int run_fmt(const FmtOptions& opt, bool color_err) {
  int code = 0;
  for (const std::string& path : opt.files) {
    std::string text, error;
    if (!read_input(path, Limits{}.max_file_bytes, text, error)) {
      std::cerr << "signpost: " << error << "\n";
      code = std::max(code, 2);
      continue;
    }
    FormatResult f = format_source(text);
    if (!f.ok) {
      Compiled c = compile_source(text, path);  // the compiler's diagnostics say more
      if (!c.diagnostics.empty()) std::cerr << c.render(color_err);
      std::cerr << "signpost: " << path << ":" << f.error << "; not formatted\n";
      code = std::max(code, 1);
      continue;
    }
    if (opt.check) {
      if (f.text != text) {
        std::cout << path << "\n";
        code = std::max(code, 1);
      }
    } else if (opt.write && path != "-") {
      if (f.text != text && !rewrite(path, f.text, error)) {
        std::cerr << "signpost: " << error << "\n";
        code = std::max(code, 2);
      }
    } else {
      std::cout << f.text;
    }
  }
  return code;
}
}  // namespace

Command fmt_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<FmtOptions>(app, "fmt", "Print rule files in the canonical layout (or rewrite them, or check them)");
  d.cmd->add_option("files", d.opt->files, "Rule files (.signpost); '-' reads standard input")->required();
  auto* w = d.cmd->add_flag("-w,--write", d.opt->write, "Rewrite each file that is not formatted, in place");
  d.cmd->add_flag("--check", d.opt->check, "Print nothing but the names of files that are not formatted; exit 1 if any")
      ->excludes(w);
  d.cmd->footer(help_footer("Only white space changes: the compiled rule set stays the same. Comments stay where they\n"
                            "are. A file that does not lex (a text without its closing quote, a byte that is not\n"
                            "UTF-8 or, outside texts and comments, not printable ASCII) is refused with its\n"
                            "diagnostics and left alone.",
                            "signpost fmt --check rules/*.signpost", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_fmt(*opt, c.color_err); }};
}

}  // namespace signpost::cli
