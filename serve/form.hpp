// The checks an answers body gets before the engine sees it, and answers as web forms send them.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

#include "engine/check/model.hpp"

namespace signpost::serve {

enum class BodyProblem { none, too_deep, bad_utf8 };

// One pass over the bytes, no recursion and no allocation: nesting deeper than `max_depth`
// (a 10,000-deep document is refused before any parser sees it) or bytes that are not UTF-8.
BodyProblem scan_body(std::string_view body, size_t max_depth);

// application/json, with an optional charset that must be UTF-8.
bool is_json_content_type(std::string_view content_type);

// Answers as web forms send them, made into the answers the engine reads, where that is
// unambiguous: "" (or only spaces) is unanswered; "2" is the number 2 for a number, a yes/no
// (0/1) or an option that has numbers; "true"/"false" for a yes/no. Anything else is left as
// it is, so an invalid answer gets the engine's own error. Returns whether anything changed.
bool normalise_form_answers(nlohmann::json& answers, const model::Model& m);

}  // namespace signpost::serve
