// Structured logs (see log.hpp): each line is written with one write(2), so lines from several
// threads never interleave.
#include "serve/log.hpp"

#include <unistd.h>

#include <chrono>
#include <ctime>

namespace signpost::serve {

namespace {

std::string now_utc() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", int(ms));
  return buf;
}

void write_line(std::string line) {
  line += '\n';
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    ssize_t w = ::write(STDERR_FILENO, p, left);
    if (w <= 0) return;  // a closed log is not a reason to stop serving
    p += w;
    left -= size_t(w);
  }
}

}  // namespace

void log_event(const char* level, const char* event, nlohmann::json fields) {
  nlohmann::json j = {{"time", now_utc()}, {"level", level}, {"event", event}};
  for (auto& [k, v] : fields.items()) j[k] = v;
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void log_access(const AccessRecord& r) {
  nlohmann::json j = {{"time", now_utc()},
                      {"event", "access"},
                      {"method", r.method},
                      {"path", r.path},
                      {"status", r.status},
                      {"bytes", r.bytes},
                      {"duration_ms", double(int64_t(r.seconds * 1e6)) / 1000.0}};
  if (!r.assessment.empty()) j["assessment"] = r.assessment;
  write_line(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace signpost::serve
