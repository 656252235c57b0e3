// Request-body checks and web-form answers (see form.hpp).
#include "serve/form.hpp"

#include <charconv>
#include <cmath>

namespace signpost::serve {

namespace {

// The length of the UTF-8 sequence starting at s[i], or 0 when it is not one (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t utf8_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
  if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
  if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
  return n;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool parse_number(std::string_view s, double& x) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
}

nlohmann::json as_number(double x) {
  if (x == std::floor(x) && std::fabs(x) < 1e15) return static_cast<int64_t>(x);
  return x;
}

}  // namespace

BodyProblem scan_body(std::string_view body, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false, escaped = false;
  for (size_t i = 0; i < body.size();) {
    unsigned char c = static_cast<unsigned char>(body[i]);
    if (c >= 0x80) {
      size_t n = utf8_length(body, i);
      if (n == 0) return BodyProblem::bad_utf8;
      i += n;
      escaped = false;
      continue;
    }
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return BodyProblem::too_deep;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
    ++i;
  }
  return BodyProblem::none;
}

bool is_json_content_type(std::string_view ct) {
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  size_t semi = ct.find(';');
  if (lower(trim(ct.substr(0, semi))) != "application/json") return false;
  if (semi == std::string_view::npos) return true;
  std::string params = lower(ct.substr(semi + 1));
  std::string_view p = trim(params);
  if (p.empty()) return true;
  return p == "charset=utf-8" || p == "charset=\"utf-8\"";
}

bool normalise_form_answers(nlohmann::json& answers, const model::Model& m) {
  if (!answers.is_object()) return false;
  bool changed = false;
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (!it->is_string()) continue;
    auto found = m.item_index.find(it.key());
    if (found == m.item_index.end()) continue;  // not an item: the engine says so
    std::string_view s = trim(it->get_ref<const std::string&>());
    if (s.empty()) {
      *it = nullptr;  // a form's empty field: unanswered
      changed = true;
      continue;
    }
    const model::Scale& sc = m.scales[size_t(m.items[size_t(found->second)].scale)];
    using Kind = model::Scale::Kind;
    double x;
    bool numeric = sc.kind == Kind::integer || sc.kind == Kind::decimal || sc.kind == Kind::boolean ||
                   (sc.kind == Kind::options && sc.scored);
    if (numeric && parse_number(s, x)) {
      *it = as_number(x);
      changed = true;
    } else if (sc.kind == Kind::boolean && (s == "true" || s == "false")) {
      *it = s == "true";
      changed = true;
    }
  }
  return changed;
}

}  // namespace signpost::serve
