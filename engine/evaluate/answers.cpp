// Decoding and validating answers.
#include "engine/evaluate/answers.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cstring>
#include <cmath>

#include "engine/evaluate/conventions.hpp"
#include "engine/source/text.hpp"

namespace signpost {
using model::Scale;

nlohmann::json to_json(const AnswerError& e) {
  nlohmann::json j = {{"code", e.code}, {"pointer", e.pointer}, {"message", e.message}};
  if (!e.allowed.empty()) j["allowed"] = e.allowed;
  return j;
}

// The library's message without its "[json.exception.parse_error.101] " prefix, its quote of the
// input made printable (it may hold invalid UTF-8 or control bytes).
std::string json_error_text(const nlohmann::json::exception& e) {
  std::string what = e.what();
  if (what.rfind("[json.exception", 0) == 0 && what.find("] ") != std::string::npos) what = what.substr(what.find("] ") + 2);
  return display_text(what, 200);
}

bool parse_json_document(std::string_view text, size_t max_depth, nlohmann::json& out, JsonProblem& problem) {
  // Duplicate keys are refused (the library would keep the last silently): the stack holds the
  // keys seen in each object being read.
  std::vector<std::vector<std::string>> keys;
  nlohmann::json::parser_callback_t cb = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (size_t(depth) > max_depth) {
      problem.kind = JsonProblem::Kind::too_deep;
      return false;
    }
    if (event == E::object_start) keys.emplace_back();
    else if (event == E::object_end && !keys.empty()) keys.pop_back();
    else if (event == E::key && !keys.empty() && problem.kind == JsonProblem::Kind::none) {
      const std::string& k = parsed.get_ref<const std::string&>();
      auto& seen = keys.back();
      if (std::find(seen.begin(), seen.end(), k) != seen.end()) {
        problem.kind = JsonProblem::Kind::duplicate_key;
        problem.key = k;
        problem.depth = keys.size();
      }
      if (seen.size() < 4096) seen.push_back(k);  // past that, a linear search per key would be quadratic
    }
    return problem.kind != JsonProblem::Kind::too_deep;
  };
  try {
    out = nlohmann::json::parse(text.begin(), text.end(), cb);
  } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number beyond a double
    problem.kind = JsonProblem::Kind::syntax;
    problem.message = json_error_text(e);
    return false;
  }
  return problem.kind == JsonProblem::Kind::none;
}

bool parse_answers_text(std::string_view text, const Limits& limits, nlohmann::json& out,
                        std::vector<AnswerError>& errors) {
  if (text.size() > limits.max_answers_bytes) {
    errors.push_back(codec::too_large(text.size(), limits.max_answers_bytes));
    return false;
  }
  JsonProblem problem;
  if (parse_json_document(text, limits.max_answers_depth, out, problem)) return true;
  switch (problem.kind) {
    case JsonProblem::Kind::too_deep:
      errors.push_back({"A010", "", "the answers document is nested too deeply (limit " +
                                        std::to_string(limits.max_answers_depth) + ")", ""});
      break;
    case JsonProblem::Kind::duplicate_key:
      errors.push_back({"A007", problem.depth == 1 ? json_pointer(problem.key) : "",
                        "'" + display_text(problem.key) + "' is answered twice; give each answer once", ""});
      break;
    default: errors.push_back({"A011", "", "the answers are not valid JSON: " + problem.message, ""}); break;
  }
  out = nullptr;
  return false;
}

Given given_of(const nlohmann::json& v) {
  Given g;
  switch (v.type()) {
    case nlohmann::json::value_t::boolean: g.kind = Given::Kind::boolean, g.boolean = v.get<bool>(); break;
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: g.kind = Given::Kind::number, g.number = v.get<double>(); break;
    case nlohmann::json::value_t::string: g.kind = Given::Kind::text, g.text = v.get_ref<const std::string&>(); break;
    case nlohmann::json::value_t::array:
      g.kind = Given::Kind::list;
      g.list.reserve(v.size());
      for (const auto& e : v) g.list.push_back(given_of(e));
      break;
    case nlohmann::json::value_t::object: g.kind = Given::Kind::object; break;
    default: break;  // null (and a discarded value)
  }
  return g;
}

