// `signpost fmt` (engine/format): the layout itself, and on every shipped rule file and every
// golden case (found when the test runs, so new files are covered) that it is idempotent and
// changes nothing but layout: the formatted file compiles to the same program and the same review
// document, or, when the file has errors, to the same diagnostics.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "engine/format/format.hpp"
#include "engine/signpost.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fmt(const std::string& text) {
  FormatResult r = format_source(text);
  EXPECT_TRUE(r.ok) << r.error;
  return r.text;
}

std::string without_blanks(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
  return s;
}

// What a rule file means, for comparing a file with its formatted self: the program, the review
// document (which quotes expressions as written, so compared without white space, and names the
// content hash, which is of the text), or the diagnostics without their positions.
std::string meaning(const std::string& text, const std::string& path) {
  Compiled c = compile_source(text, path);
  if (!c.ok()) {
    std::string out = "errors:";
    for (const Diagnostic& d : c.diagnostics) out += "\n" + d.code + " " + without_blanks(d.message);
    return out;
  }
  std::string doc = c.ruleset->document();
  const std::string& hash = c.ruleset->content_hash();
  for (size_t at; (at = doc.find(hash)) != std::string::npos;) doc.replace(at, hash.size(), "HASH");
  return c.ruleset->disassemble() + "\n" + without_blanks(doc);
}

std::vector<fs::path> rule_files() {
  std::vector<fs::path> out;
  for (const char* dir : {"rules", "tests/golden"})
    for (const auto& e : fs::recursive_directory_iterator(fs::path(SIGNPOST_SOURCE_DIR) / dir))
      if (e.is_regular_file() && e.path().extension() == ".signpost") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Format, EveryShippedFileAndGoldenCaseIsIdempotentAndKeepsItsMeaning) {
  size_t formatted = 0, refused = 0;
  for (const fs::path& p : rule_files()) {
    SCOPED_TRACE(p.string());
    const std::string text = read_text(p);
    FormatResult once = format_source(text);
    if (!once.ok) {  // refused: only a file that does not compile anyway
      ++refused;
      EXPECT_FALSE(compile_source(text, p.string()).ok()) << once.error;
      continue;
    }
    ++formatted;
    FormatResult twice = format_source(once.text);
    ASSERT_TRUE(twice.ok) << twice.error;
    EXPECT_EQ(once.text, twice.text) << "not idempotent";
    EXPECT_EQ(meaning(text, p.string()), meaning(once.text, p.string())) << "the layout changed the meaning:\n" << once.text;
  }
  std::cout << formatted << " files formatted, " << refused << " refused\n";
  EXPECT_GT(formatted, 100u);
  EXPECT_LT(refused, 10u);
}

// The shipped rule files are written in the layout `signpost fmt` gives (so `fmt --check rules/`
// passes in CI and an author's `fmt -w` changes nothing but their own edits).
TEST(Format, ShippedRuleFilesAreInTheCanonicalLayout) {
  size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(SIGNPOST_SOURCE_DIR) / "rules")) {
    if (!e.is_regular_file() || e.path().extension() != ".signpost") continue;
    SCOPED_TRACE(e.path().string());
    const std::string text = read_text(e.path());
    EXPECT_EQ(fmt(text), text) << "not in the canonical layout: signpost fmt -w " << e.path().string();
    ++n;
  }
  EXPECT_GE(n, 7u);
}

// The comparison above would notice a change of meaning.
TEST(Format, TheMeaningComparisonSeesAChangedValue) {
  const fs::path p = fs::path(SIGNPOST_SOURCE_DIR) / "rules" / "self-check.signpost";
  std::string text = read_text(p), changed = text;
  const size_t at = changed.find("threshold area_signs = 2");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 24, "threshold area_signs = 3");
  EXPECT_NE(meaning(text, p.string()), meaning(changed, p.string()));
}

