// Hostile input, in the spirit of SQLite's malformed-input tests: rule files, answers, CSV and
// NDJSON, resources and command lines that are broken on purpose. Each must end with exit 1 or 2
// and a message that names the problem and its place, with unprintable bytes escaped; none may
// crash, hang, leave a partial file behind or change an input.
//
// The first part drives the engine through its C++ entry points (regressions for the findings of
// the outside review); the second is one table of command lines.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <sstream>

#include "engine/evaluate/answers.hpp"
#include "engine/report/resources.hpp"
#include "engine/source/source.hpp"
#include "engine/source/text.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;
using testing::compile;
using testing::has_code;

const std::string kRoot = SIGNPOST_SOURCE_DIR;

RuleSet shipped(const std::string& name) {
  Compiled c = compile_file(kRoot + "/rules/" + name);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

// Every message must be printable UTF-8 and reasonably short, whatever the input held.
void expect_printable(const std::string& text, size_t max_bytes = 4000) {
  EXPECT_TRUE(valid_utf8(text)) << text;
  EXPECT_EQ(text.find('\0'), std::string::npos);
  EXPECT_LE(text.size(), max_bytes) << text.substr(0, 300);
}

// ---- answers -------------------------------------------------------------------------------------

// Both JSON paths must return an error value (never throw) and agree on its code.
void expect_answers_refused(const RuleSet& rs, const std::string& answers, const std::string& code) {
  EvalResult r;
  ASSERT_NO_THROW(r = rs.evaluate_text(answers));
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_EQ(r.errors[0].code, code) << r.errors[0].message;
  std::string dumped;
  ASSERT_NO_THROW(dumped = r.result.dump());
  for (const AnswerError& e : r.errors) expect_printable(e.message);
  std::string out;
  std::vector<AnswerError> errors;
  bool ok = true;
  ASSERT_NO_THROW(ok = rs.evaluate_json(answers, out, &errors));
  EXPECT_FALSE(ok);
  EXPECT_EQ(out, dumped);
}

TEST(Hostile, InvalidUtf8InAnAnswerIsAnErrorNotACrash) {
  RuleSet rs = shipped("self-check.signpost");
  expect_answers_refused(rs, "{\"hard_to_share_feelings\": \"\xff\xfe\"}", "A011");
  expect_answers_refused(rs, "{\"hard_to_share_feelings\": \"oft\xc3\"}", "A011");
  expect_answers_refused(rs, "{\"\xff\": 1}", "A011");
}

TEST(Hostile, NumbersBeyondADoubleAreAnError) {
  RuleSet rs = shipped("self-check.signpost");
  expect_answers_refused(rs, "{\"hard_to_share_feelings\": 1e400}", "A011");
  expect_answers_refused(rs, "{\"hard_to_share_feelings\": -1e400}", "A011");
  Resources res;
  std::vector<AnswerError> errors;
  EXPECT_FALSE(parse_resources_text("{\"urgent\": {\"text\": \"x\"}, \"n\": 1e400}", res, errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].code, "R001");
}

TEST(Hostile, DuplicateAnswerKeysAreRefused) {
  RuleSet rs = shipped("self-check.signpost");
  // The last one would have fired urgent guidance.
  const std::string answers = "{\"unsafe_relationship\": \"no\", \"unsafe_relationship\": \"yes\"}";
  expect_answers_refused(rs, answers, "A007");
  EvalResult r = rs.evaluate_text(answers);
  EXPECT_EQ(r.errors[0].pointer, "/unsafe_relationship");
  Resources res;
  std::vector<AnswerError> errors;
  EXPECT_FALSE(parse_resources_text("{\"urgent\": {\"text\": \"a\", \"text\": \"b\"}}", res, errors));
}

TEST(Hostile, ControlBytesInAnswersAreEscapedInMessages) {
  RuleSet rs = shipped("self-check.signpost");
  EvalResult r = rs.evaluate_text("{\"hard_to_share_feelings\": \"a\\u0000b\\u001b[31m\"}");
  ASSERT_FALSE(r.ok);
  EXPECT_NE(r.errors[0].message.find("a\\0b\\x1b[31m"), std::string::npos) << r.errors[0].message;
  expect_printable(r.errors[0].message);
}

TEST(Hostile, TwoRuleSetsTakeTurnsOnOneThread) {
  // The fast path guesses each key's item from the previous document; that guess must be the
  // rule set's own (a larger rule set's guess read past the end of a smaller one's items).
  RuleSet big = shipped("self-check.signpost");
  Compiled small_c = compile("item a: freq \"A?\" cites s \"x\"\nitem b: yesno \"B?\" cites s \"x\"\n");
  ASSERT_TRUE(small_c.ok()) << small_c.render();
  RuleSet small = *small_c.ruleset;
  std::string big_answers = "{";
  for (size_t i = 0; i < big.model().items.size(); ++i)
    big_answers += std::string(i ? "," : "") + "\"" + big.model().items[i].id + "\": null";
  big_answers += "}";
  for (int turn = 0; turn < 4; ++turn) {
    std::string out;
    ASSERT_TRUE(big.evaluate_json(big_answers, out));
    EXPECT_EQ(out, big.evaluate_text(big_answers).result.dump());
    for (const char* a : {"{\"b\": true, \"a\": \"often\"}", "{\"x\": 1, \"y\": 2, \"z\": 3}", "{\"a\": null}"}) {
      out.clear();
      small.evaluate_json(a, out);
      EXPECT_EQ(out, small.evaluate_text(a).result.dump()) << a;
    }
  }
}

TEST(Hostile, AHugeUnknownKeyGetsAShortMessageAndNoHint) {
  RuleSet rs = shipped("self-check.signpost");
  std::string key(900'000, 'x');
  EvalResult r = rs.evaluate_text("{\"" + key + "\": 1}");
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.errors[0].code, "A001");
  EXPECT_EQ(r.errors[0].message.find("did you mean"), std::string::npos);
  expect_printable(r.errors[0].message);
}

// ---- near-name hints ---------------------------------------------------------------------------

// The textbook distance, for comparison.
size_t full_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

TEST(Hostile, BoundedEditDistanceAgreesWithTheFullOneUpToItsLimit) {
  std::mt19937 rng(7);
  for (int n = 0; n < 20000; ++n) {
    auto word = [&] {
      std::string w(rng() % 9, 'a');
      for (char& c : w) c = char('a' + rng() % 3);
      return w;
    };
    std::string a = word(), b = word();
    size_t limit = rng() % 5, full = full_distance(a, b);
    EXPECT_EQ(edit_distance(a, b, limit), std::min(full, limit + 1)) << a << " " << b << " " << limit;
  }
  EXPECT_EQ(edit_distance(std::string(1 << 20, 'a'), std::string((1 << 20) + 1, 'a'), 3), 1u);
  EXPECT_EQ(closest("hlep", {"help", "held"}), "help");
  EXPECT_EQ(closest(std::string(300, 'a'), {std::string(301, 'a')}), "");
}

// ---- rule files ------------------------------------------------------------------------------------

TEST(Hostile, InvalidUtf8InARuleFileIsAnErrorAtItsPlace) {
  Compiled c = compile("item a: yesno \"Caf\xe9?\" cites s \"x\"\n");
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(has_code(c, "E003")) << c.render();
  std::string text = c.render();
  expect_printable(text);
  EXPECT_NE(text.find("test.signpost:5:"), std::string::npos) << text;
  EXPECT_NE(text.find("0xE9"), std::string::npos) << text;
}

TEST(Hostile, NulBytesBomAndHighBytesInNames) {
  static const char kNul[] = "item a: yesno \"A\0?\" cites s \"x\"\n";  // its length, not a count: ASan
  EXPECT_TRUE(has_code(compile(std::string(kNul, sizeof kNul - 1)), "E003"));
  Compiled bom = compile(std::string("\xEF\xBB\xBF") + testing::kHeader + "item a: yesno \"A?\" cites s \"x\"\n", {}, false);
  EXPECT_FALSE(has_code(bom, "E001")) << bom.render();
  Compiled high = compile("item caf\xc3\xa9: yesno \"A?\" cites s \"x\"\n");
  EXPECT_FALSE(high.ok());
  expect_printable(high.render());
}

TEST(Hostile, AnEmptyRuleFileDeclaresNothing) {
  for (const char* text : {"", "# only a comment\n", "\n\n   \n"}) {
    Compiled c = compile(text, {}, false);
    EXPECT_FALSE(c.ok());
    EXPECT_TRUE(has_code(c, "E004")) << c.render();
  }
}

TEST(Hostile, LongNamesAndLinesGiveBoundedMessages) {
  std::string body;
  for (int k = 0; k < 40; ++k) body += "let v" + std::to_string(k) + " = " + std::string(2000, 'q') + " + 1\n";
  Compiled c = compile(body);
  EXPECT_FALSE(c.ok());
  std::string text = c.render();
  EXPECT_LE(text.size(), 40u * 1200u);
  expect_printable(text, 40u * 1200u);
}

TEST(Hostile, ReadersAreBounded) {
  std::string out, error;
  EXPECT_FALSE(read_file_bounded("/dev/zero", 1 << 20, out, error));
  EXPECT_NE(error.find("larger than the limit"), std::string::npos) << error;
  EXPECT_FALSE(read_file_bounded("/", 1 << 20, out, error));
  EXPECT_EQ(error, "is a directory");
  Compiled c = compile_file("/dev/zero");
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(c.unreadable);
  // Imports go through the same reader.
  CompileOptions opt;
  Compiled imp = compile_source(std::string(testing::kHeader) + "import \"/dev/zero\"\n", "/tmp/x.signpost", opt);
  EXPECT_TRUE(has_code(imp, "E050")) << imp.render();
}

TEST(Hostile, LimitsHoldAtTheLimitAndRefusePastIt) {
  RuleSet rs = shipped("self-check.signpost");
  const Limits limits;
  // An answers document of exactly the limit is read; one byte more is not.
  std::string at = "{\"hard_to_share_feelings\": \"often\"" + std::string(limits.max_answers_bytes - 35, ' ') + "}";
  ASSERT_EQ(at.size(), limits.max_answers_bytes);
  EXPECT_TRUE(rs.evaluate_text(at).ok);
  EXPECT_EQ(rs.evaluate_text(at + " ").errors.at(0).code, "A010");
  // Nesting: 8 levels inside the answers object are read (and the value then refused as a
  // value), 9 are not.
  std::string nest8 = "{\"hard_to_share_feelings\": " + std::string(8, '[') + std::string(8, ']') + "}";
  EXPECT_NE(rs.evaluate_text(nest8).errors.at(0).code, "A010");
  std::string nest9 = "{\"hard_to_share_feelings\": " + std::string(9, '[') + std::string(9, ']') + "}";
  EXPECT_EQ(rs.evaluate_text(nest9).errors.at(0).code, "A010");
  // A rule file of exactly the limit is read; one byte more is not.
  std::string file = std::string(testing::kHeader) + "item a: yesno \"A?\" cites s \"x\"\n";
  file += "#" + std::string(limits.max_file_bytes - file.size() - 2, 'x') + "\n";
  ASSERT_EQ(file.size(), limits.max_file_bytes);
  EXPECT_FALSE(has_code(compile(file, {}, false), "E070"));
  EXPECT_TRUE(has_code(compile(file + "\n", {}, false), "E070"));
}

TEST(Hostile, ARuleSetWithNoItemsRunsOnTheFastPath) {
  Compiled c = compile("threshold t = 1\nlet v = t + 1\n");
  ASSERT_TRUE(c.ok()) << c.render();
  ColumnBatch batch;  // no items: no columns to read
  batch.rows = 3;
  BatchResult out;
  c.ruleset->run_batch(batch, out);
  EXPECT_EQ(out.value_lo.size(), 3 * c.ruleset->model().values.size());
  EXPECT_TRUE(c.ruleset->evaluate_text("{}").ok);
}

// ---- the command line ----------------------------------------------------------------------------

struct Case {
  std::string name;
  std::map<std::string, std::string> files;  // written into the case's directory
  std::string args;                          // after `signpost`; {dir} is the case's directory
  int exit;                                  // 1 or 2
  std::string says;                          // in standard error
  std::string stdin_file = "";               // a file of the directory, or a path
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size()) s.replace(at, from.size(), to);
  return s;
}