double decode_answer(const model::Model& m, int i, const std::string& key, const nlohmann::json& v,
                     std::vector<AnswerError>& errors) {
  if (v.is_null()) return std::nan("");  // explicitly unanswered
  const Scale& sc = m.scales[m.items[i].scale];
  thread_local std::vector<codec::Refusal> refusals;
  refusals.clear();
  double x = codec::decode(sc, given_of(v), refusals);
  for (const codec::Refusal& r : refusals) errors.push_back(codec::error(key, sc, r));
  return x;
}

AnswerRow decode_answers(const nlohmann::json& doc, const model::Model& m, std::vector<AnswerError>& errors) {
  AnswerRow row(m.items.size(), std::nan(""));
  if (!doc.is_object()) {
    errors.push_back(codec::not_an_object(given_of(doc)));
    return row;
  }
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    const std::string& key = it.key();
    auto found = m.item_index.find(key);
    if (found == m.item_index.end()) {
      std::vector<std::string> item_ids;
      for (auto& item : m.items) item_ids.push_back(item.id);
      errors.push_back(codec::not_an_item(key, item_ids));
      continue;
    }
    row[found->second] = decode_answer(m, found->second, key, it.value(), errors);
  }
  return row;
}

std::vector<size_t> selected_options(double mask, size_t option_count) {
  std::vector<size_t> out;
  for (size_t k = 0; k < option_count; ++k)
    if (option_selected(mask, uint32_t(k))) out.push_back(k);
  return out;
}

std::string answer_id(const model::Model& m, int item, double encoded) {
  if (std::isnan(encoded)) return "";
  const Scale& sc = m.scales[m.items[item].scale];
  switch (sc.kind) {
    case Scale::Kind::boolean: return encoded != 0 ? "yes" : "no";
    case Scale::Kind::options: return sc.options[size_t(encoded)].id;
    case Scale::Kind::multiple: {
      std::vector<std::string> ids;
      for (size_t k : selected_options(encoded, sc.options.size())) ids.push_back(sc.options[k].id);
      return "[" + join_or(ids, ", ") + "]";
    }
    default: return format_number(encoded);
  }
}

std::string answer_label(const model::Model& m, int item, double encoded) {
  if (std::isnan(encoded)) return "";
  const Scale& sc = m.scales[m.items[item].scale];
  switch (sc.kind) {
    case Scale::Kind::boolean: return sc.options[encoded != 0 ? 1 : 0].label;  // "Yes"/"No", or a translation's
    case Scale::Kind::options: return sc.options[size_t(encoded)].label;
    case Scale::Kind::multiple: {
      std::vector<std::string> labels;
      for (size_t k : selected_options(encoded, sc.options.size())) labels.push_back(sc.options[k].label);
      return labels.empty() ? "None" : join_or(labels, " and ");
    }
    default: return format_number(encoded);
  }
}

nlohmann::json answer_json(const model::Model& m, int item, double encoded) {
  if (std::isnan(encoded)) return nullptr;
  const Scale& sc = m.scales[m.items[item].scale];
  switch (sc.kind) {
    case Scale::Kind::boolean: return encoded != 0;
    case Scale::Kind::options: return sc.options[size_t(encoded)].id;
    case Scale::Kind::multiple: {
      nlohmann::json a = nlohmann::json::array();
      for (size_t k : selected_options(encoded, sc.options.size())) a.push_back(sc.options[k].id);
      return a;
    }
    default:
      if (encoded == std::floor(encoded) && std::fabs(encoded) < 1e15) return static_cast<int64_t>(encoded);
      return encoded;
  }
}

}  // namespace signpost

