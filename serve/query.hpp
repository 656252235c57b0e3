// A request's query string (`?a=1&b=x%20y`), read one way by every route.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace signpost::serve {

// %XX and '+' decoded into `out`; false when a % is not followed by two hex digits.
bool percent_decode(std::string_view in, std::string& out);

// The query's parameters as (name, still-encoded value), in order; a name without '=' has an
// empty value.
std::vector<std::pair<std::string_view, std::string_view>> query_parameters(std::string_view query);

// The value of the query's last `name=` parameter, percent-decoded; `fallback` when there is
// none. A value that is not properly encoded comes back as written: it matches nothing a route
// accepts, so the route's own refusal names it.
std::string query_value(std::string_view query, std::string_view name, std::string fallback);

}  // namespace signpost::serve
