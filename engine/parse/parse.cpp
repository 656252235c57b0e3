// Parse stage driver: declaration-by-declaration parsing with recovery, limits and imports.
#include "engine/parse/parse.hpp"

#include <filesystem>
#include <fstream>
#include <cstdio>
#include <set>
#include <sstream>

#include "engine/parse/grammar.hpp"
#include "engine/source/text.hpp"

namespace signpost {
namespace fs = std::filesystem;

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string word_at(const char* p, const char* end) {
  const char* w = p;
  while (p != end && ident_char(*p)) ++p;
  return std::string(w, p);
}

// The start of the next line (after `from`) whose first word begins a declaration.
const char* next_declaration(const char* from, const char* end) {
  const char* p = from;
  while (p != end) {
    while (p != end && *p != '\n') ++p;
    if (p == end) return end;
    ++p;
    const char* q = p;
    while (q != end && (*q == ' ' || *q == '\t')) ++q;
    if (q != end && parse::is_declaration_keyword(word_at(q, end)) && q + word_at(q, end).size() != end &&
        !ident_char(q[word_at(q, end).size()]))
      return q;
  }
  return end;
}

// Is p at the first word of a line, and is that word a declaration keyword?
bool starts_declaration(const char* p, const char* begin, const char* end) {
  const char* q = p;
  while (q != begin && (q[-1] == ' ' || q[-1] == '\t')) --q;
  if (q != begin && q[-1] != '\n') return false;
  std::string w = word_at(p, end);
  return !w.empty() && parse::is_declaration_keyword(w);
}

// Deepest parenthesis nesting between p and end, ignoring strings and comments; sets `where`.
size_t paren_depth(const char* p, const char* end, const char*& where) {
  size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (; p != end; ++p) {
    char c = *p;
    if (in_string) {
      if (c == '\\' && p + 1 != end) ++p;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '#') {
      while (p + 1 != end && p[1] != '\n') ++p;
    } else if (c == '(' || c == '[') {
      if (++depth > max_depth) {
        max_depth = depth;
        where = p;
      }
    } else if ((c == ')' || c == ']') && depth > 0) --depth;
  }
  return max_depth;
}

std::string expected_text(const std::string& which) {
  if (which == "unterminated") return "this text has no closing quote";
  if (which == "too deep") return "expression is nested too deeply";
  if (which == "escape") return "unknown escape in text (use \\\" \\\\ \\n or \\t)";
  std::string w = which;
  if (w.size() == 3 && w.front() == '\'' && w.back() == '\'') return "expected '" + w.substr(1, 1) + "'";
  if (!w.empty() && w.front() != 'a' && w.front() != '\'' && w.rfind("an", 0) != 0) w = "'" + w + "'";
  return "expected " + w;
}

std::string token_at(const char* p, const char* end) {
  if (p == end) return "end of file";
  if (ident_char(*p)) return "'" + word_at(p, end) + "'";
  if (*p == '"') return "a quoted text";
  if (*p == '\n' || *p == '\r') return "end of line";
  size_t k = utf8_sequence(std::string_view(p, size_t(end - p)), 0);
  return "'" + display_text(std::string_view(p, std::max<size_t>(k, 1))) + "'";
}

// Names (and any run of letters, digits and underscores outside texts and comments) longer than
// the limit: each is an error, which also keeps every later message that quotes a name short.
void check_word_lengths(std::string_view text, uint32_t file_id, size_t max_chars, Diagnostics& diags) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (ident_char(c)) {
      size_t j = i;
      while (j < text.size() && ident_char(text[j])) ++j;
      if (j - i > max_chars)
        diags.error("E070", Span{file_id, uint32_t(i), uint32_t(j)},
                    "a name of " + std::to_string(j - i) + " characters (the limit is " + std::to_string(max_chars) + ")",
                    "choose a shorter name");
      i = j - 1;
    }
  }
}

// Rule files are UTF-8 without NUL bytes: texts reach people and JSON, which need both. Every
// bad place is reported (up to a bound), and parsing goes on so other errors show too.
void check_encoding(std::string_view text, uint32_t file_id, Diagnostics& diags) {
  constexpr size_t kMaxReported = 20;
  size_t reported = 0, more = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t k = c < 0x80 ? 1 : utf8_sequence(text, i);
    if (c != 0 && k != 0) {
      i += k;
      continue;
    }
    if (reported == kMaxReported) {
      ++more;
    } else {
      ++reported;
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", c);
      diags.error("E003", Span{file_id, uint32_t(i), uint32_t(i + 1)},
                  c == 0 ? std::string("a NUL byte; rule files are text")
                         : std::string("the byte ") + byte + " is not valid UTF-8; rule files must be UTF-8 text",
                  c == 0 ? "remove it" : "save the file as UTF-8 in your editor");
    }
    i += 1;
  }
  if (more > 0)
    diags.error("E003", Span{file_id, uint32_t(text.size()), uint32_t(text.size())},
                std::to_string(more) + " more bytes that are not valid UTF-8 text", "save the file as UTF-8 in your editor");
}

