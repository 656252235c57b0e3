// Format stage: tokens, then lines with levels, then spacing, wrapping and blank lines (format.hpp).
#include "engine/format/format.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "engine/check/functions.hpp"
#include "engine/parse/grammar.hpp"
#include "engine/source/source.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace {

constexpr size_t kWidth = 120;  // columns before a line is wrapped after a comma

// ---- tokens ----------------------------------------------------------------------------------------
// `other`: a symbol the language does not have (yet): kept, with its spacing as written, so a
// symbol the grammar gains later is never split from or joined to its neighbours.
enum class Kind { word, number, text, punct, other, comment };

struct Token {
  Kind kind;
  std::string text;      // as written (texts with their quotes and escapes)
  size_t begin = 0, end = 0;
  bool line_start = false;  // the first token on its line in the input
  size_t blanks = 0;        // blank lines just before it in the input
  size_t indent = 0;        // its line's indentation in the input (tabs count as one)
};

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct Lexer {
  explicit Lexer(const std::string& text) : s(text) {}
  const std::string& s;
  size_t i = 0;
  std::string error;
  std::vector<Token> out;

  bool fail(size_t at, const std::string& why) {
    const LineCol lc = SourceFile("", s).locate(uint32_t(at));  // as the compiler counts them
    error = std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + why;
    return false;
  }

  // Valid UTF-8 from `from` to `to` (texts and comments may hold any character).
  bool utf8(size_t from, size_t to) {
    size_t bad = 0;
    if (valid_utf8(std::string_view(s).substr(from, to - from), &bad)) return true;
    return fail(from + bad, "a byte that is not UTF-8 text");
  }

  bool text() {  // at the opening quote
    size_t j = i + 1;
    for (; j < s.size() && s[j] != '"'; ++j) {
      if (s[j] == '\0') return fail(j, "a NUL byte");
      if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] != '\n' && s[j + 1] != '\r') ++j;  // the compiler judges escapes
    }
    if (j >= s.size()) return fail(i, "a text has no closing quote");
    if (!utf8(i, j)) return false;
    push(Kind::text, i, j + 1);
    return true;
  }

  // A line ends at a line feed, a carriage return, or both (as the grammar's `eol`).
  size_t breaks_between(size_t from, size_t to) const {
    size_t n = 0;
    for (size_t k = from; k < to; ++k) n += s[k] == '\n' || (s[k] == '\r' && (k + 1 >= to || s[k + 1] != '\n'));
    return n;
  }

  void push(Kind k, size_t b, size_t e) {
    Token t{k, s.substr(b, e - b), b, e};
    const size_t prev_end = out.empty() ? 0 : out.back().end;
    t.line_start = out.empty() || breaks_between(prev_end, b) > 0;
    if (t.line_start) {
      size_t line_begin = b;
      while (line_begin > 0 && s[line_begin - 1] != '\n' && s[line_begin - 1] != '\r') --line_begin;
      t.indent = b - line_begin;
      const size_t breaks = breaks_between(prev_end, b);
      t.blanks = out.empty() ? 0 : (breaks > 1 ? breaks - 1 : 0);
    }
    out.push_back(std::move(t));
    i = e;
  }

  bool run() {
    if (s.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
    while (i < s.size()) {
      const char c = s[i];
      if (std::string(" \t\n\r\v\f").find(c) != std::string::npos) {
        ++i;
      } else if (c == '#') {
        const size_t e = std::min(s.find_first_of("\r\n", i), s.size());
        if (s.find('\0', i) < e) return fail(s.find('\0', i), "a NUL byte");
        if (!utf8(i, e)) return false;
        push(Kind::comment, i, e);
      } else if (c == '"') {
        if (!text()) return false;
      } else if (ident_start(c)) {
        size_t e = i;
        while (e < s.size() && ident_char(s[e])) ++e;
        push(Kind::word, i, e);
      } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                 (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        size_t e = i;  // digits, a point, an exponent; anything glued on stays part of it, as written
        while (e < s.size() && (ident_char(s[e]) || s[e] == '.' ||
                                ((s[e] == '+' || s[e] == '-') && (s[e - 1] == 'e' || s[e - 1] == 'E') &&
                                 e + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[e + 1])))))
          ++e;
        push(Kind::number, i, e);
      } else if (i + 1 < s.size() && std::string("<>=!").find(c) != std::string::npos && s[i + 1] == '=') {
        push(Kind::punct, i, i + 2);
      } else if (std::string("<>=()[],:+-*/").find(c) != std::string::npos) {
        push(Kind::punct, i, i + 1);
      } else if (c > ' ' && c < 0x7F) {
        push(Kind::other, i, i + 1);
      } else {
        return fail(i, "'" + display_text(s.substr(i, std::max<size_t>(1, utf8_sequence(s, i))), 8) +
                           "' is not part of the language (outside a text or a comment)");
      }
    }
    return true;
  }
};

