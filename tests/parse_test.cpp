// Parse stage: declarations, expressions, spans, recovery and limits.
#include <gtest/gtest.h>

#include "engine/parse/parse.hpp"
#include "tests/test_util.hpp"

using namespace signpost;
using namespace signpost::testing;

namespace {
ast::File parse(const std::string& text, Diagnostics& d) {
  static SourceSet s;  // spans refer to it; keep it alive
  uint32_t id = s.add("p.signpost", text);
  return parse_file(s, id, d);
}
}  // namespace

TEST(Parse, ReadsEveryDeclarationKind) {
  Diagnostics d;
  ast::File f = parse(std::string(kHeader) +
                          "import \"x.signpost\"\n"
                          "section a \"A\" cites s\n"
                          "item q: freq \"Q?\" help \"H\" cites s \"Sec\", s required ask when yes reverse\n"
                          "let n = count(a where answer >= often, unanswered = skip, minimum = 1)\n"
                          "threshold t = 2 note \"why\"\n"
                          "band b from n: 0 to 1: lo \"Low\" 2 or more: hi \"High\"\n"
                          "guidance g level info when n >= t title \"T\" text \"X\" steps \"a\", \"b\" step \"c\" "
                          "because \"{n}\" cites s\n"
                          "example \"e\" given q = often expect g, not g, undetermined g, n = 1\n",
                      d);
  EXPECT_FALSE(d.has_errors()) << render_all(d.sorted(), SourceSet{});
  ASSERT_EQ(f.decls.size(), 12u);
  const auto& item = std::get<ast::ItemDecl>(f.decls[6]);
  EXPECT_EQ(item.id.text, "q");
  EXPECT_EQ(item.cites.size(), 2u);
  EXPECT_TRUE(item.reverse);
  ASSERT_TRUE(item.requirement);
  EXPECT_EQ(item.requirement->text, "required");
  const auto& g = std::get<ast::GuidanceDecl>(f.decls[10]);
  EXPECT_EQ(g.steps.size(), 3u);
  const auto& ex = std::get<ast::ExampleDecl>(f.decls[11]);
  EXPECT_EQ(ex.expects.size(), 4u);
  EXPECT_EQ(ex.expects[3].kind, ast::Expect::Kind::equals);
}

TEST(Parse, ExpressionPrecedenceAndSpans) {
  Diagnostics d;
  std::string text = "let x = 1 + 2 * 3 >= 4 and not a or b\n";
  ast::File f = parse(text, d);
  ASSERT_FALSE(d.has_errors());
  const ast::Expr& e = std::get<ast::LetDecl>(f.decls[0]).value;
  EXPECT_EQ(e.op, ast::Op::or_);
  EXPECT_EQ(e.args[0].op, ast::Op::and_);
  const ast::Expr& cmp = e.args[0].args[0];
  EXPECT_EQ(cmp.op, ast::Op::ge);
  EXPECT_EQ(cmp.args[0].op, ast::Op::add);
  EXPECT_EQ(cmp.args[0].args[1].op, ast::Op::mul);
  EXPECT_EQ(text.substr(cmp.span.begin, cmp.span.end - cmp.span.begin), "1 + 2 * 3 >= 4");
  EXPECT_EQ(e.args[0].args[1].op, ast::Op::not_);
}

TEST(Parse, StringsFoldLineBreaksAndResolveEscapes) {
  Diagnostics d;
  ast::File f = parse("disclaimer \"one\n      two \\\"three\\\"\\n\"\n", d);
  ASSERT_FALSE(d.has_errors());
  EXPECT_EQ(std::get<ast::DisclaimerDecl>(f.decls[0]).text.text, "one two \"three\"\n");
}

TEST(Parse, NumbersDoNotSwallowNames) {
  Diagnostics d;
  ast::File f = parse("let x = info + inf2\nguidance g level info\n", d);
  ASSERT_FALSE(d.has_errors());
  EXPECT_EQ(std::get<ast::LetDecl>(f.decls[0]).value.args[0].name.text, "info");
  EXPECT_EQ(std::get<ast::GuidanceDecl>(f.decls[1]).level->text, "info");
}

TEST(Parse, ReportsEverySyntaxErrorAndRecovers) {
  Compiled c = compile(
      "item a: freq\n"            // missing prompt
      "let b = (1 + \n"           // unbalanced
      "guidance g level info title \"ok\" when yes cites s\n"
      "let c = 2 +\n");           // dangling operator
  std::vector<std::string> got = codes(c);
  EXPECT_EQ(count_code(c, "E001"), 3) << c.render();
  EXPECT_NE(c.render().find("test.signpost:5:13: error[E001]: expected a quoted text"), std::string::npos)
      << c.render();
}

TEST(Parse, UnterminatedStringPointsAtItsOpeningQuote) {
  Compiled c = compile("item a: freq \"never closed\n  cites s\nitem b: freq \"fine\" cites s\n");
  ASSERT_TRUE(has_code(c, "E002")) << c.render();
  EXPECT_NE(c.render().find(":5:14: error[E002]"), std::string::npos) << c.render();
}

TEST(Parse, MisspelledKeywordGetsAHint) {
  Compiled c = compile("guidence g level info\n");
  ASSERT_TRUE(has_code(c, "E001"));
  EXPECT_NE(c.render().find("did you mean 'guidance'?"), std::string::npos) << c.render();
}

