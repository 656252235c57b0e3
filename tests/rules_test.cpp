// The shipped rule sets against the articles they rest on.
//
// tests/data/seed-inventory.json itemises the three seed articles: every checklist item and
// seek-help criterion with its section and line, and every heading. These tests hold the rule
// sets in rules/ to it:
//   - every sign-checklist item and seek-help criterion is cited, at its line, by some question;
//   - every `line N` locator falls inside the section it names;
//   - the rule sets compile without warnings, and their examples reach every guidance, every
//     level, a missing answer and a question skipped by `ask when`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/signpost.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kRoot = fs::path(SIGNPOST_SOURCE_DIR);

json inventory() {
  std::ifstream in(kRoot / "tests" / "data" / "seed-inventory.json");
  EXPECT_TRUE(in.good()) << "missing tests/data/seed-inventory.json";
  json j;
  in >> j;
  return j;
}

struct Shipped {
  std::string file;
  RuleSet rules;
};

// The diagnostics a shipped rule set may have: none, except W098 for a translation into a
// language the wording check has no word lists for (rules/translations/partner.de.signpost): the
// check cannot read German, and says so every time rather than being silenced.
std::vector<Diagnostic> findings(const Compiled& c) {
  std::vector<Diagnostic> out;
  for (const auto& d : c.diagnostics)
    if (d.code != "W098") out.push_back(d);
  return out;
}

// Every rule set in rules/ that can be evaluated (not the shared library).
std::vector<Shipped> shipped() {
  std::vector<Shipped> out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kRoot / "rules"))
    if (e.path().extension() == ".signpost") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  CompileOptions options;
  options.source_texts = true;  // every cited line is checked against the article's text
  for (const auto& f : files) {
    Compiled c = compile_file(f.string(), options);
    EXPECT_TRUE(findings(c).empty()) << c.render();
    EXPECT_TRUE(c.ok()) << c.render();
    if (c.ok() && !c.ruleset->model().library) out.push_back({f.filename().string(), *c.ruleset});
  }
  return out;
}

// A cited place: article title, section, line.
using Place = std::tuple<std::string, std::string, uint32_t>;

std::string describe(const Place& p) {
  return "\"" + std::get<0>(p) + "\", section \"" + std::get<1>(p) + "\", line " + std::to_string(std::get<2>(p));
}

// Every place an item of a shipped rule set cites, with the items citing it.
std::map<Place, std::vector<std::string>> item_citations(const std::vector<Shipped>& sets) {
  std::map<Place, std::vector<std::string>> out;
  for (const auto& s : sets) {
    const auto& m = s.rules.model();
    for (const auto& it : m.items)
      for (const auto& c : it.cites)
        out[{m.sources[c.source].title, c.section, c.line}].push_back(s.file + ": " + it.id);
  }
  return out;
}

std::string title_of(const json& inv, const std::string& source_file) {
  for (const auto& s : inv.at("sources"))
    if (s.at("file") == source_file) return s.at("title");
  ADD_FAILURE() << "no source " << source_file << " in the inventory";
  return "";
}

TEST(ShippedRules, EverySignOfTheArticlesIsAsked) {
  json inv = inventory();
  auto sets = shipped();
  ASSERT_GE(sets.size(), 3u) << "expected the self-check, partner and clinician rule sets";
  auto cited = item_citations(sets);
  size_t checked = 0;
  for (const auto& list : inv.at("checklists")) {
    for (const auto& item : list.at("items")) {
      Place p{title_of(inv, item.at("source_file")), item.at("section"), item.at("line").get<uint32_t>()};
      ++checked;
      EXPECT_TRUE(cited.count(p)) << item.at("id").get<std::string>() << " (" << list.at("name").get<std::string>()
                                  << ": \"" << item.at("verbatim").get<std::string>()
                                  << "\") is not cited by any question; cite " << describe(p);
    }
  }
  EXPECT_EQ(checked, 39u) << "the inventory's checklists changed";
}

TEST(ShippedRules, EverySeekHelpCriterionIsAsked) {
  json inv = inventory();
  auto cited = item_citations(shipped());
  size_t checked = 0;
  for (const auto& c : inv.at("seek_help").at("criteria")) {
    // The inventory flags one criterion as off-topic boilerplate (workplace anger in a footer);
    // it is not about intimacy, so no rule set asks it.
    if (c.value("off_topic", false)) continue;
    Place p{title_of(inv, c.at("source_file")), c.at("section"), c.at("line").get<uint32_t>()};
    ++checked;
    EXPECT_TRUE(cited.count(p)) << c.at("id").get<std::string>() << " (\"" << c.at("verbatim").get<std::string>()
                                << "\") is not cited by any question; cite " << describe(p);
  }
  EXPECT_EQ(checked, 7u);
}

