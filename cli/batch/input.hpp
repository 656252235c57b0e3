// `signpost batch`, input: a file read as chunks of whole records (a mapping of a regular file, or
// a stream), and the CSV lexer that splits a record into cells.
#pragma once
#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/batch/chunk.hpp"

namespace signpost::cli::batch {

class RecordReader {
 public:
  // `chunk_bytes`: about how much input makes a chunk; 0: the format's usual size.
  RecordReader(Format format, size_t chunk_bytes);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  // `path` "-": standard input. False with `error` set when it cannot be read.
  bool open(const std::string& path, std::string& error);
  uint64_t size() const { return size_; }
  uint64_t consumed() const { return consumed_; }
  bool failed() const { return f_ && std::ferror(f_); }
  // Reading stopped at a record longer than kMaxRecordBytes (an unclosed quote, a runaway line);
  // the line it starts on.
  std::optional<size_t> record_too_long() const {
    return record_too_long_ ? std::optional<size_t>(too_long_line_) : std::nullopt;
  }
  // The next chunk of whole records (quoted CSV fields may hold line breaks): a view of the mapped
  // file, or of `storage`. False at the end.
  bool next(std::string& storage, std::string_view& chunk);
  // The records before `end` are done with: the mapping need not keep them in memory.
  void release(const char* end);

 private:
  void fill();
  static size_t record_end(std::string_view b, Format format, size_t limit);
  bool too_long(std::string_view rest);

  Format format_;
  size_t want_;
  FILE* f_ = nullptr;
  const char* map_ = nullptr;
  bool owned_ = false, eof_ = false, record_too_long_ = false;
  size_t too_long_line_ = 0, lines_consumed_ = 0;  // lines_consumed_: counted only when streaming
  std::string buf_;
  uint64_t size_ = 0, consumed_ = 0;
  size_t released_ = 0;
};

// One cell of a CSV record.
struct Field {
  std::string_view value;  // unquoted
  std::string_view raw;    // as written, quotes included
};

// Splits one record starting at `pos` into fields; returns the position after it and counts the
// line breaks it spans. Quoted fields are unquoted into `scratch` (a deque: its strings stay put
// while fields point into them).
size_t split_record(std::string_view text, size_t pos, std::vector<Field>& fields, std::deque<std::string>& scratch,
                    size_t& lines, bool& bad_quote);

}  // namespace signpost::cli::batch
