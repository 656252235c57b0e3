// Prometheus metrics (see metrics.hpp).
#include "serve/metrics.hpp"

#include <cstdio>

namespace signpost::serve {

const char* route_name(Route r) {
  switch (r) {
    case Route::list: return "/v1/assessments";
    case Route::describe: return "/v1/assessments/{id}";
    case Route::evaluate: return "/v1/assessments/{id}/evaluate";
    case Route::openapi: return "/v1/openapi.json";
    case Route::healthz: return "/healthz";
    case Route::readyz: return "/readyz";
    case Route::metrics: return "/metrics";
    case Route::preflight: return "OPTIONS";
    case Route::form_page: return "/a/{id}";
    case Route::form_file: return "/a/{id}/{file}";
    case Route::form_asset: return "/a/assets/{file}";
    case Route::fhir: return "/v1/assessments/{id}/fhir";
    case Route::none: return "none";
  }
  return "none";
}

void Metrics::record(Route route, unsigned status, double seconds) {
  PerRoute& r = routes_[size_t(route)];
  r.status[status < 600 ? status : 599].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  r.buckets[b].fetch_add(1, std::memory_order_relaxed);
  r.micros.fetch_add(uint64_t(seconds * 1e6), std::memory_order_relaxed);
}

std::string Metrics::render() const {
  std::string out;
  char line[256];
  auto add = [&](const char* fmt, auto... args) {
    std::snprintf(line, sizeof line, fmt, args...);
    out += line;
  };
  out += "# HELP signpost_http_requests_total HTTP requests by route and status.\n"
         "# TYPE signpost_http_requests_total counter\n";
  for (size_t k = 0; k < kRoutes; ++k)
    for (unsigned s = 100; s < 600; ++s)
      if (uint64_t n = routes_[k].status[s].load(std::memory_order_relaxed))
        add("signpost_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n", route_name(Route(k)), s,
            (unsigned long long)n);
  out += "# HELP signpost_http_errors_total HTTP responses with a status of 400 or more, by route.\n"
         "# TYPE signpost_http_errors_total counter\n";
  for (size_t k = 0; k < kRoutes; ++k) {
    uint64_t n = 0;
    for (unsigned s = 400; s < 600; ++s) n += routes_[k].status[s].load(std::memory_order_relaxed);
    add("signpost_http_errors_total{route=\"%s\"} %llu\n", route_name(Route(k)), (unsigned long long)n);
  }
  out += "# HELP signpost_http_request_duration_seconds Time from a complete request to its response, by route.\n"
         "# TYPE signpost_http_request_duration_seconds histogram\n";
  for (size_t k = 0; k < kRoutes; ++k) {
    const PerRoute& r = routes_[k];
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += r.buckets[b].load(std::memory_order_relaxed);
      add("signpost_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", route_name(Route(k)),
          kBuckets[b], (unsigned long long)cumulative);
    }
    cumulative += r.buckets[kBuckets.size()].load(std::memory_order_relaxed);
    add("signpost_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n", route_name(Route(k)),
        (unsigned long long)cumulative);
    add("signpost_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route_name(Route(k)),
        double(r.micros.load(std::memory_order_relaxed)) / 1e6);
    add("signpost_http_request_duration_seconds_count{route=\"%s\"} %llu\n", route_name(Route(k)),
        (unsigned long long)cumulative);
  }
  add("# HELP signpost_open_connections Connections open now.\n# TYPE signpost_open_connections gauge\n"
      "signpost_open_connections %ld\n", connections());
  add("# HELP signpost_assessments Rule sets being served.\n# TYPE signpost_assessments gauge\n"
      "signpost_assessments %ld\n", assessments_.load(std::memory_order_relaxed));
  add("# HELP signpost_reloads_total Reloads (SIGHUP) by outcome: failed means a rule file kept its old rules.\n"
      "# TYPE signpost_reloads_total counter\n"
      "signpost_reloads_total{outcome=\"ok\"} %llu\nsignpost_reloads_total{outcome=\"failed\"} %llu\n",
      (unsigned long long)reloads_.load(), (unsigned long long)reload_failures_.load());
  return out;
}

}  // namespace signpost::serve
