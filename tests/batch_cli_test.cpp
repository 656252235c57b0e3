// `signpost batch` end to end: every CSV row and NDJSON line is what the one-response path gives
// for it, whatever the thread count; bad rows stop the run with nothing written, or with
// --skip-invalid are each reported and left out.
#include <sys/wait.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "bench/seed38.hpp"
#include "engine/evaluate/answers.hpp"
#include "engine/source/text.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;

const std::string kRoot = SIGNPOST_SOURCE_DIR;

struct CliRun {
  int code = -1;
  std::string out, err;
};

class BatchCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("signpost-batch-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  // Runs `signpost ARGS`; stdin from `input` when given.
  CliRun sp(const std::string& args, const std::string& input = "") const {
    std::string o = path("stdout"), e = path("stderr");
    std::string cmd = std::string(SIGNPOST_BINARY) + " " + args + " >" + o + " 2>" + e;
    if (!input.empty()) cmd += " <" + input;
    int rc = std::system(cmd.c_str());
    CliRun r;
    r.code = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    r.out = read(o);
    r.err = read(e);
    return r;
  }

  fs::path dir_;
};

RuleSet load(const std::string& rel) {
  Compiled c = compile_file(kRoot + "/" + rel);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

// What a CSV row's cells should say, from the one-response path.
std::string expected_csv(const RuleSet& rs, const std::string& id, const AnswerRow& row) {
  const model::Model& m = rs.model();
  const Program& p = rs.program();
  Evaluation ev;
  rs.run(row, ev);
  std::string out = id;
  for (size_t v = 0; v < m.values.size(); ++v) {
    const model::Value& val = m.values[v];
    if (val.kind == model::Value::Kind::threshold) continue;
    out += ',';
    Interval x = ev.slots[p.value_slot[v]];
    if (x.na()) continue;
    if (!x.known()) {
      out += '?';
      continue;
    }
    if (val.kind == model::Value::Kind::band) out += val.rows[size_t(x.lo)].id;
    else if (val.type == model::Type::boolean) out += x.lo == 1 ? "1" : "0";
    else if (val.type == model::Type::option) out += m.scales[size_t(val.scale)].options[size_t(x.lo)].id;
    else out += format_number(x.lo);
  }
  for (size_t g = 0; g < m.guidance.size(); ++g) {
    Outcome o = outcome(ev.slots[p.guidance_slot[g]]);
    out += o == Outcome::fired ? ",1" : o == Outcome::not_fired ? ",0" : ",?";
  }
  return out;
}

// A random answer written as a CSV cell: option names or numbers, yes/no or 1/0, blanks.
std::string random_cell(const model::Scale& sc, std::mt19937& rng, double& encoded) {
  encoded = std::nan("");
  if (rng() % 6 == 0) return "";
  switch (sc.kind) {
    case model::Scale::Kind::boolean: {
      encoded = rng() % 2;
      static const char* yes[] = {"yes", "true", "1"};
      static const char* no[] = {"no", "false", "0"};
      return encoded ? yes[rng() % 3] : no[rng() % 3];
    }
    case model::Scale::Kind::options: {
      size_t k = rng() % sc.options.size();
      encoded = double(k);
      return sc.scored && rng() % 2 ? format_number(sc.options[k].value) : sc.options[k].id;
    }
    default: return "";
  }
}

// The shipped self-check (skip logic, bands, safety) with blanks, names and numbers, ids that
// need quoting: each output row is what `run` gives, for 1, 2 and 3 threads alike.
TEST_F(BatchCli, CsvRowsMatchTheOneResponsePath) {
  RuleSet rs = load("rules/self-check.signpost");
  const model::Model& m = rs.model();
  std::mt19937 rng(5);
  std::string csv = "id";
  for (const auto& it : m.items) csv += "," + it.id;
  csv += "\n";
  std::vector<std::string> expected;
  std::string header = "id";
  for (const auto& v : m.values)
    if (v.kind != model::Value::Kind::threshold) header += "," + v.id;
  for (const auto& g : m.guidance) header += "," + g.id;
  expected.push_back(header);
  const size_t rows = 40000;  // several chunks
  AnswerRow row(m.items.size());
  Evaluation ev;
  for (size_t r = 0; r < rows; ++r) {
    std::string id = r % 97 == 0 ? "\"row \"\"" + std::to_string(r) + "\"\", with a comma\"" : "r" + std::to_string(r);
    std::vector<std::string> cells(m.items.size());
    for (size_t i = 0; i < m.items.size(); ++i) cells[i] = random_cell(m.scales[m.items[i].scale], rng, row[i]);
    rs.run(row, ev);  // leave not-asked items blank, as a form would
    for (size_t i = 0; i < m.items.size(); ++i)
      if (ev.items[i] == ItemState::skipped) cells[i].clear(), row[i] = std::nan("");
    csv += id;
    for (auto& c : cells) csv += "," + c;
    csv += r % 3 == 0 ? "\r\n" : "\n";
    expected.push_back(expected_csv(rs, id, row));
  }
  std::string in = write("in.csv", csv);
  for (int threads : {1, 2, 3}) {
    std::string out = path("out" + std::to_string(threads) + ".csv");
    CliRun run = sp("batch " + kRoot + "/rules/self-check.signpost --input " + in + " --output " + out + " --threads " +
                 std::to_string(threads));
    ASSERT_EQ(run.code, 0) << run.err;
    std::vector<std::string> got = lines_of(read(out));
    ASSERT_EQ(got.size(), expected.size()) << threads << " threads";
    size_t wrong = 0;
    for (size_t k = 0; k < got.size(); ++k)
      if (got[k] != expected[k] && wrong++ < 3) ADD_FAILURE() << "line " << k + 1 << ":\n  " << got[k] << "\n  " << expected[k];
    EXPECT_EQ(wrong, 0u) << threads << " threads";
  }
  EXPECT_EQ(read(path("out1.csv")), read(path("out2.csv")));
  EXPECT_EQ(read(path("out1.csv")), read(path("out3.csv")));
}

// The seed-38 workload through the command: its checksum is the hand-written scorer's.
TEST_F(BatchCli, Seed38ChecksumThroughTheCommand) {
  const size_t rows = 50000;
  std::string csv;
  for (size_t i = 0; i < seed38::kItems; ++i) csv += seed38::item_name(i) + (i + 1 < seed38::kItems ? "," : "\n");
  seed38::Generator g;
  seed38::Tally want;
  seed38::Response x;
  for (size_t r = 0; r < rows; ++r) {
    uint8_t* c = reinterpret_cast<uint8_t*>(&x);
    g.next(c);
    for (size_t i = 0; i < seed38::kItems; ++i) csv += std::to_string(c[i]) + (i + 1 < seed38::kItems ? "," : "\n");
    seed38::Result s = seed38::score(x);
    want.add(s.mask, s.total, s.emo_sum, s.phy_sum, s.pat_sum);
  }
  std::string in = write("seed38.csv", csv);
  CliRun run = sp("batch " + kRoot + "/bench/seed38.signpost --input " + in + " --threads 2");
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> got = lines_of(run.out);
  ASSERT_EQ(got.size(), rows + 1);
  // Columns: 10 values (emo_sum, emo_count, phy_sum, phy_count, pat_sum, pat_count, help_count,
  // total, safety_any, domains), then the 10 guidance in mask order.
  seed38::Tally t;
  for (size_t r = 1; r < got.size(); ++r) {
    std::vector<std::string> f;
    std::istringstream ss(got[r]);
    std::string cell;
    while (std::getline(ss, cell, ',')) f.push_back(cell);
    ASSERT_EQ(f.size(), 20u);
    unsigned mask = 0;
    for (size_t b = 0; b < 10; ++b) mask |= unsigned(f[10 + b] == "1") << b;
    t.add(mask, unsigned(std::stoi(f[7])), unsigned(std::stoi(f[0])), unsigned(std::stoi(f[2])), unsigned(std::stoi(f[4])));
  }
  EXPECT_TRUE(t == want) << t.checksum << " vs " << want.checksum;
}

// Each NDJSON line is the compact form of what `signpost eval` gives, plus the id.
TEST_F(BatchCli, NdjsonLinesAreTheEvalResult) {
  RuleSet rs = load("rules/self-check.signpost");
  const model::Model& m = rs.model();
  std::mt19937 rng(9);
  std::string text;
  std::vector<nlohmann::json> expected;
  for (size_t r = 0; r < 3000; ++r) {
    nlohmann::json answers = nlohmann::json::object();
    AnswerRow row(m.items.size());
    for (size_t i = 0; i < m.items.size(); ++i) {
      std::string cell = random_cell(m.scales[m.items[i].scale], rng, row[i]);
      if (!cell.empty() && rng() % 2) answers[m.items[i].id] = nlohmann::json(answer_json(m, int(i), row[i]));
      else if (rng() % 5 == 0) answers[m.items[i].id] = nullptr;
    }
    EvalResult want = rs.evaluate(answers);
    if (!want.ok) continue;  // A006 rows: covered by the skip test
    if (r % 2) answers["id"] = r;
    nlohmann::json result = want.result;
    if (r % 2) result["id"] = r;
    expected.push_back(result);
    text += answers.dump() + (r % 7 == 0 ? "\n\n" : "\n");
  }
  std::string in = write("in.ndjson", text);
  for (int threads : {1, 2}) {
    CliRun run = sp("batch " + kRoot + "/rules/self-check.signpost --input " + in + " --threads " + std::to_string(threads));
    ASSERT_EQ(run.code, 0) << run.err;
    std::vector<std::string> got = lines_of(run.out);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t k = 0; k < got.size(); ++k) ASSERT_EQ(got[k], expected[k].dump()) << "line " << k + 1;
  }
}

