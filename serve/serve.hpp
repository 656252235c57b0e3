// The HTTP service (`signpost serve`): one entry, serve_main, and the options it runs with.
// Layout: catalog (rule sets, reload), form (request checks, web-form answers), handlers (one
// per route), metrics, access_log, server (Boost.Beast connections, signals, shutdown).
#pragma once
#include <string>
#include <vector>

namespace signpost::serve {

// Every default is documented in docs/serve.md ("Limits and timeouts").
struct ServeOptions {
  std::vector<std::string> rule_files;
  std::string listen = "127.0.0.1:8080";
  std::string resources_file;           // who to contact when safety is at stake (empty: the default)
  unsigned threads = 0;                 // 0: one per core
  std::vector<std::string> cors_origins;  // origins allowed to call from a browser; none by default
  size_t max_body_bytes = 64 * 1024;    // an answers document is a few kilobytes
  size_t max_header_bytes = 8 * 1024;   // request line and headers together
  size_t max_connections = 10000;       // open at once; more are refused with 503
  double idle_timeout_s = 30;           // keep-alive: waiting for the first byte of a request
  double request_timeout_s = 10;        // from a request's first byte to its last (slow clients)
  double write_timeout_s = 10;          // sending one response
  double shutdown_timeout_s = 20;       // SIGTERM: how long in-flight requests may take to finish
  bool access_log = true;               // one JSON line per request on standard error
  std::string web_dir;                  // the web form's files (web/ built); empty: installed or built ones
};

// Loads the rule files, listens, and serves until SIGTERM or SIGINT. Returns the exit code:
// 0 after a graceful stop, 1 when a rule file has errors, 2 for a usage or I/O problem.
int serve_main(const ServeOptions& options);

}  // namespace signpost::serve