class HostileCli : public ::testing::TestWithParam<Case> {};

TEST_P(HostileCli, EndsCleanly) {
  const Case& c = GetParam();
  fs::path dir = fs::temp_directory_path() / ("signpost-hostile-" + std::to_string(::getpid()) + "-" + c.name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kRoot + "/rules/self-check.signpost", dir / "self-check.signpost");
  fs::copy_file(kRoot + "/rules/common.signpost", dir / "common.signpost");
  fs::copy(kRoot + "/rules/sources", dir / "sources");  // the articles' texts, which `check` and `doc` read
  for (const auto& [name, text] : c.files) std::ofstream(dir / name, std::ios::binary) << text;
  std::map<std::string, std::string> before;
  for (const auto& e : fs::directory_iterator(dir)) before[e.path().filename().string()] = slurp(e.path());

  std::string cmd = std::string("cd ") + dir.string() + " && timeout 60 " + SIGNPOST_BINARY + " " +
                    replace_all(c.args, "{dir}", dir.string()) + " >" + (dir / ".out").string() + " 2>" +
                    (dir / ".err").string();
  if (!c.stdin_file.empty()) cmd += " <" + c.stdin_file;
  else cmd += " </dev/null";
  int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc)) << "killed by a signal";
  const int code = WEXITSTATUS(rc);
  const std::string err = slurp(dir / ".err");
  EXPECT_NE(code, 124) << "timed out";
  EXPECT_EQ(code, c.exit) << err.substr(0, 2000);
  EXPECT_NE(err.find(c.says), std::string::npos) << "expected '" << c.says << "' in:\n" << err.substr(0, 2000);
  expect_printable(err, 20000);
  // Inputs unchanged, no partial file left.
  for (const auto& [name, text] : before) EXPECT_EQ(slurp(dir / name), text) << name << " was changed";
  for (const auto& e : fs::directory_iterator(dir))
    EXPECT_EQ(e.path().filename().string().find(".partial-"), std::string::npos) << e.path() << " left behind";
  fs::remove_all(dir);
}

