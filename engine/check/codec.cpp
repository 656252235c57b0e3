// The answer codec: decoding one answer per scale kind, and the words of every refused answer.
#include "engine/check/codec.hpp"

#include "engine/source/text.hpp"

namespace signpost {

std::string json_pointer(const std::string& key) {
  std::string out = "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

namespace codec {
namespace {

std::vector<std::string> option_ids(const Scale& sc) {
  std::vector<std::string> v;
  for (auto& o : sc.options) v.push_back(o.id);
  return v;
}

// What was given, for a message: "the text \"x\"", "the number 3", "a list".
std::string kind_of(const Given& v) {
  switch (v.kind) {
    case Given::Kind::text: return "the text \"" + display_text(v.text) + "\"";
    case Given::Kind::boolean: return v.yes_no ? (v.boolean ? "yes" : "no") : (v.boolean ? "true" : "false");
    case Given::Kind::number: return "the number " + format_number(v.number);
    case Given::Kind::list: return "a list";
    case Given::Kind::object: return "an object";
    case Given::Kind::null: return "null";
  }
  return "null";
}

std::string with_hint(std::string what, const std::string& hint) { return hint.empty() ? what : what + "; " + hint; }

double refuse(std::vector<Refusal>& refusals, const char* code, std::string what) {
  refusals.push_back({code, std::move(what), -1});
  return std::nan("");
}

double decode_boolean(const Given& v, std::vector<Refusal>& refusals) {
  if (v.kind == Given::Kind::boolean) return v.boolean ? 1 : 0;
  double x;
  if (v.kind == Given::Kind::text && yes_no_text(v.text, x)) return x;
  if (v.kind == Given::Kind::number && yes_no_number(v.number)) return v.number;
  std::string hint = v.kind == Given::Kind::text ? did_you_mean(v.text, {"yes", "no"}) : "";
  return refuse(refusals, "A002", with_hint("expected yes or no, found " + kind_of(v), hint));
}

double decode_option(const Scale& sc, const Given& v, std::vector<Refusal>& refusals) {
  if (v.kind == Given::Kind::text) {
    int k = option_named(sc, v.text);
    if (k >= 0) return k;
    return refuse(refusals, "A003",
                  with_hint("\"" + display_text(v.text) + "\" is not an option", did_you_mean(v.text, option_ids(sc))));
  }
  if (v.kind == Given::Kind::number && sc.scored) {
    int k = option_by_number(sc, v.number);
    if (k >= 0) return k;
    return refuse(refusals, "A003", format_number(v.number) + " is not the number of any option");
  }
  return refuse(refusals, "A002", "expected an option, found " + kind_of(v));
}

double decode_options(const Scale& sc, const Given& v, std::vector<Refusal>& refusals) {
  if (v.kind != Given::Kind::list) return refuse(refusals, "A002", "expected a list of options, found " + kind_of(v));
  double mask = 0;
  bool ok = true;
  std::vector<bool> seen(sc.options.size(), false);
  for (size_t j = 0; j < v.list.size(); ++j) {
    const Given& e = v.list[j];
    int k = e.kind == Given::Kind::text ? option_named(sc, e.text) : -1;
    if (k < 0) {
      refusals.push_back({"A003", kind_of(e) + " is not an option", int(j)});
      ok = false;
    } else if (seen[size_t(k)]) {
      refusals.push_back({"A003", "\"" + sc.options[size_t(k)].id + "\" is listed twice", int(j)});
      ok = false;
    } else {
      seen[size_t(k)] = true;
      mask += std::ldexp(1.0, k);
    }
  }
  return ok ? mask : std::nan("");
}

double decode_number(const Scale& sc, const Given& v, std::vector<Refusal>& refusals) {
  if (v.kind != Given::Kind::number) return refuse(refusals, "A002", "expected a number, found " + kind_of(v));
  const double x = v.number;
  if (sc.kind == Scale::Kind::integer && x != std::floor(x)) return refuse(refusals, "A004", format_number(x) + " is not a whole number");
  if (x < sc.lo || x > sc.hi) return refuse(refusals, "A004", format_number(x) + " is out of range");
  return x;
}

}  // namespace

double decode(const Scale& sc, const Given& v, std::vector<Refusal>& refusals) {
  if (v.kind == Given::Kind::null) return std::nan("");  // explicitly unanswered
  switch (sc.kind) {
    case Scale::Kind::boolean:
      if (v.kind == Given::Kind::text && sc.labels_answer) {  // "Ja", "Nein": yes/no by their labels
        int k = option_named(sc, v.text);
        if (k >= 0) return k;  // the options of yes/no are no, yes: 0 and 1
      }
      return decode_boolean(v, refusals);
    case Scale::Kind::options: return decode_option(sc, v, refusals);
    case Scale::Kind::multiple: return decode_options(sc, v, refusals);
    case Scale::Kind::integer:
    case Scale::Kind::decimal: return decode_number(sc, v, refusals);
  }
  return std::nan("");
}

Refusal encoded_refusal(const Scale& sc, double x) {
  switch (sc.kind) {
    case Scale::Kind::boolean: {  // an encoded yes/no is the number a JSON answer gives
      Given g;
      g.kind = Given::Kind::number;
      g.number = x;
      std::vector<Refusal> r;
      decode_boolean(g, r);
      return r.front();
    }
    case Scale::Kind::options: return {"A003", format_number(x) + " is not the index of an option"};
    case Scale::Kind::multiple: return {"A003", format_number(x) + " is not a set of options"};
    case Scale::Kind::integer:
    case Scale::Kind::decimal:
      if (sc.kind == Scale::Kind::integer && x != std::floor(x)) return {"A004", format_number(x) + " is not a whole number"};
      return {"A004", format_number(x) + " is out of range"};
  }
  return {"A004", format_number(x) + " is out of range"};
}

std::string allowed_answers(const Scale& sc) {
  switch (sc.kind) {
    case Scale::Kind::boolean: return "yes, no, true or false";
    case Scale::Kind::options: {
      std::string s = "one of " + join_or(option_ids(sc));
      if (sc.scored) {
        std::vector<std::string> nums;
        for (auto& o : sc.options) nums.push_back(format_number(o.value));
        s += " (or its number: " + join_or(nums) + ")";
      }
      return s;
    }
    case Scale::Kind::multiple: return "a list of " + join_or(option_ids(sc), " and/or ");
    case Scale::Kind::integer:
      return "a whole number from " + format_number(sc.lo) + " to " + format_number(sc.hi);
    case Scale::Kind::decimal: return "a number from " + format_number(sc.lo) + " to " + format_number(sc.hi);
  }
  return "";
}

AnswerError error(const std::string& key, const Scale& sc, const Refusal& r) {
  std::string ptr = json_pointer(key);
  if (r.element >= 0) ptr += "/" + std::to_string(r.element);
  return {r.code, ptr, "'" + display_text(key) + "': " + r.what, allowed_answers(sc)};
}

AnswerError not_an_object(const Given& doc) {
  return {"A002", "", "the answers must be a JSON object of item ids and answers, found " + kind_of(doc),
          "{\"item_id\": answer, ...}"};
}

AnswerError not_an_item(const std::string& key, const std::vector<std::string>& item_ids) {
  return {"A001", json_pointer(key),
          with_hint("'" + display_text(key) + "' is not an item of this assessment", did_you_mean(key, item_ids)), ""};
}

AnswerError checkbox_error(const std::string& key, std::string_view cell) {
  return {"A003", json_pointer(key),
          "'" + key + "': \"" + display_text(cell) + "\" in a checkbox column is neither checked nor unchecked",
          "1 or 0, Checked or Unchecked"};
}

AnswerError redcap_code_error(const std::string& key, const Scale& sc, double x, double first) {
  std::string allowed = "a REDCap code from " + format_number(first) + " to " +
                        format_number(first + double(sc.options.size()) - 1) + " (declared: " + sc.id + "=" +
                        format_number(first) + "), or an option";
  return {"A003", json_pointer(key), "'" + key + "': " + format_number(x) + " is not a REDCap code of scale '" + sc.id + "'",
          allowed};
}

AnswerError redcap_label_error(const std::string& key, const Scale& sc, double x) {
  return {"A003", json_pointer(key),
          "'" + key + "': " + format_number(x) +
              " is a number, but a REDCap label export holds the choices' labels (--redcap labels)",
          allowed_answers(sc)};
}

AnswerError record_field_error(const std::string& name) {
  return {"A003", json_pointer(name), "'" + display_text(name) + "' is a list or an object; a record's fields are text or numbers", ""};
}

AnswerError too_large(std::optional<size_t> size, size_t limit) {
  if (!size) return {"A010", "", "the answers document is too large (more than " + std::to_string(limit) + " bytes)", ""};
  return {"A010", "",
          "the answers document is too large (" + std::to_string(*size) + " bytes; the limit is " + std::to_string(limit) + ")", ""};
}

}  // namespace codec
}  // namespace signpost