// ---- words the layout needs to know ---------------------------------------------------------------
bool is_keyword(const std::string& w) {
  static const std::set<std::string> all(parse::keywords().begin(), parse::keywords().end());
  return all.count(w) > 0;
}
// A function or aggregate name, some of which are keywords (`round`, `floor`, `ceil`, `count`).
bool is_call(const std::string& w) { return model::find_function(w) || model::find_aggregate(w); }
bool is_punct(const Token& t, const char* p) { return t.kind == Kind::punct && t.text == p; }
bool is_operator(const Token& t) {
  return t.kind == Kind::punct && t.text != "(" && t.text != ")" && t.text != "[" && t.text != "]" && t.text != ",";
}
bool is_decl_start(const Token& t) { return t.kind == Kind::word && parse::is_declaration_keyword(t.text); }
bool is_operand_word(const std::string& w) {
  return !is_keyword(w) || w == "yes" || w == "no" || w == "true" || w == "false" || w == "answer" || w == "unknown";
}
// A line ending with one of these goes on in the next line (an operator; a `,` does not force it:
// the items of a list may stand at the clause's level, as a scale's options do).
bool continues(const Token& t) {
  if (t.kind == Kind::word) return t.text == "and" || t.text == "or" || t.text == "not";
  return t.kind == Kind::punct && t.text != ")" && t.text != "]" && t.text != ":" && t.text != ",";
}

// ---- lines -------------------------------------------------------------------------------------------
struct Line {
  std::vector<size_t> toks;    // code tokens, in order
  std::optional<size_t> note;  // a comment: the whole line, or after the code
  int level = 0;               // indentation in steps of two spaces
  size_t blanks = 0;           // blank lines before it (input)
  size_t decl = 0;             // the declaration it belongs to (1-based; 0: before the first)
  bool starts_decl = false;
  std::vector<std::pair<int, std::string>> rows;  // the code as printed: (level, text) per row
  bool code() const { return !toks.empty(); }
};

std::vector<Line> split_lines(const std::vector<Token>& t) {
  std::vector<Line> lines;
  for (size_t k = 0; k < t.size(); ++k) {
    const bool fresh = lines.empty() || t[k].line_start || (is_decl_start(t[k]) && lines.back().code());
    if (fresh) {
      lines.emplace_back();
      lines.back().blanks = t[k].line_start ? t[k].blanks : 0;
    }
    if (t[k].kind == Kind::comment) lines.back().note = k;
    else lines.back().toks.push_back(k);
  }
  return lines;
}

// A line that goes on with the conditional value above it: `then ...`, `else ...`.
bool continues_conditional(const Token& first) {
  return first.kind == Kind::word && (first.text == "then" || first.text == "else");
}