// A span of this file from two pointers into its text.
struct At {
  uint32_t file_id;
  const char* begin;
  Span operator()(const char* p, const char* q) const {
    return Span{file_id, static_cast<uint32_t>(p - begin), static_cast<uint32_t>(q - begin)};
  }
};

// Where a declaration starts with no keyword: E001, with a near keyword or what may follow.
void no_declaration(const At& at, const char* start, const char* end, const std::string& previous_kind,
                    Diagnostics& diags) {
  std::string word = word_at(start, end);
  std::string hint;
  if (!word.empty()) hint = did_you_mean(word, parse::keywords());
  if (hint.empty() && !previous_kind.empty())
    hint = "a new line must start a declaration (assessment, source, scale, section, group, item, let, threshold, "
           "band, guidance, example) or continue the " + previous_kind + " above with one of its clauses";
  const char* tok_end = start + std::max<size_t>(1, word.size());
  diags.error("E001", at(start, tok_end), "expected a declaration, found " + token_at(start, end), hint);
}

// A syntax error inside a declaration (E001, E002, E070); returns where parsing stopped.
const char* syntax_error(const At& at, const parse::DeclOutcome& r, const char* start, const char* end,
                         Diagnostics& diags) {
  const char* where = r.error_at ? r.error_at : start;
  if (r.expected == "too deep") {
    diags.error("E070", at(where, where + 1),
                "expression is nested too deeply (more than " + std::to_string(ast::kMaxExprDepth) + " levels)",
                "name the inner parts with `let` declarations");
  } else if (r.expected == "unterminated") {
    diags.error("E002", at(where, where + 1), "this text has no closing quote",
                "add a closing \" (a text may span lines, but not run into the next declaration)");
  } else {
    // Point at the next token, unless it is on a later line: then at the end of this one.
    const char* w = where;
    parse::skip_blank(w, end);
    bool next_line = std::find(where, w, '\n') != w;
    std::string word = word_at(w, end);
    std::string hint;
    bool is_keyword = std::find(parse::keywords().begin(), parse::keywords().end(), word) != parse::keywords().end();
    if (!word.empty() && r.expected != "a name" && !is_keyword) hint = did_you_mean(word, parse::keywords());
    if (r.expected == "a name" && !word.empty() && is_keyword)
      hint = "'" + word + "' is a reserved word; choose another name";
    if (next_line) {
      diags.error("E001", at(where, where + 1),
                  expected_text(r.expected) + " before the end of the line, found " +
                      (w == end ? std::string("the end of the file") : token_at(w, end) + " on the next line"),
                  hint);
    } else {
      diags.error("E001", at(w, w + std::max<size_t>(1, word.size())),
                  expected_text(r.expected) + ", found " + token_at(w, end), hint);
    }
    where = w;
  }
  return where;
}

}  // namespace