namespace signpost {
namespace {


bool parse_number(std::string_view s, double& x) {
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  auto [end, ec] = from_chars_double(s.data(), s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
}

}  // namespace

static std::string fold(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TextAnswers::TextAnswers(const model::Model& m, const InputConventions* conv) : m_(m) {
  if (conv) {
    for (const std::string& code : conv->missing) {
      std::string_view t = trim_blanks(code);
      missing_.emplace_back(t);
      double x;
      if (parse_number(t, x)) missing_numbers_.push_back(x);
    }
    labels_ = conv->redcap == InputConventions::Redcap::labels;
  }
  scales_.resize(m.scales.size());
  for (size_t k = 0; k < m.scales.size(); ++k) {
    const model::Scale& sc = m.scales[k];
    Scale& t = scales_[k];
    std::fill(std::begin(t.one_char), std::end(t.one_char), int16_t(-1));
    if (conv && sc.kind == model::Scale::Kind::options) {
      auto first = conv->first_code.find(sc.id);
      t.codes = first != conv->first_code.end();
      if (t.codes) t.first = first->second;
      t.numbers = !labels_;
    }
    auto word = [&](const std::string& w, double v) {
      if (w.size() == 1) t.one_char[uint8_t(w[0])] = int16_t(v);
      t.words.emplace_back(w, v);
    };
    // A lower-case spelling names an option only when it names no other.
    auto folded = [&](const std::string& w, double v) {
      std::string f = fold(w);
      for (auto& [x, y] : t.folded)
        if (x == f) {
          if (y != v) y = -1;
          return;
        }
      t.folded.emplace_back(f, v);
    };
    switch (sc.kind) {
      case model::Scale::Kind::boolean:
        for (const char* w : {"yes", "true", "1"}) word(w, 1);
        for (const char* w : {"no", "false", "0"}) word(w, 0);
        for (const char* w : {"yes", "true"}) folded(w, 1);
        for (const char* w : {"no", "false"}) folded(w, 0);
        if (sc.labels_answer)  // a rule set with translations: "Ja", "Nein" in German
          for (size_t j = 0; j < sc.options.size(); ++j) folded(sc.options[j].label, double(j));
        break;
      case model::Scale::Kind::options:
        for (size_t j = 0; j < sc.options.size(); ++j) {
          word(sc.options[j].id, double(j));
          if (t.codes) word(format_number(t.first + double(j)), double(j));
          else if (sc.scored && t.numbers) word(format_number(sc.options[j].value), double(j));
        }
        [[fallthrough]];
      case model::Scale::Kind::multiple:
        for (size_t j = 0; j < sc.options.size(); ++j) {
          folded(sc.options[j].id, double(j));
          folded(sc.options[j].label, double(j));
        }
        break;
      default: break;  // numbers are parsed
    }
    t.folded.erase(std::remove_if(t.folded.begin(), t.folded.end(), [](auto& w) { return w.second < 0; }),
                   t.folded.end());
    for (const std::string& code : missing_)
      if (code.size() == 1) t.one_char[uint8_t(code[0])] = -2;
  }
}

bool TextAnswers::missing(std::string_view cell) const {
  if (missing_.empty()) return false;
  cell = trim_blanks(cell);
  for (const std::string& code : missing_)
    if (code == cell) return true;
  double x;
  if (!missing_numbers_.empty() && parse_number(cell, x))
    for (double y : missing_numbers_)
      if (x == y) return true;
  return false;
}

namespace {
// The option a lower-cased cell names, or -1.
double folded_word(const std::vector<std::pair<std::string, double>>& folded, std::string_view cell) {
  if (folded.empty()) return -1;
  std::string f = fold(cell);
  for (const auto& [w, v] : folded)
    if (w == f) return v;
  return -1;
}
}  // namespace

bool TextAnswers::decode(size_t item, std::string_view cell, double& out) const {
  cell = trim_blanks(cell);
  if (cell.empty() || missing(cell)) {
    out = std::nan("");
    return true;
  }
  const model::Scale& sc = m_.scales[m_.items[item].scale];
  const Scale& t = scales_[m_.items[item].scale];
  switch (sc.kind) {
    case model::Scale::Kind::boolean:
    case model::Scale::Kind::options: {
      if (cell.size() == 1 && t.one_char[uint8_t(cell[0])] >= 0) {
        out = t.one_char[uint8_t(cell[0])];
        return true;
      }
      for (const auto& [w, v] : t.words)
        if (w == cell) {
          out = v;
          return true;
        }
      double v = folded_word(t.folded, cell);
      if (v >= 0) {
        out = v;
        return true;
      }
      double x;
      if (t.codes) {  // another spelling of a code ("2.0")
        if (!parse_number(cell, x)) return false;
        double k = x - t.first;
        if (k < 0 || k >= double(sc.options.size()) || k != std::floor(k)) return false;
        out = k;
        return true;
      }
      if (!t.numbers && parse_number(cell, x)) return false;
      {  // another spelling of a number ("2.0" for 2) means what it means in JSON
        std::vector<AnswerError> errors;
        double y = decode_answer(m_, int(item), m_.items[item].id, as_json(item, cell), errors);
        if (!errors.empty() || std::isnan(y)) return false;
        out = y;
        return true;
      }
    }
    case model::Scale::Kind::multiple: {
      if (cell == "[]") {
        out = 0;
        return true;
      }
      double mask = 0;
      while (!cell.empty()) {
        size_t semi = cell.find(';');
        std::string_view w = trim_blanks(cell.substr(0, semi));
        int k = codec::option_by_id(sc, w);
        if (k < 0) k = int(folded_word(t.folded, w));
        if (k < 0 || std::fmod(std::floor(mask / std::ldexp(1.0, k)), 2.0) == 1.0) return false;
        mask += std::ldexp(1.0, k);
        if (semi == std::string_view::npos) break;
        cell.remove_prefix(semi + 1);
      }
      out = mask;
      return true;
    }
    case model::Scale::Kind::integer:
    case model::Scale::Kind::decimal: {
      double x;
      if (!parse_number(cell, x) || !codec::number_ok(sc, x)) return false;
      out = x;
      return true;
    }
  }
  return false;
}

nlohmann::json TextAnswers::as_json(size_t item, std::string_view cell) const {
  cell = trim_blanks(cell);
  if (cell.empty()) return nullptr;
  if (m_.scales[m_.items[item].scale].kind == model::Scale::Kind::multiple) {
    nlohmann::json list = nlohmann::json::array();
    if (cell == "[]") return list;
    while (true) {
      size_t semi = cell.find(';');
      list.push_back(std::string(trim_blanks(cell.substr(0, semi))));
      if (semi == std::string_view::npos) break;
      cell.remove_prefix(semi + 1);
    }
    return list;
  }
  double x;
  if (parse_number(cell, x)) {
    if (x == std::floor(x) && std::fabs(x) < 1e15) return static_cast<int64_t>(x);
    return x;
  }
  if (cell == "true" || cell == "false") return cell == "true";
  return std::string(cell);
}

std::vector<AnswerError> TextAnswers::problems(size_t item, std::string_view cell) const {
  std::vector<AnswerError> errors;
  const model::Scale& sc = m_.scales[m_.items[item].scale];
  const Scale& t = scales_[m_.items[item].scale];
  double x;
  const std::string& id = m_.items[item].id;
  if (sc.kind == model::Scale::Kind::options && (t.codes || !t.numbers) && parse_number(trim_blanks(cell), x)) {
    errors.push_back(t.codes ? codec::redcap_code_error(id, sc, x, t.first) : codec::redcap_label_error(id, sc, x));
    return errors;
  }
  decode_answer(m_, int(item), m_.items[item].id, as_json(item, cell), errors);
  return errors;
}

}  // namespace signpost

namespace signpost {

namespace {
std::atomic<uint64_t> next_decoder_id{1};
}  // namespace

FastAnswers::FastAnswers(const model::Model& m, const Limits& limits)
    : m_(m), max_bytes_(limits.max_answers_bytes), id_(next_decoder_id.fetch_add(1)) {
  for (size_t i = 0; i < m.items.size(); ++i) items_.emplace(std::string_view(m.items[i].id), int(i));
}

namespace {

struct Cursor {
  const char* p;
  const char* end;
  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  }
  bool eat(char c) {
    ws();
    if (p < end && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  // A string without escapes or control characters; false otherwise.
  bool string(std::string_view& s) {
    ws();
    if (p >= end || *p != '"') return false;
    const char* start = ++p;
    while (p < end && *p != '"') {
      if (*p == '\\' || static_cast<unsigned char>(*p) < 0x20) return false;
      ++p;
    }
    if (p >= end) return false;
    s = std::string_view(start, size_t(p - start));
    ++p;
    return true;
  }
  bool word(const char* w) {
    size_t n = std::strlen(w);
    if (size_t(end - p) >= n && std::memcmp(p, w, n) == 0) {
      p += n;
      return true;
    }
    return false;
  }
  // A JSON number (the grammar exactly: no leading zeros, no '+', no bare '.'), short enough to
  // be exact as a double.
  bool number(double& x, std::string_view& text) {
    ws();
    const char* s = p;
    if (p < end && *p == '-') ++p;
    if (p >= end || !std::isdigit(static_cast<unsigned char>(*p))) return false;
    if (*p == '0') ++p;
    else
      while (p < end && std::isdigit(static_cast<unsigned char>(*p))) ++p;
    if (p < end && *p == '.') {
      ++p;
      if (p >= end || !std::isdigit(static_cast<unsigned char>(*p))) return false;
      while (p < end && std::isdigit(static_cast<unsigned char>(*p))) ++p;
    }
    if (p < end && (*p == 'e' || *p == 'E')) return false;  // rare: let the full parser have it
    if (p - s > 15) return false;
    text = std::string_view(s, size_t(p - s));
    if (text.size() <= 4 && text.find('.') == std::string_view::npos) {  // a small whole number: the usual answer
      int64_t v = 0;
      for (char ch : text)
        if (ch != '-') v = v * 10 + (ch - '0');
      x = text[0] == '-' ? double(-v) : double(v);
      return true;
    }
    auto [q, ec] = from_chars_double(s, p, x);
    return ec == std::errc() && q == p;
  }
};

// The item a key names, or -1. Documents usually list their keys in the same order line after
// line: the item that came at this position last time is tried before hashing. The guess is
// this decoder's own (`owner`: one thread may decode for several rule sets in turn).
int find_item(const model::Model& m, const std::unordered_map<std::string_view, int>& items, uint64_t owner,
              size_t position, std::string_view key) {
  thread_local std::vector<int> last_order;
  thread_local uint64_t last_owner = 0;
  if (last_owner != owner) {
    last_owner = owner;
    last_order.clear();
  }
  int found = -1;
  if (position < last_order.size() && last_order[position] >= 0 && size_t(last_order[position]) < m.items.size() &&
      m.items[size_t(last_order[position])].id == key)
    found = last_order[position];
  else if (auto it = items.find(key); it != items.end())
    found = it->second;
  if (found >= 0) {
    if (last_order.size() <= position) last_order.resize(position + 1, -1);
    last_order[position] = found;
  }
  return found;
}

// The extra key's value: a plain ASCII string (returned with its quotes) or a whole number.
bool read_extra(Cursor& c, std::string_view* extra) {
  std::string_view v;
  double x;
  c.ws();
  const char* start = c.p;
  if (c.string(v)) {
    for (char ch : v)
      if (static_cast<unsigned char>(ch) >= 0x80) return false;  // dumped as is only if valid UTF-8: let the full path check
    if (extra) *extra = std::string_view(start, size_t(c.p - start));
    return true;
  }
  if (c.number(x, v) && v.find('.') == std::string_view::npos) {
    if (extra) *extra = v;
    return true;
  }
  return false;
}

// A string answer: "yes"/"no" for a yes/no question, an option's id for a choice.
bool read_text_answer(Cursor& c, const model::Scale& sc, double& out) {
  std::string_view s;
  if (!c.string(s)) return false;
  if (sc.kind == model::Scale::Kind::boolean) return codec::yes_no_text(s, out);
  if (sc.kind != model::Scale::Kind::options) return false;
  int k = codec::option_by_id(sc, s);
  if (k < 0) return false;
  out = k;
  return true;
}

// A list of option ids for a multiple choice, as a bit mask; a repeated option is refused.
bool read_option_list(Cursor& c, const model::Scale& sc, double& out) {
  ++c.p;
  if (sc.kind != model::Scale::Kind::multiple) return false;
  double mask = 0;
  uint64_t chosen = 0;
  if (!c.eat(']')) {
    std::string_view s;
    do {
      if (!c.string(s)) return false;
      int k = codec::option_by_id(sc, s);
      if (k < 0 || k >= 64 || (chosen >> k) & 1u) return false;
      chosen |= uint64_t(1) << k;
      mask += std::ldexp(1.0, k);
    } while (c.eat(','));
    if (!c.eat(']')) return false;
  }
  out = mask;
  return true;
}

// A number answer: 0/1 for yes/no, an option's number, or a value in an integer or decimal range.
bool read_number_answer(Cursor& c, const model::Scale& sc, double& out) {
  std::string_view s;
  double x;
  if (!c.number(x, s)) return false;
  switch (sc.kind) {
    case model::Scale::Kind::boolean:
      if (!codec::yes_no_number(x)) return false;
      out = x;
      return true;
    case model::Scale::Kind::options: {
      int k = codec::option_by_number(sc, x);
      if (k < 0) return false;
      out = k;
      return true;
    }
    case model::Scale::Kind::integer:
    case model::Scale::Kind::decimal:
      if (!codec::number_ok(sc, x)) return false;
      out = x;
      return true;
    default: return false;
  }
}

// One item's answer, whatever JSON kind it has: null leaves `out` unanswered (NaN).
bool read_answer(Cursor& c, const model::Scale& sc, double& out) {
  c.ws();
  if (c.word("null")) return true;
  if (c.p < c.end && (*c.p == 't' || *c.p == 'f')) {
    bool v = c.word("true");
    if (!v && !c.word("false")) return false;
    if (sc.kind != model::Scale::Kind::boolean) return false;
    out = v ? 1 : 0;
    return true;
  }
  if (c.p < c.end && *c.p == '"') return read_text_answer(c, sc, out);
  if (c.p < c.end && *c.p == '[') return read_option_list(c, sc, out);
  return read_number_answer(c, sc, out);
}

}  // namespace

bool FastAnswers::decode(std::string_view text, AnswerRow& row, std::string_view extra_key, std::string_view* extra) const {
  if (text.size() > max_bytes_) return false;
  row.assign(m_.items.size(), std::nan(""));
  std::vector<uint8_t> seen(m_.items.size(), 0);
  bool extra_seen = false;
  size_t keys = 0;
  Cursor c{text.data(), text.data() + text.size()};
  if (!c.eat('{')) return false;
  c.ws();
  if (!c.eat('}')) {
    do {
      std::string_view key;
      if (!c.string(key) || !c.eat(':')) return false;
      const int i = find_item(m_, items_, id_, keys++, key);
      if (i < 0) {
        if (extra_key.empty() || key != extra_key || extra_seen) return false;  // not an item: A001
        extra_seen = true;
        if (!read_extra(c, extra)) return false;
        continue;
      }
      if (seen[size_t(i)]) return false;  // a repeated key: the full parser keeps the last
      seen[size_t(i)] = 1;
      if (!read_answer(c, m_.scales[m_.items[size_t(i)].scale], row[size_t(i)])) return false;
    } while (c.eat(','));
    if (!c.eat('}')) return false;
  }
  c.ws();
  return c.p == c.end;
}

}  // namespace signpost
