// The table of built-in functions (engine/check/functions.hpp) is complete: every entry is in the
// grammar, has a kernel in both evaluators that agree, its line in docs/language.md, its golden
// case, and is highlighted by the editor grammar. A new entry that misses one fails here.
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/check/functions.hpp"
#include "engine/evaluate/batch.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {

std::string read(const std::string& path) {
  std::ifstream f(std::string(SIGNPOST_SOURCE_DIR) + "/" + path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// How the name is written where it is used: `sum(`, or `if ` for the construct.
std::string spelled(const char* name, bool construct) { return std::string(name) + (construct ? " " : "("); }

// docs/language.md has a line that names it (in code) and says its doc line.
bool documented(const std::string& docs, const std::string& use, const char* doc) {
  std::istringstream lines(docs);
  for (std::string line; std::getline(lines, line);)
    if (line.find("`" + use) != std::string::npos && line.find(doc) != std::string::npos) return true;
  return false;
}

TEST(Functions, EveryEntryHasItsDocLine) {
  const std::string docs = read("docs/language.md");
  for (const auto& a : model::kAggregates)
    EXPECT_TRUE(documented(docs, spelled(a.name, false), a.doc)) << a.name << ": no line in docs/language.md says \"" << a.doc << "\"";
  for (const auto& f : model::kFunctions)
    EXPECT_TRUE(documented(docs, spelled(f.name, f.shape == model::Shape::conditional), f.doc))
        << f.name << ": no line in docs/language.md says \"" << f.doc << "\"";
}

TEST(Functions, EveryEntryHasAGoldenCase) {
  auto used = [](const char* golden, const std::string& use) {
    const std::string rules = read(std::string("tests/golden/eval/") + golden + "/rules.signpost");
    const std::string expected = read(std::string("tests/golden/eval/") + golden + "/expected.json");
    return !expected.empty() && rules.find(use) != std::string::npos;
  };
  for (const auto& a : model::kAggregates)
    EXPECT_TRUE(used(a.golden, spelled(a.name, false))) << a.name << ": tests/golden/eval/" << a.golden << " does not use it";
  for (const auto& f : model::kFunctions)
    EXPECT_TRUE(used(f.golden, spelled(f.name, f.shape == model::Shape::conditional)))
        << f.name << ": tests/golden/eval/" << f.golden << " does not use it";
}

TEST(Functions, EveryEntryIsHighlightedByTheEditorGrammar) {
  const std::string grammar = read("editors/signpost.tmLanguage.json");
  auto named = [&](const std::string& w) {
    for (size_t at = grammar.find(w); at != std::string::npos; at = grammar.find(w, at + 1)) {
      char before = at ? grammar[at - 1] : ' ', after = at + w.size() < grammar.size() ? grammar[at + w.size()] : ' ';
      if (!std::isalnum(static_cast<unsigned char>(before)) && !std::isalnum(static_cast<unsigned char>(after)) &&
          before != '_' && after != '_')
        return true;
    }
    return false;
  };
  for (const auto& a : model::kAggregates) EXPECT_TRUE(named(a.name)) << a.name;
  for (const auto& f : model::kFunctions) EXPECT_TRUE(named(f.name)) << f.name;
}

bool same(double x, double y) { return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0; }

// Rules using an aggregate in each way it can be written: members always asked and asked on a
// condition, each policy it allows, a minimum, and `where` for counting aggregates.
std::string aggregate_rules(const model::AggregateSpec& a) {
  std::string body =
      "section q \"Q\"\n"
      "item a: freq \"A?\" cites s\nitem b: freq \"B?\" cites s\nitem c: freq \"C?\" cites s\n"
      "item d: freq \"D?\" cites s ask when a >= sometimes\n";
  std::vector<std::string> uses = {"a, b, c", "a, b, c, d", "q"};
  if (a.fold != model::Fold::answered) uses.push_back("a, b, c, d, minimum = 2");
  uses.push_back("a, b, d, unanswered = skip");
  if (a.prorate) uses.push_back("a, b, c, d, unanswered = prorate");
  if (a.members == model::Members::tests) uses.push_back("a, b, d where answer >= sometimes");
  std::string n = a.name;
  for (size_t k = 0; k < uses.size(); ++k) body += "let v" + std::to_string(k) + " = " + n + "(" + uses[k] + ")\n";
  const std::string v0 = a.yes_no ? "v0" : "v0 >= 2";
  body += "guidance g level info when " + v0 + " title \"G\" cites s\n  \"Something to read.\"\n";
  return body;
}

TEST(Functions, EveryAggregateHasAKernelThatAgreesWithRun) {
  for (const auto& a : model::kAggregates) {
    Compiled c = testing::compile(aggregate_rules(a));
    ASSERT_TRUE(c.ok()) << a.name << "\n" << c.render();
    const RuleSet& rs = *c.ruleset;
    const Program& p = rs.program();
    const size_t items = rs.model().items.size();
    // Every combination of answers, each item blank or one of its four options.
    size_t rows = 1;
    for (size_t i = 0; i < items; ++i) rows *= 5;
    std::vector<std::vector<double>> cols(items, std::vector<double>(rows));
    for (size_t r = 0; r < rows; ++r)
      for (size_t i = 0, x = r; i < items; ++i, x /= 5) cols[i][r] = x % 5 == 4 ? std::nan("") : double(x % 5);
    ColumnBatch batch;
    batch.rows = rows;
    for (const auto& col : cols) batch.items.push_back(col.data());
    BatchResult out;
    rs.run_batch(batch, out);
    AnswerRow row(items);
    Evaluation ev;
    size_t wrong = 0;
    for (size_t r = 0; r < rows; ++r) {
      for (size_t i = 0; i < items; ++i) row[i] = cols[i][r];
      rs.run(row, ev);
      for (size_t v = 0; v < p.value_slot.size(); ++v) {
        Interval x = ev.slots[p.value_slot[v]];
        wrong += !same(x.lo, out.value_lo[v * rows + r]) || !same(x.hi, out.value_hi[v * rows + r]);
      }
      wrong += outcome(ev.slots[p.guidance_slot[0]]) != out.guidance[r];
    }
    EXPECT_EQ(wrong, 0u) << a.name << ": the block evaluator and `run` disagree";
  }
}

TEST(Functions, EveryFunctionOfOneValueCompiles) {
  for (const auto& f : model::kFunctions) {
    if (f.shape == model::Shape::conditional) continue;
    std::string call = std::string(f.name) + "(sum(a, b) / 2" + (f.takes_rule ? ", half_even" : "") + ")";
    Compiled c = testing::compile("item a: freq \"A?\" cites s\nitem b: freq \"B?\" cites s\nlet v = " + call + "\n");
    EXPECT_TRUE(c.ok()) << f.name << "\n" << c.render();
  }
}

}  // namespace
}  // namespace signpost