// --lang: options (and yes/no) given by their labels in a translation's language are read as the
// options, and NDJSON results are in that language; a language the rule set lacks is a usage error.
TEST_F(BatchCli, LangReadsOptionsByTheirLabels) {
  const std::string rules = kRoot + "/rules/partner.signpost";
  const std::string de = write("de.csv", "id,anyone_hurt,listen_without_fixing\n1,Ja,Meistens oder immer\n2,nein,selten\n3,,\n");
  const std::string en = write("en.csv", "id,anyone_hurt,listen_without_fixing\n1,yes,usually\n2,no,rarely\n3,,\n");
  CliRun by_label = sp("batch " + rules + " --lang de --input " + de);
  ASSERT_EQ(by_label.code, 0) << by_label.err;
  CliRun by_id = sp("batch " + rules + " --input " + en);
  ASSERT_EQ(by_id.code, 0) << by_id.err;
  EXPECT_EQ(by_label.out, by_id.out);
  EXPECT_EQ(sp("batch " + rules + " --input " + de).code, 1);  // German labels, English rules
  const std::string nd = write("de.ndjson", "{\"anyone_hurt\": \"Ja\", \"listen_without_fixing\": \"Oft\"}\n");
  CliRun json = sp("batch " + rules + " --lang de --input " + nd);
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_NE(json.out.find("\"language\":\"de\""), std::string::npos) << json.out;
  CliRun none = sp("batch " + rules + " --lang fr --input " + nd);
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("has no 'fr' translation"), std::string::npos) << none.err;
}

