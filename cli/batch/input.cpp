// `signpost batch`, input: chunks of whole records, and the CSV lexer.
#include "cli/batch/input.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace signpost::cli::batch {
namespace {
constexpr size_t kChunkBytes = 1 << 20;        // records per chunk: about this much input (CSV)
constexpr size_t kNdjsonChunkBytes = 1 << 18;  // NDJSON results are far larger than their answers
}  // namespace

RecordReader::RecordReader(Format format, size_t chunk_bytes)
    : format_(format), want_(chunk_bytes ? chunk_bytes : format == Format::csv ? kChunkBytes : kNdjsonChunkBytes) {}

bool RecordReader::open(const std::string& path, std::string& error) {
  if (path == "-") {
    f_ = stdin;
    return true;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "cannot read '" + path + "' (it is a directory)";
    return false;
  }
  f_ = std::fopen(path.c_str(), "rb");
  if (!f_) {
    error = "cannot read '" + path + "'";
    return false;
  }
  owned_ = true;
  size_ = std::filesystem::file_size(path, ec);
  if (ec) size_ = 0;
  // A regular file is mapped: chunks are views of it, and no byte is copied to be parsed.
  if (std::filesystem::is_regular_file(path, ec) && size_ > 0) {
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fileno(f_), 0);
    if (p != MAP_FAILED) {
      map_ = static_cast<const char*>(p);
      madvise(p, size_, MADV_SEQUENTIAL);
    }
  }
  return true;
}

RecordReader::~RecordReader() {
  if (map_) munmap(const_cast<char*>(map_), size_);
  if (owned_ && f_) std::fclose(f_);
}

bool RecordReader::next(std::string& storage, std::string_view& chunk) {
  const size_t want = want_;
  const Format format = format_;
  if (record_too_long_) return false;
  if (map_) {
    if (consumed_ >= size_) return false;
    std::string_view rest(map_ + consumed_, size_t(size_ - consumed_));
    size_t cut = rest.size() <= want ? rest.size() : record_end(rest, format, want);
    if (cut == 0) cut = record_end(rest, format, kMaxRecordBytes + 1);  // one record longer than a chunk
    if (cut == 0 && too_long(rest)) return false;
    if (cut == 0) cut = rest.size();  // the last, without a line break
    chunk = rest.substr(0, cut);
    consumed_ += cut;
    return true;
  }
  while (!eof_ && buf_.size() < want) fill();
  if (buf_.empty()) return false;
  size_t cut = record_end(buf_, format, want);
  if (cut == 0 && eof_) cut = buf_.size();  // the last record, without a line break
  while (cut == 0) {                        // one record longer than a chunk
    if (too_long(buf_)) return false;
    fill();
    cut = record_end(buf_, format, buf_.size());
    if (cut == 0 && eof_) cut = buf_.size();
  }
  if (cut > kMaxRecordBytes && record_end(buf_, format, kMaxRecordBytes + 1) == 0 && too_long(buf_)) return false;
  lines_consumed_ += size_t(std::count(buf_.data(), buf_.data() + cut, '\n'));
  storage.assign(buf_, 0, cut);
  buf_.erase(0, cut);
  consumed_ += cut;
  chunk = storage;
  return true;
}

void RecordReader::release(const char* end) {
  if (!map_ || end < map_ || end > map_ + size_) return;
  const size_t page = size_t(sysconf(_SC_PAGESIZE));
  size_t upto = size_t(end - map_) / page * page;
  if (upto > released_) madvise(const_cast<char*>(map_) + released_, upto - released_, MADV_DONTNEED);
  released_ = std::max(released_, upto);
}


void RecordReader::fill() {
  size_t old = buf_.size();
  buf_.resize(old + kChunkBytes);
  size_t got = std::fread(&buf_[old], 1, kChunkBytes, f_);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
}

// Just past the last record end within the first `limit` bytes of `b` (0: none). A CSV record
// ends at a line break outside a quoted cell, and a cell is quoted only when its first
// character is a quote — exactly as split_record reads it, so where chunks are cut never
// changes how a record is read.
size_t RecordReader::record_end(std::string_view b, Format format, size_t limit) {
  b = b.substr(0, std::min(limit, b.size()));
  if (format == Format::ndjson || b.find('"') == std::string_view::npos) {
    size_t nl = b.rfind('\n');
    return nl == std::string_view::npos ? 0 : nl + 1;
  }
  const size_t n = b.size();
  size_t pos = 0, last = 0;
  while (pos < n) {  // one cell per turn
    if (b[pos] == '"') {
      ++pos;
      while (true) {
        if (pos >= n) return last;  // still quoted where the window ends
        if (b[pos++] != '"') continue;
        if (pos < n && b[pos] == '"') ++pos;  // "" inside a quoted cell
        else break;
      }
    }
    while (pos < n && b[pos] != ',' && b[pos] != '\n') ++pos;
    if (pos >= n) return last;
    if (b[pos] == '\n') last = pos + 1;
    ++pos;
  }
  return last;
}

// A record that does not end within kMaxRecordBytes: an error at its first line.
bool RecordReader::too_long(std::string_view rest) {
  if (rest.size() <= kMaxRecordBytes) return false;
  record_too_long_ = true;
  if (map_) too_long_line_ = 1 + size_t(std::count(map_, map_ + consumed_, '\n'));
  else too_long_line_ = 1 + lines_consumed_;
  return true;
}


size_t split_record(std::string_view text, size_t pos, std::vector<Field>& fields, std::deque<std::string>& scratch,
                    size_t& lines, bool& bad_quote) {
  fields.clear();
  size_t used = 0;
  bad_quote = false;
  const size_t n = text.size();
  while (true) {
    size_t start = pos;
    if (pos < n && text[pos] == '"') {
      if (used == scratch.size()) scratch.emplace_back();
      std::string& s = scratch[used++];
      s.clear();
      ++pos;
      while (true) {
        if (pos >= n) {
          bad_quote = true;
          break;
        }
        char c = text[pos++];
        if (c == '"') {
          if (pos < n && text[pos] == '"') s += '"', ++pos;
          else break;
        } else {
          if (c == '\n') ++lines;
          s += c;
        }
      }
      // Anything between the closing quote and the separator is a syntax error.
      if (pos < n && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') bad_quote = true;
      while (pos < n && text[pos] != ',' && text[pos] != '\n') ++pos;
      std::string_view raw = text.substr(start, pos - start);
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      fields.push_back({s, raw});
    } else {
      while (pos < n && text[pos] != ',' && text[pos] != '\n') ++pos;
      std::string_view v = text.substr(start, pos - start);
      if (pos == n || text[pos] == '\n')
        if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
      fields.push_back({v, v});
    }
    if (pos >= n) return n;
    if (text[pos] == '\n') {
      ++lines;
      return pos + 1;
    }
    ++pos;  // ','
  }
}


}  // namespace signpost::cli::batch
