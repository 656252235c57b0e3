// Fuzz target: two rule sets alternating on one thread, as a service with several assessments
// runs them. The input is a rule file, then a line "----", then an answers document; the fuzzed
// rule set and a shipped one take turns on the fast JSON path, each compared with the reference
// path, so state one rule set leaves behind on the thread (caches, scratch space) that another
// reads is caught.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const signpost::CompileOptions options = fuzz::options();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find("\n----\n");
  std::string_view rules = in.substr(0, cut), answers = cut == std::string_view::npos ? "{}" : in.substr(cut + 6);
  signpost::Compiled c = signpost::compile_source(std::string(rules), "fuzz.signpost", options);
  if (!c.ok() || c.ruleset->model().library) return 0;
  const signpost::RuleSet& mine = *c.ruleset;
  const std::vector<signpost::RuleSet>& shipped = fuzz::shipped();
  const signpost::RuleSet& other = shipped[size % shipped.size()];
  const std::string full_mine = fuzz::answers_for(mine.model(), false);
  const std::string full_other = fuzz::answers_for(other.model(), size % 2 == 0);
  for (int round = 0; round < 2; ++round) {
    fuzz::compare_paths(other, full_other);
    fuzz::compare_paths(mine, answers);
    fuzz::compare_paths(other, answers);
    fuzz::compare_paths(mine, full_mine);
  }
  return 0;
}
