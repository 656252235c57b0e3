// The non-diagnostic wording lint: guidance may suggest and explain, never name a condition
// the person "has". Word lists are documented in docs/language.md (section "Wording lint").
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace signpost::lint {

struct WordingIssue {
  std::string phrase;  // the words that made the claim, as written
  std::string why;
};

// Every diagnostic claim in `text`. A sentence with a negation before the claim
// ("this is not a diagnosis", "it does not mean you have PTSD") passes.
std::vector<WordingIssue> diagnostic_wording(std::string_view text);

const std::vector<std::string>& claim_phrases();
const std::vector<std::string>& condition_terms();
const std::vector<std::string>& negations();

}  // namespace signpost::lint
