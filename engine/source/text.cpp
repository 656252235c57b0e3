// Small text utilities shared by the stages.
#include "engine/source/text.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cerrno>
#include <cstdlib>

#include "engine/check/interval.hpp"

namespace signpost {

// Optimal string alignment distance (insertions, deletions, substitutions and swaps of
// neighbours: "hlep" is one edit from "help"), banded: only cells within `limit` of the diagonal
// can hold a distance <= limit, so only those are computed, over three rolling rows.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  const size_t n = a.size(), m = b.size(), over = limit + 1;
  std::vector<size_t> prev2(m + 1, over), prev(m + 1, over), cur(m + 1, over);
  for (size_t j = 0; j <= std::min(m, limit); ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    const size_t lo = i > limit ? i - limit : 0, hi = std::min(m, i + limit);
    // Only the band is written; the cells just outside it are what the next rows read as "too far".
    if (lo == 0) cur[0] = i;
    else cur[lo - 1] = over;
    if (hi + 1 <= m) cur[hi + 1] = over;
    size_t row_min = lo == 0 ? i : over;
    for (size_t j = std::max<size_t>(lo, 1); j <= hi; ++j) {
      size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
      cur[j] = std::min(d, over);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return over;  // every path already costs too much
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], over);
}

std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  if (name.size() > kMaxHintName) return best;
  // Allow one edit in short names, two in medium ones, three in long ones; never the whole name.
  size_t allowed = name.size() <= 3 ? 1 : name.size() <= 6 ? 2 : 3;
  size_t best_d = allowed + 1;
  auto lower = [](std::string_view s) {
    std::string out(s);
    for (char& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
  };
  std::string low = lower(name);
  for (const auto& c : candidates) {
    if (c == name) continue;  // never suggest the very word that was not accepted
    if (c.size() > name.size() + allowed || c.size() + allowed < name.size()) continue;
    // case alone counts as one edit: "No" ~ "no"
    size_t d = std::max<size_t>(edit_distance(low, lower(c), best_d - 1), 1);
    if (d < best_d && d < name.size() && d < c.size()) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string c = closest(name, candidates);
  return c.empty() ? std::string() : "did you mean '" + c + "'?";
}

std::string join_or(const std::vector<std::string>& words, std::string_view last) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? std::string(last) : std::string(", ");
    out += words[i];
  }
  return out;
}

std::from_chars_result from_chars_double(const char* first, const char* last, double& x) {
#if defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 170000
  // Only what from_chars reads: an optional '-', digits, a point and an exponent. strtod alone
  // would also take blanks, '+', hexadecimal, "inf" and "nan".
  const char* p = first;
  if (p < last && *p == '-') ++p;
  const char* digits = p;
  while (p < last && (std::isdigit(static_cast<unsigned char>(*p)) || *p == '.' || *p == 'e' || *p == 'E' ||
                      ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E'))))
    ++p;
  if (p == digits) return {first, std::errc::invalid_argument};
  std::string copy(first, p);
  char* end = nullptr;
  errno = 0;
  double v = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str()) return {first, std::errc::invalid_argument};
  if (errno == ERANGE) return {first + (end - copy.c_str()), std::errc::result_out_of_range};
  x = v;
  return {first + (end - copy.c_str()), std::errc()};
#else
  return std::from_chars(first, last, x);
#endif
}

std::string format_number(double v) {
  if (std::isnan(v)) return "unknown";
  if (std::isinf(v)) return v > 0 ? "infinity" : "-infinity";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    return buf;
  }
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string format_decimals(double v, int decimals) {
  if (!std::isfinite(v)) return format_number(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, round_to(v, Rounding::half_up, decimals));
  return buf;
}

size_t utf8_sequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  auto cont = [&](size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  const unsigned c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned c1 = byte(i + 1);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F)) return 0;  // overlong; surrogates
    return cont(i + 1) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned c1 = byte(i + 1);
    if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F)) return 0;  // overlong; past U+10FFFF
    return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

bool valid_utf8(std::string_view s, size_t* bad) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t k = utf8_sequence(s, i);
    if (k == 0) {
      if (bad) *bad = i;
      return false;
    }
    i += k;
  }
  return true;
}

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    size_t k = static_cast<unsigned char>(s[i]) < 0x80 ? 1 : utf8_sequence(s, i);
    i += k == 0 ? 1 : k;
  }
  return n;
}

std::string display_text(std::string_view s, size_t max_chars) {
  std::string out;
  size_t chars = 0, i = 0;
  for (; i < s.size() && chars < max_chars; ++chars) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t k = utf8_sequence(s, i);
    if (c >= 0x20 && c < 0x7F) {
      out += char(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == 0) {
      out += "\\0";
    } else if (k == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {  // C1 control
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(s[i + 1]));
      out += buf;
    } else if (k > 1) {
      out.append(s.substr(i, k));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      k = 1;
    }
    i += k == 0 ? 1 : k;
  }
  if (i < s.size()) out += "\xe2\x80\xa6 (" + std::to_string(s.size()) + " bytes)";
  return out;
}

namespace {
constexpr std::array<uint32_t, 64> K = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
}  // namespace

std::string sha256_hex(std::string_view bytes) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(bytes);
  uint64_t bit_len = static_cast<uint64_t>(bytes.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bit_len >> (i * 8)) & 0xff));
  for (size_t chunk = 0; chunk < msg.size(); chunk += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + chunk + i * 4);
      w[i] = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + S1 + ch + K[i] + w[i];
      uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  char out[65];
  for (int i = 0; i < 8; ++i) std::snprintf(out + i * 8, 9, "%08x", h[i]);
  return std::string(out, 64);
}

const Escapes& json_escapes() {
  static const Escapes e = [] {
    Escapes t;
    for (unsigned c = 0; c < 0x20; ++c) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      t[c] = buf;
    }
    t['"'] = "\\\"", t['\\'] = "\\\\", t['\b'] = "\\b", t['\f'] = "\\f", t['\n'] = "\\n", t['\r'] = "\\r", t['\t'] = "\\t";
    return t;
  }();
  return e;
}

std::string html_escape(std::string_view s) {
  static const Escapes e = [] {
    Escapes t;
    t['&'] = "&amp;", t['<'] = "&lt;", t['>'] = "&gt;", t['"'] = "&quot;", t['\''] = "&#39;";
    return t;
  }();
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  append_escaped(out, s, e);
  return out;
}

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    out += char(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace signpost
