// `signpost batch`, output: a temporary file renamed into place at the end, and progress.
#include "cli/batch/output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "cli/io.hpp"

namespace signpost::cli::batch {

bool Output::open(const std::string& path, bool direct, std::string& error) {
  path_ = path == "-" ? "" : path;
  if (path_.empty() && direct) {
    f_ = stdout;
    return true;
  }
  std::error_code ec;
  if (!path_.empty() && std::filesystem::exists(path_, ec) && !std::filesystem::is_regular_file(path_, ec) &&
      !std::filesystem::is_directory(path_, ec)) {
    // A device or a pipe (/dev/null, a FIFO): there is nothing to rename onto, so stream.
    f_ = std::fopen(path_.c_str(), "wb");
    if (!f_) error = "cannot write '" + path_ + "'";
    owned_ = f_ != nullptr;
    return f_ != nullptr;
  }
  std::string pattern;
  if (path_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/signpost-batch-XXXXXX";
  } else {
    std::error_code ec;
    if (std::filesystem::is_directory(path_, ec)) {
      error = "cannot write '" + path_ + "' (it is a directory)";
      return false;
    }
    pattern = path_ + ".partial-XXXXXX";
  }
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0 || !(f_ = fdopen(fd, "wb"))) {
    error = "cannot write '" + (path_.empty() ? pattern : path_) + "'";
    if (fd >= 0) close(fd);
    return false;
  }
  temp_ = name.data();
  remove_on_signal(temp_);  // an interrupted run leaves no partial file behind
  return true;
}

bool Output::commit(std::string& error) {
  if (temp_.empty()) {
    bool ok = std::fflush(f_) == 0;
    if (!ok) error = "cannot write '" + (path_.empty() ? std::string("standard output") : path_) + "'";
    return ok;
  }
  bool ok = std::fflush(f_) == 0;
  if (ok && !path_.empty()) {
    ok = std::fclose(f_) == 0;
    f_ = nullptr;
    // A new file gets the usual permissions (mkstemp makes it private).
    mode_t mask = umask(0);
    umask(mask);
    std::error_code ec;
    std::filesystem::permissions(temp_, std::filesystem::perms(0666 & ~mask), ec);
    ok = ok && std::rename(temp_.c_str(), path_.c_str()) == 0;
    if (ok) forget_on_signal(temp_), temp_.clear();
  } else if (ok) {
    std::rewind(f_);
    char buf[1 << 16];
    size_t got;
    while (ok && (got = std::fread(buf, 1, sizeof buf, f_)) > 0) ok = std::fwrite(buf, 1, got, stdout) == got;
    ok = ok && std::fflush(stdout) == 0;
  }
  if (!ok) error = "cannot write '" + (path_.empty() ? std::string("standard output") : path_) + "'";
  abort();
  return ok;
}

void Output::abort() {
  if (f_ && (f_ != stdout || owned_)) std::fclose(f_);
  f_ = nullptr;
  if (!temp_.empty()) std::remove(temp_.c_str()), forget_on_signal(temp_);
  temp_.clear();
}

void Progress::update(uint64_t done, uint64_t total, size_t rows, bool force) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  char line[160];
  std::string bar;
  if (total > 0) {
    int filled = int(30.0 * double(done) / double(total));
    bar = "[" + std::string(size_t(std::min(30, filled)), '#') + std::string(size_t(30 - std::min(30, filled)), '.') +
          "] " + std::to_string(int(100.0 * double(done) / double(total))) + "% ";
  }
  std::snprintf(line, sizeof line, "\r%s%zu rows, %.0f rows/s ", bar.c_str(), rows, secs > 0 ? double(rows) / secs : 0.0);
  std::fputs(line, stderr);
  shown_ = true;
}

void Progress::clear() {
  if (shown_) std::fputs("\r\033[K", stderr);
  shown_ = false;
}

}  // namespace signpost::cli::batch
