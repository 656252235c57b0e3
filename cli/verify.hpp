// `signpost verify`: prove each rule set's properties over every possible set of answers.
#pragma once
#include <string>

#include "engine/check/model.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost::cli {

// For `signpost check`: proves the declared properties of a checked rule set and prints a line
// for each failure. False when one fails.
bool check_properties(const std::string& path, const model::Model& m, bool quiet);
// The same failures as diagnostics (E092, at the property), for `check --format`; `proved`, when
// given, counts the properties that hold.
std::vector<Diagnostic> property_diagnostics(const std::string& path, const model::Model& m, size_t* proved = nullptr);

}  // namespace signpost::cli
