// Small text utilities shared by the stages: near-name hints, number formatting, hashing.
#pragma once
#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace signpost {

// Optimal string alignment distance, computed only up to `limit`: any larger distance is
// reported as limit + 1. Linear memory, and time proportional to the shorter text times the
// limit, so a near-name hint for a megabyte-long name costs no more than reading it.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit = 3);
// The closest candidate within a small edit distance, or "" when none is close. Names longer
// than kMaxHintName characters get no hint (nothing that long was ever a typo of a short name).
std::string closest(std::string_view name, const std::vector<std::string>& candidates);
// "did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);
constexpr size_t kMaxHintName = 256;
// `s` without the spaces and tabs around it.
std::string_view trim_blanks(std::string_view s);
// "a, b or c"
std::string join_or(const std::vector<std::string>& words, std::string_view last = " or ");
// std::from_chars for a double (the general format: no leading blanks, no '+'). The C++ library
// of Emscripten 3.1.6, which builds the engine for the browser (web/), has only the integer
// overloads; there the same digits are read with strtod (in the "C" locale it is given).
std::from_chars_result from_chars_double(const char* first, const char* last, double& x);
// Shortest round-trip text of a number; integers without a decimal point.
std::string format_number(double v);
// With exactly `decimals` places, rounded half up (a value's declared `decimals`).
std::string format_decimals(double v, int decimals);
// The primary subtag of a BCP 47 language tag, lower case: "de-AT" -> "de".
std::string primary_language(std::string_view tag);
// What each ASCII character becomes in an escaped text; an empty entry keeps the character (and
// every byte from 0x80 up is kept).
using Escapes = std::array<std::string, 128>;
// Appends `s` to `out` with each character replaced as `e` says (inline: JSON output calls it for
// every string it writes).
inline void append_escaped(std::string& out, std::string_view s, const Escapes& e) {
  size_t kept = 0;  // s[kept, i) is to be copied as it is
  for (size_t i = 0; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (u >= 128 || e[u].empty()) continue;
    out.append(s.data() + kept, i - kept);
    out += e[u];
    kept = i + 1;
  }
  out.append(s.data() + kept, s.size() - kept);
}
// The escapes of a JSON string's content, as nlohmann::json writes them (\" \\ \n \u0001).
const Escapes& json_escapes();
// Text made safe inside HTML text and quoted attribute values (& < > " ' escaped).
std::string html_escape(std::string_view s);
// Text from outside (an answer, a cell, a name, a token) made fit to quote in a message: valid
// UTF-8 and printable, with control characters and invalid bytes escaped (\n, \t, \0, \xff) and
// anything past `max_chars` characters cut, saying how long the whole was.
std::string display_text(std::string_view s, size_t max_chars = 80);
// Is the text valid UTF-8? If not, `bad` is the offset of the first invalid byte.
bool valid_utf8(std::string_view s, size_t* bad = nullptr);
// The length of the valid UTF-8 sequence at s[i] (1 to 4), or 0 if the byte there starts none.
size_t utf8_sequence(std::string_view s, size_t i);
// How many code points the text holds; a byte that starts no valid sequence counts as one.
size_t code_points(std::string_view s);
// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace signpost
