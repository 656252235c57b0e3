// The wording check (E042): no text a person reads may tell them, or claim that this check can
// tell them, that they have a condition. How it works, with examples, is docs/language.md
// ("Wording check"); its word lists are data in engine/check/wording_terms.inc.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "engine/parse/ast.hpp"

namespace signpost::lint {

struct WordingIssue {
  std::string phrase;  // the words that made the claim, as written
  std::string why;     // which words play which part: "'you' (the person) + 'have' + 'PTSD' (a condition)"
  std::string hint;    // a non-diagnostic rewording
};

// Every diagnostic claim in `text`. `extra_conditions` adds condition terms to the built-in list
// (a rule set's `wording conditions`, a deployment's resources file). Deterministic, and linear
// in the length of the text.
std::vector<WordingIssue> diagnostic_wording(std::string_view text,
                                             const std::vector<std::string>& extra_conditions = {});

// The same check in German (lint_de.cpp): phrase-level lists of subjects, predicates, conditions.
std::vector<WordingIssue> diagnostic_wording_de(std::string_view text);
// The languages the check has word lists for (English, German; any region: "de-AT"), and the
// check in the lists of `language` (English for any other).
bool has_word_lists(const std::string& language);
std::vector<WordingIssue> diagnostic_wording_in(const std::string& language, std::string_view text);

// Every text of the rule files that a person can see, and what it is ("a guidance title"): the
// assessment title, the disclaimer, scale titles and option labels, section titles, item
// prompts and help, band labels, guidance titles, texts, steps and `because`. An imported file
// (the last one is the main file) contributes its scales only: it may declare nothing else.
struct VisibleText {
  const ast::Str* text;
  const char* where;
};
std::vector<VisibleText> visible_texts(const std::vector<ast::File>& files);
// The terms of `wording conditions "..."` in the assessment header.
std::vector<std::string> wording_conditions(const std::vector<ast::File>& files);

// The built-in lists, for the docs test.
std::vector<std::string> condition_terms();
std::vector<std::string> predicates();
std::vector<std::string> negations();

}  // namespace signpost::lint
