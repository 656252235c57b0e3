// `signpost verify FILE...`: the verify stage on each file, its report on standard output.
#include "cli/verify.hpp"
#include "cli/command.hpp"

#include <chrono>
#include <iostream>

#include "engine/signpost.hpp"
#include "engine/verify/verify.hpp"

namespace signpost::cli {

namespace {
struct VerifyOptions {
  std::vector<std::string> files;
  bool verbose = false, declared_only = false;
};

int run_verify(const VerifyOptions& opt, bool color_err) {
  int code = 0;
  for (const auto& path : opt.files) {
    Compiled c = compile_file(path);
    if (!c.diagnostics.empty()) std::cerr << c.render(color_err);
    if (c.unreadable) {
      code = std::max(code, 2);
      continue;
    }
    if (!c.ok()) {
      std::cerr << path << ": has errors; nothing to verify\n";
      code = std::max(code, 1);
      continue;
    }
    const model::Model& m = c.ruleset->model();
    if (m.library) {
      std::cout << path << ": shared definitions only; nothing to verify\n";
      continue;
    }
    auto start = std::chrono::steady_clock::now();
    verify::Report r = verify::verify(m, {!opt.declared_only, true});
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    size_t failed = 0;
    for (const auto& f : r.findings) failed += f.status != verify::Finding::Status::proved;
    std::cout << path << ": " << (failed ? std::to_string(failed) + " check(s) fail" : std::string("every check holds"))
              << " (" << m.properties.size() << " properties, " << r.findings.size() << " checks, "
              << int(ms + 0.5) << " ms)\n"
              << verify::render(m, r, opt.verbose);
    if (!r.ok()) code = std::max(code, 1);
  }
  return code;
}

}  // namespace

std::vector<Diagnostic> property_diagnostics(const std::string& path, const model::Model& m, size_t* proved) {
  std::vector<Diagnostic> out;
  if (proved) *proved = 0;
  if (m.properties.empty()) return out;
  verify::Report r = verify::verify(m, {false, true});
  for (const auto& f : r.findings) {
    if (f.status == verify::Finding::Status::proved) {
      if (proved) ++*proved;
      continue;
    }
    std::string hint = "`signpost verify " + path + "` prints the counterexample as an example block";
    if (!f.answers.empty()) hint = "counterexample: " + verify::answers_json(m, f.answers[0]) + "; " + hint;
    out.push_back({verify::kPropertyFails, Severity::error, f.span,
                   "property '" + f.check + "' " +
                       (f.status == verify::Finding::Status::failed ? "fails" : "cannot be decided") + ": " + f.detail,
                   hint});
  }
  return out;
}

bool check_properties(const std::string& path, const model::Model& m, bool quiet) {
  size_t proved = 0;
  std::vector<Diagnostic> failures = property_diagnostics(path, m, &proved);
  for (const Diagnostic& d : failures) {
    std::cerr << path << ": error[" << d.code << "]: " << d.message << "\n";
    const size_t split = d.hint.find("; `signpost verify");
    if (split != std::string::npos) std::cerr << "  = " << d.hint.substr(0, split) << "\n";
    std::cerr << "  = hint: " << d.hint.substr(split == std::string::npos ? 0 : split + 2) << "\n";
  }
  if (!quiet && !m.properties.empty())
    std::cerr << path << ": " << proved << " of " << proved + failures.size() << " properties proved\n";
  return failures.empty();
}

Command verify_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<VerifyOptions>(app, "verify", "Prove each rule set's properties for every possible set of answers, or print the smallest counterexample", &VerifyOptions::files);
  d.cmd->add_flag("-v,--verbose", d.opt->verbose, "List every built-in check with its witness answers");
  d.cmd->add_flag("--properties-only", d.opt->declared_only, "Only the declared properties, not the built-in checks");
  d.cmd->footer(std::string("\nExample:\n  signpost verify rules/*.signpost\n\nExit codes: 0 every check holds, 1 a check "
                "fails or cannot be decided (or a rule file has errors), 2 unreadable files.\n") +
                "Counterexamples are answers JSON (for `signpost eval --answers`) and an `example` block.\n");
  (void)exit_codes;  // verify's codes differ from the other commands': listed above
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_verify(*opt, c.color_err); }};
}

}  // namespace signpost::cli
