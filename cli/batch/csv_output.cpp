// `signpost batch`, CSV output: one row of results per valid response.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "cli/batch/csv.hpp"
#include "engine/source/text.hpp"

namespace signpost::cli::batch {
namespace {

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

}  // namespace

CsvWriter::CsvWriter(const RuleSet& rs, const CsvLayout& layout) : rs_(rs), layout_(layout) {
  const model::Model& m = rs.model();
  for (size_t v = 0; v < m.values.size(); ++v)
    if (m.values[v].kind != model::Value::Kind::threshold) values_.push_back(uint32_t(v));
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

std::string CsvWriter::header() const {
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

void CsvWriter::append(Chunk& chunk, const BatchResult& result, const std::vector<uint8_t>& bad,
                       const std::vector<std::string_view>& ids, const std::vector<std::string_view>& kept) {
  const model::Model& m = rs_.model();
  // Each row is written through a pointer into a row buffer sized for the longest possible row,
  // then appended: no zero-filling of the output.
  std::string& out = chunk.out;
  const size_t n = result.rows, nkeep = layout_.keep_headers.size();
  size_t widest = 2 * m.guidance.size() + 2;
  for (uint32_t v : values_) widest += width_[v] + 1;
  out.reserve(out.size() + n * 64);
  for (size_t r = 0; r < n; ++r) {
    if (bad[r]) continue;
    size_t need = widest + ids[r].size();
    for (size_t k = 0; k < nkeep; ++k) need += kept[r * nkeep + k].size() + 1;
    if (row_buf_.size() < need) row_buf_.resize(need);
    char* const start = row_buf_.data();
    char* w = start;
    bool first = true;
    auto put = [&](std::string_view v) {
      if (!first) *w++ = ',';
      first = false;
      if (!v.empty()) std::memcpy(w, v.data(), v.size());
      w += v.size();
    };
    if (layout_.id_column >= 0) put(ids[r]);
    for (size_t k = 0; k < nkeep; ++k) put(kept[r * nkeep + k]);
    for (size_t k = 0; k < values_.size(); ++k) {
      put({});
      w = cell(w, values_[k], result.value_lo[k * n + r], result.value_hi[k * n + r]);
    }
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      Outcome o = result.guidance[g * n + r];
      put(o == Outcome::fired ? "1" : o == Outcome::not_fired ? "0" : "?");
    }
    *w++ = '\n';
    out.append(start, size_t(w - start));
    ++chunk.written;
  }
}

char* CsvWriter::cell(char* w, uint32_t v, double lo, double hi) const {
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

}  // namespace signpost::cli::batch