ast::File parse_file(const SourceSet& sources, uint32_t file_id, Diagnostics& diags, const Limits& limits) {
  ast::File file;
  file.file_id = file_id;
  const std::string& text = sources.file(file_id).text();
  if (text.size() > limits.max_file_bytes) {
    diags.error("E070", Span{file_id, 0, 0},
                "rule file is too large (" + std::to_string(text.size()) + " bytes; the limit is " +
                    std::to_string(limits.max_file_bytes) + ")",
                "split it into files that import shared scales and sources");
    return file;
  }
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* pos = begin;
  const At at{file_id, begin};
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos += 3;  // a byte-order mark, as some editors write
  check_encoding(text, file_id, diags);
  check_word_lengths(text, file_id, limits.max_name_chars, diags);
  std::string previous_kind;
  while (parse::skip_blank(pos, end)) {
    if (file.decls.size() >= limits.max_declarations) {
      diags.error("E070", at(pos, pos), "too many declarations in one file (limit " +
                                            std::to_string(limits.max_declarations) + ")");
      break;
    }
    const char* decl_end = next_declaration(pos, end);
    const char* deepest = nullptr;
    if (paren_depth(pos, decl_end, deepest) > limits.max_nesting) {
      diags.error("E070", at(deepest, deepest + 1),
                  "expression is nested too deeply (more than " + std::to_string(limits.max_nesting) + " levels)",
                  "name the inner parts with `let` declarations");
      pos = decl_end;
      continue;
    }
    const char* start = pos;
    ast::Decl decl;
    // A translation file holds entries after its `translation "LANG"` line, nothing else.
    parse::DeclOutcome r = file.translation ? parse::parse_translation_entry(begin, pos, end, file_id, decl)
                                            : parse::parse_declaration(begin, pos, end, file_id, decl);
    if (r.kind == parse::DeclOutcome::Kind::parsed) {
      // One per alternative of ast::Decl, in its order.
      static const char* kinds[] = {"assessment", "disclaimer", "import", "source", "scale", "section", "group", "item",
                                    "let", "band", "table", "guidance", "example", "property", "translation",
                                    "translation entry"};
      static_assert(std::size(kinds) == std::variant_size_v<ast::Decl>);
      previous_kind = kinds[decl.index()];
      if (const auto* t = std::get_if<ast::TranslationDecl>(&decl)) {
        if (!file.decls.empty()) {
          diags.error("E093", t->span, "`translation` must be the first declaration of its file",
                      "a translation is a file of its own: translation \"LANG\", then one entry per translated "
                      "declaration");
          continue;
        }
        file.translation = true;
      }
      file.decls.push_back(std::move(decl));
      continue;
    }
    if (r.kind == parse::DeclOutcome::Kind::no_declaration) {
      no_declaration(at, start, end, previous_kind, diags);
      pos = next_declaration(start, end);
      continue;
    }
    const char* where = syntax_error(at, r, start, end, diags);
    // Resume at the next declaration; the token we stopped at may itself start one.
    pos = starts_declaration(where, begin, end) ? where : next_declaration(where, end);
  }
  return file;
}

FileReader filesystem_reader(size_t max_bytes) {
  return [max_bytes](const std::string& path, std::string& error) -> std::optional<std::string> {
    std::string text;
    if (!read_file_bounded(path, max_bytes, text, error)) return std::nullopt;
    return text;
  };
}

FileReader memory_reader(std::map<std::string, std::string> files, std::string missing) {
  return [files = std::move(files), missing = std::move(missing)](const std::string& path,
                                                                  std::string& error) -> std::optional<std::string> {
    auto it = files.find(path);
    if (it == files.end()) {
      error = missing;
      return std::nullopt;
    }
    return it->second;
  };
}

namespace {
struct ImportWalker {
  SourceSet& sources;
  const FileReader& read;
  Diagnostics& diags;
  const Limits& limits;
  std::vector<ast::File> out;
  std::set<std::string> done;
  std::vector<std::string> stack;

  static std::string key(const std::string& path) { return fs::path(path).lexically_normal().generic_string(); }

  void visit(uint32_t id) {
    ast::File file = parse_file(sources, id, diags, limits);
    stack.push_back(key(sources.file(id).path()));
    for (const auto& d : file.decls) {
      const auto* imp = std::get_if<ast::ImportDecl>(&d);
      if (!imp) continue;
      fs::path base = fs::path(sources.file(id).path()).parent_path();
      std::string target = key((base / imp->path.text).generic_string());
      if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
        diags.error("E051", imp->path.span, "import cycle: '" + imp->path.text + "' imports this file again",
                    "move the shared scales and sources into a file that imports nothing");
        continue;
      }
      if (done.count(target)) continue;
      if (sources.size() >= limits.max_files) {
        diags.error("E070", imp->path.span, "too many imported files (limit " + std::to_string(limits.max_files) + ")");
        continue;
      }
      std::string error;
      std::optional<std::string> text = read(target, error);
      if (!text) {
        diags.error("E050", imp->path.span, "cannot import '" + imp->path.text + "': " + error,
                    "import paths are relative to the importing file (" + target + ")");
        continue;
      }
      done.insert(target);
      visit(sources.add(target, std::move(*text)));
    }
    stack.pop_back();
    out.push_back(std::move(file));
  }
};
}  // namespace

std::vector<ast::File> parse_program(SourceSet& sources, uint32_t main_id, const FileReader& read,
                                     Diagnostics& diags, const Limits& limits) {
  ImportWalker w{sources, read, diags, limits, {}, {}, {}};
  w.done.insert(ImportWalker::key(sources.file(main_id).path()));
  w.visit(main_id);
  return std::move(w.out);
}

}  // namespace signpost
