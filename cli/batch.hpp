// `signpost batch`: many responses from a CSV or NDJSON file, streamed in chunks.
//
// The pieces: cli/batch/input.cpp (chunks of whole records, the CSV lexer), cli/batch/csv_input.cpp
// and cli/batch/csv_output.cpp (CSV cells into columns, results into CSV rows), cli/batch/ndjson.cpp
// (one answers object per line, one result per line), cli/batch/output.cpp (the temporary output
// file, progress) and the driver, cli/batch.cpp, which runs them through for_each_chunk.
#pragma once
#include <cstddef>
#include <string>

#include "cli/conventions.hpp"

namespace signpost::cli {

// What the command line asks of `signpost batch`.
struct BatchOptions {
  std::string rules, input, output, format, id = "id", progress = "auto";
  std::string lang;  // the language of the texts: labels in the output, options answered by label
  unsigned threads = 1;
  bool skip_invalid = false;
  size_t chunk_bytes = 0;  // 0: the format's usual size; tiny in tests/fuzz/fuzz_batch.cpp, to test chunk boundaries
  ConventionOptions conventions;
};


// Runs `signpost batch` with these options (cli/command.hpp makes the command). Returns the exit code.
int run_batch_command(const BatchOptions& opt, bool color_err);

}  // namespace signpost::cli