TEST(Parse, ReservedWordAsNameIsExplained) {
  Compiled c = compile("item and: freq \"x\"\n");
  EXPECT_NE(c.render().find("'and' is a reserved word"), std::string::npos) << c.render();
}

TEST(Parse, DeepNestingIsRefusedNotCrashed) {
  std::string deep = "let x = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n";
  Compiled c = compile(deep);
  EXPECT_TRUE(has_code(c, "E070")) << c.render();
  std::string nots = "let y = ";
  for (int i = 0; i < 100000; ++i) nots += "not ";
  nots += "yes\n";
  Compiled c2 = compile(nots);  // parsed iteratively, then refused: later stages recurse
  EXPECT_TRUE(has_code(c2, "E070")) << c2.render().substr(0, 500);
  std::string sum = "let z = 1";
  for (int i = 0; i < 100000; ++i) sum += " + 1";
  Compiled c3 = compile(sum + "\n");
  EXPECT_TRUE(has_code(c3, "E070")) << c3.render().substr(0, 500);
  std::string ok = "let w = 1";
  for (int i = 0; i < 150; ++i) ok += " + 1";
  EXPECT_TRUE(compile(ok + "\n").ok());
}

TEST(Parse, OversizedFileIsRefused) {
  CompileOptions opt;
  opt.limits.max_file_bytes = 100;
  Compiled c = compile_source(std::string(kHeader) + std::string(200, '#'), "big.signpost", opt);
  EXPECT_TRUE(has_code(c, "E070"));
}

TEST(Parse, ImportsAreFollowedAndCyclesReported) {
  Compiled ok = compile("import \"shared.signpost\"\nitem a: likert \"A?\" cites s\n",
                        {{"shared.signpost", "scale likert: no_ = 0 \"No\", yes_ = 1 \"Yes\"\n"}});
  EXPECT_TRUE(ok.ok()) << ok.render();
  Compiled cyc = compile("import \"a.signpost\"\n", {{"a.signpost", "import \"b.signpost\"\n"},
                                                       {"b.signpost", "import \"a.signpost\"\n"}});
  EXPECT_TRUE(has_code(cyc, "E051")) << cyc.render();
  Compiled missing = compile("import \"nope.signpost\"\n");
  EXPECT_TRUE(has_code(missing, "E050"));
}

TEST(Parse, EveryBandRowForm) {
  Compiled c = compile(
      "item a: freq \"A\" cites s\nlet n = sum(a) - 1\n"
      "band b from n: under 0: neg \"Below\" 0 to under 1: z \"Zero\" 1 to 1: one \"One\" 2 or more: many \"Many\"\n"
      "band c from n: 0 or less: low \"Low\" 1 or more: high \"High\"\n");
  EXPECT_TRUE(c.ok()) << c.render();
}

// A two-way table: its header, outcomes, columns (any word: `yes` and `no` too) and rows; the rows
// end where the next declaration starts. `table` starts a declaration, so recovery after a
// syntax error starts over at one. (`table` is not reserved: inside an expression it is a name.)
TEST(Parse, ATableAndRecoveryAtOne) {
  Diagnostics d;
  ast::File f = parse("item broken: freq\n"
                      "table t from q by p:\n  outcomes a \"A\", b \"B\"\n  columns yes, no\n"
                      "  never: a, b\n  sometimes: a, a\n"
                      "guidance g level info when t == b\n",
                      d);
  EXPECT_EQ(d.sorted().size(), 1u);  // the item without its prompt, and nothing after it
  ASSERT_EQ(f.decls.size(), 2u);
  const auto& t = std::get<ast::TableDecl>(f.decls[0]);
  EXPECT_EQ(t.id.text, "t");
  EXPECT_EQ(t.rows.name.text, "q");
  EXPECT_EQ(t.columns.name.text, "p");
  ASSERT_EQ(t.outcomes.size(), 2u);
  EXPECT_EQ(t.outcomes[1].label.text, "B");
  ASSERT_EQ(t.column_keys.size(), 2u);
  EXPECT_EQ(t.column_keys[0].text, "yes");
  ASSERT_EQ(t.body.size(), 2u);
  EXPECT_EQ(t.body[1].key.text, "sometimes");
  EXPECT_EQ(t.body[1].cells.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<ast::GuidanceDecl>(f.decls[1]));
  // a row without its colon is a syntax error at the row, not a silent end of the table
  Diagnostics d2;
  parse("table t from q by p:\n  outcomes a \"A\"\n  columns yes\n  never a\n", d2);
  EXPECT_TRUE(d2.has_errors());
}

TEST(Parse, UnterminatedTextIsCaughtAtTheNextClause) {
  Compiled c = compile("guidance g level info when yes\n  title \"Never closed\n  text \"Some words\" cites s\n");
  ASSERT_TRUE(has_code(c, "E002")) << c.render();
  EXPECT_NE(c.render().find(":6:9: error[E002]"), std::string::npos) << c.render();
  // Prose that merely starts with a clause word is still a text.
  Compiled ok = compile("guidance g level info when yes title \"T\" cites s\n  text \"Long text\n  when you feel ready, go on.\"\n");
  EXPECT_TRUE(ok.ok()) << ok.render();
}

TEST(Parse, ADanglingOperatorDoesNotSwallowTheNextClause) {
  Compiled c = compile("item x: yesno \"X?\" cites s\nguidance g level info\n  when x and\n  title \"T\" cites s\n");
  EXPECT_NE(c.render().find(":7:13: error[E001]: expected an expression before the end of the line, found 'title'"),
            std::string::npos)
      << c.render();
}
