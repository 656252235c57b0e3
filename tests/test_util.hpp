// Shared helpers for the unit tests: compile small rule files from strings.
#pragma once
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "engine/signpost.hpp"

namespace signpost::testing {

// A valid header every test file can start from.
inline const char* kHeader =
    "assessment t \"Test\" version \"1\"\n"
    "disclaimer \"This is information only. It is not a diagnosis.\"\n"
    "source s \"Source\"\n"
    "scale freq: never = 0 \"Never\", sometimes = 1 \"Sometimes\", often = 2 \"Often\", almost_always = 3 "
    "\"Almost always\" endorse from often\n";

// Compiles `body` after the standard header; `files` are importable by name.
inline Compiled compile(const std::string& body, const std::map<std::string, std::string>& files = {},
                        bool header = true) {
  CompileOptions opt;
  opt.reader = memory_reader(files);
  return compile_source((header ? std::string(kHeader) : std::string()) + body, "test.signpost", opt);
}

inline std::vector<std::string> codes(const Compiled& c) {
  std::vector<std::string> v;
  for (const auto& d : c.diagnostics) v.push_back(d.code);
  return v;
}

inline long count_code(const Compiled& c, const std::string& code) {
  long n = 0;
  for (const auto& d : c.diagnostics) n += d.code == code;
  return n;
}

inline bool has_code(const Compiled& c, const std::string& code) {
  for (const auto& d : c.diagnostics)
    if (d.code == code) return true;
  return false;
}

// Evaluates and returns the result (asserting the answers were valid).
inline nlohmann::json eval(const RuleSet& rs, const nlohmann::json& answers) {
  EvalResult r = rs.evaluate(answers);
  EXPECT_TRUE(r.ok) << r.result.dump(2);
  return r.result;
}

inline std::vector<std::string> fired(const nlohmann::json& result) {
  std::vector<std::string> v;
  for (const auto& g : result.at("guidance")) v.push_back(g.at("id"));
  return v;
}
inline std::vector<std::string> undetermined(const nlohmann::json& result) {
  std::vector<std::string> v;
  for (const auto& g : result.at("undetermined")) v.push_back(g.at("id"));
  return v;
}

}  // namespace signpost::testing
