// `signpost batch`: evaluates every response in a CSV or NDJSON file.
//
// The input is read in chunks of whole records. Each chunk is decoded into one column per item,
// evaluated with run_batch (CSV) or one response at a time (NDJSON, whose output is the full
// result), and formatted; chunks are written in input order, so the output does not depend on how
// many threads did the work. Memory stays bounded by the chunks in flight, whatever the file size.
//
// A bad row stops the run, and the output file is not created (results go to a temporary file
// that is renamed at the end); with --skip-invalid every bad row is reported and left out.
#include "cli/batch.hpp"
#include "cli/conventions.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "cli/io.hpp"
#include "engine/evaluate/answers.hpp"
#include "engine/report/report.hpp"
#include "engine/signpost.hpp"
#include "engine/source/text.hpp"

namespace signpost::cli {
namespace {

constexpr int kOk = 0, kFindings = 1, kUsage = 2;
constexpr size_t kChunkBytes = 1 << 20;  // records per chunk: about this much input (CSV)
constexpr size_t kNdjsonChunkBytes = 1 << 18;  // NDJSON results are far larger than their answers
constexpr size_t kSubBatch = 4096;             // CSV rows decoded and evaluated together
constexpr size_t kMaxRecordBytes = 4 << 20;    // one CSV record or NDJSON line, at most

enum class Format { csv, ndjson };

struct Options {
  std::string rules, input, output, format, id = "id", progress = "auto";
  unsigned threads = 1;
  bool skip_invalid = false;
  size_t chunk_bytes = 0;  // 0: kChunkBytes / kNdjsonChunkBytes; tiny in tests/fuzz/fuzz_batch.cpp, to test chunk boundaries
} opt;

// ---- problems ------------------------------------------------------------------------------------
// A bad row: its line and what is wrong with it.
struct Problem {
  size_t line = 0;
  std::vector<AnswerError> errors;
  std::string syntax;  // a CSV or JSON syntax problem, when not an answer error
};

std::string render(const std::string& file, const Problem& p, bool skipped) {
  std::string head = file + ":" + std::to_string(p.line) + ": " + (skipped ? "row skipped: " : "");
  if (!p.syntax.empty()) return head + "error: " + p.syntax + "\n";
  std::string out;
  for (const AnswerError& e : p.errors) {
    out += head + "error[" + e.code + "]: " + e.message + "\n";
    if (!e.allowed.empty()) out += "  = allowed: " + e.allowed + "\n";
  }
  return out;
}

// ---- input: chunks of whole records ----------------------------------------------------------------
class Input {
 public:
  bool open(const std::string& path, std::string& error) {
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
  ~Input() {
    if (map_) munmap(const_cast<char*>(map_), size_);
    if (owned_ && f_) std::fclose(f_);
  }
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
  bool next(std::string& storage, std::string_view& chunk, Format format) {
    const size_t want = opt.chunk_bytes ? opt.chunk_bytes : format == Format::csv ? kChunkBytes : kNdjsonChunkBytes;
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

  // The records before `end` are done with: the mapping need not keep them in memory.
  void release(const char* end) {
    if (!map_ || end < map_ || end > map_ + size_) return;
    const size_t page = size_t(sysconf(_SC_PAGESIZE));
    size_t upto = size_t(end - map_) / page * page;
    if (upto > released_) madvise(const_cast<char*>(map_) + released_, upto - released_, MADV_DONTNEED);
    released_ = std::max(released_, upto);
  }

 private:
  void fill() {
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
  static size_t record_end(std::string_view b, Format format, size_t limit) {
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
  bool too_long(std::string_view rest) {
    if (rest.size() <= kMaxRecordBytes) return false;
    record_too_long_ = true;
    if (map_) too_long_line_ = 1 + size_t(std::count(map_, map_ + consumed_, '\n'));
    else too_long_line_ = 1 + lines_consumed_;
    return true;
  }

  FILE* f_ = nullptr;
  const char* map_ = nullptr;
  bool owned_ = false, eof_ = false, record_too_long_ = false;
  size_t too_long_line_ = 0, lines_consumed_ = 0;  // lines_consumed_: counted only when streaming
  std::string buf_;
  uint64_t size_ = 0, consumed_ = 0;
  size_t released_ = 0;
};

// ---- output: nothing appears at the destination until the run succeeds --------------------------------
class Output {
 public:
  // `path` "" or "-": standard output. `direct`: write to standard output as results come.
  bool open(const std::string& path, bool direct, std::string& error) {
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
  bool write(std::string_view s) { return s.empty() || std::fwrite(s.data(), 1, s.size(), f_) == s.size(); }
  // Moves the results into place.
  bool commit(std::string& error) {
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
  void abort() {
    if (f_ && (f_ != stdout || owned_)) std::fclose(f_);
    f_ = nullptr;
    if (!temp_.empty()) std::remove(temp_.c_str()), forget_on_signal(temp_);
    temp_.clear();
  }
  ~Output() { abort(); }

 private:
  FILE* f_ = nullptr;
  bool owned_ = false;  // a device opened by path
  std::string path_, temp_;
};

// ---- progress on a terminal ------------------------------------------------------------------------
class Progress {
 public:
  explicit Progress(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
  void update(uint64_t done, uint64_t total, size_t rows, bool force = false) {
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
  void clear() {
    if (shown_) std::fputs("\r\033[K", stderr);
    shown_ = false;
  }

 private:
  bool on_, shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// ---- a chunk of work ---------------------------------------------------------------------------------
struct Chunk {
  size_t index = 0;
  std::string storage;    // the records, when they are not a view of the mapped input
  std::string_view text;  // the records
  std::string out;
  std::vector<Problem> problems;  // in line order; lines counted from the chunk's start (1 = its first)
  size_t rows = 0, written = 0, lines = 0;  // lines: how many line breaks the chunk holds
};

char* write_int(char* w, int64_t v) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  uint64_t u = v < 0 ? 0ull - uint64_t(v) : uint64_t(v);
  do {
    *--p = char('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  std::memcpy(w, p, size_t(end - p));
  return w + (end - p);
}


// ---- CSV ---------------------------------------------------------------------------------------------
// Splits one record starting at `pos` into fields; returns the position after it and counts the
// line breaks it spans. Quoted fields are unquoted into `scratch` (one string per field).
struct Field {
  std::string_view value;  // unquoted
  std::string_view raw;    // as written, quotes included
};

// Unquoted fields live in `scratch` (a deque: its strings stay put while fields point into them).
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

struct CsvLayout {
  size_t columns = 0;
  int id_column = -1;
  std::string id_header;         // the id column's header, as written
  std::vector<int> item_of;      // per column: item index, -1 for the id column
  std::vector<CellType> type;    // per item: how its cells are held (u8 when they fit)
  std::vector<uint8_t> present;  // per item: has a column
  // Input conventions (cli/conventions.cpp): the plan of every column, kept columns (copied
  // after the id) and REDCap checkbox columns (each one option of a multiple-choice item).
  ColumnPlan plan;
  std::vector<std::string> keep_headers;  // as written
  std::vector<int> keep_slot;             // per column: its place among the kept, or -1
  std::vector<int> checkbox_items;        // the items answered by checkbox columns
};

// Reads the header record; false with a problem when a column is unknown or repeated.
bool read_header(const RuleSet& rs, std::string_view text, CsvLayout& layout, Problem& problem,
                 const InputConventions& conv) {
  const model::Model& m = rs.model();
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
  std::vector<Field> fields;
  std::deque<std::string> scratch;
  size_t lines = 0;
  bool bad_quote = false;
  split_record(text, 0, fields, scratch, lines, bad_quote);
  problem.line = 1;
  if (bad_quote) {
    problem.syntax = "a quoted header cell is not closed properly";
    return false;
  }
  layout.columns = fields.size();
  layout.item_of.assign(fields.size(), -1);
  layout.present.assign(m.items.size(), 0);
  std::vector<std::string> names;
  for (const Field& f : fields) names.emplace_back(trim_blanks(f.value));
  layout.plan = plan_columns(m, names, conv, opt.id);
  if (!layout.plan.errors.empty()) {
    problem.errors = layout.plan.errors;
    return false;
  }
  layout.keep_slot.assign(fields.size(), -1);
  for (size_t c = 0; c < fields.size(); ++c) {
    const ColumnRole& role = layout.plan.columns[c];
    if (role.kind == ColumnRole::Kind::item) {
      layout.present[size_t(role.item)] = 1;
      layout.item_of[c] = role.item;
    } else if (role.kind == ColumnRole::Kind::id) {
      layout.id_column = int(c);
      layout.id_header = std::string(fields[c].raw);
    } else if (role.kind == ColumnRole::Kind::keep) {
      layout.keep_slot[c] = int(layout.keep_headers.size());
      layout.keep_headers.emplace_back(fields[c].raw);
    } else if (role.kind == ColumnRole::Kind::checkbox && !layout.present[size_t(role.item)]) {
      layout.present[size_t(role.item)] = 1;
      layout.checkbox_items.push_back(role.item);
    }
  }
  layout.type.assign(m.items.size(), CellType::f64);
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Scale& sc = m.scales[m.items[i].scale];
    using K = model::Scale::Kind;
    bool fits = sc.kind == K::boolean || (sc.kind == K::options && sc.options.size() <= 254) ||
                (sc.kind == K::multiple && sc.options.size() <= 7) ||
                (sc.kind == K::integer && sc.lo >= 0 && sc.hi <= 254);
    if (fits) layout.type[i] = CellType::u8;
  }
  return true;
}

class CsvWorker {
 public:
  CsvWorker(const RuleSet& rs, const CsvLayout& layout, const TextAnswers& text, const InputConventions& conv)
      : rs_(rs), layout_(layout), text_(text), conv_(conv) {
    const model::Model& m = rs.model();
    marks_.assign(m.items.size(), std::nan(""));
    for (size_t v = 0; v < m.values.size(); ++v)
      if (m.values[v].kind != model::Value::Kind::threshold) values_.push_back(uint32_t(v));
    what_.values = values_;
    if (values_.empty()) what_.form = BatchOutput::Values::none;
    // Per value: the ids of its bands or options, and the widest cell it can need.
    names_.resize(m.values.size());
    width_.assign(m.values.size(), 32);  // a number: format_number is at most about 24 characters
    for (size_t v = 0; v < m.values.size(); ++v) {
      const model::Value& val = m.values[v];
      if (val.type == model::Type::band)  // a band, or a `let` naming one (val.scale: the band)
        for (const auto& r : m.values[size_t(val.kind == model::Value::Kind::band ? v : size_t(val.scale))].rows)
          names_[v].push_back(r.id);
      else if (val.type == model::Type::option)
        for (const auto& o : m.scales[size_t(val.scale)].options) names_[v].push_back(o.id);
      for (const auto& name : names_[v]) width_[v] = std::max(width_[v], name.size());
    }
  }

  // The header of the output.
  std::string header() const {
    const model::Model& m = rs_.model();
    std::string h;
    if (layout_.id_column >= 0) h += layout_.id_header;
    for (const std::string& k : layout_.keep_headers) {
      if (!h.empty() || layout_.id_column >= 0) h += ',';
      h += k;
    }
    for (uint32_t v : values_) {
      if (!h.empty() || layout_.id_column >= 0) h += ',';
      h += m.values[v].id;
    }
    for (const auto& g : m.guidance) {
      if (!h.empty() || layout_.id_column >= 0) h += ',';
      h += g.id;
    }
    return h + "\n";
  }

  void run(Chunk& chunk) {
    const model::Model& m = rs_.model();
    const size_t items = m.items.size();
    std::string_view text = chunk.text;
    // Rows are decoded into columns kSubBatch at a time, evaluated and written, so that the
    // columns stay in cache.
    size_t capacity = 0;
    std::vector<const int16_t*> one_char(layout_.columns, nullptr);
    std::vector<uint8_t*> u8_col(layout_.columns, nullptr);
    std::vector<double*> f64_col(layout_.columns, nullptr);
    u8_.resize(items), f64_.resize(items);
    auto grow = [&](size_t rows) {
      capacity = rows;
      for (size_t i = 0; i < items; ++i) {
        if (!layout_.present[i]) continue;
        if (layout_.type[i] == CellType::u8) u8_[i].resize(capacity);
        else f64_[i].resize(capacity);
      }
      ids_.resize(capacity), lines_.resize(capacity), kept_.resize(capacity * layout_.keep_headers.size());
      for (size_t c = 0; c < layout_.columns; ++c) {
        int i = layout_.item_of[c];
        if (i < 0) continue;
        one_char[c] = text_.one_char(size_t(i));
        if (layout_.type[size_t(i)] == CellType::u8) u8_col[c] = u8_[size_t(i)].data();
        else f64_col[c] = f64_[size_t(i)].data();
      }
    };
    grow(kSubBatch);

    size_t pos = 0, line = 1, r = 0;
    while (pos < text.size()) {
      const size_t row_line = line;
      if (r == capacity) {
        write_rows(chunk, r);
        r = 0;
      }
      size_t nl = text.find('\n', pos);
      size_t rec_end = nl == std::string_view::npos ? text.size() : nl;
      std::string_view record = text.substr(pos, rec_end - pos);
      if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
      if (record.empty()) {  // a blank line is no response
        pos = rec_end + 1, line += nl != std::string_view::npos;
        continue;
      }
      ++chunk.rows;
      Problem problem;
      problem.line = row_line;
      size_t cols = 0;
      for (int i : layout_.checkbox_items) marks_[size_t(i)] = std::nan("");
      // Decodes cell c of row r into its column.
      auto take = [&](size_t c, std::string_view value, std::string_view raw) {
        if (c >= layout_.columns) return;
        int i = layout_.item_of[c];
        if (i < 0) {
          if (int k = layout_.keep_slot[c]; k >= 0) kept_[r * layout_.keep_headers.size() + size_t(k)] = raw;
          else if (layout_.plan.columns[c].kind == ColumnRole::Kind::checkbox) checkbox(c, value, problem);
          else if (int(c) == layout_.id_column) ids_[r] = raw;
          return;
        }
        if (value.size() <= 1) {  // the usual cell: one character (a digit, y/n), or empty
          int16_t e = value.empty() ? int16_t(-2) : one_char[c][uint8_t(value[0])];
          if (e != -1) {
            if (u8_col[c]) u8_col[c][r] = e < 0 ? 255 : uint8_t(e);
            else f64_col[c][r] = e < 0 ? std::nan("") : double(e);
            return;
          }
        }
        double x;
        if (!text_.decode(size_t(i), value, x)) {
          for (AnswerError& e : text_.problems(size_t(i), value)) problem.errors.push_back(std::move(e));
          return;
        }
        if (u8_col[c]) u8_col[c][r] = std::isnan(x) ? 255 : uint8_t(x);
        else f64_col[c][r] = x;
      };
      if (record.find('"') == std::string_view::npos) {
        // The common case: no quotes, so one record is one line and a cell ends at a comma.
        const char* p = record.data();
        const char* const end = p + record.size();
        while (true) {
          const char* q = p;
          while (q < end && *q != ',') ++q;
          std::string_view v(p, size_t(q - p));
          take(cols++, v, v);
          if (q == end) break;
          p = q + 1;
        }
        pos = rec_end + 1, line += nl != std::string_view::npos;
      } else {
        size_t lines = 0;
        bool bad_quote = false;
        pos = split_record(text, pos, fields_, scratch_, lines, bad_quote);
        line += lines;
        cols = fields_.size();
        if (bad_quote) problem.syntax = "a quoted cell is not closed properly";
        else
          for (size_t c = 0; c < fields_.size(); ++c) take(c, fields_[c].value, fields_[c].raw);
      }
      if (problem.syntax.empty() && cols != layout_.columns)
        problem.syntax = "expected " + std::to_string(layout_.columns) + " cells, found " + std::to_string(cols);
      for (int i : layout_.checkbox_items) {  // the checkbox columns of a row make up one answer
        const double x = marks_[size_t(i)];
        if (layout_.type[size_t(i)] == CellType::u8) u8_[size_t(i)][r] = std::isnan(x) ? 255 : uint8_t(x);
        else f64_[size_t(i)][r] = x;
      }
      if (!problem.syntax.empty() || !problem.errors.empty()) {
        if (!problem.syntax.empty()) problem.errors.clear();
        chunk.problems.push_back(std::move(problem));
        continue;
      }
      lines_[r] = row_line;
      ++r;
    }
    write_rows(chunk, r);
    chunk.lines = line - 1;  // the line breaks in the chunk
    std::stable_sort(chunk.problems.begin(), chunk.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
  }

  // Evaluates the first `rows` rows of the columns and appends their output.
  void write_rows(Chunk& chunk, size_t rows) {
    const model::Model& m = rs_.model();
    const size_t items = m.items.size();

    ColumnBatch batch;
    batch.rows = rows;
    for (size_t i = 0; i < items; ++i) {
      if (!layout_.present[i]) batch.columns.push_back({nullptr, CellType::f64});
      else if (layout_.type[i] == CellType::u8) batch.columns.push_back({u8_[i].data(), CellType::u8});
      else batch.columns.push_back({f64_[i].data(), CellType::f64});
    }
    rs_.run_batch(batch, result_, 1, what_);

    // Rows that break a run-time rule (A005, A006) are bad rows too.
    std::vector<uint8_t> bad(batch.rows, 0);
    for (size_t k = 0; k < result_.row_errors.size();) {
      size_t r = result_.row_errors[k].first;
      Problem problem;
      problem.line = lines_[r];
      for (; k < result_.row_errors.size() && result_.row_errors[k].first == r; ++k)
        problem.errors.push_back(result_.row_errors[k].second);
      chunk.problems.push_back(std::move(problem));
      bad[r] = 1;
    }

    // The output rows, written through a pointer into a buffer sized for the longest possible row.
    std::string& out = chunk.out;
    const size_t n = batch.rows;
    size_t widest = 2 * m.guidance.size() + 2;
    for (uint32_t v : values_) widest += width_[v] + 1;
    out.reserve(out.size() + n * 64);
    for (size_t r = 0; r < n; ++r) {
      if (bad[r]) continue;
      // Each row is written into a row buffer, then appended: no zero-filling of the output.
      const size_t nkeep = layout_.keep_headers.size();
      size_t need = widest + ids_[r].size();
      for (size_t k = 0; k < nkeep; ++k) need += kept_[r * nkeep + k].size() + 1;
      if (row_buf_.size() < need) row_buf_.resize(need);
      char* const start = row_buf_.data();
      char* w = start;
      bool first = true;
      if (layout_.id_column >= 0) {
        std::memcpy(w, ids_[r].data(), ids_[r].size());
        w += ids_[r].size();
        first = false;
      }
      for (size_t k = 0; k < nkeep; ++k) {
        if (!first) *w++ = ',';
        first = false;
        std::string_view v = kept_[r * nkeep + k];
        std::memcpy(w, v.data(), v.size());
        w += v.size();
      }
      for (size_t k = 0; k < values_.size(); ++k) {
        if (!first) *w++ = ',';
        first = false;
        w = cell(w, values_[k], result_.value_lo[k * n + r], result_.value_hi[k * n + r]);
      }
      for (size_t g = 0; g < m.guidance.size(); ++g) {
        if (!first) *w++ = ',';
        first = false;
        Outcome o = result_.guidance[g * n + r];
        *w++ = o == Outcome::fired ? '1' : o == Outcome::not_fired ? '0' : '?';
      }
      *w++ = '\n';
      out.append(start, size_t(w - start));
      ++chunk.written;
    }
  }

 private:
  // A derived value as a CSV cell: its number, option or band; `?` while undecided; empty when it
  // does not apply. Writes at w (at most width_[v] characters) and returns the end.
  char* cell(char* w, uint32_t v, double lo, double hi) const {
    if (std::isnan(lo)) return w;
    if (lo != hi) {
      *w++ = '?';
      return w;
    }
    const model::Value& val = rs_.model().values[v];
    const std::vector<std::string>& names = names_[v];
    if (!names.empty()) {  // bands and options: their id
      const std::string& id = names[size_t(lo)];
      std::memcpy(w, id.data(), id.size());
      return w + id.size();
    }
    if (val.type == model::Type::boolean) {
      *w++ = lo == 1 ? '1' : '0';
      return w;
    }
    if (lo >= 0 && lo < 100 && double(int(lo)) == lo) {  // the usual value: a small count or sum
      int v = int(lo);
      if (v >= 10) *w++ = char('0' + v / 10);
      *w++ = char('0' + v % 10);
      return w;
    }
    if (std::fabs(lo) < 1e15 && double(int64_t(lo)) == lo) return write_int(w, int64_t(lo));
    std::string text = format_number(lo);
    std::memcpy(w, text.data(), text.size());
    return w + text.size();
  }


  // A REDCap checkbox cell (column c): checked adds its option to the item's answer.
  void checkbox(size_t c, std::string_view value, Problem& problem) {
    const ColumnRole& role = layout_.plan.columns[c];
    double x;
    if (!decode_checkbox(value, conv_, x)) {
      problem.errors.push_back(checkbox_error(rs_.model(), role.item, value));
      return;
    }
    double& mark = marks_[size_t(role.item)];
    if (std::isnan(x)) return;
    if (std::isnan(mark)) mark = 0;
    if (x == 1) mark += std::ldexp(1.0, role.option);
  }

  const RuleSet& rs_;
  const CsvLayout& layout_;
  const TextAnswers& text_;
  const InputConventions& conv_;
  std::vector<double> marks_;                    // per item: its checkbox answer in this row
  std::vector<std::string_view> kept_;           // per row: its kept cells
  std::vector<uint32_t> values_;
  std::vector<std::vector<std::string>> names_;  // per value: band or option ids
  std::vector<size_t> width_;                    // per value: the widest cell
  BatchOutput what_;
  BatchResult result_;
  std::vector<Field> fields_;
  std::deque<std::string> scratch_;
  std::vector<std::vector<uint8_t>> u8_;
  std::vector<std::vector<double>> f64_;
  std::vector<std::string_view> ids_;
  std::vector<size_t> lines_;
  std::vector<char> row_buf_;
};

// ---- NDJSON ------------------------------------------------------------------------------------------
class NdjsonWorker {
 public:
  explicit NdjsonWorker(const RuleSet& rs) : rs_(rs) {}

  void run(Chunk& chunk) {
    std::string_view text = chunk.text;
    size_t pos = 0, line = 1;
    const bool id_is_item = rs_.model().item_index.count(opt.id) > 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      size_t end = nl == std::string_view::npos ? text.size() : nl;
      std::string_view record = text.substr(pos, end - pos);
      pos = end + 1;
      const size_t row_line = line++;
      if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
      if (record.find_first_not_of(" \t") == std::string_view::npos) continue;  // a blank line is no response
      ++chunk.rows;
      Problem problem;
      problem.line = row_line;
      size_t mark = chunk.out.size();
      if (!rs_.evaluate_json(record, chunk.out, &problem.errors, id_is_item ? std::string() : opt.id)) {
        chunk.out.resize(mark);  // the errors document is not a result
        chunk.problems.push_back(std::move(problem));
        continue;
      }
      chunk.out += '\n';
      ++chunk.written;
    }
    chunk.lines = line - 1 - (text.empty() || text.back() == '\n' ? 0 : 1);  // the line breaks in the chunk
  }

 private:
  const RuleSet& rs_;
};

// ---- the run -------------------------------------------------------------------------------------------
std::optional<Format> format_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    size_t n = std::strlen(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".csv")) return Format::csv;
  if (ends(".ndjson") || ends(".jsonl")) return Format::ndjson;
  return std::nullopt;
}


}  // namespace

CLI::App* add_batch_command(CLI::App& app, const char* exit_codes) {
  auto* cmd = app.add_subcommand("batch", "Evaluate every response in a CSV or NDJSON file");
  cmd->add_option("file", opt.rules, "Rule file (.signpost)")->required();
  cmd->add_option("-i,--input", opt.input, "Responses: .csv (a header of item ids) or .ndjson (one answers object per line); '-' for stdin")
      ->required();
  cmd->add_option("-o,--output", opt.output,
                  "Results: CSV for CSV input, NDJSON for NDJSON input; standard output when not given");
  cmd->add_option("--format", opt.format, "csv or ndjson, when the input's extension does not say")
      ->check(CLI::IsMember({"csv", "ndjson"}));
  cmd->add_option("-t,--threads", opt.threads, "Threads that evaluate (the output is the same for any number)")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  cmd->add_flag("--skip-invalid", opt.skip_invalid, "Report every bad row and leave it out, instead of stopping at the first");
  cmd->add_option("--id", opt.id, "The column (CSV) or key (NDJSON) copied to the output to identify each response")
      ->capture_default_str();
  cmd->add_option("--progress", opt.progress, "A progress bar on standard error: auto (when it is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  add_convention_options(cmd);  // cli/conventions.cpp
  cmd->footer(std::string("\nExamples:\n"
                          "  signpost batch rules/self-check.signpost --input responses.csv --output results.csv --threads 2\n"
                          "  signpost batch rules/self-check.signpost --input responses.ndjson > results.ndjson\n\n"
                          "CSV output: the id column (if any), every derived value (? while undecided, empty when it\n"
                          "does not apply), and one column per guidance: 1 fired, 0 not, ? undetermined.\n"
                          "NDJSON output: the full result of `signpost eval` for each response, one per line.\n"
                          "A bad row stops the run and nothing is written; --skip-invalid reports and leaves out each.\n\n") +
              kConventionsHelp + exit_codes);
  return cmd;
}

int run_batch_command(bool color_err) {
  Format format;
  if (!opt.format.empty()) format = opt.format == "csv" ? Format::csv : Format::ndjson;
  else if (auto f = format_of(opt.input)) format = *f;
  else {
    std::cerr << "signpost: cannot tell the format of '" << opt.input << "'; name it .csv or .ndjson, or use --format\n";
    return kUsage;
  }
  if (!opt.output.empty() && opt.output != "-") {
    auto out_format = format_of(opt.output);
    if (out_format && *out_format != format) {
      std::cerr << "signpost: the output is written in the input's format ("
                << (format == Format::csv ? "CSV" : "NDJSON") << "); name it accordingly\n";
      return kUsage;
    }
  }

  Compiled compiled = compile_file(opt.rules);
  if (!compiled.diagnostics.empty()) std::cerr << compiled.render(color_err);
  if (compiled.unreadable) return kUsage;
  if (!compiled.ok()) {
    std::cerr << opt.rules << ": " << compiled.error_count() << " error(s), " << compiled.warning_count() << " warning(s)\n";
    return kFindings;
  }
  const RuleSet& rs = *compiled.ruleset;
  if (rs.model().library) {
    std::cerr << "signpost: " << opt.rules << " only shares scales and sources; evaluate a rule file that imports it\n";
    return kFindings;
  }

  std::vector<std::string> inputs{opt.input};
  for (size_t f = 0; f < rs.sources().size(); ++f) inputs.push_back(rs.sources().file(uint32_t(f)).path());
  if (auto clash = same_file_as(opt.output, inputs)) {
    std::cerr << "signpost: the output '" << opt.output << "' is the input '" << *clash
              << "'; writing it would destroy the input. Choose another output file\n";
    return kUsage;
  }
  std::string error;
  Input input;
  if (!input.open(opt.input, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  const std::string name = opt.input == "-" ? "<stdin>" : opt.input;
  Progress progress(opt.progress == "always" || (opt.progress == "auto" && isatty(STDERR_FILENO)));

  // The CSV header comes first, on its own.
  InputConventions conv;
  if (!declared_conventions(conv, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  if (conv.any() && format != Format::csv) {
    std::cerr << "signpost: --missing, --keep, --redcap and --codes apply to CSV input\n";
    return kUsage;
  }
  CsvLayout layout;
  TextAnswers text(rs.model(), &conv);
  std::string first_storage;
  std::string_view first;
  size_t next_line = 1;
  bool have_first = input.next(first_storage, first, format);
  auto record_too_long = [&]() {
    auto line = input.record_too_long();
    if (line)
      std::cerr << "signpost: " << name << ":" << *line << ": error: a record longer than " << (kMaxRecordBytes >> 20)
                << " MiB (is a quote never closed?); nothing was written\n";
    return line.has_value();
  };
  if (record_too_long()) return kFindings;
  if (format == Format::csv) {
    if (!have_first) {
      std::cerr << "signpost: " << name << " is empty: a CSV input starts with a header of item ids\n";
      return kFindings;
    }
    std::vector<Field> fields;
    std::deque<std::string> scratch;
    size_t lines = 0;
    bool bad = false;
    size_t end = split_record(first, 0, fields, scratch, lines, bad);
    Problem problem;
    if (!read_header(rs, first.substr(0, end), layout, problem, conv)) {
      std::cerr << render(name, problem, false);
      return kFindings;
    }
    first.remove_prefix(end);
    next_line = 1 + lines;
  }

  Output output;
  if (!output.open(opt.output, opt.skip_invalid, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  std::unique_ptr<CsvWorker> csv_header_worker;
  if (format == Format::csv) {
    csv_header_worker = std::make_unique<CsvWorker>(rs, layout, text, conv);
    output.write(csv_header_worker->header());
  }

  // Chunks in input order; each worker thread has its own worker object.
  size_t index = 0, rows = 0, written = 0, skipped = 0;
  bool failed = false, io_error = false;
  // Chunks are recycled: their buffers keep their memory, so the output of every chunk does not
  // cost fresh pages from the kernel.
  std::vector<std::unique_ptr<Chunk>> spare;
  std::mutex spare_mu;
  auto make_chunk = [&]() {
    std::unique_ptr<Chunk> c;
    {
      std::lock_guard<std::mutex> lock(spare_mu);
      if (!spare.empty()) c = std::move(spare.back()), spare.pop_back();
    }
    if (!c) c = std::make_unique<Chunk>();
    c->index = index++;
    c->out.clear();
    c->problems.clear();
    c->rows = c->written = 0;
    return c;
  };
  auto recycle = [&](std::unique_ptr<Chunk> c) {
    std::lock_guard<std::mutex> lock(spare_mu);
    spare.push_back(std::move(c));
  };
  // Writes a finished chunk; false when the run must stop.
  auto finish = [&](Chunk& c) {
    for (Problem& p : c.problems) p.line += next_line - 1;  // chunk lines -> file lines
    next_line += c.lines;
    rows += c.rows;
    if (!c.problems.empty() && !opt.skip_invalid) {
      progress.clear();
      std::cerr << "signpost: " << name << " has a bad row; nothing was written:\n"
                << render(name, c.problems.front(), false);
      failed = true;
      return false;
    }
    if (!c.problems.empty()) {
      progress.clear();
      for (const Problem& p : c.problems) std::cerr << render(name, p, true);
    }
    skipped += c.problems.size();
    written += c.written;
    if (!output.write(c.out)) {
      io_error = true;
      return false;
    }
    input.release(c.text.data() + c.text.size());
    progress.update(input.consumed(), input.size(), rows);
    return true;
  };
  auto run_chunk = [&](auto& worker, Chunk& c) { worker.run(c); };

  const unsigned threads = std::max(1u, opt.threads);
  bool more = have_first, first_pending = !first.empty();
  // Fills the chunk's text with the next records; false at the end.
  auto read_chunk = [&](Chunk& c) {
    if (first_pending) {  // what follows the header in the first chunk
      c.storage.assign(first);
      c.text = c.storage;
      first_pending = false;
      return true;
    }
    return input.next(c.storage, c.text, format);
  };

  if (threads == 1) {
    // One thread reads, evaluates and writes.
    std::unique_ptr<CsvWorker> cw = format == Format::csv ? std::make_unique<CsvWorker>(rs, layout, text, conv) : nullptr;
    NdjsonWorker nw(rs);
    auto c = make_chunk();
    while (more && read_chunk(*c)) {
      if (cw) run_chunk(*cw, *c);
      else run_chunk(nw, *c);
      if (!finish(*c)) break;
      c->out.clear(), c->problems.clear(), c->rows = c->written = 0;
    }
  } else {
    // `threads` workers evaluate; this thread reads and writes, in input order.
    std::mutex mu;
    std::condition_variable work_cv, done_cv;
    std::deque<std::unique_ptr<Chunk>> todo;
    std::vector<std::unique_ptr<Chunk>> done;  // by index - first_pending
    size_t first_pending = 0;
    bool closing = false;
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < threads; ++w)
      pool.emplace_back([&] {
        std::unique_ptr<CsvWorker> cw = format == Format::csv ? std::make_unique<CsvWorker>(rs, layout, text, conv) : nullptr;
        NdjsonWorker nw(rs);
        while (true) {
          std::unique_ptr<Chunk> c;
          {
            std::unique_lock<std::mutex> lock(mu);
            work_cv.wait(lock, [&] { return closing || !todo.empty(); });
            if (todo.empty()) return;
            c = std::move(todo.front());
            todo.pop_front();
          }
          if (cw) run_chunk(*cw, *c);
          else run_chunk(nw, *c);
          {
            std::lock_guard<std::mutex> lock(mu);
            size_t slot = c->index - first_pending;
            if (done.size() <= slot) done.resize(slot + 1);
            done[slot] = std::move(c);
          }
          done_cv.notify_all();
        }
      });
    const size_t in_flight_max = 2 * threads + 1;
    size_t in_flight = 0;
    bool eof = !more;
    while (true) {
      while (!eof && in_flight < in_flight_max) {
        auto c = make_chunk();
        if (!read_chunk(*c)) {
          eof = true;
          break;
        }
        {
          std::lock_guard<std::mutex> lock(mu);
          todo.push_back(std::move(c));
        }
        work_cv.notify_one();
        ++in_flight;
      }
      if (in_flight == 0) break;
      std::unique_ptr<Chunk> c;
      {
        std::unique_lock<std::mutex> lock(mu);
        done_cv.wait(lock, [&] { return !done.empty() && done.front(); });
        c = std::move(done.front());
        done.erase(done.begin());
        ++first_pending;
      }
      --in_flight;
      if (!finish(*c)) break;
      recycle(std::move(c));
    }
    {
      std::lock_guard<std::mutex> lock(mu);
      closing = true;
      todo.clear();
    }
    work_cv.notify_all();
    for (auto& th : pool) th.join();
  }
  progress.update(input.consumed(), input.size(), rows, true);
  progress.clear();
  if (!failed && record_too_long()) return kFindings;

  if (input.failed()) {
    std::cerr << "signpost: cannot read '" << name << "'\n";
    return kUsage;
  }
  if (io_error) {
    std::cerr << "signpost: cannot write '" << (opt.output.empty() ? "standard output" : opt.output) << "'\n";
    return kUsage;
  }
  if (failed) return kFindings;
  if (!output.commit(error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  if (skipped > 0) {
    std::cerr << "signpost: " << skipped << " of " << rows << " rows skipped (listed above); " << written
              << " written\n";
    return kFindings;
  }
  return kOk;
}

}  // namespace signpost::cli
