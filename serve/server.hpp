// The network side: a Boost.Beast/Asio HTTP/1.1 server. Every connection is a chain of
// asynchronous operations on its own strand, so a slow or idle client holds a socket and a
// small buffer, never a thread; `--threads` threads serve all connections. Signals: SIGTERM and
// SIGINT stop gracefully, SIGHUP reloads the rule sets.
#pragma once
#include "serve/handlers.hpp"

namespace signpost::serve {

// Listens on options.listen and serves until stopped; returns the exit code.
int run_server(const ServeOptions& options, CatalogHolder& catalog, Metrics& metrics);

}  // namespace signpost::serve
