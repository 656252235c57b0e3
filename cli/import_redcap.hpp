// `signpost import --from redcap DATA_DICTIONARY.csv`: a rule-file skeleton from a REDCap data dictionary.
#pragma once
#include <cstddef>
#include <string>

namespace signpost::cli {

// The largest data dictionary or Questionnaire read (a file, a pipe, or '-' for standard input):
// far above any real one, and a bound, so an endless pipe is an error rather than a hang.
constexpr size_t kMaxImportBytes = size_t(64) << 20;

// Shared with the other importers (cli/import_fhir.cpp): a signpost name from a label
// ("Almost always" -> almost_always), and a text as a signpost string literal.
std::string import_slug(const std::string& label, const std::string& fallback);
std::string import_quoted(const std::string& text);

// `signpost import --from fhir QUESTIONNAIRE.json` (cli/import_fhir.cpp).
int import_fhir(const std::string& path, const std::string& output, const std::string& id, const std::string& title);

}  // namespace signpost::cli
