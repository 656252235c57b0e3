// Parse stage: rule file text -> syntax trees, every syntax error collected, imports followed.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/parse/ast.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

struct Limits {
  size_t max_file_bytes = 1 << 20;      // one rule file
  size_t max_nesting = 48;              // parentheses inside one expression
  size_t max_files = 32;                // a file and everything it imports
  size_t max_declarations = 20000;      // in one file
  size_t max_items = 5000;              // in one rule set
  size_t max_name_chars = 128;          // one name
  size_t max_answers_bytes = 1 << 20;   // one answers document
  size_t max_answers_depth = 8;         // nesting inside one answers document
};

// Reads an imported file by its resolved path; returns nullopt and sets `error` when it cannot.
using FileReader = std::function<std::optional<std::string>(const std::string& path, std::string& error)>;
// Reads files from disk, refusing any larger than `max_bytes` (a device or an endless pipe too).
FileReader filesystem_reader(size_t max_bytes = Limits{}.max_file_bytes);
// Reads files held in memory (path -> text); any other path is an error worded `missing`.
FileReader memory_reader(std::map<std::string, std::string> files, std::string missing = "no such file");

// Parses one file already in `sources`.
ast::File parse_file(const SourceSet& sources, uint32_t file_id, Diagnostics& diags, const Limits& limits = {});

// Parses `main_id` and, depth first, every file it imports (relative to the importing file).
// Returns imported files before the files that import them; the main file is last.
std::vector<ast::File> parse_program(SourceSet& sources, uint32_t main_id, const FileReader& read,
                                     Diagnostics& diags, const Limits& limits = {});

}  // namespace signpost
