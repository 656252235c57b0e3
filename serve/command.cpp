// `signpost serve` options -> ServeOptions (see command.hpp; defaults in serve.hpp).
#include "serve/command.hpp"

#include "serve/serve.hpp"

namespace signpost::serve {

CLI::App* add_serve_command(CLI::App& app, const char* exit_codes, ServeOptions& o) {
  auto* cmd = app.add_subcommand("serve", "Serve rule sets over HTTP: questionnaires as JSON, answers in, results out");
  cmd->add_option("files", o.rule_files, "Rule files (.signpost); files that only share scales and sources are skipped")
      ->required();
  cmd->add_option("-l,--listen", o.listen, "Address and port to listen on (port 0: any free port)")->capture_default_str();
  cmd->add_option("-r,--resources", o.resources_file,
                  "Who to contact when safety is at stake, for this deployment (JSON; see docs/language.md)");
  cmd->add_option("-t,--threads", o.threads, "Threads serving requests (0: one per core)")->capture_default_str();
  cmd->add_option("--cors-origin", o.cors_origins,
                  "An origin allowed to call the service from a browser, e.g. https://forms.example.org (repeatable)");
  cmd->add_option("--max-body", o.max_body_bytes, "Largest request body, in bytes (413 above)")->capture_default_str();
  cmd->add_option("--max-header", o.max_header_bytes, "Largest request line and headers, in bytes (431 above)")
      ->capture_default_str();
  cmd->add_option("--max-connections", o.max_connections, "Connections open at once (503 above)")->capture_default_str();
  cmd->add_option("--idle-timeout", o.idle_timeout_s, "Seconds a kept-alive connection may wait for its next request")
      ->capture_default_str();
  cmd->add_option("--request-timeout", o.request_timeout_s,
                  "Seconds from a request's first byte to its last (then the connection is closed)")->capture_default_str();
  cmd->add_option("--write-timeout", o.write_timeout_s, "Seconds to send one response")->capture_default_str();
  cmd->add_option("--shutdown-timeout", o.shutdown_timeout_s,
                  "Seconds requests under way may take to finish after SIGTERM")->capture_default_str();
  cmd->add_option("--web", o.web_dir,
                  "Folder with the web form's files for /a/{id} (default: the installed ones, else this build's)");
  cmd->add_flag_callback("--no-access-log", [&o] { o.access_log = false; }, "Do not log one line per request");
  cmd->footer(std::string("\nExample:\n  signpost serve rules/self-check.signpost --listen 127.0.0.1:8080\n\n"
                          "Logs are JSON lines on standard error. SIGTERM stops gracefully; SIGHUP reloads the rule\n"
                          "files (one that no longer compiles keeps its old rules). See docs/serve.md.\n\n") +
              exit_codes);
  return cmd;
}

int run_serve_command(const ServeOptions& options) {
  return serve_main(options);
}

}  // namespace signpost::serve
