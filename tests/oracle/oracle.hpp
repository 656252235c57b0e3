// The differential oracle: random well-typed rule files and answer sets, and the check that every
// evaluator of a rule set agrees with the reference `run` loop on every row.
//
// Used by tests/oracle/oracle_main.cpp (a bounded run in ctest, or as long as you like) and by
// tests/fuzz/fuzz_oracle.cpp (libFuzzer picks the seeds).
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace oracle {

// A rule file drawn from `seed`: scales of every kind, items with `ask when`, `required`,
// `points` and `reverse`, sections, thresholds, lets, bands and guidance over typed expressions
// (arithmetic, comparisons, `includes`, every aggregate with its options). Well typed by
// construction; a few still fail to compile (a condition that can never fire, say), which the
// caller counts and skips.
std::string generate_rules(uint64_t seed);

struct Stats {
  size_t rule_sets = 0, compiled = 0, rows = 0, complete_rows = 0;
};

// Compiles `rules`; when it compiles, draws rows of answers from `seed` (complete rows, and rows
// with 2-50% of their cells blank and not-asked items left blank or answered anyway) and
// checks that run_batch (1 and several threads, every output form, f64 and typed columns)
// agrees with `run` and dynamic_errors on every value interval, guidance outcome and
// answer error. Returns "" when they agree, else what differs (with the rule file).
std::string check_rules(const std::string& rules, uint64_t seed, Stats& stats);

// The same rule file for another engine to agree with (the WebAssembly one:
// tests/oracle/wasm_oracle.js): {"rules", "cases": [{"answers", "json", "indented", "text"}]}, the
// answers documents drawn from `seed` (rows as above as JSON, some with an invalid answer or an
// unknown key) and the native engine's outputs for each: the compact result, the result as
// `signpost eval` writes it, and the text report (or the errors as text). Null when the rule
// file does not compile.
nlohmann::json native_cases(const std::string& rules, uint64_t seed);

}  // namespace oracle
