// Source stage: line/column lookup, diagnostic rendering, text utilities.
#include <gtest/gtest.h>

#include "engine/source/diagnostics.hpp"
#include "engine/source/text.hpp"

using namespace signpost;

TEST(Source, LocatesLinesAndColumnsInCodePoints) {
  SourceFile f("x", "ab\n\xC3\xA9t\xC3\xA9 x\nlast");
  EXPECT_EQ(f.locate(0).line, 1u);
  EXPECT_EQ(f.locate(3).line, 2u);
  EXPECT_EQ(f.locate(3).column, 1u);
  // "été x": the x is the 5th code point although it is byte 7 of the line
  EXPECT_EQ(f.locate(3 + 6).column, 5u);
  EXPECT_EQ(f.line(2), "\xC3\xA9t\xC3\xA9 x");
  EXPECT_EQ(f.line(3), "last");
  EXPECT_EQ(f.line_count(), 3u);
}

TEST(Source, RendersLocationSourceLineCaretAndHint) {
  SourceSet s;
  s.add("rules/a.signpost", "let x = 1\nlet y = emotinal + 1\n");
  Diagnostic d{"E010", Severity::error, Span{0, 18, 26}, "unknown name 'emotinal'", "did you mean 'emotional'?"};
  std::string out = render(d, s);
  EXPECT_EQ(out,
            "rules/a.signpost:2:9: error[E010]: unknown name 'emotinal'\n"
            " 2 | let y = emotinal + 1\n"
            "   |         ^~~~~~~~\n"
            "   = hint: did you mean 'emotional'?\n");
}

TEST(Source, CaretKeepsTabsSoItLinesUp) {
  SourceSet s;
  s.add("t", "\tlet x = y\n");
  Diagnostic d{"E010", Severity::error, Span{0, 9, 10}, "unknown name 'y'", ""};
  EXPECT_NE(render(d, s).find("| \t        ^\n"), std::string::npos) << render(d, s);
}

TEST(Source, DiagnosticsSortByPosition) {
  Diagnostics ds;
  ds.error("E2", Span{0, 20, 21}, "b");
  ds.warning("W1", Span{0, 5, 6}, "a");
  ASSERT_EQ(ds.sorted().front().code, "W1");
  EXPECT_EQ(ds.error_count(), 1u);
  EXPECT_EQ(ds.warning_count(), 1u);
}

TEST(Text, DidYouMeanFindsNearNamesOnly) {
  std::vector<std::string> names = {"emotional", "physical", "often", "c"};
  EXPECT_EQ(did_you_mean("emotinal", names), "did you mean 'emotional'?");
  EXPECT_EQ(did_you_mean("oftn", names), "did you mean 'often'?");
  EXPECT_EQ(did_you_mean("y", names), "");        // one letter is never "near" another
  EXPECT_EQ(did_you_mean("banana", names), "");
}

TEST(Text, FormatsNumbersShortestRoundTrip) {
  EXPECT_EQ(format_number(3), "3");
  EXPECT_EQ(format_number(-2), "-2");
  EXPECT_EQ(format_number(2.5), "2.5");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1.0 / 3), "0.3333333333333333");
}

TEST(Text, Sha256MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}
