// Line tables and slicing for source files.
#include "engine/source/source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/source/text.hpp"

namespace signpost {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

LineCol SourceFile::locate(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  uint32_t start = line_starts_[line - 1];
  if (start == 0 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) start = std::min<uint32_t>(3, offset);  // a byte-order mark
  return {line, 1 + static_cast<uint32_t>(code_points(std::string_view(text_).substr(start, offset - start)))};
}

std::string_view SourceFile::line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t b = line_starts_[line - 1];
  uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view v(text_.data() + b, e - b);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

uint32_t SourceSet::add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<uint32_t>(files_.size() - 1);
}

bool read_fd_bounded(int fd, size_t max_bytes, std::string& out, std::string& error) {
  out.clear();
  char buf[1 << 16];
  while (true) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      error = std::strerror(errno);
      return false;
    }
    if (got == 0) return true;
    if (out.size() + size_t(got) > max_bytes) {
      error = "is larger than the limit of " + std::to_string(max_bytes) + " bytes";
      out.clear();
      return false;
    }
    out.append(buf, size_t(got));
  }
}

bool read_file_bounded(const std::string& path, size_t max_bytes, std::string& out, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno == ENOENT ? "no such file" : std::strerror(errno);
    return false;
  }
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "is a directory";
    return false;
  }
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && uint64_t(st.st_size) > max_bytes) {
    ::close(fd);
    error = "is larger than the limit of " + std::to_string(max_bytes) + " bytes";
    return false;
  }
  bool ok = read_fd_bounded(fd, max_bytes, out, error);
  ::close(fd);
  return ok;
}

std::string_view SourceSet::slice(Span s) const {
  const std::string& t = files_.at(s.file).text();
  uint32_t b = std::min<uint32_t>(s.begin, t.size()), e = std::min<uint32_t>(s.end, t.size());
  return std::string_view(t).substr(b, e > b ? e - b : 0);
}

}  // namespace signpost
