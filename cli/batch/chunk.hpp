// `signpost batch`: what the pieces pass each other: a chunk of records and the problems of its rows.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "engine/evaluate/answers.hpp"

namespace signpost::cli::batch {

enum class Format { csv, ndjson };

constexpr size_t kMaxRecordBytes = 4 << 20;  // one CSV record or NDJSON line, at most

// A bad row: its line and what is wrong with it.
struct Problem {
  size_t line = 0;
  std::vector<AnswerError> errors;
  std::string syntax;  // a CSV or JSON syntax problem, when not an answer error
};

// "FILE:LINE: error[A003]: ..." and its allowed values; `skipped`: the row was left out.
std::string render(const std::string& file, const Problem& p, bool skipped);

// A chunk of whole records and what became of them.
struct Chunk {
  std::string storage;    // the records, when they are not a view of the mapped input
  std::string_view text;  // the records
  std::string out;
  std::vector<Problem> problems;  // in line order; lines counted from the chunk's start (1 = its first)
  size_t rows = 0, written = 0, lines = 0;  // lines: how many line breaks the chunk holds

  // Ready for the next records, keeping the buffers' memory.
  void reset() {
    out.clear();
    problems.clear();
    rows = written = lines = 0;
  }
};

}  // namespace signpost::cli::batch
