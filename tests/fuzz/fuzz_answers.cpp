// Fuzz target: an answers document -> validate + evaluate on every shipped rule set, the fast
// JSON path (evaluate_json) compared byte for byte with the reference path
// (evaluate_text(...).result.dump()): the same verdict and the same bytes, on plain rule sets and
// with a deployment's resources; and the same text read as a resources file. The rule sets alternate on one thread, as in a service.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<signpost::RuleSet> sets = [] {
    std::vector<signpost::RuleSet> out = fuzz::shipped();
    signpost::Resources res;
    res.region = "Fuzzland";
    res.urgent_text = "Call 000 now.";
    res.contacts.push_back({"Fuzz line", "000", "", "", "24 hours"});
    res.deployed = true;
    out.push_back(out.front().with_resources(res));
    return out;
  }();
  std::string_view answers(reinterpret_cast<const char*>(data), size);
  for (const signpost::RuleSet& rs : sets) fuzz::compare_paths(rs, answers);
  // The same text as a deployment's resources file: refused with errors, or read and written back.
  signpost::Resources res;
  std::vector<signpost::AnswerError> errors;
  if (signpost::parse_resources_text(answers, res, errors)) (void)signpost::to_json(res).dump();
  else
    for (const auto& e : errors) (void)signpost::to_json(e).dump();
  return 0;
}
