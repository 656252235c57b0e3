// The language reference is tested like code: every ```signpost block in docs/language.md is
// compiled, and the reference must mention every diagnostic code the engine can emit.
//
// Annotations, each on the line directly above a block's opening fence:
// A block without annotations must compile without errors, and its `example`s must pass.
//   <!-- expect: E014 -->     the block must fail to compile, with E014 among its diagnostics
//                             (a W0xx code: it must compile, with that warning)
//   <!-- file: common.signpost -->
//                             the block is not compiled alone; other blocks may import it by that name
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/signpost.hpp"

namespace {
namespace fs = std::filesystem;

const char* const kLanguageDoc = SIGNPOST_SOURCE_DIR "/docs/language.md";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

struct Block {
  int line = 0;                       // 1-based line of the opening fence
  std::string text;                   // the block's contents
  std::vector<std::string> expect;    // codes from <!-- expect: ... -->
  std::string file;                   // name from <!-- file: ... -->, empty when compiled alone
};

void PrintTo(const Block& b, std::ostream* os) { *os << "docs/language.md:" << b.line; }

// "<!-- key: value -->" -> value, when the line is such a comment with that key.
bool annotation(const std::string& line, const std::string& key, std::string& value) {
  std::string t = trim(line);
  const std::string open = "<!--", close = "-->";
  if (t.rfind(open, 0) != 0 || t.size() < open.size() + close.size() ||
      t.compare(t.size() - close.size(), close.size(), close) != 0)
    return false;
  std::string body = trim(t.substr(open.size(), t.size() - open.size() - close.size()));
  if (body.rfind(key + ":", 0) != 0) return false;
  value = trim(body.substr(key.size() + 1));
  return true;
}

struct Doc {
  bool found = false;
  std::vector<Block> blocks;                 // every ```signpost block, in order
  std::map<std::string, std::string> files;  // blocks marked <!-- file: NAME -->
};

const Doc& doc() {
  static const Doc d = [] {
    Doc out;
    std::ifstream probe(kLanguageDoc);
    out.found = static_cast<bool>(probe);
    std::istringstream in(read_text(kLanguageDoc));
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string t = trim(lines[i]);
      if (t.rfind("```", 0) != 0) continue;
      std::string lang = trim(t.substr(3));
      // find the closing fence whatever the language, so fences inside other blocks are skipped
      size_t j = i + 1;
      while (j < lines.size() && trim(lines[j]) != "```") ++j;
      if (lang == "signpost") {
        Block b;
        b.line = int(i) + 1;
        for (size_t k = i + 1; k < j && k < lines.size(); ++k) b.text += lines[k] + "\n";
        // annotation comments stacked directly above the fence
        for (size_t k = i; k-- > 0;) {
          std::string v;
          if (annotation(lines[k], "expect", v)) {
            std::replace(v.begin(), v.end(), ',', ' ');
            std::istringstream codes(v);
            for (std::string c; codes >> c;) b.expect.push_back(c);
          } else if (annotation(lines[k], "file", v)) {
            b.file = v;
          } else {
            break;
          }
        }
        if (!b.file.empty()) out.files[b.file] = b.text;
        out.blocks.push_back(std::move(b));
      }
      i = j;
    }
    return out;
  }();
  return d;
}

std::vector<Block> compiled_blocks() {
  std::vector<Block> v;
  for (const auto& b : doc().blocks)
    if (b.file.empty()) v.push_back(b);
  return v;
}

// Imports resolve to the blocks marked <!-- file: NAME -->; nothing is read from disk.
signpost::CompileOptions doc_options() {
  signpost::CompileOptions options;
  options.reader = [](const std::string& path, std::string& error) -> std::optional<std::string> {
    const auto& files = doc().files;
    std::string key = fs::path(path).lexically_normal().generic_string();
    auto it = files.find(key);
    if (it == files.end()) {
      error = "no block in docs/language.md is marked <!-- file: " + key + " -->";
      return std::nullopt;
    }
    return it->second;
  };
  return options;
}

std::string codes_of(const signpost::Compiled& c) {
  std::string s;
  for (const auto& d : c.diagnostics) s += (s.empty() ? "" : ", ") + d.code;
  return s.empty() ? "none" : s;
}

class DocsBlock : public ::testing::TestWithParam<Block> {};