// The priority safety passages lead to questions marked `safety` in the self-check.
TEST(ShippedRules, TheSafetyPassagesAreSafetyQuestions) {
  json inv = inventory();
  for (const auto& s : shipped()) {
    const auto& m = s.rules.model();
    std::set<Place> safety_cited;
    for (const auto& it : m.items)
      if (it.safety)
        for (const auto& c : it.cites) safety_cited.insert({m.sources[c.source].title, c.section, c.line});
    EXPECT_FALSE(safety_cited.empty()) << s.file << " asks no safety question";
    const Place physical{title_of(inv, "001_59ba2677b6ab772d.txt"), "1. Building Safety", 33};
    EXPECT_TRUE(safety_cited.count(physical)) << s.file << ": no safety question cites " << describe(physical);
  }
}

TEST(ShippedRules, EveryLineLocatorIsInsideItsSection) {
  json inv = inventory();
  // title -> heading text -> [first line, line of the next heading)
  std::map<std::string, std::map<std::string, std::pair<uint32_t, uint32_t>>> ranges;
  for (const auto& src : inv.at("sources")) {
    const auto& hs = src.at("headings");
    for (size_t k = 0; k < hs.size(); ++k) {
      uint32_t begin = hs[k].at("line"), end = k + 1 < hs.size() ? hs[k + 1].at("line").get<uint32_t>()
                                                                : src.at("lines").get<uint32_t>() + 1;
      ranges[src.at("title")][hs[k].at("text")] = {begin, end};
    }
  }
  size_t checked = 0;
  for (const auto& s : shipped()) {
    const auto& m = s.rules.model();
    auto check = [&](const std::vector<model::Citation>& cs, const std::string& who) {
      for (const auto& c : cs) {
        if (!c.line) continue;
        ++checked;
        const std::string& title = m.sources[c.source].title;
        ASSERT_TRUE(ranges.count(title)) << s.file << ": source \"" << title << "\" is not one of the articles";
        auto r = ranges[title].find(c.section);
        ASSERT_NE(r, ranges[title].end()) << s.file << ": " << who << " cites a section that is not a heading: "
                                          << c.section;
        EXPECT_TRUE(c.line >= r->second.first && c.line < r->second.second)
            << s.file << ": " << who << " cites line " << c.line << " of \"" << c.section << "\", which runs from line "
            << r->second.first << " to " << r->second.second - 1;
      }
    };
    for (const auto& it : m.items) check(it.cites, "item " + it.id);
    for (const auto& g : m.guidance) check(g.cites, "guidance " + g.id);
  }
  EXPECT_GT(checked, 100u);
}

// Items named anywhere in an expression.
void items_in(const model::TExpr& e, std::set<int>& out) {
  if (e.kind == model::TExpr::K::item) out.insert(e.ref);
  for (int i : e.members) out.insert(i);
  for (const auto& a : e.args) items_in(a, out);
}

TEST(ShippedRules, CompileCleanlyAndTheirExamplesReachEveryGuidance) {
  for (const auto& e : fs::directory_iterator(kRoot / "rules")) {
    if (e.path().extension() != ".signpost") continue;
    Compiled c = compile_file(e.path().string());
    EXPECT_EQ(findings(c).size(), 0u) << c.render();
  }
  for (const auto& s : shipped()) {
    const auto& m = s.rules.model();
    for (const auto& o : run_examples(s.rules)) EXPECT_TRUE(o.passed()) << s.file << ": " << o.title;
    std::set<int> fired;
    bool undetermined = false, skip_logic = false;
    std::set<int> ask_inputs;
    for (const auto& it : m.items)
      if (it.ask) items_in(*it.ask, ask_inputs);
    EXPECT_FALSE(ask_inputs.empty()) << s.file << " has no question with `ask when`";
    for (const auto& ex : m.examples) {
      for (const auto& x : ex.expects) {
        if (x.target_kind != 'g') continue;
        if (x.kind == model::Expectation::Kind::fires) fired.insert(x.target);
        if (x.kind == model::Expectation::Kind::undetermined) undetermined = true;
      }
      for (const auto& [item, lit] : ex.givens)
        if (ask_inputs.count(item)) skip_logic = true;
    }
    std::set<model::Level> levels;
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      levels.insert(m.guidance[g].level);
      EXPECT_TRUE(fired.count(int(g))) << s.file << ": no example shows guidance '" << m.guidance[g].id << "' firing";
    }
    EXPECT_EQ(levels.size(), 4u) << s.file << " does not use every level";
    EXPECT_TRUE(undetermined) << s.file << ": no example leaves a guidance undetermined by a missing answer";
    EXPECT_TRUE(skip_logic) << s.file << ": no example answers a question that decides whether another is asked";
  }
}

