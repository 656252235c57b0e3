// Fuzz target: the differential oracle (tests/oracle) with seeds chosen by libFuzzer: the first 8
// bytes draw the rule file, the next 8 the answers.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "tests/fuzz/fuzz_util.hpp"
#include "tests/oracle/oracle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t seeds[2] = {0, 0};
  std::memcpy(seeds, data, std::min(size, sizeof seeds));
  oracle::Stats stats;
  std::string problem = oracle::check_rules(oracle::generate_rules(seeds[0]), seeds[1], stats);
  fuzz::check(problem.empty(), "the evaluators disagree", problem);
  return 0;
}
