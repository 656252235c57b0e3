// What the fuzz targets share: the shipped rule sets, an import reader that never touches the
// disk, answers made from a model, and a check that stops the fuzzer with a message.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/signpost.hpp"

namespace fuzz {

// A broken promise between two paths is a finding: print what differs and stop (libFuzzer then
// saves the input as a crash).
inline void check(bool ok, const char* what, const std::string& a = {}, const std::string& b = {}) {
  if (ok) return;
  std::fprintf(stderr, "fuzz: %s\n--- first\n%s\n--- second\n%s\n", what, a.substr(0, 4000).c_str(),
               b.substr(0, 4000).c_str());
  std::abort();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Imports resolve to the shipped shared library (rules/common.signpost) and nothing else: a fuzz
// input must not read the machine's files.
inline signpost::CompileOptions options() {
  static const std::string common = read_file(SIGNPOST_SOURCE_DIR "/rules/common.signpost");
  signpost::CompileOptions o;
  o.reader = [](const std::string& path, std::string& error) -> std::optional<std::string> {
    if (path.size() >= 15 && path.compare(path.size() - 15, 15, "common.signpost") == 0) return common;
    error = "not readable while fuzzing";
    return std::nullopt;
  };
  return o;
}

// The shipped rule sets (rules/*.signpost that can be evaluated), compiled once.
inline const std::vector<signpost::RuleSet>& shipped() {
  static const std::vector<signpost::RuleSet> sets = [] {
    std::vector<signpost::RuleSet> out;
    for (const char* name : {"self-check", "partner", "clinician-intake"}) {
      std::string path = std::string(SIGNPOST_SOURCE_DIR "/rules/") + name + ".signpost";
      signpost::Compiled c = signpost::compile_file(path);
      if (!c.ok()) {
        std::fprintf(stderr, "fuzz: %s does not compile\n%s", path.c_str(), c.render().c_str());
        std::abort();
      }
      out.push_back(*c.ruleset);
    }
    return out;
  }();
  return sets;
}

// An answers document for a model: every item answered with its first (`last`: its last) answer.
// Answers to items that are not asked make A006 errors, which is a path worth running too.
inline std::string answers_for(const signpost::model::Model& m, bool last) {
  using K = signpost::model::Scale::Kind;
  nlohmann::json doc = nlohmann::json::object();
  for (const auto& item : m.items) {
    const auto& sc = m.scales[size_t(item.scale)];
    switch (sc.kind) {
      case K::boolean: doc[item.id] = last; break;
      case K::options: doc[item.id] = last ? sc.options.back().id : sc.options.front().id; break;
      case K::multiple:
        doc[item.id] = last ? nlohmann::json::array() : nlohmann::json::array({sc.options.front().id});
        break;
      case K::integer:
      case K::decimal: doc[item.id] = last ? sc.hi : sc.lo; break;
    }
  }
  return doc.dump();
}

// The fast JSON path and the reference path must give the same verdict and the same bytes.
inline void compare_paths(const signpost::RuleSet& rs, std::string_view answers) {
  signpost::EvalResult ref = rs.evaluate_text(answers);
  std::string fast;
  std::vector<signpost::AnswerError> errors;
  bool ok = rs.evaluate_json(answers, fast, &errors);
  std::string reference = ref.result.dump();  // must not throw: a result is valid UTF-8
  check(ok == ref.ok, "evaluate_json and evaluate_text disagree on validity", fast, reference);
  check(fast == reference, "evaluate_json differs from evaluate_text(...).result.dump()", fast, reference);
  check(errors.size() == ref.errors.size(), "evaluate_json lists other errors", fast, reference);
}

}  // namespace fuzz
