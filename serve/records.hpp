// A record as a data system exports it (a REDCap API record: flat fields of text, checkbox fields
// `x___code`, REDCap's own fields), evaluated under declared input conventions given in the query:
// `POST /v1/assessments/{id}/evaluate?redcap=raw&missing=UNK,-99&keep=site&codes=frequency=1`.
// The same conventions as `signpost batch` and `evaluate_frame` (engine/evaluate/conventions.hpp).
#pragma once
#include <string>
#include <string_view>

#include "engine/signpost.hpp"

namespace signpost::serve {

// Does the query declare input conventions (redcap, missing, keep or codes)?
bool declares_conventions(std::string_view query);

struct RecordReply {
  unsigned status = 200;
  std::string code;     // an error's code when the record cannot be read at all (400)
  std::string message;  // its message
  std::string body;     // 200: the result, with the kept fields under "kept"; 422: {"errors": [...]}
};

// `body`: one JSON object of fields (strings, numbers, null). Every problem at once: conventions
// that are malformed (400), fields that are not items, kept or REDCap's own, and cells that are
// not answers (422, each with its JSON pointer).
RecordReply evaluate_record(const RuleSet& rules, std::string_view body, std::string_view query);

}  // namespace signpost::serve