// The three audiences, and the caveat about thresholds in each disclaimer.
TEST(ShippedRules, OneRuleSetPerAudienceAndThresholdsAreCaveated) {
  std::set<std::string> audiences;
  for (const auto& s : shipped()) {
    const auto& m = s.rules.model();
    audiences.insert(m.audience);
    EXPECT_NE(m.disclaimer.find("not clinically validated"), std::string::npos)
        << s.file << ": the disclaimer must say that the thresholds are not clinically validated";
    bool has_threshold = false;
    for (const auto& v : m.values)
      if (v.kind == model::Value::Kind::threshold) {
        has_threshold = true;
        EXPECT_NE(v.note.find("Not clinically validated"), std::string::npos)
            << s.file << ": threshold " << v.id << " needs a note with its reasoning and the caveat";
      }
    EXPECT_TRUE(has_threshold) << s.file;
  }
  EXPECT_EQ(audiences, (std::set<std::string>{"self", "partner", "clinician"}));
}

namespace signpost {
namespace {

// rules/<name>.md is `signpost doc rules/<name>.signpost`, committed so that reviewers can read
// the content without the tool. Regenerate with SIGNPOST_UPDATE_GOLDEN=1 (as for golden files).
TEST(ShippedRules, TheirReviewDocumentsAreCurrent) {
  const char* update = std::getenv("SIGNPOST_UPDATE_GOLDEN");
  for (const auto& s : shipped()) {
    fs::path md = kRoot / "rules" / (fs::path(s.file).stem().string() + ".md");
    std::string expected, actual = s.rules.document();
    std::ifstream in(md, std::ios::binary);
    if (in) {
      std::ostringstream ss;
      ss << in.rdbuf();
      expected = ss.str();
    }
    if (update && std::string(update) == "1") {
      if (expected != actual) std::ofstream(md, std::ios::binary) << actual;
      continue;
    }
    EXPECT_EQ(expected, actual) << "rules/" << md.filename().string() << " is out of date; regenerate it with\n  signpost doc rules/"
                                << s.file << " -o rules/" << md.filename().string();
  }
}

}  // namespace
}  // namespace signpost

// The review document tells a reviewer what each safety answer holds back: for the self-check,
// being unsafe means no closeness guidance and none of the couples or sex-therapy steps, and
// anger out of control still withholds the touch steps of physical closeness.
TEST(ShippedRules, TheirReviewDocumentsShowWhatSafetyAnswersHoldBack) {
  for (const auto& s : shipped()) {
    if (s.file != "self-check.signpost") continue;
    std::string doc = s.rules.document();
    auto row = [&](const std::string& answer) {
      size_t at = doc.find("| `" + answer + "` = Yes |");
      EXPECT_NE(at, std::string::npos) << answer;
      return at == std::string::npos ? std::string() : doc.substr(at, doc.find('\n', at) - at);
    };
    std::string unsafe = row("unsafe_relationship"), anger = row("anger_out_of_control");
    EXPECT_NE(unsafe.find("`safety_first` | "), std::string::npos) << unsafe;
    EXPECT_NE(unsafe.find("`physical_closeness`"), std::string::npos) << unsafe;
    EXPECT_NE(unsafe.find("(couples)"), std::string::npos) << unsafe;
    EXPECT_NE(anger.find("`anger_support` | "), std::string::npos) << anger;
    EXPECT_NE(anger.find("`physical_closeness` step 1 (touch)"), std::string::npos) << anger;
    EXPECT_NE(doc.find("- Answers: `pressured_after_no` = yes\n- Expects `safety_first` to be shown"), std::string::npos);
  }
}

}  // namespace
}  // namespace signpost
