// signpost_oracle: the differential oracle over N random rule sets (default 2000, a few seconds).
//   signpost_oracle [--sets N] [--seed S] [--print SEED]
// --print writes the rule file of one seed (to reproduce a report). Exit 1 at the first
// disagreement, with the rule file and the row; 0 otherwise.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "tests/oracle/oracle.hpp"

int main(int argc, char** argv) {
  uint64_t sets = 2000, first = 1;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (!std::strcmp(argv[a], "--sets")) sets = std::strtoull(argv[a + 1], nullptr, 10);
    else if (!std::strcmp(argv[a], "--seed")) first = std::strtoull(argv[a + 1], nullptr, 10);
    else if (!std::strcmp(argv[a], "--print")) {
      std::fputs(oracle::generate_rules(std::strtoull(argv[a + 1], nullptr, 10)).c_str(), stdout);
      return 0;
    }
  }
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