// Declarations at 0; clauses at 1; continuations (after an operator, inside brackets, or indented
// deeper than the clause above, as the rest of a list after its first line is) at 2, and so are
// `then` and `else` lines (never at a clause's level: `let x = if c` then `then 1`). A comment on
// its own line takes the level of the code that follows it. A continuation is one step deeper
// than the last row of the line above as printed (`last_row`: a line wrapped after a comma ends
// one step deeper than it starts), so that formatting the output again gives the same levels.
void assign_levels(std::vector<Line>& lines, const std::vector<Token>& t,
                   const std::function<int(Line&)>& last_row) {
  size_t depth = 0, decl = 0;
  int prev_level = 0;
  bool prev_continues = false;
  size_t base = SIZE_MAX;  // the input indentation of the last clause line (none yet: SIZE_MAX)
  for (Line& l : lines) {
    if (!l.code()) continue;
    const Token& first = t[l.toks.front()];
    if (is_decl_start(first)) {
      l.level = 0, l.starts_decl = true, base = SIZE_MAX, ++decl;
    } else if (decl == 0) {
      l.level = 0;
    } else if (depth > 0 || prev_continues) {
      l.level = std::min(prev_level + 1, 2);
    } else if (continues_conditional(first)) {
      l.level = 2;  // below the clause it belongs to, as `when`'s or `=`'s continuation
    } else if (base != SIZE_MAX && first.line_start && first.indent > base) {
      l.level = 2;
    } else {
      l.level = 1;
      base = first.line_start ? first.indent : 0;
    }
    l.decl = decl;
    for (size_t k : l.toks) {
      if (is_punct(t[k], "(") || is_punct(t[k], "[")) ++depth;
      if ((is_punct(t[k], ")") || is_punct(t[k], "]")) && depth > 0) --depth;
    }
    prev_level = last_row(l);
    prev_continues = continues(t[l.toks.back()]);
  }
  // comments alone on their lines: like the code that follows them
  int next_level = 0;
  size_t next_decl = decl;
  for (size_t k = lines.size(); k-- > 0;) {
    if (lines[k].code()) next_level = lines[k].level, next_decl = lines[k].decl;
    else lines[k].level = next_level, lines[k].decl = next_decl;
  }
}

// ---- one line as text -------------------------------------------------------------------------------
struct Renderer {
  const std::vector<Token>& t;

  // Is the `-` at k a sign rather than a subtraction?
  bool unary(size_t k) const {
    if (k == 0) return true;
    const Token& p = t[k - 1];
    if (p.kind == Kind::comment) return k >= 2 ? unary_after(t[k - 2]) : true;
    return unary_after(p);
  }
  static bool unary_after(const Token& p) {
    if (p.kind == Kind::number) return false;
    if (p.kind == Kind::word) return !is_operand_word(p.text);
    if (p.kind == Kind::punct) return p.text != ")" && p.text != "]";
    return true;  // after a text
  }

  bool space_between(size_t a, size_t b) const {
    const Token& x = t[a];
    const Token& y = t[b];
    if (x.kind == Kind::other || y.kind == Kind::other) return x.end != y.begin;
    if (y.kind == Kind::punct && (y.text == "," || y.text == ":" || y.text == ")" || y.text == "]")) return false;
    if (is_punct(x, "(") || is_punct(x, "[")) return false;
    // a sign keeps the author's choice: `-1` is a number, `- 1` the negation of one
    if (is_punct(x, "-") && unary(a)) return x.end != y.begin;
    // two symbols written together stay together (`->` is not `- >`), but a sign gets its space
    if (is_operator(x) && is_operator(y) && x.end == y.begin && !(is_punct(y, "-") && unary(b))) return false;
    // sum(...), and round(...) although `round` is also a keyword
    if (is_punct(y, "(") && x.kind == Kind::word && (!is_keyword(x.text) || is_call(x.text))) return false;
    return true;
  }

  // A text's continuation lines re-indented (the language folds a break and the blanks around
  // it to one space, so only the indentation changes).
  static std::string reindent(const std::string& s, const std::string& indent) {
    std::string out;
    for (size_t i = 0; i < s.size();) {
      const size_t j = std::min(s.find_first_not_of(" \t\r\n", i), s.size());
      if (j == i) {
        out += s[i++];
        continue;
      }
      const std::string run = s.substr(i, j - i);
      out += run.find_first_of("\r\n") == std::string::npos ? run : "\n" + indent;
      i = j;
    }
    return out;
  }

  std::string piece(size_t k, int level) const {
    return t[k].kind == Kind::text ? reindent(t[k].text, std::string(size_t(2 * level + 2), ' ')) : t[k].text;
  }

  // toks[from, to) on one line.
  std::string join(const std::vector<size_t>& toks, size_t from, size_t to, int level) const {
    std::string out;
    for (size_t n = from; n < to; ++n) {
      if (n > from && space_between(toks[n - 1], toks[n])) out += ' ';
      out += piece(toks[n], level);
    }
    return out;
  }