TEST(Format, LaysOutDeclarationsClausesAndOperators) {
  EXPECT_EQ(fmt("item   x :yesno\"Q?\"   cites s\n"
                "    help \"H\"\n"
                "let a=count( x , y where answer>=often)+ 1*2\n"
                "let b = -1 - -x\n"),
            "item x: yesno \"Q?\" cites s\n"
            "  help \"H\"\n"
            "\n"
            "let a = count(x, y where answer >= often) + 1 * 2\n"
            "let b = -1 - -x\n");
  // a sign keeps its space: `- 1` is the negation of 1, `-1` a number
  EXPECT_EQ(fmt("let c = - 1\n"), "let c = - 1\n");
  EXPECT_EQ(fmt("guidance g when not (a or b) and x includes y\n"), "guidance g when not (a or b) and x includes y\n");
}

TEST(Format, KeepsCommentsWhereTheyAre) {
  EXPECT_EQ(fmt("# head\n\n\n\n# about x\nitem x: yesno \"Q?\"   # trailing\n   # inside\n   cites s\n# end\n"),
            "# head\n\n# about x\nitem x: yesno \"Q?\"  # trailing\n  # inside\n  cites s\n# end\n");
}

TEST(Format, IndentsContinuationsAndTexts) {
  EXPECT_EQ(fmt("guidance g\n level info\n text \"One\n two.\"\n cites a \"x\",\n            b \"y\"\n"
                " when a and\nb\n"),
            "guidance g\n  level info\n  text \"One\n    two.\"\n  cites a \"x\",\n    b \"y\"\n  when a and\n    b\n");
  EXPECT_EQ(fmt("scale f: never = 0,\n  often = 1\n"), "scale f: never = 0,\n  often = 1\n");
  // deeper than the clause above: a continuation, whatever the author's exact indentation
  EXPECT_EQ(fmt("guidance g\n   step \"S\"\n       tags t\n   level info\n"),
            "guidance g\n  step \"S\"\n    tags t\n  level info\n");
}

TEST(Format, WrapsLongListsAfterACommaOutsideBrackets) {
  std::string list;
  for (int k = 0; k < 12; ++k) list += std::string(k ? ", " : "") + "src \"Section number " + std::to_string(k) + "\"";
  std::string out = fmt("item x: yesno \"Q?\"\n  cites " + list + "\n");
  std::istringstream lines(out);
  size_t n = 0;
  for (std::string l; std::getline(lines, l); ++n) EXPECT_LE(l.size(), 120u) << l;
  EXPECT_GT(n, 3u);
  EXPECT_EQ(fmt(out), out);
  EXPECT_EQ(without_blanks(out), without_blanks("item x: yesno \"Q?\"\n  cites " + list + "\n"));
}

// Text before the first declaration (a misspelt keyword, a fragment) has no declaration to
// continue: its wrapped lines stay at column 0, as they read again (found by fuzz_format).
TEST(Format, WrapsTextBeforeTheFirstDeclarationIdempotently) {
  std::string junk = "asseseness\"macy\",otgnos,is andassessmet,is and";
  for (int k = 0; k < 12; ++k) junk += ",is and does not";
  const std::string once = fmt(junk);
  EXPECT_EQ(fmt(once), once);
  std::istringstream lines(once);
  size_t n = 0;
  for (std::string l; std::getline(lines, l); ++n) EXPECT_TRUE(l.empty() || l[0] != ' ') << l;
  EXPECT_GT(n, 1u);
}

// Found by fuzz_format: a line after one that wraps continues one step deeper than the wrapped
// line's last row (it did than its first, so the second fmt, reading the rows as lines, moved it).
TEST(Format, ContinuesAfterAWrappedLineIdempotently) {
  std::string junk = "(\nlet,=,= =ic=es,g=ic=es,g=n=_tc=es,g=es,gc=es,g==es,gc=es,g=s,gc=es,g=es,gc=es,g\n=";
  const std::string once = fmt(junk);
  EXPECT_EQ(fmt(once), once);
  EXPECT_NE(once.find("\n  g\n    =\n"), std::string::npos) << once;
}

