// A reader for the GNU gettext .po files of the engine's own words (catalog.hpp): the subset
// that the catalogs use, strictly, so that a malformed file is found by the tests rather than
// shown to a reader.
#include "engine/report/catalog.hpp"

#include <algorithm>

namespace signpost::catalog {
namespace {

// The C string starting at `s[0] == '"'`, unescaped into `out`; false when it is malformed
// (no closing quote, an unknown escape, or anything but blanks after it).
bool po_string(std::string_view s, std::string& out) {
  size_t k = 1;
  for (; k < s.size() && s[k] != '"'; ++k) {
    if (s[k] != '\\') {
      out += s[k];
      continue;
    }
    if (++k == s.size()) return false;
    switch (s[k]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      default: return false;
    }
  }
  if (k == s.size()) return false;
  return s.find_first_not_of(" \t\r", k + 1) == std::string_view::npos;
}

// What a .po reader keeps while it reads: the entry so far and which of its strings the next
// continuation line extends.
struct PoReader {
  Parsed parsed;
  Entry entry;
  std::string* open = nullptr;  // the string a continuation line "..." adds to
  bool has_context = false, has_id = false, has_str = false, fuzzy_next = false;
  size_t line = 0;

  void error(const std::string& what) { parsed.errors.push_back("line " + std::to_string(line) + ": " + what); }

  // The entry read so far is complete: keep it (the header, msgid "", is not kept).
  void finish() {
    if ((has_context || has_id) && !has_str) error("an entry without msgstr");
    if (has_str && !entry.id.empty()) parsed.entries.push_back(entry);
    entry = Entry{};
    open = nullptr;
    has_context = has_id = has_str = false;
  }

  void keyword(std::string_view word, std::string_view rest) {
    std::string* target = nullptr;
    if (word == "msgctxt" || (word == "msgid" && (has_id || !has_context))) {
      finish();  // a new entry
      entry.fuzzy = fuzzy_next;
      fuzzy_next = false;
    }
    if (word == "msgctxt") target = &entry.context, has_context = true;
    else if (word == "msgid") target = &entry.id, has_id = true;
    else if (word == "msgstr" && has_id && !has_str) target = &entry.str, has_str = true;
    if (!target)
      return error(word == "msgid_plural" || word.substr(0, 7) == "msgstr[" ? "plural forms are not used: give each form its own msgid"
                                                                           : "unexpected " + std::string(word));
    open = target;
    if (rest.empty() || rest[0] != '"' || !po_string(rest, *target))
      error("a C string in double quotes must follow " + std::string(word));
  }

  void read(std::string_view l) {
    size_t b = l.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return;
    l = l.substr(b);
    if (l[0] == '#') {
      if (l.substr(0, 2) == "#," && l.find("fuzzy") != std::string_view::npos) fuzzy_next = true;
      return;
    }
    if (l[0] == '"') {
      if (!open) return error("a string outside an entry");
      if (!po_string(l, *open)) error("a malformed C string");
      return;
    }
    size_t sp = std::min(l.find_first_of(" \t"), l.size());
    size_t r = std::min(l.find_first_not_of(" \t", sp), l.size());
    keyword(l.substr(0, sp), l.substr(r));
  }
};

}  // namespace

Parsed parse_po(std::string_view text) {
  PoReader r;
  while (!text.empty()) {
    ++r.line;
    size_t nl = text.find('\n');
    r.read(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
  }
  ++r.line;
  r.finish();
  return std::move(r.parsed);
}

}  // namespace signpost::catalog
