// The fast JSON path (RuleSet::evaluate_json: FastAnswers + Result + ResultWriter) gives byte for byte
// what evaluate_text(...).result.dump() gives: over every golden evaluation case, and over many
// random answers for every golden rule set, the shipped ones and the benchmark's.
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/report/json_text.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> rule_files() {
  std::vector<fs::path> files;
  fs::path root(SIGNPOST_SOURCE_DIR);
  for (const auto& d : fs::directory_iterator(root / "tests" / "golden" / "eval"))
    if (fs::exists(d.path() / "rules.signpost")) files.push_back(d.path() / "rules.signpost");
  std::sort(files.begin(), files.end());
  files.push_back(root / "rules" / "self-check.signpost");
  files.push_back(root / "bench" / "seed38.signpost");
  return files;
}

void expect_same(const RuleSet& rs, const std::string& answers, const std::string& what) {
  std::string fast;
  std::vector<AnswerError> errors;
  bool ok = rs.evaluate_json(answers, fast, &errors);
  EvalResult slow = rs.evaluate_text(answers);
  EXPECT_EQ(ok, slow.ok) << what;
  EXPECT_EQ(fast, slow.result.dump()) << what << "\nanswers: " << answers;
  EXPECT_EQ(errors.size(), slow.errors.size()) << what;
}

// Answers as a form would send them: names, numbers, booleans, lists, nulls, some left out.
nlohmann::json random_answers(const RuleSet& rs, std::mt19937& rng) {
  const model::Model& m = rs.model();
  nlohmann::json a = nlohmann::json::object();
  for (const auto& it : m.items) {
    if (rng() % 5 == 0) continue;
    if (rng() % 12 == 0) {
      a[it.id] = nullptr;
      continue;
    }
    const model::Scale& sc = m.scales[it.scale];
    switch (sc.kind) {
      case model::Scale::Kind::boolean:
        a[it.id] = rng() % 3 == 0 ? nlohmann::json(rng() % 2) : rng() % 2 ? nlohmann::json(bool(rng() % 2))
                                                                        : nlohmann::json(rng() % 2 ? "yes" : "no");
        break;
      case model::Scale::Kind::options: {
        const auto& o = sc.options[rng() % sc.options.size()];
        a[it.id] = sc.scored && rng() % 2 ? nlohmann::json(o.value) : nlohmann::json(o.id);
        break;
      }
      case model::Scale::Kind::multiple: {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& o : sc.options)
          if (rng() % 2) list.push_back(o.id);
        a[it.id] = list;
        break;
      }
      case model::Scale::Kind::integer: a[it.id] = int64_t(sc.lo) + int64_t(rng() % uint32_t(sc.hi - sc.lo + 1)); break;
      case model::Scale::Kind::decimal: a[it.id] = sc.lo + (sc.hi - sc.lo) * double(rng() % 1000) / 1000.0; break;
    }
  }
  return a;
}

TEST(JsonText, GoldenCasesGiveTheSameText) {
  fs::path root(SIGNPOST_SOURCE_DIR);
  size_t cases = 0;
  for (const auto& d : fs::directory_iterator(root / "tests" / "golden" / "eval")) {
    if (!fs::exists(d.path() / "answers.json")) continue;
    Compiled c = compile_file((d.path() / "rules.signpost").string());
    ASSERT_TRUE(c.ok()) << d.path();
    std::string answers = read(d.path() / "answers.json");
    expect_same(*c.ruleset, answers, d.path().filename().string());
    // The same answers compacted onto one line (the fast parser's usual input).
    nlohmann::json doc;
    std::vector<AnswerError> errors;
    if (parse_answers_text(answers, Limits{}, doc, errors)) expect_same(*c.ruleset, doc.dump(), d.path().filename().string());
    ++cases;
  }
  EXPECT_GT(cases, 30u);
}

// The fast path is really taken: the writer is made for every rule set, and the parser accepts
// plain answers.
TEST(JsonText, FastPathIsAvailable) {
  std::mt19937 rng(4);
  for (const fs::path& file : rule_files()) {
    Compiled c = compile_file(file.string());
    ASSERT_TRUE(c.ok()) << file;
    const RuleSet& rs = *c.ruleset;
    if (rs.model().library) continue;
    EXPECT_TRUE(ResultWriter::make(ReportContext{rs.model(), rs.program(), rs.content_hash()})) << file;
    FastAnswers fast(rs.model());
    AnswerRow row;
    size_t accepted = 0, valid = 0;
    for (int k = 0; k < 50; ++k) {
      nlohmann::json a = random_answers(rs, rng);
      std::vector<AnswerError> errors;
      AnswerRow want = decode_answers(a, rs.model(), errors);
      if (!errors.empty()) continue;
      ++valid;
      if (!fast.decode(a.dump(), row)) continue;
      ++accepted;
      for (size_t i = 0; i < row.size(); ++i)
        EXPECT_TRUE((std::isnan(row[i]) && std::isnan(want[i])) || row[i] == want[i]) << file << " " << a.dump();
    }
    EXPECT_EQ(accepted, valid) << file;
  }
}

