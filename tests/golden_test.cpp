// Golden test directories: adding a case is adding files.
//
//   tests/golden/eval/<case>/   rules.signpost (+ files it imports), answers.json, expected.json,
//                               and optionally resources.json (a deployment's contacts)
//                               and lang.txt (evaluate in that translation's language)
//       expected.json = RuleSet::evaluate_text(answers.json).result.dump(2) + "\n"
//       (for invalid answers that is the errors document: a valid golden too; for an invalid
//       resources.json, {"errors": [...]} with its R-codes)
//   tests/golden/shipped/<case>/ rule-set.txt (the name of a rule file in rules/), answers.json,
//                               optionally resources.json and lang.txt; expected.json and expected.txt (the
//                               text report): realistic answers to the shipped rule sets
//   tests/golden/check/<case>/  rules.signpost (+ files it imports), expected.txt
//       expected.txt = Compiled::render(false): every diagnostic, no colour; at least one
//
// Cases are discovered when the test program starts, one parameterized test per directory.
// To (re)write the expected files instead of comparing:
//
//   SIGNPOST_UPDATE_GOLDEN=1 ./signpost_tests --gtest_filter='Golden*'
//
// then read every changed expected file before committing it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/signpost.hpp"
#include "engine/report/report.hpp"

namespace {
namespace fs = std::filesystem;

const fs::path kRoot = fs::path(SIGNPOST_SOURCE_DIR);
const fs::path kGolden = kRoot / "tests" / "golden";

// Codes that no golden case needs to show, each with the reason. Keep this list short: every
// code here is one a rule author or an answering app can meet without a test noticing a change.
//
// Today it is empty: both kinds of case reach every code the engine raises. Some situations
// behind a code are not worth a golden case, but the code itself is shown by another one:
//   E070  a rule file over 1 MiB, too many declarations, imports or items (shown instead by an
//         expression nested more than 48 parentheses deep: check/E070-expression-nested-too-deeply)
//   A010  an answers document over 1 MiB (shown by nesting: eval/answers-A010-too-deep)
//   E050  an unreadable main file in compile_file (shown by a missing import: check/E050-missing-import)
// A code that truly cannot be reached from a rule file and an answers document belongs here,
// with a comment saying why.
const std::set<std::string> kUncoveredAllowed = {
    "E092",  // a failing property, reported by `signpost check` through engine/verify: tests/golden/verify/ shows it
    // A020 (ambiguous REDCap codes) and A021 (a convention that names nothing) are about the
    // columns of a table read with declared conventions (batch --redcap/--codes/--keep), which
    // neither a rule file nor an answers document has: tests/redcap_test.sh and
    // python/tests/test_research.py show them.
    "A020", "A021",
};

bool update_mode() {
  const char* v = std::getenv("SIGNPOST_UPDATE_GOLDEN");
  return v && std::string(v) == "1";
}

bool read_text(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  ASSERT_TRUE(out.good()) << "cannot write " << p;
}

// ---- a small line diff ----------------------------------------------------------

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : s) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur + "\\ (no newline at end)");
  return lines;
}

// Unified-style diff of two texts (longest common subsequence of lines), three lines of context.
std::string line_diff(const std::string& expected, const std::string& actual) {
  std::vector<std::string> a = split_lines(expected), b = split_lines(actual);
  const size_t n = a.size(), m = b.size();
  if (n * m > 25'000'000) return "(too large to diff: " + std::to_string(n) + " and " + std::to_string(m) + " lines)\n";
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  struct Op {
    char kind;  // ' ', '-', '+'
    size_t ai, bi;
  };
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', i++, j++});
    else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push_back({'-', i++, j});
    else ops.push_back({'+', i, j++});
  }
  const size_t context = 3;
  std::string out = "--- expected\n+++ actual\n";
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // a hunk: from `context` lines before this change to `context` lines after the last change
    // that is within 2*context lines of the previous one
    size_t start = k >= context ? k - context : 0;
    size_t end = k;
    while (true) {
      size_t next = end + 1;
      while (next < ops.size() && ops[next].kind == ' ') ++next;
      if (next < ops.size() && next - end <= 2 * context) end = next;
      else break;
    }
    size_t stop = std::min(ops.size(), end + context + 1);
    size_t a_start = ops[start].ai, b_start = ops[start].bi, a_len = 0, b_len = 0;
    std::string body;
    for (size_t x = start; x < stop; ++x) {
      const Op& o = ops[x];
      if (o.kind != '+') ++a_len;
      if (o.kind != '-') ++b_len;
      body += o.kind;
      body += (o.kind == '+' ? b[o.bi] : a[o.ai]);
      body += '\n';
    }
    out += "@@ -" + std::to_string(a_len ? a_start + 1 : a_start) + "," + std::to_string(a_len) + " +" +
           std::to_string(b_len ? b_start + 1 : b_start) + "," + std::to_string(b_len) + " @@\n" + body;
    k = stop;
  }
  return out;
}