const std::string kCsvHeader = "id,hard_to_share_feelings,unsafe_relationship\n";

std::vector<Case> cases() {
  const std::string bad_utf8_rule = std::string(testing::kHeader) + "item a: yesno \"Caf\xe9?\" cites s \"x\"\n";
  return {
      // answers
      {"answers_invalid_utf8", {{"a.json", "{\"hard_to_share_feelings\": \"\xff\"}"}},
       "eval self-check.signpost -a a.json", 1, "A011"},
      {"answers_huge_number", {{"a.json", "{\"hard_to_share_feelings\": 1e400}"}},
       "eval self-check.signpost -a a.json", 1, "A011"},
      {"answers_nul", {{"a.json", std::string("{\"hard_to_share_feelings\": \"a\0\"}", 32)}},
       "eval self-check.signpost -a a.json", 1, "A011"},
      {"answers_duplicate_key", {{"a.json", "{\"unsafe_relationship\": \"no\", \"unsafe_relationship\": \"yes\"}"}},
       "eval self-check.signpost -a a.json", 1, "A007"},
      {"answers_endless", {}, "eval self-check.signpost -a /dev/zero", 1, "A010"},
      {"answers_endless_stdin", {}, "eval self-check.signpost -a -", 1, "A010", "/dev/zero"},
      {"answers_deep", {{"a.json", std::string(10000, '[') + std::string(10000, ']')}},
       "eval self-check.signpost -a a.json", 1, "A010"},
      {"answers_not_object", {{"a.json", "[1, 2]"}}, "eval self-check.signpost -a a.json", 1, "A002"},
      {"answers_directory", {}, "eval self-check.signpost -a /", 2, "is a directory"},
      {"answers_missing", {}, "eval self-check.signpost -a nowhere.json", 2, "no such file"},
      {"resources_huge_number", {{"a.json", "{}"}, {"r.json", "{\"urgent\": {\"text\": \"x\"}, \"x\": 1e400}"}},
       "eval self-check.signpost -a a.json -r r.json", 2, "R001"},
      {"resources_invalid_utf8", {{"a.json", "{}"}, {"r.json", "{\"urgent\": {\"text\": \"\xc3\"}}"}},
       "eval self-check.signpost -a a.json -r r.json", 2, "R001"},
      // rule files
      {"rules_endless", {}, "check /dev/zero", 2, "larger than the limit"},
      {"rules_directory", {}, "check /", 2, "is a directory"},
      {"rules_import_device", {{"r.signpost", std::string(testing::kHeader) + "import \"/dev/zero\"\n"}},
       "check r.signpost", 1, "E050"},
      {"rules_import_directory", {{"r.signpost", std::string(testing::kHeader) + "import \"/\"\n"}},
       "check r.signpost", 1, "is a directory"},
      {"rules_import_cycle",
       {{"a.signpost", "import \"b.signpost\"\nsource s \"S\"\n"}, {"b.signpost", "import \"a.signpost\"\n"}},
       "check a.signpost", 1, "E051"},
      {"rules_invalid_utf8", {{"r.signpost", bad_utf8_rule}}, "check r.signpost", 1, "E003"},
      {"rules_invalid_utf8_eval", {{"r.signpost", bad_utf8_rule}, {"a.json", "{}"}}, "eval r.signpost -a a.json", 1,
       "E003"},
      {"rules_nul", {{"r.signpost", std::string(testing::kHeader) + std::string("item a: yesno \"A\0\"", 18)}},
       "check r.signpost", 1, "NUL"},
      {"rules_empty", {{"r.signpost", ""}}, "check r.signpost", 1, "E004"},
      {"rules_bom_crlf",
       {{"r.signpost", "\xEF\xBB\xBF" + replace_all(std::string(testing::kHeader) + "item a: yesno \"A?\" cites s \"x\"\n", "\n", "\r\n") + "itemm"}},
       "check r.signpost", 1, "r.signpost:6:1"},
      {"rules_long_name", {{"r.signpost", std::string(testing::kHeader) + "let v = " + std::string(200000, 'z') + "\n"}},
       "check r.signpost", 1, "a name of 200000 characters"},
      {"rules_deep_nesting", {{"r.signpost", std::string(testing::kHeader) + "let v = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n"}},
       "check r.signpost", 1, "E070"},
      {"rules_high_byte_name", {{"r.signpost", std::string(testing::kHeader) + "item \xff: yesno \"A?\"\n"}},
       "check r.signpost", 1, "\\xff"},
      // outputs that are inputs
      {"doc_over_rules", {}, "doc self-check.signpost -o self-check.signpost", 2, "would destroy the input"},
      {"doc_over_import", {}, "doc self-check.signpost -o ./common.signpost", 2, "would destroy the input"},
      {"eval_over_answers", {{"a.json", "{}"}}, "eval self-check.signpost -a a.json -o {dir}/a.json", 2,
       "would destroy the input"},
      {"eval_over_rules", {{"a.json", "{}"}}, "eval self-check.signpost -a a.json -o self-check.signpost", 2,
       "would destroy the input"},
      {"batch_over_input", {{"in.csv", kCsvHeader + "1,often,no\n"}},
       "batch self-check.signpost -i in.csv -o in.csv", 2, "would destroy the input"},
      {"batch_over_rules", {{"in.csv", kCsvHeader + "1,often,no\n"}},
       "batch self-check.signpost -i in.csv -o common.signpost --format csv", 2, "would destroy the input"},
      // CSV and NDJSON
      {"csv_unterminated_quote", {{"in.csv", kCsvHeader + "1,often,no\n2,\"often,no\n3,often,no\n"}},
       "batch self-check.signpost -i in.csv -o out.csv", 1, "in.csv:3"},
      {"csv_ragged", {{"in.csv", kCsvHeader + "1,often\n"}}, "batch self-check.signpost -i in.csv -o out.csv", 1,
       "expected 3 cells, found 2"},
      {"csv_duplicate_column", {{"in.csv", "id,hard_to_share_feelings,hard_to_share_feelings\n1,often,often\n"}},
       "batch self-check.signpost -i in.csv -o out.csv", 1, "appears twice"},
      {"csv_huge_unknown_column", {{"in.csv", "id," + std::string(3 << 20, 'k') + "\n1,2\n"}},
       "batch self-check.signpost -i in.csv -o out.csv", 1, "is not an item"},
      {"csv_endless_record", {}, "batch self-check.signpost -i /dev/zero --format csv -o out.csv", 1,
       "longer than 4 MiB"},
      {"csv_endless_stdin", {}, "batch self-check.signpost -i - --format csv -o out.csv", 1, "longer than 4 MiB",
       "/dev/zero"},
      {"csv_invalid_utf8_cell", {{"in.csv", kCsvHeader + "1,oft\xff,no\n"}},
       "batch self-check.signpost -i in.csv -o out.csv", 1, "\\xff"},
      {"ndjson_invalid_utf8", {{"in.ndjson", "{\"hard_to_share_feelings\": \"\xff\"}\n"}},
       "batch self-check.signpost -i in.ndjson -o out.ndjson", 1, "A011"},
      {"ndjson_huge_number", {{"in.ndjson", "{\"hard_to_share_feelings\": 1e400}\n"}},
       "batch self-check.signpost -i in.ndjson -o out.ndjson --threads 2", 1, "A011"},
      // misuse
      {"threads_zero", {{"in.csv", kCsvHeader}}, "batch self-check.signpost -i in.csv --threads 0", 2, "threads"},
      {"threads_negative", {{"in.csv", kCsvHeader}}, "batch self-check.signpost -i in.csv --threads -1", 2, "threads"},
      {"threads_huge", {{"in.csv", kCsvHeader}}, "batch self-check.signpost -i in.csv --threads 100000", 2, "threads"},
      {"output_unwritable", {{"in.csv", kCsvHeader + "1,often,no\n"}},
       "batch self-check.signpost -i in.csv -o /nonexistent/dir/out.csv", 2, "cannot write"},
      {"output_directory", {{"a.json", "{}"}}, "eval self-check.signpost -a a.json -o /tmp", 2, "is a directory"},
      {"unknown_command", {}, "chekc x", 2, "did you mean 'check'"},
  };
}