TEST(Format, StartsEachDeclarationOnItsOwnLineWithBlankLinesAroundBlocks) {
  EXPECT_EQ(fmt("assessment a \"A\" version \"1\" disclaimer \"D\"\nlet x = 1\nlet y = 2\nitem i: yesno \"Q\"\n  help \"H\"\nlet z = 3\n"),
            "assessment a \"A\" version \"1\"\ndisclaimer \"D\"\nlet x = 1\nlet y = 2\n\nitem i: yesno \"Q\"\n  help \"H\"\n\nlet z = 3\n");
}

TEST(Format, KeepsAByteOrderMarkAndEndsLinesWithLineFeeds) {
  EXPECT_EQ(fmt("\xEF\xBB\xBFlet x = 1\r\nlet y = 2\r\n"), "\xEF\xBB\xBFlet x = 1\nlet y = 2\n");
  EXPECT_EQ(fmt(""), "");
  EXPECT_EQ(fmt("# only a comment"), "# only a comment\n");
}

TEST(Format, RefusesFilesThatDoNotLex) {
  for (const char* bad : {"item x: yesno \"Q?\n", "let x = 1 \xc3\xa9 2\n", "item x: yesno \"\xff\"\n", "# \xff\n",
                          "let x = 1\x01\n"}) {
    FormatResult r = format_source(bad);
    EXPECT_FALSE(r.ok) << bad;
    EXPECT_FALSE(r.error.empty());
  }
  EXPECT_EQ(format_source("let x = 1\nlet y = a \xc3\xa9\n").error.substr(0, 5), "2:11:");
}

// A two-way table: its clauses and rows at the clause level. `then` and `else` lines are
// continuations, below the clause level (not at it: `let x = if c` then `then 1`).
TEST(Format, TablesAndConditionalContinuations) {
  EXPECT_EQ(fmt("table t from b by p:\n outcomes a \"A\", b \"B\"\n columns yes,no\n low:a,b\n high : b , b\n"
                "let x = if c\nthen 1\n      else 2\nguidance g\n  when if c\n  then d\n  else e\n  level info\n"),
            "table t from b by p:\n  outcomes a \"A\", b \"B\"\n  columns yes, no\n  low: a, b\n  high: b, b\n\n"
            "let x = if c\n    then 1\n    else 2\n\nguidance g\n  when if c\n    then d\n    else e\n  level info\n");
}

// Symbols the language may gain later keep their spacing, and two symbols written together
// stay together; an escape is the compiler's to judge, and is kept as written.
TEST(Format, KeepsWhatItDoesNotKnowAsWritten) {
  EXPECT_EQ(fmt("let x = a->b  @c\nlet y = a -> b\n"), "let x = a -> b @c\nlet y = a -> b\n");
  EXPECT_EQ(fmt("let x = a@b\n"), "let x = a@b\n");
  EXPECT_EQ(fmt("let z=count(a)+count(b)*-1\n"), "let z = count(a) + count(b) * -1\n");
  EXPECT_EQ(fmt("item x: yesno \"Q\\q\"\n"), "item x: yesno \"Q\\q\"\n");
}

// A function whose name is also a keyword is a call like any other: `round(x, half_up)`, not
// `round (x, half_up)`; the keyword `if` before a bracket keeps its space.
TEST(Format, KeywordFunctionsAreCalls) {
  EXPECT_EQ(fmt("let r = round (x , half_up)\nlet f = floor(x)+ceil (y)\n"),
            "let r = round(x, half_up)\nlet f = floor(x) + ceil(y)\n");
  EXPECT_EQ(fmt("let c = if (a or b) then 1 else 0\n"), "let c = if (a or b) then 1 else 0\n");
}

}  // namespace
}  // namespace signpost
