// signpost_oracle: the differential oracle over N random rule sets (default 2000, a few seconds).
//   signpost_oracle [--sets N] [--seed S] [--print SEED] [--native FILE]
// --print writes the rule file of one seed (to reproduce a report). --native writes N rule sets
// with answers and the native engine's outputs to FILE (JSON) for another engine to agree with
// (tests/oracle/wasm_oracle.js), and checks nothing itself. Exit 1 at the first
// disagreement, with the rule file and the row; 0 otherwise.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/oracle/oracle.hpp"

// The rule sets that compile, with their answers and the native outputs, as one JSON array.
static int write_native(const char* path, uint64_t first, uint64_t sets) {
  nlohmann::json all = nlohmann::json::array();
  for (uint64_t seed = first; seed < first + sets; ++seed) {
    nlohmann::json one = oracle::native_cases(oracle::generate_rules(seed), seed);
    if (!one.is_null()) all.push_back(std::move(one));
  }
  std::FILE* f = std::fopen(path, "wb");
  std::string text = all.dump();
  if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
    std::fprintf(stderr, "oracle: cannot write %s\n", path);
    return 2;
  }
  std::printf("oracle: %zu rule sets that compile, of %llu, written to %s\n", all.size(),
              static_cast<unsigned long long>(sets), path);
  return 0;
}

int main(int argc, char** argv) {
  uint64_t sets = 2000, first = 1;
  const char* native = nullptr;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (!std::strcmp(argv[a], "--sets")) sets = std::strtoull(argv[a + 1], nullptr, 10);
    else if (!std::strcmp(argv[a], "--seed")) first = std::strtoull(argv[a + 1], nullptr, 10);
    else if (!std::strcmp(argv[a], "--native")) native = argv[a + 1];
    else if (!std::strcmp(argv[a], "--print")) {
      std::fputs(oracle::generate_rules(std::strtoull(argv[a + 1], nullptr, 10)).c_str(), stdout);
      return 0;
    }
  }
  if (native) return write_native(native, first, sets);
  oracle::Stats stats;
  for (uint64_t seed = first; seed < first + sets; ++seed) {
    std::string problem = oracle::check_rules(oracle::generate_rules(seed), seed, stats);
    if (!problem.empty()) {
      std::fprintf(stderr, "oracle: evaluators disagree: %s\n", problem.c_str());
      return 1;
    }
  }
  std::printf("oracle: %zu random rule sets, %zu compiled, %zu rows (%zu complete) compared: all agree\n",
              stats.rule_sets, stats.compiled, stats.rows, stats.complete_rows);
  // A generator that drifts from the language would make this test pass vacuously.
  if (stats.compiled * 2 < stats.rule_sets) {
    std::fprintf(stderr, "oracle: fewer than half of the generated rule sets compile; fix the generator\n");
    return 1;
  }
  return 0;
}
