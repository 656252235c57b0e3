// `signpost serve`: its options into ServeOptions (defaults in serve.hpp), then serve_main.
#include "cli/command.hpp"

#include "serve/serve.hpp"

namespace signpost::cli {

Command serve_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<serve::ServeOptions>(app, "serve", "Serve rule sets over HTTP: questionnaires as JSON, answers in, results out");
  d.cmd->add_option("files", d.opt->rule_files, "Rule files (.signpost); files that only share scales and sources are skipped")
      ->required();
  d.cmd->add_option("-l,--listen", d.opt->listen, "Address and port to listen on (port 0: any free port)")->capture_default_str();
  d.cmd->add_option("-r,--resources", d.opt->resources_file,
                    "Who to contact when safety is at stake, for this deployment (JSON; see docs/language.md)");
  d.cmd->add_option("-t,--threads", d.opt->threads, "Threads serving requests (0: one per core)")->capture_default_str();
  d.cmd->add_option("--cors-origin", d.opt->cors_origins,
                    "An origin allowed to call the service from a browser, e.g. https://forms.example.org (repeatable)");
  d.cmd->add_option("--max-body", d.opt->max_body_bytes, "Largest request body, in bytes (413 above)")->capture_default_str();
  d.cmd->add_option("--max-header", d.opt->max_header_bytes, "Largest request line and headers, in bytes (431 above)")
      ->capture_default_str();
  d.cmd->add_option("--max-connections", d.opt->max_connections, "Connections open at once (503 above)")->capture_default_str();
  d.cmd->add_option("--idle-timeout", d.opt->idle_timeout_s, "Seconds a kept-alive connection may wait for its next request")
      ->capture_default_str();
  d.cmd->add_option("--request-timeout", d.opt->request_timeout_s,
                    "Seconds from a request's first byte to its last (then the connection is closed)")->capture_default_str();
  d.cmd->add_option("--write-timeout", d.opt->write_timeout_s, "Seconds to send one response")->capture_default_str();
  d.cmd->add_option("--shutdown-timeout", d.opt->shutdown_timeout_s,
                    "Seconds requests under way may take to finish after SIGTERM")->capture_default_str();
  d.cmd->add_option("--web", d.opt->web_dir,
                    "Folder with the web form's files for /a/{id} (default: the installed ones, else this build's)");
  d.cmd->add_flag_callback("--no-access-log", [opt = d.opt] { opt->access_log = false; }, "Do not log one line per request");
  d.cmd->footer(help_footer("Logs are JSON lines on standard error. SIGTERM stops gracefully; SIGHUP reloads the rule\n"
                            "files (one that no longer compiles keeps its old rules). See docs/serve.md.",
                            "signpost serve rules/self-check.signpost --listen 127.0.0.1:8080", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext&) { return serve::serve_main(*opt); }};
}

}  // namespace signpost::cli
