// Format stage: a rule file's text in one canonical layout (`signpost fmt`).
//
// It works from the lexical tokens and bracket structure, not from the syntax tree, so a
// construct the grammar gains later is laid out correctly without changing this stage: only
// whitespace outside texts changes (and the indentation of a text's continuation lines, which
// the language folds to one space), so the compiled rule set is the same.
#pragma once
#include <string>

namespace signpost {

struct FormatResult {
  bool ok = false;
  std::string text;   // ok: the formatted file
  std::string error;  // not ok: why the file was not formatted ("3:14: a text has no closing quote")
};

// The layout: each declaration starts a line at column 0; its clauses are indented by two
// spaces and continuation lines (after a trailing operator, inside brackets, or indented deeper
// than the clause, as the rest of a wrapped list is) by four; one space around operators and
// `=`, none before `,` `:` `)`, none inside brackets or between an aggregate and its `(`; at most
// one blank line in a row, and one before and after every declaration of several lines; comments
// stay where they were; lines over 120 columns are wrapped after a comma outside brackets; a
// text's continuation lines are indented two spaces beyond its first line. Author line breaks
// are otherwise kept, and so is the spacing of a symbol the language does not have. A file that
// does not lex (a text without its closing quote, a byte outside a text or comment that is not
// printable ASCII, or a text or comment that is not UTF-8) is refused, never reformatted.
FormatResult format_source(const std::string& text);

}  // namespace signpost
