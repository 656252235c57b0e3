// The input-convention options of `signpost batch`: they fill an InputConventions
// (engine/evaluate/conventions.hpp), which the engine applies; nothing is decoded here.
#include "cli/conventions.hpp"

#include <vector>

namespace signpost::cli {

const char* kConventionsHelp =
    "Input conventions (CSV): --missing UNK,-99 reads those cells as unanswered; --keep record_id,visit\n"
    "copies those columns to the output; any other column that is not an item is an error (all are\n"
    "listed). Options are read by id or label in any case, or by number. --redcap raw|labels reads a\n"
    "REDCap export as it is: codes (the options' numbers) or labels, checkbox columns x___code, and\n"
    "REDCap's own columns passed through; codes that could be counted from 0 or 1 must be declared\n"
    "with --codes SCALE=FIRST_CODE.\n\n";

void add_convention_options(CLI::App* cmd, ConventionOptions& given) {
  cmd->add_option("--missing", given.missing, "Cells read as unanswered (missing-data codes), e.g. UNK,-99")
      ->delimiter(',');
  cmd->add_option("--keep", given.keep, "Columns copied to the output as they are, e.g. record_id,redcap_event_name")
      ->delimiter(',');
  cmd->add_option("--redcap", given.redcap,
                  "Read a REDCap export: raw (codes) or labels; checkbox columns and REDCap's columns are understood")
      ->check(CLI::IsMember({"none", "raw", "labels"}))
      ->capture_default_str();
  cmd->add_option("--codes", given.codes,
                  "SCALE=FIRST_CODE: the REDCap code of the scale's first option (the next count up by one)")
      ->delimiter(',');
}

bool declared_conventions(const ConventionOptions& given, InputConventions& out, std::string& error) {
  out = InputConventions{};
  out.missing = given.missing;
  out.keep = given.keep;
  parse_redcap_mode(given.redcap, out.redcap);
  for (const std::string& c : given.codes)
    if (!parse_first_code(c, out, error)) {
      error = "--codes: " + error;
      return false;
    }
  return true;
}

}  // namespace signpost::cli
