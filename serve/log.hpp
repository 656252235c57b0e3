// Structured logs: one JSON object per line on standard error. Nothing about a person is ever
// logged: an access line holds the method, the route's path, the status, the size, the duration
// and the assessment id; never a query string, a header value or a body.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace signpost::serve {

// An operational event: {"time", "level", "event", ...fields}.
void log_event(const char* level, const char* event, nlohmann::json fields = nlohmann::json::object());

struct AccessRecord {
  const char* method = "-";
  std::string path;        // the matched route with its assessment id, or "-" when nothing matched
  std::string assessment;  // a known assessment's id, or empty
  unsigned status = 0;
  size_t bytes = 0;        // response body size
  double seconds = 0;
};
void log_access(const AccessRecord& r);

}  // namespace signpost::serve
