// serve_main: load the rule sets, then serve (see serve.hpp).
#include "serve/serve.hpp"

#include <csignal>

#include "serve/catalog.hpp"
#include "serve/log.hpp"
#include "serve/metrics.hpp"
#include "serve/server.hpp"

namespace signpost::serve {

int serve_main(const ServeOptions& options) {
  std::signal(SIGPIPE, SIG_IGN);  // a client or a log reader that went away is not a reason to die
  CatalogHolder catalog;
  Metrics metrics;
  if (!catalog.load(options, true)) return 1;
  metrics.set_assessments(long(catalog.get()->by_id.size()));
  return run_server(options, catalog, metrics);
}

}  // namespace signpost::serve
