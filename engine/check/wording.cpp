// The wording pass: every text a person can see, against diagnostic wording (E042), in the word
// lists of the rule set's own language (English or German; W098 for a language without lists).
// What counts as a claim of a diagnosis, and its word lists, are lint.cpp's and lint_de.cpp's.
#include "engine/check/lint.hpp"
#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {

void check_wording(const std::vector<ast::File>& files, const std::string& language, Span language_at, Diagnostics& d) {
  std::vector<std::string> extra = lint::wording_conditions(files);
  const bool german = primary_language(language) == "de";
  if (!language.empty() && !lint::has_word_lists(language))
    d.warning("W098", language_at,
              "the wording check has no word lists for '" + language +
                  "': the rule file's texts were not checked for diagnostic claims",
              "have a reviewer who reads '" + language + "' check that no text tells the person they have a condition");
  for (const auto& v : lint::visible_texts(files)) {
    // German texts by the German lists; the terms of `wording conditions` are English words
    const auto issues = german ? lint::diagnostic_wording_de(v.text->text) : lint::diagnostic_wording(v.text->text, extra);
    for (const auto& issue : issues)
      d.error("E042", v.text->span, std::string("wording claims a diagnosis in ") + v.where + ": \"" + issue.phrase + "\"",
              issue.why + "; " + issue.hint);
  }
}

}  // namespace signpost::checker