TEST_P(DocsBlock, Compiles) {
  const Block& b = GetParam();
  signpost::Compiled c = signpost::compile_source(b.text, "example.signpost", doc_options());
  std::string where = "docs/language.md:" + std::to_string(b.line);
  if (b.expect.empty()) {
    ASSERT_TRUE(c.ok()) << where << ": the block does not compile:\n" << c.render();
    // The block's own `example`s document behaviour too: they must pass.
    for (const auto& o : signpost::run_examples(*c.ruleset)) {
      std::string failures;
      for (const auto& f : o.failures) failures += "\n  - " + f;
      EXPECT_TRUE(o.passed()) << where << ": example \"" << o.title << "\" fails:" << failures;
    }
    return;
  }
  for (const auto& code : b.expect) {
    bool present = std::any_of(c.diagnostics.begin(), c.diagnostics.end(),
                               [&](const signpost::Diagnostic& d) { return d.code == code; });
    EXPECT_TRUE(present) << where << ": expected " << code << ", got " << codes_of(c) << "\n" << c.render();
    if (!code.empty() && code[0] == 'W')
      EXPECT_TRUE(c.ok()) << where << ": a block expecting warning " << code << " must still compile:\n"
                          << c.render();
    else
      EXPECT_FALSE(c.ok()) << where << ": expected the block to fail with " << code << ", but it compiled";
  }
}

std::string block_name(const ::testing::TestParamInfo<Block>& info) {
  return "line_" + std::to_string(info.param.line);
}

// An empty or missing reference is reported by DocsReference.Exists.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DocsBlock);
INSTANTIATE_TEST_SUITE_P(Docs, DocsBlock, ::testing::ValuesIn(compiled_blocks()), block_name);

// Every diagnostic code in engine/ sources: string literals such as "E014", "W048", "A003".
std::set<std::string> engine_codes() {
  std::set<std::string> codes;
  const std::regex literal("\"([EWAR]0[0-9][0-9])\"");
  for (const auto& entry : fs::recursive_directory_iterator(SIGNPOST_SOURCE_DIR "/engine")) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".cc") continue;
    std::string text = read_text(entry.path().string());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) codes.insert((*it)[1]);
  }
  return codes;
}

std::set<std::string> doc_codes(const std::string& text) {
  std::set<std::string> codes;
  const std::regex word("\\b([EWAR]0[0-9][0-9])\\b");
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) codes.insert((*it)[1]);
  return codes;
}

TEST(DocsReference, Exists) {
  ASSERT_TRUE(doc().found) << kLanguageDoc << " cannot be read";
  EXPECT_GE(compiled_blocks().size(), 10u) << "docs/language.md should show the language by example";
}

TEST(DocsReference, EveryFileBlockIsImported) {
  for (const auto& [name, text] : doc().files) {
    bool used = false;
    for (const auto& b : doc().blocks)
      if (b.text.find("import \"" + name + "\"") != std::string::npos) used = true;
    EXPECT_TRUE(used) << "the block marked <!-- file: " << name << " --> is imported by no block";
  }
}

TEST(DocsReference, MentionsEveryDiagnosticCode) {
  std::set<std::string> in_engine = engine_codes();
  ASSERT_FALSE(in_engine.empty()) << "found no diagnostic codes under " << SIGNPOST_SOURCE_DIR "/engine";
  std::set<std::string> in_docs = doc_codes(read_text(kLanguageDoc));
  for (const auto& code : in_engine)
    EXPECT_TRUE(in_docs.count(code)) << "docs/language.md does not mention " << code
                                     << ", which the engine can report";
}

TEST(DocsReference, MentionsOnlyRealCodes) {
  std::set<std::string> in_engine = engine_codes();
  for (const auto& code : doc_codes(read_text(kLanguageDoc)))
    EXPECT_TRUE(in_engine.count(code)) << "docs/language.md mentions " << code
                                       << ", which no longer appears in engine/ sources";
}

}  // namespace

// The README's rule-file snippet compiles against the shipped rules/ folder and passes its example.
TEST(DocsReadme, RuleSnippetCompilesAndItsExamplesPass) {
  std::string readme = read_text(SIGNPOST_SOURCE_DIR "/README.md");
  size_t open = readme.find("```signpost\n");
  ASSERT_NE(open, std::string::npos) << "README.md has no ```signpost block";
  size_t begin = open + std::string("```signpost\n").size();
  size_t end = readme.find("```", begin);
  signpost::CompileOptions opt;
  opt.reader = signpost::filesystem_reader();
  signpost::Compiled c =
      signpost::compile_source(readme.substr(begin, end - begin), SIGNPOST_SOURCE_DIR "/rules/readme.signpost", opt);
  ASSERT_TRUE(c.ok()) << c.render();
  for (const auto& o : signpost::run_examples(*c.ruleset)) EXPECT_TRUE(o.passed()) << o.title;
}