TEST(JsonText, RandomAnswersGiveTheSameText) {
  std::mt19937 rng(3);
  for (const fs::path& file : rule_files()) {
    Compiled c = compile_file(file.string());
    ASSERT_TRUE(c.ok()) << file;
    const RuleSet& rs = *c.ruleset;
    if (rs.model().library) continue;
    for (int k = 0; k < 150; ++k) {
      nlohmann::json a = random_answers(rs, rng);
      std::string text = a.dump(k % 3 == 0 ? 1 : -1);  // pretty and compact
      expect_same(rs, text, file.string());
    }
  }
}

// Text the fast parser must hand to the full path, which then gives its errors: same answers out.
TEST(JsonText, UnusualAndInvalidAnswersTakeTheFullPath) {
  Compiled c = testing::compile(
      "scale hours: decimal 0 to 24\n"
      "scale feel: multiple sad \"Sad\", numb \"Numb\"\n"
      "item a: freq \"A\" cites s\nitem b: yesno \"B\" cites s\nitem h: hours \"H\" cites s\nitem f: feel \"F\" cites s\n"
      "item c: freq \"C\" cites s ask when b\n"
      "let n = sum(a, c)\n"
      "guidance g level consider when n >= 2 title \"G\" cites s\n");
  ASSERT_TRUE(c.ok()) << c.render();
  const RuleSet& rs = *c.ruleset;
  for (const char* text : {
           "{}", " { } ", "{\"a\": \"often\"}", "{\"a\": 2, \"b\": true, \"h\": 7.5, \"f\": [\"sad\", \"numb\"]}",
           "{\"a\": \"oftn\"}", "{\"a\": 7}", "{\"b\": \"maybe\"}", "{\"b\": 2}", "{\"h\": 25}", "{\"h\": \"7\"}",
           "{\"f\": [\"sad\", \"sad\"]}", "{\"f\": [1]}", "{\"zz\": 1}", "{\"a\": 1, \"a\": 2}", "{\"a\": \"of\\u0074en\"}",
           "{\"h\": 1e1}", "{\"h\": 01}", "{\"h\": -0}", "{\"h\": 7.}", "[1, 2]", "{\"a\": 2", "", "null",
           "{\"b\": false, \"c\": \"often\"}", "{\"b\": true}", "\xEF\xBB\xBF{\"a\": 1}", "{\"a\": {\"x\": 1}}",
           "{\"b\": 0, \"c\": null}", "{\"h\": 3.25, \"a\": 0}"})
    expect_same(rs, text, text);
}

// An id key is moved into the result, in its sorted place, by either path.
TEST(JsonText, IdKeyIsMovedIntoTheResult) {
  Compiled c = compile_file(std::string(SIGNPOST_SOURCE_DIR) + "/rules/self-check.signpost");
  ASSERT_TRUE(c.ok());
  const RuleSet& rs = *c.ruleset;
  for (const char* id : {"\"r1\"", "17", "\"\"", "\"caf\xC3\xA9\"", "\"a\\\"b\"", "2.5", "[1]"}) {
    std::string text = std::string("{\"id\": ") + id + ", \"unsafe_relationship\": \"no\"}";
    std::string fast;
    ASSERT_TRUE(rs.evaluate_json(text, fast, nullptr, "id")) << text;
    nlohmann::json want = rs.evaluate_text("{\"unsafe_relationship\": \"no\"}").result;
    want["id"] = nlohmann::json::parse(id);
    EXPECT_EQ(fast, want.dump()) << text;
  }
}

// A rule set given a deployment's contacts shares the fast writer of the rules without them; the
// contacts still reach the result.
TEST(JsonText, DeploymentResourcesReachTheFastPath) {
  const std::string dir = std::string(SIGNPOST_SOURCE_DIR) + "/tests/golden/eval/resources-deployment/";
  Compiled c = compile_file(dir + "rules.signpost");
  ASSERT_TRUE(c.ok()) << c.render();
  std::ifstream in(dir + "resources.json");
  std::stringstream ss;
  ss << in.rdbuf();
  Resources res;
  std::vector<AnswerError> errors;
  ASSERT_TRUE(parse_resources_text(ss.str(), res, errors));
  RuleSet plain = *c.ruleset, deployed = plain.with_resources(res);
  for (const char* answers : {"{\"unsafe\": \"yes\"}", "{}", "{\"unsafe\": \"no\"}"}) {
    std::string fast_plain, fast_deployed;
    ASSERT_TRUE(plain.evaluate_json(answers, fast_plain));  // first: makes the shared writer
    ASSERT_TRUE(deployed.evaluate_json(answers, fast_deployed));
    EXPECT_EQ(fast_plain, plain.evaluate_text(answers).result.dump()) << answers;
    EXPECT_EQ(fast_deployed, deployed.evaluate_text(answers).result.dump()) << answers;
  }
  std::string out;
  ASSERT_TRUE(deployed.evaluate_json("{\"unsafe\": \"yes\"}", out));
  EXPECT_NE(out.find("\"from\":\"deployment\""), std::string::npos) << out;
}

}  // namespace
}  // namespace signpost
