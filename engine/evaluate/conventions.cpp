// Input conventions: planning an input's columns, REDCap codes and checkbox cells.
#include "engine/evaluate/conventions.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>

#include "engine/source/text.hpp"

namespace signpost {
namespace {


bool number(std::string_view s, double& x) {
  s = trim_blanks(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [end, ec] = from_chars_double(s.data(), s.data() + s.size(), x);
  return ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// REDCap's own columns: the event, repeat and access-group columns, survey timestamps and the
// form-status columns. (The record id is the export's first column, whatever its name.)
bool redcap_metadata(const std::string& name) {
  return name.rfind("redcap_", 0) == 0 || ends_with(name, "_complete") || ends_with(name, "_timestamp");
}

// Are the scale's numbers 0, 1, ..., n-1? Then codes counted from 1 (REDCap's habit) land on
// valid, wrong options: reading them as numbers is a guess, and refused until declared.
bool counts_from_zero(const model::Scale& sc) {
  if (!sc.scored) return false;
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (sc.options[j].value != double(j)) return false;
  return true;
}

std::string numbers_of(const model::Scale& sc) {
  return format_number(sc.options.front().value) + "-" + format_number(sc.options.back().value);
}

// A020: the codes of `column` could mean two things; say how to declare which.
AnswerError ambiguous(const std::string& column, const model::Scale& sc) {
  std::string first = sc.options.front().id, second = sc.options.size() > 1 ? sc.options[1].id : first;
  std::string why = sc.scored
                        ? "scale '" + sc.id + "' numbers its options " + numbers_of(sc) +
                              ", and REDCap usually codes choices from 1, so a code 1 could mean '" + first +
                              "' (counted from 1) or '" + second + "' (its number): the reading would be a guess"
                        : "scale '" + sc.id + "' has no numbers to read REDCap codes with";
  return {"A020", json_pointer(column), "column '" + display_text(column) + "': its REDCap codes are ambiguous: " + why,
          "declare the code of the first option: --codes " + sc.id + "=1 (CLI) or codes={\"" + sc.id +
              "\": 1} (Python) when the export codes '" + first + "' as 1" +
              (sc.scored ? ", or =" + format_number(sc.options.front().value) + " when its codes are the scale's numbers"
                         : "") +
              "; or export labels (--redcap labels)"};
}

}  // namespace

bool parse_redcap_mode(std::string_view text, InputConventions::Redcap& out) {
  if (text == "raw") out = InputConventions::Redcap::raw;
  else if (text == "labels") out = InputConventions::Redcap::labels;
  else if (text == "none" || text.empty()) out = InputConventions::Redcap::none;
  else return false;
  return true;
}

bool parse_first_code(std::string_view text, InputConventions& conv, std::string& error) {
  size_t eq = text.find('=');
  double x;
  if (eq == std::string_view::npos || eq == 0 || !number(text.substr(eq + 1), x) || x != std::floor(x)) {
    error = "expected SCALE=FIRST_CODE (for example frequency=1), found '" + std::string(text) + "'";
    return false;
  }
  conv.first_code[std::string(trim_blanks(text.substr(0, eq)))] = x;
  return true;
}

int option_of_code(const model::Scale& sc, double code, const InputConventions& conv) {
  auto first = conv.first_code.find(sc.id);
  if (first != conv.first_code.end()) {
    double k = code - first->second;
    return k >= 0 && k < double(sc.options.size()) && k == std::floor(k) ? int(k) : -1;
  }
  if (!sc.scored) return -1;
  for (size_t j = 0; j < sc.options.size(); ++j)
    if (sc.options[j].value == code) return int(j);
  return -1;
}

bool is_missing_code(std::string_view cell, const InputConventions& conv) {
  cell = trim_blanks(cell);
  double x, y;
  const bool numeric = number(cell, x);
  for (const std::string& code : conv.missing)
    if (trim_blanks(code) == cell || (numeric && number(code, y) && x == y)) return true;
  return false;
}

bool decode_checkbox(std::string_view cell, const InputConventions& conv, double& out) {
  cell = trim_blanks(cell);
  if (cell.empty() || is_missing_code(cell, conv)) {
    out = std::nan("");
    return true;
  }
  std::string f(cell);
  for (char& c : f) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (f == "1" || f == "checked") out = 1;
  else if (f == "0" || f == "unchecked") out = 0;
  else return false;
  return true;
}

namespace {
// A021: codes declared (--codes) for a scale that is not a scale of options.
void check_declared_codes(const model::Model& m, const InputConventions& conv, std::vector<AnswerError>& errors) {
  for (const auto& code : conv.first_code) {
    const std::string& scale = code.first;  // a name, not a structured binding: C++17 lambdas cannot capture those (Clang)
    bool found = std::any_of(m.scales.begin(), m.scales.end(), [&](const model::Scale& s) {
      return s.id == scale && (s.kind == model::Scale::Kind::options || s.kind == model::Scale::Kind::multiple);
    });
    if (!found)
      errors.push_back({"A021", "", "codes are declared for '" + display_text(scale) + "', which is not a scale of options here", ""});
  }
}

// Gives each column its role in turn, the first kind that claims it: an item, the id column, a
// kept column, a value's column (REDCap), a checkbox column, the record id; else it is unknown.
struct ColumnPlanner {
  const model::Model& m;
  const InputConventions& conv;
  const std::string& id;
  ColumnPlan& plan;
  const bool redcap = conv.redcap != InputConventions::Redcap::none;
  const bool raw = conv.redcap == InputConventions::Redcap::raw;
  std::vector<uint8_t> seen = std::vector<uint8_t>(m.items.size(), 0);  // items with a column of their own
  std::vector<uint8_t> ambiguous_scale = std::vector<uint8_t>(m.scales.size(), 0);  // reported once per column, each

  void column(size_t c, const std::string& name) {
    ColumnRole& role = plan.columns[c];
    if (item_column(role, name)) return;
    if (!id.empty() && name == id && plan.id < 0) {
      role.kind = ColumnRole::Kind::id;
      plan.id = int(c);
      return;
    }
    if (std::find(conv.keep.begin(), conv.keep.end(), name) != conv.keep.end() || (redcap && redcap_metadata(name))) {
      role.kind = ColumnRole::Kind::keep;
      return;
    }
    if (redcap && std::any_of(m.values.begin(), m.values.end(), [&](const model::Value& v) { return v.id == name; })) {
      role.kind = ColumnRole::Kind::ignore;
      return;
    }
    if (checkbox_column(role, name)) return;
    if (redcap && c == 0) {  // the record id, whatever its name
      role.kind = ColumnRole::Kind::keep;
      return;
    }
    unknown_column(c, name);
  }

  // A column named by an item: its answers (A001 when the item has a column already; A020 when
  // raw REDCap codes could mean two options).
  bool item_column(ColumnRole& role, const std::string& name) {
    auto it = m.item_index.find(name);
    if (it == m.item_index.end()) return false;
    if (seen[size_t(it->second)]++) {
      plan.errors.push_back({"A001", json_pointer(name), "column '" + display_text(name) + "' appears twice", ""});
      return true;
    }
    role = {ColumnRole::Kind::item, it->second, -1};
    const model::Scale& sc = m.scales[size_t(m.items[size_t(it->second)].scale)];
    if (raw && sc.kind == model::Scale::Kind::options && !conv.first_code.count(sc.id) && (counts_from_zero(sc) || !sc.scored))
      plan.errors.push_back(ambiguous(name, sc));
    return true;
  }

  // A REDCap checkbox column, field___code: one option of a multiple-choice item.
  bool checkbox_column(ColumnRole& role, const std::string& name) {
    size_t sep = redcap ? name.find("___") : std::string::npos;
    if (sep == std::string::npos || sep == 0) return false;
    std::string field = name.substr(0, sep), code = name.substr(sep + 3);
    auto f = m.item_index.find(field);
    if (f == m.item_index.end()) return false;
    const model::Scale& sc = m.scales[size_t(m.items[size_t(f->second)].scale)];
    double x;
    // REDCap writes the code -1 as field____1 (its minus becomes an underscore).
    std::string digits = code.size() > 1 && code[0] == '_' ? "-" + code.substr(1) : code;
    int k = sc.kind == model::Scale::Kind::multiple && number(digits, x) ? option_of_code(sc, x, conv) : -1;
    if (sc.kind != model::Scale::Kind::multiple) {
      plan.errors.push_back({"A021", json_pointer(name),
                             "column '" + display_text(name) + "' is a REDCap checkbox column, but '" + display_text(field) +
                                 "' is not a multiple-choice item",
                             ""});
    } else if (!sc.scored && !conv.first_code.count(sc.id)) {
      if (!ambiguous_scale[size_t(m.items[size_t(f->second)].scale)]++) plan.errors.push_back(ambiguous(name, sc));
    } else if (k < 0) {
      plan.errors.push_back({"A021", json_pointer(name),
                             "column '" + display_text(name) + "': " + display_text(code) + " is not the REDCap code of any option of scale '" +
                                 sc.id + "'",
                             allowed_answers(sc)});
    } else {
      role = {ColumnRole::Kind::checkbox, f->second, k};
      plan.checkboxes = true;
    }
    return true;
  }

  // A001 with a did-you-mean among the item ids.
  void unknown_column(size_t c, const std::string& name) {
    plan.unknown[c] = 1;
    std::vector<std::string> item_ids;
    for (auto& it : m.items) item_ids.push_back(it.id);
    std::string hint = did_you_mean(name, item_ids);
    plan.errors.push_back({"A001", json_pointer(name),
                           "column '" + display_text(name) + "' is not an item of this assessment" + (hint.empty() ? "" : "; " + hint),
                           "item ids; an id column; columns passed through (--keep, or keep= in Python)"});
  }

  // A021 for a column to keep that the input lacks; A001 for an item answered both in its own
  // column and in checkbox columns.
  void check_whole_header(const std::vector<std::string>& names) {
    for (const std::string& k : conv.keep)
      if (std::find(names.begin(), names.end(), k) == names.end())
        plan.errors.push_back({"A021", json_pointer(k), "column '" + display_text(k) + "' is to be kept, but the input has no such column", ""});
    for (size_t c = 0; c < names.size(); ++c)
      if (plan.columns[c].kind == ColumnRole::Kind::checkbox && seen[size_t(plan.columns[c].item)]) {
        plan.errors.push_back({"A001", json_pointer(names[c]),
                               "column '" + display_text(names[c]) + "' answers '" + m.items[size_t(plan.columns[c].item)].id +
                                   "', which has its own column too",
                               ""});
        seen[size_t(plan.columns[c].item)] = 0;  // once
      }
  }
};
}  // namespace

ColumnPlan plan_columns(const model::Model& m, const std::vector<std::string>& names, const InputConventions& conv,
                        const std::string& id) {
  ColumnPlan plan;
  plan.columns.resize(names.size());
  plan.unknown.assign(names.size(), 0);
  check_declared_codes(m, conv, plan.errors);
  ColumnPlanner planner{m, conv, id, plan};
  for (size_t c = 0; c < names.size(); ++c) planner.column(c, names[c]);
  planner.check_whole_header(names);
  return plan;
}

AnswerError checkbox_error(const model::Model& m, int item, std::string_view cell) {
  return codec::checkbox_error(m.items[size_t(item)].id, cell);
}

RecordAnswers record_answers(const model::Model& m, const TextAnswers& text, const InputConventions& conv,
                             const std::vector<std::string>& names, const std::vector<std::string>& cells) {
  RecordAnswers out;
  ColumnPlan plan = plan_columns(m, names, conv);
  out.errors = plan.errors;
  std::map<int, nlohmann::json> lists;  // a checkbox item: the options checked ([] when all are unchecked)
  for (size_t c = 0; c < names.size() && c < cells.size(); ++c) {
    const ColumnRole& role = plan.columns[c];
    const std::string& cell = cells[c];
    double x;
    if (plan.unknown[c]) continue;  // its error is in the plan's
    switch (role.kind) {
      case ColumnRole::Kind::item:
        if (!text.decode(size_t(role.item), cell, x)) {
          for (AnswerError& e : text.problems(size_t(role.item), cell)) out.errors.push_back(std::move(e));
        } else if (!std::isnan(x)) {
          out.answers[names[c]] = answer_json(m, role.item, x);
        }
        break;
      case ColumnRole::Kind::checkbox:
        if (!decode_checkbox(cell, conv, x)) {
          out.errors.push_back(checkbox_error(m, role.item, cell));
        } else if (!std::isnan(x)) {
          nlohmann::json& list = lists[role.item];
          if (list.is_null()) list = nlohmann::json::array();
          const model::Scale& sc = m.scales[size_t(m.items[size_t(role.item)].scale)];
          if (x == 1) list.push_back(sc.options[size_t(role.option)].id);
        }
        break;
      case ColumnRole::Kind::id:
      case ColumnRole::Kind::keep: out.kept.emplace_back(names[c], cell); break;
      case ColumnRole::Kind::ignore: break;
    }
  }
  for (auto& [item, list] : lists) out.answers[m.items[size_t(item)].id] = std::move(list);
  return out;
}

}  // namespace signpost
