// The X3 grammar's narrow interface: one declaration at a time, no Spirit types leak out.
#pragma once
#include <cstdint>
#include <string>

#include "engine/parse/ast.hpp"

namespace signpost::parse {

struct DeclOutcome {
  enum class Kind { parsed, no_declaration, syntax_error } kind = Kind::parsed;
  const char* error_at = nullptr;  // syntax_error: where the parser expected something else
  std::string expected;            // syntax_error: what it expected ("a name", "':'")
};

// Parses one declaration at `pos` (after skipping blanks and comments) and advances `pos` past it.
DeclOutcome parse_declaration(const char* file_begin, const char*& pos, const char* end, uint32_t file_id,
                              ast::Decl& out);

// In a translation file (after `translation "LANG"`): one entry, `item ID "text" help "..." ...`.
DeclOutcome parse_translation_entry(const char* file_begin, const char*& pos, const char* end, uint32_t file_id,
                                    ast::Decl& out);

// Skips white space and `#` comments; returns false at the end of input.
bool skip_blank(const char*& pos, const char* end);

// Words that start a declaration; the parser resynchronises on them after an error.
bool is_declaration_keyword(const std::string& word);
// Every keyword a rule file may use, for "did you mean" hints.
const std::vector<std::string>& keywords();

}  // namespace signpost::parse
