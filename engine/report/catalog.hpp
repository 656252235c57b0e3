// The message catalogs behind the engine's own words (report/phrases.hpp): one GNU gettext .po
// file per language in engine/report/words/, keyed by the English text, compiled into the engine
// (engine/report/words/embed.cmake) and read once, at first use.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace signpost::catalog {

// One entry of a .po file: its `msgctxt` ("" when none), `msgid` (the English) and `msgstr`.
// A `#, fuzzy` entry counts as untranslated, as gettext has it.
struct Entry {
  std::string context, id, str;
  bool fuzzy = false;
};

struct Parsed {
  std::vector<Entry> entries;        // the header (msgid "") left out
  std::vector<std::string> errors;   // "line N: what is wrong"; none in a well-formed file
};

// The entries of a .po file: `msgctxt`, `msgid` and `msgstr`, each one or more C strings on
// following lines ("..." "..." concatenated, with \n \t \" \\ escapes), comments `#`. Plural
// forms (`msgid_plural`) are not used: each form is an entry of its own.
Parsed parse_po(std::string_view text);

// The catalogs compiled into the engine: (language, .po text), one per engine/report/words/*.po,
// the language being the file's name ("de" for de.po). Defined in the generated words.cpp.
const std::vector<std::pair<std::string, std::string>>& embedded();

}  // namespace signpost::catalog
