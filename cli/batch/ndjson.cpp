// `signpost batch`, NDJSON: one response per line, through the engine's fast JSON path.
#include "cli/batch/ndjson.hpp"

namespace signpost::cli::batch {

void NdjsonWorker::run(Chunk& chunk) {
  std::string_view text = chunk.text;
  size_t pos = 0, line = 1;
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
    if (!rs_.evaluate_json(record, chunk.out, &problem.errors, id_)) {
      chunk.out.resize(mark);  // the errors document is not a result
      chunk.problems.push_back(std::move(problem));
      continue;
    }
    chunk.out += '\n';
    ++chunk.written;
  }
  chunk.lines = line - 1 - (text.empty() || text.back() == '\n' ? 0 : 1);  // the line breaks in the chunk
}

}  // namespace signpost::cli::batch
