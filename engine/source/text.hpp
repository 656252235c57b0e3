// Small text utilities shared by the stages: near-name hints, number formatting, hashing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace signpost {

size_t edit_distance(std::string_view a, std::string_view b);
// The closest candidate within a small edit distance, or "" when none is close.
std::string closest(std::string_view name, const std::vector<std::string>& candidates);
// "did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);
// `s` without the spaces and tabs around it.
std::string_view trim_blanks(std::string_view s);
// "a, b or c"
std::string join_or(const std::vector<std::string>& words, std::string_view last = " or ");
// Shortest round-trip text of a number; integers without a decimal point.
std::string format_number(double v);
// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace signpost