TEST_F(BatchCli, MissingColumnsAndEmptyInput) {
  std::string rules = kRoot + "/rules/self-check.signpost";
  // Only two items: every other item is unanswered.
  std::string in = write("few.csv", "unsafe_relationship,pressured_after_no,anger_out_of_control\nno,no,no\nyes,,\n");
  CliRun run = sp("batch " + rules + " --input " + in);
  ASSERT_EQ(run.code, 0) << run.err;
  std::vector<std::string> got = lines_of(run.out);
  ASSERT_EQ(got.size(), 3u);
  // 9 derived values (any_risk 8th), then 12 guidance: safety_first, anger_support, ...,
  // relationship_patterns (16th column), closeness_while_unsafe (17th), ..., talking_with_partner
  // (19th), first_steps, few_signs.
  // No safety concern: safety_concern 0, any_risk unknown (controlling behaviour unanswered),
  // safety_first 0, anger_support 0, closeness_while_unsafe 0.
  EXPECT_EQ(got[1], "?,?,?,?,?,?,0,?,?,0,0,?,?,?,?,?,0,?,?,?,?");
  // Unsafe: safety_first fires; closeness, pattern, touch and partner guidance and few_signs are
  // ruled out; the protective message is undetermined (it needs signs).
  EXPECT_EQ(got[2], "?,?,?,?,?,?,1,1,?,1,?,?,?,0,0,0,?,?,0,?,0");
  // A header alone gives a header alone.
  in = write("empty.csv", "id,unsafe_relationship\n");
  run = sp("batch " + rules + " --input " + in);
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(lines_of(run.out).size(), 1u);
  // Standard input, with --format; a byte order mark and CRLF.
  in = write("stdin.csv", "\xEF\xBB\xBFunsafe_relationship,anger_out_of_control\r\nno,no\r\n");
  run = sp("batch " + rules + " --input - --format csv", in);
  ASSERT_EQ(run.code, 0) << run.err;
  EXPECT_EQ(lines_of(run.out).size(), 2u);
}

