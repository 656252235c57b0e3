// Translations: the texts of a checked rule set in other languages, each checked against it.
//
// A translation is a file of its own, imported by the rule file (`import "partner.de.signpost"`):
//   translation "de"
//   item wake_tired "Ich wache müde auf." help "..." original "3f9a1c"
// Entries are keyed by the id of what they translate, so the rules (conditions, scores, ids)
// exist once and a translator never touches them. `original` is a fingerprint of the texts an
// entry was translated from: when the rule file's texts change, the entry is reported as stale.
#pragma once
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/parse/ast.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

struct Translation {
  std::string language;
  model::Model model;  // the rule set with its texts in `language` (an untranslated text stays as written)
};

// `translation_files`: the files that start with `translation "LANG"`, in import order.
// Reports E093-E095 (structure, unknown targets, duplicates), W096 (missing), W097 (stale),
// E042 (diagnostic wording, for languages with word lists) and W098 (languages without them).
std::vector<Translation> check_translations(const std::vector<const ast::File*>& translation_files,
                                            const model::Model& m, Diagnostics& d);

// The fingerprint `original "..."` records: the first 6 hex digits of SHA-256 over the texts.
std::string text_fingerprint(const std::vector<std::string>& texts);

// Every text of the rule set a translation must give, grouped by what declares them: the
// entries `signpost translate` writes out (kind, id, and the texts in entry order).
struct TextUnit {
  std::string kind, id;  // id empty for assessment and disclaimer
  Span span;
  // key: "" (the main text: title, prompt, disclaimer), "help", "title", "text", "step", "because",
  // or "label:ID" (an option or band row)
  std::vector<std::pair<std::string, std::string>> texts;
};
std::vector<TextUnit> text_units(const model::Model& m);

// A skeleton translation file for `language`: every entry, with the rule set's texts to replace
// and each entry's fingerprint (`signpost translate`).
std::string translation_skeleton(const model::Model& m, const std::string& language);

// Which of `available` (the rule set's own language first) an HTTP Accept-Language header asks
// for, by q-value and then order; a tag also matches its primary language ("de-AT" -> "de").
// Empty when none is acceptable.
std::string negotiate_language(std::string_view accept_language, const std::vector<std::string>& available);

}  // namespace signpost
