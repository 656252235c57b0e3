// The service without a socket, for tests/serve/handle_test.cpp and tests/fuzz/fuzz_http.cpp: the
// shipped rule sets loaded as `signpost serve` loads them, and the bytes a client sends on one
// connection answered as serve/server.cpp's Session answers them (Beast's request parser with the
// service's header and body limits, then serve::refusal or serve::handle, pipelined requests in
// turn while the connection stays open).
#pragma once
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "serve/handlers.hpp"

namespace signpost::serve::testing {

// `signpost serve rules/*.signpost --resources R --web web/ --cors-origin https://form.example`.
struct Service {
  ServeOptions options;
  CatalogHolder catalog;
  Metrics metrics;
  std::atomic<bool> stopping{false};
  Context ctx{options, catalog, metrics, stopping};
  bool loaded = false;

  explicit Service(const std::string& root) {
    for (const char* name : {"self-check", "partner", "clinician-intake", "common"})
      options.rule_files.push_back(root + "/rules/" + name + ".signpost");
    options.resources_file = root + "/tests/golden/shipped/self-check-unsafe-relationship-with-resources/resources.json";
    options.web_dir = root + "/web";  // the form's scripts and styles (no wasm: those are 404s)
    options.cors_origins = {"https://form.example"};
    options.access_log = false;
    loaded = catalog.load(options, true);
  }
};

// Every response the server would send on a connection that receives `bytes` and then closes
// (at most `most` of them); none when the client sent too little to answer.
inline std::vector<Response> answer_connection(std::string_view bytes, Service& s, int most = 16) {
  namespace http = boost::beast::http;
  std::vector<Response> out;
  boost::asio::const_buffer rest(bytes.data(), bytes.size());
  while (int(out.size()) < most && rest.size() > 0) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(uint32_t(s.options.max_header_bytes));
    parser.body_limit(s.options.max_body_bytes);
    boost::beast::error_code ec;
    while (!parser.is_done() && rest.size() > 0) {
      size_t used = parser.put(rest, ec);
      rest += used;
      if (ec == http::error::need_more && used > 0) ec = {};
      else if (ec || used == 0) break;
    }
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    // The client left mid-request: the server closes without answering.
    if (ec == http::error::need_more || ec == http::error::partial_message || ec == http::error::end_of_stream) break;
    if (ec) {  // refused by the parser: the server answers and closes
      out.push_back(refusal(ec, s.options, parser.is_header_done() ? parser.get().version() : 11));
      break;
    }
    Handled h = handle(parser.get(), s.ctx);
    s.metrics.record(h.route, h.response.result_int(), 0.0001);
    out.push_back(std::move(h.response));
    if (!parser.get().keep_alive()) break;
  }
  return out;
}

}  // namespace signpost::serve::testing
