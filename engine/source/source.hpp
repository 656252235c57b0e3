// Source text of rule files, byte spans into it, and line/column lookup.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace signpost {

// A half-open byte range [begin, end) in one file of a SourceSet.
struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in Unicode code points
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  LineCol locate(uint32_t offset) const;
  // The text of a 1-based line, without its line break.
  std::string_view line(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

// Every file that took part in one compilation (the main file and its imports).
class SourceSet {
 public:
  uint32_t add(std::string path, std::string text);
  const SourceFile& file(uint32_t id) const { return files_.at(id); }
  size_t size() const { return files_.size(); }
  std::string_view slice(Span s) const;

 private:
  std::vector<SourceFile> files_;
};

// Reads all of a file, or of an open descriptor (standard input, a pipe), refusing more than
// `max_bytes`: a regular file, a FIFO, /dev/stdin or a device alike, so /dev/zero or an endless
// pipe is an error as soon as the limit is passed, never a hang. False, with `error` ("is a
// directory", "is larger than the limit of 1048576 bytes", the system's reason), when it cannot.
bool read_file_bounded(const std::string& path, size_t max_bytes, std::string& out, std::string& error);
bool read_fd_bounded(int fd, size_t max_bytes, std::string& out, std::string& error);

}  // namespace signpost
