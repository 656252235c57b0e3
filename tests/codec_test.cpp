// The answer codec: one meaning and one wording for an answer, whichever path it comes in by
// (JSON, the fast JSON decoder, CSV cells, encoded columns, REDCap checkbox cells, examples).
#include <gtest/gtest.h>

#include <cmath>

#include "engine/evaluate/conventions.hpp"
#include "tests/test_util.hpp"

using namespace signpost;
using namespace signpost::testing;
using nlohmann::json;

namespace {

const char* kItems =
    "section emo \"Emotional\" cites s\n"
    "item f: freq \"F\" cites s\n"
    "scale tags: multiple alpha \"Alpha\", beta \"Beta\", gamma \"Gamma\"\n"
    "item t: tags \"T\" cites s\n"
    "item y: yesno \"Y\" cites s\n"
    "scale years: integer 0 to 120\n"
    "item k: years \"K\" cites s\n"
    "scale hours: decimal 0 to 24\n"
    "item h: hours \"H\" cites s\n"
    "guidance g level info when f >= often title \"G\" cites s\n";

RuleSet rules() {
  Compiled c = compile(kItems);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

// The one error decode_answers gives for {item: v}.
AnswerError json_error(const RuleSet& rs, const std::string& item, const json& v) {
  std::vector<AnswerError> errors;
  decode_answers(json{{item, v}}, rs.model(), errors);
  EXPECT_EQ(errors.size(), 1u) << item << " " << v.dump();
  return errors.empty() ? AnswerError{} : errors.front();
}

std::string text(const AnswerError& e) { return e.code + " " + e.pointer + " " + e.message + " | " + e.allowed; }

size_t item(const RuleSet& rs, const std::string& id) { return size_t(rs.model().item_index.at(id)); }

}  // namespace

TEST(Codec, CsvCellsAreWordedAsTheirJsonAnswers) {
  RuleSet rs = rules();
  TextAnswers cells(rs.model());
  struct Case {
    const char* item;
    const char* cell;
    json value;
  } cases[] = {
      {"f", "oftn", "oftn"}, {"f", "7", 7}, {"f", "2.5", 2.5}, {"y", "maybe", "maybe"}, {"y", "3", 3},
      {"k", "200", 200},     {"k", "20.5", 20.5}, {"k", "many", "many"}, {"h", "25", 25}, {"t", "alpha;delta", {"alpha", "delta"}},
      {"t", "alpha;alpha", {"alpha", "alpha"}},
  };
  for (const Case& c : cases) {
    double x;
    EXPECT_FALSE(cells.decode(item(rs, c.item), c.cell, x)) << c.cell;
    std::vector<AnswerError> got = cells.problems(item(rs, c.item), c.cell);
    ASSERT_EQ(got.size(), 1u) << c.cell;
    EXPECT_EQ(text(got.front()), text(json_error(rs, c.item, c.value))) << c.cell;
  }
}

TEST(Codec, EncodedColumnsAreWordedAsJsonNumbers) {
  RuleSet rs = rules();
  // An encoded yes/no or number is the number a JSON answer gives: the same words.
  for (auto [id, x] : std::vector<std::pair<std::string, double>>{{"y", 3}, {"k", 200}, {"k", 20.5}, {"h", 25}}) {
    std::vector<double> col{x};
    ColumnBatch batch;
    batch.rows = 1;
    batch.items.assign(rs.model().items.size(), nullptr);
    batch.items[item(rs, id)] = col.data();
    auto errors = rs.validate_columns(batch);
    ASSERT_EQ(errors.size(), 1u) << id;
    EXPECT_EQ(text(errors.front().second), text(json_error(rs, id, x))) << id;
  }
}

TEST(Codec, FastJsonAcceptsExactlyWhatJsonAccepts) {
  RuleSet rs = rules();
  FastAnswers fast(rs.model());
  const json values[] = {nullptr, true, false, 0, 1, 2, 3, 7, 2.5, -1, 24, 25, 120, 121, "yes", "no", "often",
                         "oftn", "alpha", json::array(), json{"alpha", "beta"}, json{"alpha", "alpha"}, json{"delta"}};
  for (const std::string id : {"f", "t", "y", "k", "h"})
    for (const json& v : values) {
      json doc{{id, v}};
      std::vector<AnswerError> errors;
      AnswerRow want = decode_answers(doc, rs.model(), errors);
      AnswerRow row;
      bool ok = fast.decode(doc.dump(), row);
      if (!errors.empty()) {
        EXPECT_FALSE(ok) << doc.dump();  // declined: the full path words the error
        continue;
      }
      ASSERT_TRUE(ok) << doc.dump();
      double a = row[item(rs, id)], b = want[item(rs, id)];
      EXPECT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << doc.dump();
    }
}

TEST(Codec, CheckboxCellsHaveOneWording) {
  RuleSet rs = rules();
  InputConventions conv;
  conv.redcap = InputConventions::Redcap::raw;
  conv.first_code["tags"] = 1;
  TextAnswers cells(rs.model(), &conv);
  RecordAnswers rec = record_answers(rs.model(), cells, conv, {"record_id", "t___1"}, {"1", "maybe"});
  ASSERT_EQ(rec.errors.size(), 1u);
  EXPECT_EQ(text(rec.errors.front()), text(checkbox_error(rs.model(), int(item(rs, "t")), "maybe")));
  EXPECT_EQ(rec.errors.front().message, "'t': \"maybe\" in a checkbox column is neither checked nor unchecked");
}

TEST(Codec, ExampleAnswersAreCheckedAndWordedAsJsonAnswers) {
  // An example's answer is refused exactly when the same answer in JSON is, with the same words.
  struct Case {
    const char* given;
    const char* item;
    json value;
  } cases[] = {{"f = yes", "f", true}, {"f = 7", "f", 7}, {"y = often", "y", "often"}, {"k = 200", "k", 200},
               {"t = [alpha, delta]", "t", {"alpha", "delta"}}, {"t = alpha", "t", "alpha"}};
  RuleSet rs = rules();
  for (const Case& c : cases) {
    Compiled bad = compile(std::string(kItems) + "example \"e\"\n  given " + c.given + "\n  expect g\n");
    ASSERT_TRUE(has_code(bad, "E060")) << c.given;
    AnswerError e = json_error(rs, c.item, c.value);
    std::string what = e.message.substr(e.message.find(": ") + 2);
    if (c.value.is_boolean()) what.replace(what.find("true"), 4, "yes");  // written `yes` in an example
    for (const auto& d : bad.diagnostics)
      if (d.code == "E060") EXPECT_EQ(d.hint, what + "; allowed: " + e.allowed) << c.given;
  }
  // What JSON accepts, an example may give: a yes/no as 1, an option by its number.
  Compiled good = compile(std::string(kItems) + "example \"e\"\n  given y = 1, f = 2, k = 20\n  expect g\n");
  EXPECT_FALSE(has_code(good, "E060")) << good.render();
}
