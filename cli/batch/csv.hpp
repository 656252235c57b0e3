// `signpost batch`, CSV: the header read into a layout of columns, the cells of each chunk decoded
// into one column per item (input), and the results written as CSV rows (output).
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "cli/batch/chunk.hpp"
#include "cli/batch/input.hpp"
#include "engine/evaluate/conventions.hpp"
#include "engine/signpost.hpp"

namespace signpost::cli::batch {

struct CsvLayout {
  size_t columns = 0;
  int id_column = -1;
  std::string id_header;         // the id column's header, as written
  std::vector<int> item_of;      // per column: item index, -1 for the id column
  std::vector<CellType> type;    // per item: how its cells are held (u8 when they fit)
  std::vector<uint8_t> present;  // per item: has a column
  // Input conventions (engine/evaluate/conventions.hpp): the plan of every column, kept columns
  // (copied after the id) and REDCap checkbox columns (each one option of a multiple-choice item).
  ColumnPlan plan;
  std::vector<std::string> keep_headers;  // as written
  std::vector<int> keep_slot;             // per column: its place among the kept, or -1
  std::vector<int> checkbox_items;        // the items answered by checkbox columns
};

// Reads the header record (`id`: the id column's name); false with a problem when a column is
// unknown or repeated.
bool read_header(const RuleSet& rs, std::string_view text, CsvLayout& layout, Problem& problem,
                 const InputConventions& conv, const std::string& id);

// Output: the CSV result rows. The id column, the kept columns, every derived value (? while
// undecided, empty when it does not apply) and one column per guidance (1, 0 or ?).
class CsvWriter {
 public:
  CsvWriter(const RuleSet& rs, const CsvLayout& layout);
  std::string header() const;
  // The values written, for run_batch.
  const std::vector<uint32_t>& values() const { return values_; }
  // Appends the rows of `result` that are not `bad`, with their ids and kept cells (`kept`: per
  // row, its kept cells in order).
  void append(Chunk& chunk, const BatchResult& result, const std::vector<uint8_t>& bad,
              const std::vector<std::string_view>& ids, const std::vector<std::string_view>& kept);

 private:
  char* cell(char* w, uint32_t v, double lo, double hi) const;

  const RuleSet& rs_;
  const CsvLayout& layout_;
  std::vector<uint32_t> values_;
  std::vector<std::vector<std::string>> names_;  // per value: band or option ids
  std::vector<size_t> width_;                    // per value: the widest cell
  std::vector<char> row_buf_;
};

// Input and evaluation of one chunk: its rows decoded into columns, evaluated with run_batch a
// few thousand rows at a time (so the columns stay in cache), written by a CsvWriter. One per
// worker thread.
class CsvWorker {
 public:
  CsvWorker(const RuleSet& rs, const CsvLayout& layout, const TextAnswers& text, const InputConventions& conv);
  void run(Chunk& chunk);

 private:
  void read_row(std::string_view text, size_t& pos, size_t& line, size_t r, Problem& problem);
  void take(size_t c, std::string_view value, std::string_view raw, size_t r, Problem& problem);
  void evaluate(Chunk& chunk, size_t rows);
  void checkbox(size_t c, std::string_view value, Problem& problem);

  const RuleSet& rs_;
  const CsvLayout& layout_;
  const TextAnswers& text_;
  const InputConventions& conv_;
  CsvWriter writer_;
  std::vector<double> marks_;           // per item: its checkbox answer in this row
  std::vector<std::string_view> kept_;  // per row: its kept cells
  BatchOutput what_;
  BatchResult result_;
  std::vector<Field> fields_;
  std::deque<std::string> scratch_;
  std::vector<std::vector<uint8_t>> u8_;
  std::vector<std::vector<double>> f64_;
  std::vector<std::string_view> ids_;
  std::vector<size_t> lines_;
  // Per column: the encodings of one-character cells, and where its item's cells go.
  std::vector<const int16_t*> one_char_;
  std::vector<uint8_t*> u8_col_;
  std::vector<double*> f64_col_;
};

}  // namespace signpost::cli::batch
