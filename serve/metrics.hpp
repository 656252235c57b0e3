// Prometheus metrics: requests by route and status, a latency histogram per route, open
// connections and reloads. Counters are relaxed atomics: recording costs a few nanoseconds and
// takes no lock. Nothing about answers or results is counted.
#pragma once
#include <array>
#include <atomic>
#include <string>

namespace signpost::serve {

enum class Route : uint8_t { list, describe, evaluate, openapi, healthz, readyz, metrics, preflight, form_page, form_file,
                             form_asset, fhir, none };
constexpr size_t kRoutes = 13;
const char* route_name(Route r);  // the route's path template: "/v1/assessments/{id}/evaluate"

class Metrics {
 public:
  void record(Route route, unsigned status, double seconds);
  void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  long connections() const { return connections_.load(std::memory_order_relaxed); }
  void reload(bool ok) { (ok ? reloads_ : reload_failures_).fetch_add(1, std::memory_order_relaxed); }
  void set_assessments(long n) { assessments_.store(n, std::memory_order_relaxed); }
  std::string render() const;  // the Prometheus text format, version 0.0.4

  static constexpr std::array<double, 12> kBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                      0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

 private:
  struct PerRoute {
    std::array<std::atomic<uint64_t>, 600> status{};  // by status code
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // the last: above every bucket
    std::atomic<uint64_t> micros{0};                                     // the sum of durations
  };
  std::array<PerRoute, kRoutes> routes_{};
  std::atomic<long> connections_{0}, assessments_{0};
  std::atomic<uint64_t> reloads_{0}, reload_failures_{0};
};

}  // namespace signpost::serve
