// One handler per route: parse the request, call the engine's façade, render. Every response,
// errors included, carries no-store, the security headers and (for allowed origins) CORS.
#pragma once
#include <atomic>
#include <string>

#include <boost/beast/http.hpp>

#include "serve/catalog.hpp"
#include "serve/metrics.hpp"
#include "serve/serve.hpp"

namespace signpost::serve {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct Context {
  const ServeOptions& options;
  CatalogHolder& catalog;
  Metrics& metrics;
  std::atomic<bool>& stopping;  // SIGTERM received: /readyz says 503
};

struct Handled {
  Response response;
  Route route = Route::none;
  std::string path;        // for the access log: the matched route with its assessment id
  std::string assessment;  // a known assessment's id
};

Handled handle(const Request& request, const Context& ctx);

// The answer to a request the HTTP parser refused (`ec`, not a client that left): 413 past the
// body limit, 431 past the header limit, else 400. The server and tests/fuzz/fuzz_http share it.
Response refusal(const boost::beast::error_code& ec, const ServeOptions& options, unsigned version);

// The OpenAPI 3 description (serve/openapi.json, embedded at build time).
extern const char* const kOpenApiJson;

}  // namespace signpost::serve