TEST_F(BatchCli, ABadRowStopsTheRunAndNothingIsWritten) {
  std::string rules = kRoot + "/rules/self-check.signpost";
  std::string in = write("bad.csv",
                         "id,unsafe_relationship,hard_to_share_feelings\n"
                         "a,no,often\n"
                         "b,no,oftn\n"
                         "c,maybe,never\n");
  std::string out = write("out.csv", "an earlier result\n");
  for (int threads : {1, 2}) {
    CliRun run = sp("batch " + rules + " --input " + in + " --output " + out + " --threads " + std::to_string(threads));
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.err.find("bad.csv:3: error[A003]: 'hard_to_share_feelings': \"oftn\" is not an option; did you mean 'often'?"),
              std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("= allowed: one of never, sometimes, often or almost_always"), std::string::npos);
    EXPECT_EQ(run.err.find("bad.csv:4"), std::string::npos) << "only the first bad row";
    EXPECT_EQ(read(out), "an earlier result\n") << "the output is untouched";
    size_t leftovers = 0;
    for (const auto& e : fs::directory_iterator(dir_)) leftovers += e.path().filename().string().find("partial") != std::string::npos;
    EXPECT_EQ(leftovers, 0u);
  }
  // To standard output: nothing either.
  CliRun run = sp("batch " + rules + " --input " + in);
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "");
}

