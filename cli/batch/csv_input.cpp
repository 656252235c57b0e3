// `signpost batch`, CSV input: the header, and each chunk's cells decoded into columns and evaluated.
#include <algorithm>
#include <cmath>

#include "cli/batch/csv.hpp"
#include "engine/source/text.hpp"

namespace signpost::cli::batch {
namespace {
constexpr size_t kSubBatch = 4096;  // CSV rows decoded and evaluated together
}  // namespace

bool read_header(const RuleSet& rs, std::string_view text, CsvLayout& layout, Problem& problem,
                 const InputConventions& conv, const std::string& id) {
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
  layout.plan = plan_columns(m, names, conv, id);
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

CsvWorker::CsvWorker(const RuleSet& rs, const CsvLayout& layout, const TextAnswers& text, const InputConventions& conv)
    : rs_(rs), layout_(layout), text_(text), conv_(conv), writer_(rs, layout) {
  const size_t items = rs.model().items.size();
  marks_.assign(items, std::nan(""));
  what_.values = writer_.values();
  if (what_.values.empty()) what_.form = BatchOutput::Values::none;
  // Rows are decoded into columns kSubBatch at a time, evaluated and written, so that the
  // columns stay in cache.
  u8_.resize(items), f64_.resize(items);
  for (size_t i = 0; i < items; ++i) {
    if (!layout_.present[i]) continue;
    if (layout_.type[i] == CellType::u8) u8_[i].resize(kSubBatch);
    else f64_[i].resize(kSubBatch);
  }
  ids_.resize(kSubBatch), lines_.resize(kSubBatch), kept_.resize(kSubBatch * layout_.keep_headers.size());
  one_char_.assign(layout_.columns, nullptr), u8_col_.assign(layout_.columns, nullptr), f64_col_.assign(layout_.columns, nullptr);
  for (size_t c = 0; c < layout_.columns; ++c) {
    int i = layout_.item_of[c];
    if (i < 0) continue;
    one_char_[c] = text_.one_char(size_t(i));
    if (layout_.type[size_t(i)] == CellType::u8) u8_col_[c] = u8_[size_t(i)].data();
    else f64_col_[c] = f64_[size_t(i)].data();
  }
}

// Decodes cell c of row r into its column.
inline void CsvWorker::take(size_t c, std::string_view value, std::string_view raw, size_t r, Problem& problem) {
  if (c >= layout_.columns) return;
  int i = layout_.item_of[c];
  if (i < 0) {
    if (int k = layout_.keep_slot[c]; k >= 0) kept_[r * layout_.keep_headers.size() + size_t(k)] = raw;
    else if (layout_.plan.columns[c].kind == ColumnRole::Kind::checkbox) checkbox(c, value, problem);
    else if (int(c) == layout_.id_column) ids_[r] = raw;
    return;
  }
  if (value.size() <= 1) {  // the usual cell: one character (a digit, y/n), or empty
    int16_t e = value.empty() ? int16_t(-2) : one_char_[c][uint8_t(value[0])];
    if (e != -1) {
      if (u8_col_[c]) u8_col_[c][r] = e < 0 ? 255 : uint8_t(e);
      else f64_col_[c][r] = e < 0 ? std::nan("") : double(e);
      return;
    }
  }
  double x;
  if (!text_.decode(size_t(i), value, x)) {
    for (AnswerError& e : text_.problems(size_t(i), value)) problem.errors.push_back(std::move(e));
    return;
  }
  if (u8_col_[c]) u8_col_[c][r] = std::isnan(x) ? 255 : uint8_t(x);
  else f64_col_[c][r] = x;
}

// Decodes the record at `pos` (not blank) into row r; moves `pos` past it and counts its lines.
void CsvWorker::read_row(std::string_view text, size_t& pos, size_t& line, size_t r, Problem& problem) {
  size_t cols = 0;
  for (int i : layout_.checkbox_items) marks_[size_t(i)] = std::nan("");
  size_t nl = text.find('\n', pos);
  std::string_view record = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
  if (record.find('"') == std::string_view::npos) {
    // The common case: no quotes, so one record is one line and a cell ends at a comma.
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    const char* p = record.data();
    const char* const end = p + record.size();
    while (true) {
      const char* q = p;
      while (q < end && *q != ',') ++q;
      std::string_view v(p, size_t(q - p));
      take(cols++, v, v, r, problem);
      if (q == end) break;
      p = q + 1;
    }
    pos = (nl == std::string_view::npos ? text.size() : nl) + 1, line += nl != std::string_view::npos;
  } else {
    size_t lines = 0;
    bool bad_quote = false;
    pos = split_record(text, pos, fields_, scratch_, lines, bad_quote);
    line += lines;
    cols = fields_.size();
    if (bad_quote) problem.syntax = "a quoted cell is not closed properly";
    else
      for (size_t c = 0; c < fields_.size(); ++c) take(c, fields_[c].value, fields_[c].raw, r, problem);
  }
  if (problem.syntax.empty() && cols != layout_.columns)
    problem.syntax = "expected " + std::to_string(layout_.columns) + " cells, found " + std::to_string(cols);
  for (int i : layout_.checkbox_items) {  // the checkbox columns of a row make up one answer
    const double x = marks_[size_t(i)];
    if (layout_.type[size_t(i)] == CellType::u8) u8_[size_t(i)][r] = std::isnan(x) ? 255 : uint8_t(x);
    else f64_[size_t(i)][r] = x;
  }
}

void CsvWorker::run(Chunk& chunk) {
  std::string_view text = chunk.text;
  size_t pos = 0, line = 1, r = 0;
  while (pos < text.size()) {
    const size_t row_line = line;
    if (r == kSubBatch) {
      evaluate(chunk, r);
      r = 0;
    }
    size_t nl = text.find('\n', pos);
    size_t rec_end = nl == std::string_view::npos ? text.size() : nl;
    if (rec_end == pos || (rec_end == pos + 1 && text[pos] == '\r')) {  // a blank line is no response
      pos = rec_end + 1, line += nl != std::string_view::npos;
      continue;
    }
    ++chunk.rows;
    Problem problem;
    problem.line = row_line;
    read_row(text, pos, line, r, problem);
    if (!problem.syntax.empty() || !problem.errors.empty()) {
      if (!problem.syntax.empty()) problem.errors.clear();
      chunk.problems.push_back(std::move(problem));
      continue;
    }
    lines_[r] = row_line;
    ++r;
  }
  evaluate(chunk, r);
  chunk.lines = line - 1;  // the line breaks in the chunk
  std::stable_sort(chunk.problems.begin(), chunk.problems.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
}

// Evaluates the first `rows` rows of the columns and appends their output.
void CsvWorker::evaluate(Chunk& chunk, size_t rows) {
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
  writer_.append(chunk, result_, bad, ids_, kept_);
}

// A REDCap checkbox cell (column c): checked adds its option to the item's answer.
void CsvWorker::checkbox(size_t c, std::string_view value, Problem& problem) {
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

}  // namespace signpost::cli::batch