// Compares `actual` with the expected file, or rewrites it in update mode.
void compare_or_update(const fs::path& expected_path, const std::string& actual, const std::string& case_name) {
  if (update_mode()) {
    std::string old;
    if (!read_text(expected_path, old) || old != actual) write_text(expected_path, actual);
    return;
  }
  std::string expected;
  ASSERT_TRUE(read_text(expected_path, expected))
      << "missing " << expected_path.lexically_relative(kRoot).generic_string()
      << "\nto create it: SIGNPOST_UPDATE_GOLDEN=1 ./signpost_tests --gtest_filter='Golden*" << case_name << "*'";
  if (expected == actual) return;
  ADD_FAILURE() << expected_path.lexically_relative(kRoot).generic_string() << " differs from the actual output:\n"
                << line_diff(expected, actual)
                << "if the new output is right, update it (from the build directory) with:\n  SIGNPOST_UPDATE_GOLDEN=1 ./signpost_tests "
                   "--gtest_filter='Golden*"
                << case_name << "*'\nand read the changed file before committing it.";
}

// ---- cases ---------------------------------------------------------------------

struct GoldenCase {
  std::string kind;  // "eval" or "check"
  std::string dir_name;
  fs::path dir;
};

// Shown by GoogleTest for a failing case instead of the struct's bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << "tests/golden/" << c.kind << "/" << c.dir_name; }

std::vector<GoldenCase> discover(const std::string& kind) {
  std::vector<GoldenCase> out;
  std::error_code ec;
  fs::path base = kGolden / kind;
  if (!fs::is_directory(base, ec)) return out;
  for (const auto& entry : fs::directory_iterator(base, ec))
    if (entry.is_directory()) out.push_back({kind, entry.path().filename().string(), entry.path()});
  std::sort(out.begin(), out.end(), [](const GoldenCase& x, const GoldenCase& y) { return x.dir_name < y.dir_name; });
  return out;
}

std::string sanitize(const std::string& name) {
  std::string s;
  for (char c : name) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s.empty() ? "_" : s;
}

std::string case_test_name(const ::testing::TestParamInfo<GoldenCase>& info) { return sanitize(info.param.dir_name); }

// Imports resolve inside the case directory only, so a case is hermetic.
signpost::CompileOptions case_options(const fs::path& dir) {
  signpost::CompileOptions options;
  options.reader = [dir](const std::string& path, std::string& error) -> std::optional<std::string> {
    fs::path rel = fs::path(path).lexically_normal();
    if (rel.is_absolute() || (!rel.empty() && *rel.begin() == "..")) {
      error = "a golden case may only import files inside its own directory";
      return std::nullopt;
    }
    return signpost::filesystem_reader()((dir / rel).string(), error);
  };
  options.source_texts = true;  // as `signpost check` does: cited lines are checked against a source's `file`
  return options;
}

signpost::Compiled compile_case(const GoldenCase& c) {
  std::string text;
  EXPECT_TRUE(read_text(c.dir / "rules.signpost", text)) << "missing " << (c.dir / "rules.signpost");
  return signpost::compile_source(text, "rules.signpost", case_options(c.dir));
}

class GoldenEval : public ::testing::TestWithParam<GoldenCase> {};
class GoldenCheck : public ::testing::TestWithParam<GoldenCase> {};

// lang.txt: evaluate with the texts of that translation (the report in its language).
void in_case_language(const GoldenCase& c, signpost::RuleSet& rules) {
  std::string lang;
  if (!read_text(c.dir / "lang.txt", lang)) return;
  lang.erase(lang.find_last_not_of(" \n\r\t") + 1);
  auto view = rules.in_language(lang);
  ASSERT_TRUE(view) << "the rules have no '" << lang << "' translation";
  rules = *view;
}

