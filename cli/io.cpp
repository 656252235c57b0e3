// Files in and out for the commands (see io.hpp).
#include "cli/io.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "engine/source/source.hpp"

namespace signpost::cli {
namespace fs = std::filesystem;

bool read_input(const std::string& path, size_t max_bytes, std::string& out, std::string& error, bool* too_large) {
  std::string why;
  bool ok = path == "-" ? read_fd_bounded(STDIN_FILENO, max_bytes, out, why) : read_file_bounded(path, max_bytes, out, why);
  if (too_large) *too_large = !ok && why.rfind("is larger than", 0) == 0;
  const std::string name = path == "-" ? std::string("standard input") : path;
  if (!ok) error = why == "is a directory" ? "cannot read '" + name + "' (it is a directory)" : "cannot read '" + name + "': " + why;
  return ok;
}

std::optional<std::string> same_file_as(const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty() || output == "-") return std::nullopt;
  std::error_code ec;
  const bool out_exists = fs::exists(output, ec);
  const fs::path out_norm = fs::weakly_canonical(output, ec);
  for (const std::string& in : inputs) {
    if (in.empty() || in == "-") continue;
    std::error_code e1, e2;
    if (out_exists && fs::exists(in, e1)) {
      // /dev/null and the like may be both read and written.
      if (fs::equivalent(output, in, e2) && !e2 && !fs::is_character_file(in, e1)) return in;
      continue;
    }
    if (fs::weakly_canonical(in, e1) == out_norm && !e1) return in;
  }
  return std::nullopt;
}

// ---- removing temporary files on a signal ----------------------------------------------------------
namespace {
constexpr size_t kSlots = 8;
std::array<std::atomic<char*>, kSlots> pending{};  // paths to unlink; read by the signal handler
std::once_flag handlers_once;

extern "C" void remove_pending_and_reraise(int sig) {
  for (auto& slot : pending)
    if (char* p = slot.load()) ::unlink(p);  // async-signal-safe
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}
}  // namespace

void remove_on_signal(const std::string& path) {
  std::call_once(handlers_once, [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction sa {};
      sa.sa_handler = remove_pending_and_reraise;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
  for (auto& slot : pending) {
    char* expected = nullptr;
    if (slot.load() == nullptr && slot.compare_exchange_strong(expected, ::strdup(path.c_str()))) return;
  }
}

void forget_on_signal(const std::string& path) {
  for (auto& slot : pending) {
    char* p = slot.load();
    if (p && path == p && slot.compare_exchange_strong(p, nullptr)) {
      std::free(p);
      return;
    }
  }
}

// ---- whole outputs -------------------------------------------------------------------------------------
bool write_out(const std::string& text, const std::string& path) {
  std::string error;
  if (write_output(path, text, error)) return true;
  std::cerr << "signpost: " << error << "\n";
  return false;
}

bool write_output(const std::string& path, const std::string& text, std::string& error) {
  if (path.empty() || path == "-") {
    std::cout << text << std::flush;
    if (!std::cout) error = "cannot write to standard output";
    return bool(std::cout);
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "cannot write '" + path + "' (it is a directory)";
    return false;
  }
  auto write_all = [&](int fd) {
    for (size_t done = 0; done < text.size();) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += size_t(n);
    }
    return true;
  };
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {  // a device or a pipe: nothing to rename onto
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0 && write_all(fd);
    if (fd >= 0) ok = (::close(fd) == 0) && ok;
    if (!ok) error = "cannot write '" + path + "': " + std::strerror(errno);
    return ok;
  }
  std::string temp = path + ".partial-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  remove_on_signal(temp);
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);  // the usual permissions of a new file (mkstemp makes it private)
  bool ok = write_all(fd) && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  ok = ok && std::rename(temp.c_str(), path.c_str()) == 0;
  if (!ok) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    ::unlink(temp.c_str());
  }
  forget_on_signal(temp);
  return ok;
}

std::optional<Compiled> compile_assessment(const std::string& path, const char* verb, bool color_err, int& code,
                                           bool summary, const CompileOptions& options) {
  Compiled c = compile_file(path, options);
  if (!c.diagnostics.empty()) std::cerr << c.render(color_err);
  code = c.unreadable ? 2 : 1;
  if (c.unreadable) return std::nullopt;
  if (!c.ok()) {
    if (summary) std::cerr << path << ": " << c.error_count() << " error(s), " << c.warning_count() << " warning(s)\n";
    return std::nullopt;
  }
  if (c.ruleset->model().library) {
    std::cerr << "signpost: " << path << " only shares scales and sources; " << verb << " a rule file that imports it\n";
    return std::nullopt;
  }
  code = 0;
  return c;
}

}  // namespace signpost::cli
