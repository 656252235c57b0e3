// Fuzz target: the bytes a client sends on one connection to `signpost serve`, answered in process
// as serve/server.cpp's Session answers them, without a socket (tests/serve/connection.hpp): Beast's
// request parser with the service's limits, then the server's refusal or serve::handle (routing,
// methods, CORS, content types, the body checks, the engine, FHIR, the web form's files),
// pipelined requests in turn. Must hold for every response: no exception reached handle's last
// resort (a 500), the security headers are there, a JSON body is JSON, and it serialises.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "tests/fuzz/fuzz_util.hpp"
#include "tests/serve/connection.hpp"

namespace {

namespace http = boost::beast::http;
using signpost::serve::Response;

void check_response(const Response& r) {
  std::string summary = std::to_string(r.result_int()) + " " + r.body().substr(0, 2000);
  fuzz::check(r.result_int() != 500, "a request reached handle's last resort (an exception escaped)", summary);
  fuzz::check(r[http::field::cache_control] == "no-store" && r["X-Content-Type-Options"] == "nosniff",
              "a response without the security headers", summary);
  auto type = r[http::field::content_type];
  std::string_view t(type.data(), type.size());
  if (!r.body().empty() && (t.rfind("application/json", 0) == 0 || t.rfind("application/fhir+json", 0) == 0))
    fuzz::check(nlohmann::json::accept(r.body()), "a JSON response that is not JSON", summary);
  std::ostringstream wire;
  wire << r;  // as async_write would send it
}

}  // namespace

namespace {
signpost::serve::testing::Service* service = nullptr;  // lives as long as the process, as the service's catalog does
}

// Loading the rule sets takes a while under the sanitizers: before the first input, so it never
// counts against an input's time-out.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  service = new signpost::serve::testing::Service(SIGNPOST_SOURCE_DIR);
  if (!service->loaded) fuzz::check(false, "the shipped rule sets do not load");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const Response& r : signpost::serve::testing::answer_connection(bytes, *service)) check_response(r);
  return 0;
}