TEST_P(GoldenEval, Case) {
  const GoldenCase& c = GetParam();
  signpost::Compiled compiled = compile_case(c);
  ASSERT_TRUE(compiled.ok()) << "an eval case's rules must compile:\n" << compiled.render(false);
  std::string answers;
  ASSERT_TRUE(read_text(c.dir / "answers.json", answers)) << "missing " << (c.dir / "answers.json");
  signpost::RuleSet rules = *compiled.ruleset;
  std::string resources;
  if (read_text(c.dir / "resources.json", resources)) {
    signpost::Resources res;
    std::vector<signpost::AnswerError> errors;
    if (!signpost::parse_resources_text(resources, res, errors)) {
      nlohmann::json doc = {{"errors", nlohmann::json::array()}};
      for (const auto& e : errors) doc["errors"].push_back(signpost::to_json(e));
      compare_or_update(c.dir / "expected.json", doc.dump(2) + "\n", sanitize(c.dir_name));
      return;
    }
    rules = rules.with_resources(res);
  }
  in_case_language(c, rules);
  if (::testing::Test::HasFatalFailure()) return;
  signpost::EvalResult r = rules.evaluate_text(answers);
  compare_or_update(c.dir / "expected.json", r.result.dump(2) + "\n", sanitize(c.dir_name));
}

class GoldenShipped : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenShipped, Case) {
  const GoldenCase& c = GetParam();
  std::string name, answers, resources;
  ASSERT_TRUE(read_text(c.dir / "rule-set.txt", name)) << "missing " << (c.dir / "rule-set.txt");
  name.erase(name.find_last_not_of(" \n\r\t") + 1);
  signpost::Compiled compiled = signpost::compile_file((kRoot / "rules" / name).string());
  ASSERT_TRUE(compiled.ok()) << compiled.render(false);
  signpost::RuleSet rules = *compiled.ruleset;
  if (read_text(c.dir / "resources.json", resources)) {
    signpost::Resources res;
    std::vector<signpost::AnswerError> errors;
    ASSERT_TRUE(signpost::parse_resources_text(resources, res, errors)) << signpost::errors_text(errors);
    rules = rules.with_resources(res);
  }
  in_case_language(c, rules);
  if (::testing::Test::HasFatalFailure()) return;
  ASSERT_TRUE(read_text(c.dir / "answers.json", answers)) << "missing " << (c.dir / "answers.json");
  signpost::EvalResult r = rules.evaluate_text(answers);
  ASSERT_TRUE(r.ok) << signpost::errors_text(r.errors);
  compare_or_update(c.dir / "expected.json", r.result.dump(2) + "\n", sanitize(c.dir_name));
  compare_or_update(c.dir / "expected.txt", signpost::report_text(r.report), sanitize(c.dir_name));
  // The HTML report, for the cases that have one (tests/browser checks each with axe-core).
  if (fs::exists(c.dir / "expected.html"))
    compare_or_update(c.dir / "expected.html", signpost::report_html(r.report), sanitize(c.dir_name));
}

TEST_P(GoldenCheck, Case) {
  const GoldenCase& c = GetParam();
  signpost::Compiled compiled = compile_case(c);
  ASSERT_FALSE(compiled.diagnostics.empty())
      << "a check case must produce at least one diagnostic; a clean rule file belongs in eval/";
  compare_or_update(c.dir / "expected.txt", compiled.render(false), sanitize(c.dir_name));
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenEval, ::testing::ValuesIn(discover("eval")), case_test_name);
INSTANTIATE_TEST_SUITE_P(Golden, GoldenCheck, ::testing::ValuesIn(discover("check")), case_test_name);
INSTANTIATE_TEST_SUITE_P(Golden, GoldenShipped, ::testing::ValuesIn(discover("shipped")), case_test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenShipped);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenEval);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenCheck);

// ---- the directories themselves -------------------------------------------------

TEST(GoldenLayout, BothKindsHaveCases) {
  EXPECT_FALSE(discover("eval").empty()) << "no cases in " << (kGolden / "eval");
  EXPECT_FALSE(discover("check").empty()) << "no cases in " << (kGolden / "check");
}