INSTANTIATE_TEST_SUITE_P(Table, HostileCli, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(HostileBatch, AStrayQuoteReadsTheSameWhateverTheChunks) {
  // A quote inside a cell (not at its start) is an ordinary character for the parser; the
  // chunker must agree, or the records it cuts differ from those the parser reads.
  fs::path dir = fs::temp_directory_path() / ("signpost-stray-quote-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string csv = kCsvHeader;
  for (int r = 0; r < 120000; ++r)
    csv += std::to_string(r) + (r % 997 == 5 ? ",a\"b,no\n" : r % 1000 == 7 ? ",\"often\",\"no\"\n" : ",often,no\n");
  std::ofstream(dir / "in.csv", std::ios::binary) << csv;
  auto run = [&](const std::string& extra, const std::string& out) {
    std::string cmd = std::string(SIGNPOST_BINARY) + " batch " + kRoot + "/rules/self-check.signpost " + extra +
                      " --skip-invalid -o " + (dir / out).string() + " 2>" + (dir / (out + ".err")).string();
    std::system(cmd.c_str());
    return slurp(dir / out) + "\n--\n" + slurp(dir / (out + ".err"));
  };
  std::string one = run("-i " + (dir / "in.csv").string(), "one.csv");
  std::string two = run("-i " + (dir / "in.csv").string() + " --threads 2", "two.csv");
  std::string piped = run("-i - --format csv <" + (dir / "in.csv").string(), "piped.csv");
  EXPECT_EQ(one, two);
  // Standard input is named differently in messages; the results are the same.
  EXPECT_EQ(one.substr(0, one.find("\n--\n")), piped.substr(0, piped.find("\n--\n")));
  EXPECT_NE(one.find("in.csv:7:"), std::string::npos) << one.substr(one.find("\n--\n"), 500);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace signpost
