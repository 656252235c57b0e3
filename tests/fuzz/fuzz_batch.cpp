// Fuzz target: a CSV or NDJSON file -> `signpost batch` (the chunker, the CSV and NDJSON
// decoders, the evaluation and the writer), run three ways that must agree byte for byte on the
// output, the messages and the exit code: whole-file chunks on one thread; tiny chunks (1 to 256
// bytes) on one thread; tiny chunks on 2 to 4 threads, read from a stream instead of a mapping.
//
// Input: byte 0 = flags (bit 0: NDJSON, bit 1: --skip-invalid, bits 2-3: which shipped rule set),
// byte 1 = the tiny chunk size - 1, byte 2 = extra threads; the rest is the file.
//
// This file includes the batch driver (cli/batch.cpp) so that compile_file can be swapped for a
// cache: each run then costs the batch, not the compilation.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include "engine/signpost.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace signpost {
template <class... Rest>
Compiled fuzz_cached_compile(const std::string& path, Rest&&...) {
  static std::map<std::string, Compiled> cache;
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.emplace(path, compile_file(path)).first;
  return it->second;
}
}  // namespace signpost

#define compile_file fuzz_cached_compile
#include "cli/batch.cpp"
#undef compile_file

namespace {

struct Run {
  int code = 0;
  std::string out, err;
};

const std::string& workdir() {
  static const std::string dir = [] {
    std::string pattern = (access("/dev/shm", W_OK) == 0 ? std::string("/dev/shm") : std::string("/tmp")) +
                          "/signpost-fuzz-batch-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    return pattern;
  }();
  return dir;
}

Run run_batch(const std::string& rules, const std::string& input_path, bool ndjson, bool skip, size_t chunk,
              unsigned threads, const std::string* stream) {
  signpost::cli::BatchOptions opt;
  opt.rules = rules;
  opt.input = stream ? "-" : input_path;
  opt.format = ndjson ? "ndjson" : "csv";
  opt.output = workdir() + (ndjson ? "/out.ndjson" : "/out.csv");
  opt.threads = threads;
  opt.skip_invalid = skip;
  opt.chunk_bytes = chunk;
  opt.progress = "never";
  std::remove(opt.output.c_str());
  FILE* saved_stdin = stdin;
  if (stream) stdin = fmemopen(const_cast<char*>(stream->data()), stream->size(), "rb");
  std::ostringstream err;
  std::streambuf* saved_cerr = std::cerr.rdbuf(err.rdbuf());
  Run r;
  r.code = signpost::cli::run_batch_command(opt, false);
  std::cerr.rdbuf(saved_cerr);
  if (stream) {
    if (stdin) std::fclose(stdin);
    stdin = saved_stdin;
  }
  r.err = err.str();
  r.out = fuzz::read_file(opt.output);
  // Messages name the input where a line starts (`PLACE:LINE: error...`) or after "signpost: "; the
  // stream's name differs by design. Only those places are renamed: a message's text may quote
  // "<stdin>" from the input itself (a column named so).
  const std::string stdin_name = "<stdin>", prefix = "signpost: ";
  for (size_t at = 0; stream && (at = r.err.find(stdin_name, at)) != std::string::npos;) {
    const bool line_start = at == 0 || r.err[at - 1] == '\n';
    const bool after_prefix = at >= prefix.size() && r.err.compare(at - prefix.size(), prefix.size(), prefix) == 0 &&
                              (at == prefix.size() || r.err[at - prefix.size() - 1] == '\n');
    if (line_start || after_prefix) {
      r.err.replace(at, stdin_name.size(), input_path);
      at += input_path.size();
    } else {
      at += stdin_name.size();
    }
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3 || size > (64 << 10)) return 0;
  const bool ndjson = data[0] & 1, skip = data[0] & 2;
  static const char* const sets[] = {"self-check", "partner", "clinician-intake", "self-check"};
  const std::string rules = std::string(SIGNPOST_SOURCE_DIR "/rules/") + sets[(data[0] >> 2) & 3] + ".signpost";
  const size_t chunk = size_t(data[1]) + 1;
  const unsigned threads = 2 + data[2] % 3;
  const std::string text(reinterpret_cast<const char*>(data) + 3, size - 3);
  const std::string path = workdir() + (ndjson ? "/in.ndjson" : "/in.csv");
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  Run whole = run_batch(rules, path, ndjson, skip, 0, 1, nullptr);
  Run tiny = run_batch(rules, path, ndjson, skip, chunk, 1, nullptr);
  Run threaded = run_batch(rules, path, ndjson, skip, chunk, threads, &text);
  auto same = [&](const Run& a, const Run& b, const char* what) {
    std::string ca = "exit " + std::to_string(a.code) + "\n" + a.err + a.out;
    std::string cb = "exit " + std::to_string(b.code) + "\n" + b.err + b.out;
    fuzz::check(ca == cb, what, ca, cb);
  };
  same(whole, tiny, "batch: whole-file chunks and tiny chunks disagree");
  same(whole, threaded, "batch: one thread and several (streamed, tiny chunks) disagree");
  return 0;
}
