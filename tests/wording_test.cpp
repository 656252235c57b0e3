// The wording check (E042) against its labelled corpus, and docs/language.md against the code.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/check/lint.hpp"

namespace {
using signpost::lint::diagnostic_wording;

// The corpus escapes: \n \r \t \\ and \u{XXXX} (see tests/wording/README.md).
std::string unescape(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 >= s.size()) {
      o += s[i];
      continue;
    }
    char c = s[++i];
    if (c == 'n') o += '\n';
    else if (c == 'r') o += '\r';
    else if (c == 't') o += '\t';
    else if (c == '\\') o += '\\';
    else if (c == 'u') {
      size_t j = s.find('}', i);
      unsigned long cp = std::stoul(s.substr(i + 2, j - i - 2), nullptr, 16);
      i = j;
      if (cp < 0x80) {
        o += char(cp);
      } else if (cp < 0x800) {
        o += char(0xC0 | (cp >> 6)), o += char(0x80 | (cp & 0x3F));
      } else {
        o += char(0xE0 | (cp >> 12)), o += char(0x80 | ((cp >> 6) & 0x3F)), o += char(0x80 | (cp & 0x3F));
      }
    }
  }
  return o;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Figures {
  int claims = 0, blocked = 0, legit = 0, false_blocks = 0;
  std::string misses;  // dev only: the held-out rows are never shown, so nobody tunes on them
  double recall() const { return claims ? 100.0 * blocked / claims : 100.0; }
  double precision() const { return blocked + false_blocks ? 100.0 * blocked / (blocked + false_blocks) : 100.0; }
};

Figures run_corpus(const std::string& split) {
  std::ifstream in(std::string(SIGNPOST_SOURCE_DIR) + "/tests/wording/corpus.tsv");
  EXPECT_TRUE(in) << "tests/wording/corpus.tsv is missing";
  Figures f;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string label, part, origin, text;
    std::getline(row, label, '\t'), std::getline(row, part, '\t'), std::getline(row, origin, '\t'), std::getline(row, text);
    if (part != split) continue;
    auto found = diagnostic_wording(unescape(text));
    if (label == "claim") {
      ++f.claims;
      if (!found.empty()) ++f.blocked;
      else if (split == "dev") f.misses += "  not blocked: " + text + "\n";
    } else {
      ++f.legit;
      if (!found.empty()) {
        ++f.false_blocks;
        if (split == "dev") f.misses += "  wrongly blocked: " + text + " (" + found[0].why + ")\n";
      }
    }
  }
  std::printf("wording corpus, %s: %d of %d claims blocked (recall %.1f%%), %d of %d legitimate texts blocked "
              "(precision %.1f%%)\n",
              split.c_str(), f.blocked, f.claims, f.recall(), f.false_blocks, f.legit, f.precision());
  return f;
}

TEST(WordingCorpus, DevBlocksEveryClaimAndNoLegitimateText) {
  Figures f = run_corpus("dev");
  EXPECT_GE(f.claims + f.legit, 300);
  EXPECT_EQ(f.blocked, f.claims) << f.misses;
  EXPECT_EQ(f.false_blocks, 0) << f.misses;
}

TEST(WordingCorpus, HeldOutMeetsTheBar) {
  Figures f = run_corpus("heldout");
  EXPECT_GE(f.recall(), 97.0);
  EXPECT_LE(f.false_blocks, 1);
}

TEST(Wording, FindingsNameTheWordsAndWhy) {
  auto found = diagnostic_wording("Your answers indicate PTSD.");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].phrase, "Your answers indicate PTSD");
  EXPECT_NE(found[0].why.find("'indicate'"), std::string::npos) << found[0].why;
  EXPECT_NE(found[0].why.find("'ptsd' names a condition"), std::string::npos) << found[0].why;
  EXPECT_NE(found[0].hint.find("a professional can help you understand it"), std::string::npos);
}

TEST(Wording, ExtraConditionsExtendTheList) {
  EXPECT_TRUE(diagnostic_wording("You have misophonia.").empty());
  EXPECT_FALSE(diagnostic_wording("You have misophonia.", {"misophonia"}).empty());
  EXPECT_FALSE(diagnostic_wording("Your answers suggest selective mutism.", {"selective mutism"}).empty());
  EXPECT_TRUE(diagnostic_wording("If you have misophonia, a GP can help.", {"misophonia"}).empty());
}

TEST(Wording, HugeTextsStayBounded) {
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "If you have PTSD, you, like, have, have, have, not ";
  big += ". You have PTSD.";
  auto found = diagnostic_wording(big);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].phrase, "You have PTSD");
}

std::string language_doc() { return read_text(std::string(SIGNPOST_SOURCE_DIR) + "/docs/language.md"); }

// The section "## Wording check" of docs/language.md.
std::string wording_section() {
  std::string docs = language_doc();
  size_t at = docs.find("\n## Wording check");
  if (at == std::string::npos) return "";
  return docs.substr(at, docs.find("\n## ", at + 1) - at);
}

// Every row of the docs' example tables, `| text | passes |` or `| text | blocked: ... |`, does
// what the docs say. A text in the table is written as in a rule file: \n is a line break.
TEST(Wording, EveryDocsExampleDoesWhatTheDocsSay) {
  std::string section = wording_section();
  ASSERT_FALSE(section.empty()) << "docs/language.md has no section \"Wording check\"";
  std::istringstream lines(section);
  std::string line;
  int rows = 0;
  bool german = false;  // the rows under "### German" are run through the German word lists
  while (std::getline(lines, line)) {
    if (line.rfind("### ", 0) == 0) german = line.rfind("### German", 0) == 0;
    if (line.rfind("| ", 0) != 0 || line.find("| passes") == std::string::npos && line.find("| blocked") == std::string::npos)
      continue;
    size_t bar = line.find(" | ", 2);
    std::string text = line.substr(2, bar - 2);
    if (text.size() >= 2 && text.front() == '`' && text.back() == '`') text = text.substr(1, text.size() - 2);
    bool blocked = line.find("| blocked", bar) != std::string::npos;
    auto found = german ? signpost::lint::diagnostic_wording_de(unescape(text)) : diagnostic_wording(unescape(text));
    EXPECT_EQ(!found.empty(), blocked) << "docs/language.md: " << text << (found.empty() ? "" : " (" + found[0].why + ")");
    ++rows;
  }
  EXPECT_GE(rows, 20);
}

// docs/language.md lists the word lists in prose; they must be the code's lists.
std::string docs_paragraph(const std::string& docs, const std::string& heading) {
  size_t at = docs.find("**" + heading + ":**");
  if (at == std::string::npos) return "";
  return docs.substr(at, docs.find("\n\n", at) - at);
}

TEST(Wording, DocsListTheCodesWords) {
  std::string docs = wording_section();
  for (auto [heading, words] : {std::pair{"Condition terms", signpost::lint::condition_terms()},
                                std::pair{"Predicates", signpost::lint::predicates()},
                                std::pair{"Negation words", signpost::lint::negations()}}) {
    std::string para = docs_paragraph(docs, heading);
    ASSERT_FALSE(para.empty()) << heading << " is not listed in docs/language.md";
    for (const std::string& w : words) EXPECT_NE(para.find("`" + w + "`"), std::string::npos) << heading << ": " << w;
    size_t listed = 0;
    for (size_t p = para.find('`'); p != std::string::npos; p = para.find('`', para.find('`', p + 1) + 1)) ++listed;
    EXPECT_EQ(listed, words.size()) << heading << ": the docs list words the code does not have";
  }
}

}  // namespace