TEST_F(BatchCli, SkipInvalidReportsEveryBadRow) {
  std::string rules = kRoot + "/rules/self-check.signpost";
  std::string in = write("bad.csv",
                         "id,unsafe_relationship,in_relationship,relationship_strain\n"
                         "a,no,yes,yes\n"
                         "b,no,maybe,yes\n"          // line 3: A002
                         "c,no,no,yes\n"             // line 4: answered though not asked (A006)
                         "\"d\nstill d\",no,no\n"    // line 5: a quoted line break, and a cell missing
                         "e,no,no,\n"                // line 7
                         "\"f,yes,no,\n");           // line 8: a quote never closed
  for (int threads : {1, 2}) {
    std::string out = path("out.csv");
    CliRun run = sp("batch " + rules + " --input " + in + " --output " + out + " --skip-invalid --threads " +
                 std::to_string(threads));
    EXPECT_EQ(run.code, 1) << "skipped rows are findings";
    EXPECT_NE(run.err.find("bad.csv:3: row skipped: error[A002]: 'in_relationship'"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("bad.csv:4: row skipped: error[A006]: 'relationship_strain'"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("bad.csv:5: row skipped: error: expected 4 cells, found 3"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("bad.csv:8: row skipped: error: a quoted cell is not closed properly"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("4 of 6 rows skipped"), std::string::npos) << run.err;
    std::vector<std::string> got = lines_of(read(out));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(got[1].substr(0, 2), "a,");
    EXPECT_EQ(got[2].substr(0, 2), "e,");
  }
  // NDJSON: bad JSON and bad answers, each named by line.
  in = write("bad.ndjson", "{\"unsafe_relationship\": \"no\"}\n{\"unsafe_relationship\": \"perhaps\"}\n{oops\n{\"zz\": 1}\n");
  CliRun run = sp("batch " + rules + " --input " + in + " --skip-invalid");
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(lines_of(run.out).size(), 1u);
  EXPECT_NE(run.err.find("bad.ndjson:2: row skipped: error[A002]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.ndjson:3: row skipped: error[A011]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("bad.ndjson:4: row skipped: error[A001]"), std::string::npos) << run.err;
}

// Line numbers stay right across chunks (about a megabyte each), threads and quoted line breaks.
TEST_F(BatchCli, BadRowsAreNamedByTheirLineInAnyChunk) {
  std::string csv;
  for (size_t i = 0; i < seed38::kItems; ++i) csv += (i ? "," : "id,") + seed38::item_name(i);
  csv += "\n";
  size_t line = 1;
  std::vector<size_t> bad_lines;
  for (size_t r = 0; r < 40000; ++r) {
    ++line;
    bool bad = r == 14000 || r == 35000;
    if (bad) bad_lines.push_back(line);
    if (r == 100) {  // an id with a line break inside: one row, two lines
      csv += "\"two\nlines\"";
      ++line;
    } else {
      csv += "r" + std::to_string(r);
    }
    for (size_t i = 0; i < seed38::kItems; ++i) csv += bad && i == 3 ? ",sometimes?" : "," + std::to_string(i < 30 ? r % 4 : r % 2);
    csv += "\n";
  }
  std::string in = write("big.csv", csv);
  std::string rules = kRoot + "/bench/seed38.signpost";
  for (int threads : {1, 2}) {
    CliRun run = sp("batch " + rules + " --input " + in + " --threads " + std::to_string(threads));
    EXPECT_EQ(run.code, 1);
    EXPECT_NE(run.err.find("big.csv:" + std::to_string(bad_lines[0]) + ": error[A003]: 'e4'"), std::string::npos) << run.err;
    run = sp("batch " + rules + " --input " + in + " --skip-invalid --output " + path("o.csv") + " --threads " +
             std::to_string(threads));
    EXPECT_EQ(run.code, 1);
    for (size_t l : bad_lines)
      EXPECT_NE(run.err.find("big.csv:" + std::to_string(l) + ": row skipped: error[A003]: 'e4'"), std::string::npos)
          << l << "\n" << run.err;
    EXPECT_NE(run.err.find("2 of 40000 rows skipped"), std::string::npos) << run.err;
    EXPECT_EQ(lines_of(read(path("o.csv"))).size(), 1 + 40000u - 2 + 1);  // header, rows, the quoted line break
  }
}

// --progress always draws a bar on standard error (auto: only on a terminal) and changes nothing else.
TEST_F(BatchCli, ProgressBar) {
  std::string in = write("p.csv", "unsafe_relationship,anger_out_of_control\nno,no\nyes,no\n");
  std::string rules = kRoot + "/rules/self-check.signpost";
  CliRun plain = sp("batch " + rules + " --input " + in);
  CliRun bar = sp("batch " + rules + " --input " + in + " --progress always");
  EXPECT_EQ(bar.code, 0);
  EXPECT_EQ(bar.out, plain.out);
  EXPECT_EQ(plain.err, "") << "not a terminal: no bar";
  EXPECT_NE(bar.err.find("100% 2 rows"), std::string::npos) << bar.err;
}

TEST_F(BatchCli, HeaderAndUsageErrors) {
  std::string rules = kRoot + "/rules/self-check.signpost";
  CliRun run = sp("batch " + rules + " --input " + write("h.csv", "id,unsafe_relationshp\nr1,no\n"));
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("h.csv:1: error[A001]: column 'unsafe_relationshp' is not an item of this assessment; did you "
                         "mean 'unsafe_relationship'?"),
            std::string::npos)
      << run.err;
  run = sp("batch " + rules + " --input " + write("d.csv", "unsafe_relationship,unsafe_relationship\nno,no\n"));
  EXPECT_EQ(run.code, 1);
  EXPECT_NE(run.err.find("column 'unsafe_relationship' appears twice"), std::string::npos) << run.err;
  run = sp("batch " + rules + " --input " + write("x.txt", "a\n"));
  EXPECT_EQ(run.code, 2);
  EXPECT_NE(run.err.find("--format"), std::string::npos);
  run = sp("batch " + rules + " --input " + path("missing.csv"));
  EXPECT_EQ(run.code, 2);
  run = sp("batch " + rules + " --input " + write("ok.csv", "unsafe_relationship\nno\n") + " --output " + path("o.ndjson"));
  EXPECT_EQ(run.code, 2);
  run = sp("batch " + rules + " --input " + path("ok.csv") + " --threads 0");
  EXPECT_EQ(run.code, 2);
  run = sp("batch --help");
  EXPECT_EQ(run.code, 0);
  for (const char* s : {"--input", "--output", "--threads", "--skip-invalid", "--id", "Exit codes", "Examples"})
    EXPECT_NE(run.out.find(s), std::string::npos) << s;
}

}  // namespace
}  // namespace signpost