// Every shipped rule set has an HTML report golden case.
TEST(GoldenLayout, EveryShippedRuleSetHasAnHtmlCase) {
  std::set<std::string> rule_sets, with_html;
  for (const auto& d : fs::directory_iterator(kRoot / "rules"))
    if (d.path().extension() == ".signpost" && d.path().filename() != "common.signpost")
      rule_sets.insert(d.path().filename().string());
  for (const auto& c : discover("shipped")) {
    std::string name;
    if (!fs::exists(c.dir / "expected.html") || !read_text(c.dir / "rule-set.txt", name)) continue;
    with_html.insert(name.substr(0, name.find_last_not_of(" \n\r\t") + 1));
  }
  EXPECT_EQ(with_html, rule_sets);
}

TEST(GoldenLayout, CaseNamesAreDistinctTestNames) {
  for (const char* kind : {"eval", "check"}) {
    std::map<std::string, std::string> seen;
    for (const auto& c : discover(kind)) {
      auto [it, fresh] = seen.emplace(sanitize(c.dir_name), c.dir_name);
      EXPECT_TRUE(fresh) << kind << "/" << c.dir_name << " and " << kind << "/" << it->second
                         << " give the same test name " << it->first;
    }
  }
}

TEST(GoldenLayout, CasesHaveTheirFiles) {
  for (const auto& c : discover("eval"))
    for (const char* f : {"rules.signpost", "answers.json"})
      EXPECT_TRUE(fs::is_regular_file(c.dir / f)) << "eval/" << c.dir_name << " has no " << f;
  for (const auto& c : discover("check"))
    EXPECT_TRUE(fs::is_regular_file(c.dir / "rules.signpost")) << "check/" << c.dir_name << " has no rules.signpost";
}

// ---- every diagnostic code has a golden case --------------------------------------

std::set<std::string> engine_codes() {
  std::set<std::string> codes;
  const std::regex literal("\"([EWAR]0[0-9][0-9])\"");
  for (const auto& entry : fs::recursive_directory_iterator(kRoot / "engine")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".cpp") continue;
    std::string text;
    if (!read_text(entry.path(), text)) continue;
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it)
      codes.insert((*it)[1].str());
  }
  return codes;
}

// Which golden cases show each code.
std::map<std::string, std::vector<std::string>> golden_codes() {
  std::map<std::string, std::vector<std::string>> out;
  const std::regex shown(R"re(\[([EWAR]0[0-9][0-9])\]|"code": "([EWAR]0[0-9][0-9])")re");
  for (const auto& [kind, file] : {std::pair<std::string, std::string>{"eval", "expected.json"}, {"check", "expected.txt"}}) {
    for (const auto& c : discover(kind)) {
      std::string text;
      if (!read_text(c.dir / file, text)) continue;
      for (std::sregex_iterator it(text.begin(), text.end(), shown), end; it != end; ++it) {
        std::string code = (*it)[1].matched ? (*it)[1].str() : (*it)[2].str();
        auto& cases = out[code];
        if (std::find(cases.begin(), cases.end(), kind + "/" + c.dir_name) == cases.end())
          cases.push_back(kind + "/" + c.dir_name);
      }
    }
  }
  return out;
}

TEST(GoldenCoverage, EveryDiagnosticCodeHasAGoldenCase) {
  std::set<std::string> codes = engine_codes();
  ASSERT_FALSE(codes.empty()) << "found no diagnostic codes under " << (kRoot / "engine");
  std::map<std::string, std::vector<std::string>> shown = golden_codes();
  for (const auto& code : codes) {
    if (kUncoveredAllowed.count(code)) continue;
    EXPECT_TRUE(shown.count(code)) << code
                                   << " is raised in engine/ but no golden case shows it: add a case under "
                                      "tests/golden/check/ or tests/golden/eval/ whose expected output contains ["
                                   << code << "] or \"code\": \"" << code << "\"";
  }
}

TEST(GoldenCoverage, AllowlistIsCurrent) {
  std::set<std::string> codes = engine_codes();
  std::map<std::string, std::vector<std::string>> shown = golden_codes();
  for (const auto& code : kUncoveredAllowed) {
    EXPECT_TRUE(codes.count(code)) << code << " is allowlisted but no longer raised in engine/: remove it";
    EXPECT_FALSE(shown.count(code)) << code << " is allowlisted but golden cases show it: remove it from the list";
  }
  for (const auto& [code, cases] : shown)
    EXPECT_TRUE(codes.count(code)) << code << " appears in golden output but is not raised in engine/";
}

}  // namespace
