// A request's query string (see query.hpp).
#include "serve/query.hpp"

namespace signpost::serve {

bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out += ' ';
    } else if (in[i] == '%') {
      if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) return false;
      out += char(hex(in[i + 1]) * 16 + hex(in[i + 2]));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return true;
}

std::vector<std::pair<std::string_view, std::string_view>> query_parameters(std::string_view query) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    size_t eq = kv.find('=');
    out.emplace_back(kv.substr(0, eq), eq == std::string_view::npos ? std::string_view() : kv.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string query_value(std::string_view query, std::string_view name, std::string fallback) {
  for (const auto& [key, encoded] : query_parameters(query)) {
    if (key != name) continue;
    std::string decoded;
    fallback = percent_decode(encoded, decoded) ? std::move(decoded) : std::string(encoded);
  }
  return fallback;
}

}  // namespace signpost::serve