  // The line's code, wrapped after a comma while it is too long: (level, text) per output line.
  std::vector<std::pair<int, std::string>> render(const Line& l) const {
    std::vector<std::pair<int, std::string>> out;
    int level = l.level;
    size_t start = 0;
    while (true) {
      std::string whole = join(l.toks, start, l.toks.size(), level);
      if (2 * size_t(level) + whole.size() <= kWidth || whole.find('\n') != std::string::npos) {
        out.emplace_back(level, whole);
        return out;
      }
      // the last comma outside brackets that keeps this line within the width, else the first one
      std::optional<size_t> cut;
      int depth = 0;
      for (size_t n = start; n + 1 < l.toks.size(); ++n) {
        const Token& tok = t[l.toks[n]];
        depth += (is_punct(tok, "(") || is_punct(tok, "[")) - (is_punct(tok, ")") || is_punct(tok, "]"));
        if (!is_punct(tok, ",") || depth > 0) continue;
        if (cut && 2 * size_t(level) + join(l.toks, start, n + 1, level).size() > kWidth) break;
        cut = n + 1;
      }
      if (!cut) {
        out.emplace_back(level, whole);
        return out;
      }
      out.emplace_back(level, join(l.toks, start, *cut, level));
      start = *cut;
      // Read again, the rest is its own line at the level assign_levels gives it: a continuation
      // inside a declaration, but level 0 before the first (no declaration to continue).
      if (l.decl > 0) level = std::min(level + 1, 2);
    }
  }
};

}  // namespace

FormatResult format_source(const std::string& text) {
  FormatResult r;
  Lexer lex(text);
  if (!lex.run()) {
    r.error = lex.error;
    return r;
  }
  const std::vector<Token>& t = lex.out;
  std::vector<Line> lines = split_lines(t);
  Renderer render{t};
  assign_levels(lines, t, [&](Line& l) {
    l.rows = render.render(l);  // rendered once, here, where the next line's level needs it
    return l.rows.back().first;
  });

  // Lines rendered, and each declaration's size in lines (for the blank lines around it).
  struct Out {
    std::vector<std::pair<int, std::string>> rows;
    const Line* line;
  };
  std::vector<Out> rendered;
  std::vector<size_t> decl_rows(lines.empty() ? 1 : lines.back().decl + 2, 0);
  for (const Line& l : lines) {
    Out o{l.code() ? l.rows : std::vector<std::pair<int, std::string>>{{l.level, ""}}, &l};
    if (l.note) {
      std::string& last = o.rows.back().second;
      last += (last.empty() ? "" : "  ") + t[*l.note].text;
    }
    if (l.code())
      for (const auto& row : o.rows) decl_rows[l.decl] += 1 + size_t(std::count(row.second.begin(), row.second.end(), '\n'));
    rendered.push_back(std::move(o));
  }

  // A blank line before each declaration of several lines and after one (before the comments
  // directly above the next declaration, which belong to it); otherwise at most one, as written.
  std::vector<size_t> blanks(rendered.size(), 0);
  for (size_t k = 0; k < rendered.size(); ++k) blanks[k] = std::min<size_t>(rendered[k].line->blanks, 1);
  for (size_t k = 0; k < rendered.size(); ++k) {
    const Line& l = *rendered[k].line;
    if (!l.starts_decl || l.decl <= 1) continue;
    size_t g = k;  // the first of the comments directly above
    while (g > 0 && !rendered[g - 1].line->code() && blanks[g] == 0) --g;
    if (g == 0) continue;
    if (decl_rows[l.decl] > 1 || decl_rows[l.decl - 1] > 1) blanks[g] = 1;
  }

  std::string out = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? "\xEF\xBB\xBF" : "";
  for (size_t k = 0; k < rendered.size(); ++k) {
    if (k > 0 && blanks[k]) out += "\n";
    for (const auto& [level, row] : rendered[k].rows) out += std::string(size_t(2 * level), ' ') + row + "\n";
  }
  r.ok = true;
  r.text = std::move(out);
  return r;
}

}  // namespace signpost
