// A record under declared input conventions (see records.hpp).
#include "serve/records.hpp"

#include "engine/evaluate/conventions.hpp"
#include "engine/report/report.hpp"
#include "engine/source/text.hpp"
#include "serve/query.hpp"

namespace signpost::serve {
namespace {

const char* const kParams[] = {"redcap", "missing", "keep", "codes"};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string part(trim_blanks(std::string_view(s).substr(start, comma - start)));
    if (!part.empty()) out.push_back(std::move(part));
    start = comma + 1;
  }
  return out;
}

// The conventions the query declares; false with `error` when one is malformed.
bool conventions_of(std::string_view query, InputConventions& conv, std::string& error) {
  for (const auto& [key, encoded] : query_parameters(query)) {
    std::string value;
    if (!percent_decode(encoded, value)) {
      error = "the value of '" + display_text(key) + "' is not properly percent-encoded";
      return false;
    }
    if (key == "redcap" && !parse_redcap_mode(value, conv.redcap)) {
      error = "redcap must be raw, labels or none";
      return false;
    }
    if (key == "missing")
      for (auto& m : split_commas(value)) conv.missing.push_back(std::move(m));
    if (key == "keep")
      for (auto& k : split_commas(value)) conv.keep.push_back(std::move(k));
    if (key == "codes")
      for (const auto& c : split_commas(value))
        if (!parse_first_code(c, conv, error)) {
          error = "codes: " + error;
          return false;
        }
  }
  return true;
}

// A field's value as the cell it would be in an export: text as it is, numbers as written, null
// as an empty cell. False for lists and objects (a record is flat).
bool cell_of(const nlohmann::ordered_json& v, std::string& cell) {
  if (v.is_string()) cell = v.get<std::string>();
  else if (v.is_null()) cell.clear();
  else if (v.is_boolean()) cell = v.get<bool>() ? "true" : "false";
  else if (v.is_number()) cell = v.dump();
  else return false;
  return true;
}

RecordReply errors_reply(const RuleSet& rules, const std::vector<AnswerError>& errors) {
  ReportContext ctx{rules.model(), rules.program(), rules.content_hash()};
  return {422, "", "", errors_json(ctx, errors).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

}  // namespace

bool declares_conventions(std::string_view query) {
  for (const auto& param : query_parameters(query))
    for (const char* p : kParams)
      if (param.first == p) return true;
  return false;
}

RecordReply evaluate_record(const RuleSet& rules, std::string_view body, std::string_view query) {
  InputConventions conv;
  std::string error;
  if (!conventions_of(query, conv, error)) return {400, "bad_conventions", error, ""};
  nlohmann::ordered_json doc;  // in the record's own order: REDCap's first field is its record id
  try {
    doc = nlohmann::ordered_json::parse(body);
  } catch (const nlohmann::json::exception&) {
    return {400, "malformed_json", "the body is not valid JSON (or holds a number beyond a double)", ""};
  }
  if (!doc.is_object()) return {400, "not_a_record", "a record is one JSON object of fields", ""};
  std::vector<std::string> names, cells;
  std::vector<AnswerError> errors;
  for (const auto& [name, value] : doc.items()) {
    std::string cell;
    if (!cell_of(value, cell))
      errors.push_back(codec::record_field_error(name));
    names.push_back(name);
    cells.push_back(std::move(cell));
  }
  const model::Model& m = rules.model();
  TextAnswers text(m, &conv);
  RecordAnswers rec = record_answers(m, text, conv, names, cells);
  errors.insert(errors.end(), rec.errors.begin(), rec.errors.end());
  if (!errors.empty()) return errors_reply(rules, errors);
  EvalResult r = rules.evaluate(rec.answers);
  if (!r.ok) return errors_reply(rules, r.errors);
  nlohmann::json kept = nlohmann::json::object();
  for (const auto& [name, cell] : rec.kept) kept[name] = cell;
  r.result["kept"] = kept;
  return {200, "", "", r.result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

}  // namespace signpost::serve
