// Structured logs (see log.hpp): each line is written with one write(2), so lines from several
// threads never interleave.
#include "serve/log.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
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
  // On every request: written with snprintf rather than through a JSON document. The path and
  // assessment id are route templates and rule-set ids (no quotes or control characters).
  char line[512];
  int n = std::snprintf(line, sizeof line,
                        "{\"time\":\"%s\",\"event\":\"access\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%u,"
                        "\"bytes\":%zu,\"duration_ms\":%.3f",
                        now_utc().c_str(), r.method, r.path.c_str(), r.status, r.bytes, r.seconds * 1e3);
  std::string out(line, size_t(std::min(n, int(sizeof line) - 1)));
  if (!r.assessment.empty()) out += ",\"assessment\":\"" + r.assessment + "\"";
  out += '}';
  write_line(std::move(out));
}

}  // namespace signpost::serve
