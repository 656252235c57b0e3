// `signpost translate FILE --lang LANG`: a translation file to fill in; and `--lang` for eval and doc.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>

#include "engine/signpost.hpp"

namespace signpost::cli {

// The rule set in `lang` (empty: as it is); nullopt, with a message naming the languages it has,
// when there is no such translation.
std::optional<RuleSet> in_language(const RuleSet& rs, const std::string& lang, std::ostream& err);

}  // namespace signpost::cli
