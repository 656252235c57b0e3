// `signpost import --from redcap DATA_DICTIONARY.csv`: a rule-file skeleton from a REDCap data
// dictionary. Fields become items, choice lists become scales whose options carry the REDCap
// codes as their numbers (so a raw export reads without a mapping), checkbox fields become
// multiple choice, branching logic becomes `ask when`, calculated fields become `let` where the
// formula translates, and forms and section headers become sections. What does not translate is
// left as a comment that says so: the skeleton is for an author to finish, never to guess.
#include "cli/import_redcap.hpp"
#include "cli/command.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/io.hpp"
#include "engine/source/text.hpp"

namespace signpost::cli {
namespace {
// What the command line gave `signpost import`.
struct ImportOptions {
  std::string from, dictionary, output, id, title;
};

// ---- the data dictionary ----------------------------------------------------------------------
// Parses CSV text (RFC 4180: quoted cells may hold commas, quotes and line breaks) into rows.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (quoted) {
      if (c == '"' && k + 1 < text.size() && text[k + 1] == '"') cell += '"', ++k;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(cell)), cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && k + 1 < text.size() && text[k + 1] == '\n') ++k;
      rows.back().push_back(std::move(cell)), cell.clear();
      rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || !rows.back().empty()) rows.back().push_back(std::move(cell));
  while (!rows.empty() && (rows.back().empty() || (rows.back().size() == 1 && rows.back()[0].empty()))) rows.pop_back();
  return rows;
}

struct Field {
  std::string name, form, section, type, label, choices, validation, min, max, branching, required;
};

struct Choice {
  std::string code, label, id;
};

// The columns of REDCap's data dictionary, in its fixed order.
enum Col { kName, kForm, kSection, kType, kLabel, kChoices, kNote, kValidation, kMin, kMax, kIdentifier, kBranching, kRequired };

std::string strip_html(const std::string& s) {
  std::string out;
  bool tag = false;
  for (char c : s) {
    if (c == '<') tag = true;
    else if (c == '>') tag = false;
    else if (!tag) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return std::string(trim_blanks(out));
}

// A text as a signpost string literal.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : strip_html(s)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool reserved(const std::string& w) {
  static const std::set<std::string> words = {"assessment", "disclaimer", "import", "source", "scale", "section",
                                              "item", "let", "threshold", "band", "guidance", "example", "and", "or",
                                              "not", "includes", "where", "answer", "yes", "no", "true", "false",
                                              "unanswered", "minimum", "property", "if", "then", "else", "group"};
  return words.count(w) > 0;
}

// A name for signpost from a label: "Almost always" -> almost_always.
std::string slug(const std::string& label, const std::string& fallback) {
  std::string out;
  for (char c : strip_html(label)) {
    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80)
      out += char(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.size() > 32) out.resize(32);
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty()) return fallback;
  if (std::isdigit(static_cast<unsigned char>(out[0])) || reserved(out)) out = "o_" + out;
  return out;
}

// "1, Never | 2, Sometimes" -> codes, labels and unique option ids.
std::vector<Choice> parse_choices(const std::string& text) {
  std::vector<Choice> out;
  std::set<std::string> ids;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, '|')) {
    size_t comma = part.find(',');
    if (comma == std::string::npos) continue;
    Choice c{std::string(trim_blanks(part.substr(0, comma))), std::string(trim_blanks(part.substr(comma + 1))), ""};
    c.id = slug(c.label, "code_" + slug(c.code, "x"));
    if (ids.count(c.id)) c.id += "_" + slug(c.code, "x");
    ids.insert(c.id);
    out.push_back(c);
  }
  return out;
}

bool whole_number(const std::string& s) {
  if (s.empty()) return false;
  size_t k = s[0] == '-' ? 1 : 0;
  return k < s.size() && std::all_of(s.begin() + long(k), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// ---- translating REDCap logic ------------------------------------------------------------------
struct Token {
  enum Kind { field, text, number, op, word, open, close, comma, bad } kind;
  std::string s, code;  // field: its name, and the checkbox code of [f(code)]
};

std::vector<Token> tokens(const std::string& logic) {
  std::vector<Token> out;
  size_t k = 0;
  while (k < logic.size()) {
    char c = logic[k];
    if (std::isspace(static_cast<unsigned char>(c))) { ++k; continue; }
    if (c == '[') {
      size_t end = logic.find(']', k);
      if (end == std::string::npos) return {{Token::bad, "", ""}};
      std::string inside = logic.substr(k + 1, end - k - 1), code;
      size_t paren = inside.find('(');
      if (paren != std::string::npos && inside.back() == ')') code = inside.substr(paren + 1, inside.size() - paren - 2), inside.resize(paren);
      if (!out.empty() && out.back().kind == Token::field) return {{Token::bad, "", ""}};  // [event][field]: across events
      out.push_back({Token::field, inside, code});
      k = end + 1;
    } else if (c == '\'' || c == '"') {
      size_t end = logic.find(c, k + 1);
      if (end == std::string::npos) return {{Token::bad, "", ""}};
      out.push_back({Token::text, logic.substr(k + 1, end - k - 1), ""});
      k = end + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      size_t end = k;
      while (end < logic.size() && (std::isdigit(static_cast<unsigned char>(logic[end])) || logic[end] == '.')) ++end;
      out.push_back({Token::number, logic.substr(k, end - k), ""});
      k = end;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t end = k;
      while (end < logic.size() && (std::isalnum(static_cast<unsigned char>(logic[end])) || logic[end] == '_')) ++end;
      out.push_back({Token::word, logic.substr(k, end - k), ""});
      k = end;
    } else if (c == '(' || c == ')' || c == ',') {
      out.push_back({c == '(' ? Token::open : c == ')' ? Token::close : Token::comma, std::string(1, c), ""});
      ++k;
    } else if (std::string("=<>!+-*/").find(c) != std::string::npos) {
      size_t end = k + 1;
      if (end < logic.size() && (logic[end] == '=' || logic[end] == '>')) ++end;
      out.push_back({Token::op, logic.substr(k, end - k), ""});
      k = end;
    } else {
      return {{Token::bad, "", ""}};
    }
  }
  return out;
}

class Translator {
 public:
  Translator(const std::map<std::string, Field>& fields, const std::map<std::string, std::vector<Choice>>& choices,
             const std::set<std::string>& items)
      : fields_(fields), choices_(choices), items_(items) {}

  // Branching logic -> an `ask when` condition; "" when it does not translate.
  std::string condition(const std::string& logic) const {
    std::vector<Token> t = tokens(logic);
    std::string out;
    for (size_t k = 0; k < t.size(); ++k) {
      const Token& a = t[k];
      if (a.kind == Token::word && (a.s == "and" || a.s == "or")) out += " " + a.s + " ";
      else if (a.kind == Token::open || a.kind == Token::close) out += a.s;
      else if (a.kind == Token::field && k + 2 < t.size() + 0 && t[k + 1].kind == Token::op &&
               (t[k + 2].kind == Token::text || t[k + 2].kind == Token::number)) {
        std::string c = comparison(a, t[k + 1].s, t[k + 2].s);
        if (c.empty()) return "";
        out += c;
        k += 2;
      } else {
        return "";
      }
    }
    return out;
  }

  // A calculation -> an arithmetic expression; "" when it does not translate.
  std::string arithmetic(const std::string& calc) const {
    std::vector<Token> t = tokens(calc);
    std::string out;
    int in_sum = 0, depth = 0;
    std::vector<int> sum_depth;
    for (size_t k = 0; k < t.size(); ++k) {
      const Token& a = t[k];
      if (a.kind == Token::field) {
        if (!a.code.empty() || !items_.count(a.s) || !numeric(a.s)) return "";
        out += a.s;
      } else if (a.kind == Token::number) {
        out += a.s;
      } else if (a.kind == Token::op && std::string("+-*/").find(a.s) != std::string::npos && a.s.size() == 1) {
        out += " " + a.s + " ";
      } else if (a.kind == Token::word && a.s == "sum" && k + 1 < t.size() && t[k + 1].kind == Token::open) {
        out += "(";
        sum_depth.push_back(++depth);
        ++in_sum, ++k;
      } else if (a.kind == Token::open) {
        out += "(", ++depth;
      } else if (a.kind == Token::close) {
        if (!sum_depth.empty() && sum_depth.back() == depth) sum_depth.pop_back(), --in_sum;
        out += ")", --depth;
      } else if (a.kind == Token::comma && in_sum > 0) {
        out += " + ";
      } else {
        return "";
      }
    }
    return out;
  }

 private:
  bool numeric(const std::string& name) const {
    const Field& f = fields_.at(name);
    if (f.type == "radio" || f.type == "dropdown") {
      for (const Choice& c : choices_.at(name))
        if (!whole_number(c.code)) return false;
      return true;
    }
    return f.type == "text" || f.type == "slider" || f.type == "calc";
  }

  std::string comparison(const Token& field, std::string op, const std::string& value) const {
    auto it = fields_.find(field.s);
    if (it == fields_.end() || !items_.count(field.s)) return "";
    const Field& f = it->second;
    if (op == "<>") op = "!=";
    if (op == "=") op = "==";
    if (op != "==" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") return "";
    if (f.type == "checkbox") {
      if (field.code.empty() || (value != "1" && value != "0") || (op != "==" && op != "!=")) return "";
      for (const Choice& c : choices_.at(field.s))
        if (c.code == field.code) {
          bool checked = (value == "1") == (op == "==");
          return checked ? "(" + field.s + " includes " + c.id + ")" : "not (" + field.s + " includes " + c.id + ")";
        }
      return "";
    }
    if (!field.code.empty()) return "";
    if (f.type == "yesno" || f.type == "truefalse") {
      if ((value != "1" && value != "0") || (op != "==" && op != "!=")) return "";
      return field.s + " " + op + " " + (value == "1" ? "yes" : "no");
    }
    if (f.type == "radio" || f.type == "dropdown") {
      if (op == "==" || op == "!=")
        for (const Choice& c : choices_.at(field.s))
          if (c.code == value) return field.s + " " + op + " " + c.id;
      if (numeric(field.s) && whole_number(value)) return field.s + " " + op + " " + value;  // codes are points
      return "";
    }
    if (numeric(field.s) && !value.empty()) return field.s + " " + op + " " + value;
    return "";
  }

  const std::map<std::string, Field>& fields_;
  const std::map<std::string, std::vector<Choice>>& choices_;
  const std::set<std::string>& items_;
};

// ---- writing the skeleton ---------------------------------------------------------------------
std::string comma_list(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ",") + w;
  return out;
}

std::string title_of(const std::string& form) {
  std::string t = form;
  std::replace(t.begin(), t.end(), '_', ' ');
  if (!t.empty()) t[0] = char(std::toupper(static_cast<unsigned char>(t[0])));
  return t;
}

struct Skeleton {
  std::string text;
  std::vector<std::string> kept;  // fields that are no question: pass them through with --keep
  size_t items = 0, lets = 0, untranslated = 0;
};

// The fields that become items: questions with choices, yes/no, sliders and numeric text.
std::set<std::string> item_fields(const std::vector<Field>& fields) {
  std::set<std::string> items;
  for (size_t k = 1; k < fields.size(); ++k) {  // the first field is the record id
    const std::string& t = fields[k].type;
    if (t == "radio" || t == "dropdown" || t == "checkbox" || t == "yesno" || t == "truefalse" || t == "slider" ||
        (t == "text" && (fields[k].validation == "integer" || fields[k].validation.rfind("number", 0) == 0)))
      items.insert(fields[k].name);
  }
  return items;
}

// Writes the skeleton's scales and body, one field at a time.
struct SkeletonWriter {
  std::map<std::string, std::vector<Choice>>& choices;
  Translator& tr;
  Skeleton& out;
  std::ostringstream scales, body;
  std::map<std::string, std::string> scale_of_choices;  // type + choices -> scale id
  std::string section;

  // A new `section` when the field starts another form or section.
  void section_of(const Field& f) {
    if (f.section.empty() && f.form == section.substr(0, f.form.size()) && !section.empty()) return;
    std::string id = f.section.empty() ? f.form : f.form + "_" + slug(f.section, "part");
    if (id == section) return;
    body << "\nsection " << id << " " << quoted(f.section.empty() ? title_of(f.form) : f.section) << "\n"
         << "  cites redcap\n";
    section = id;
  }

  // A field that is no question: a calc field as a `let`, anything else passed through.
  void non_item(const Field& f) {
    if (f.type == "calc") {
      std::string expr = tr.arithmetic(f.choices);
      if (!expr.empty()) {
        body << "\n# REDCap calc field '" << f.name << "': " << f.choices << "\nlet " << f.name << " = " << expr << "\n";
        ++out.lets;
      } else {
        body << "\n# REDCap calc field '" << f.name << "' does not translate; write it as a let: " << f.choices << "\n";
        ++out.untranslated;
      }
    } else if (f.type != "descriptive") {
      body << "\n# '" << f.name << "' (" << f.type << (f.validation.empty() ? "" : ", " + f.validation)
           << ") is not a question signpost scores: pass it through with --keep " << f.name << "\n";
      out.kept.push_back(f.name);
    }
  }

  // The scale of a question: yesno, a range, or a scale of its choices (shared by equal choices).
  std::string scale_of(const Field& f) {
    // REDCap codes yes/true as 1 and no/false as 0, as yesno does.
    if (f.type == "yesno" || f.type == "truefalse") return "yesno";
    if (f.type == "slider" || f.type == "text") {
      bool whole = f.type == "slider" || f.validation == "integer";
      std::string lo = !f.min.empty() ? f.min : f.type == "slider" ? "0" : "-1000000000";
      std::string hi = !f.max.empty() ? f.max : f.type == "slider" ? "100" : "1000000000";
      std::string scale = f.name + "_range";
      scales << "scale " << scale << ": " << (whole ? "integer " : "decimal ") << lo << " to " << hi << "\n";
      return scale;
    }
    const std::vector<Choice>& cs = choices[f.name];
    std::string key = std::string(f.type == "checkbox" ? "multiple:" : "single:") + f.choices;
    auto found = scale_of_choices.find(key);
    if (found != scale_of_choices.end()) return found->second;
    std::string scale = f.name + "_choices";
    scale_of_choices[key] = scale;
    bool numbered = std::all_of(cs.begin(), cs.end(), [](const Choice& c) { return whole_number(c.code); });
    scales << "scale " << scale << ":" << (f.type == "checkbox" ? " multiple" : "") << "\n  ";
    for (size_t j = 0; j < cs.size(); ++j) {
      if (j) scales << ",\n  ";
      scales << cs[j].id << (numbered ? " = " + cs[j].code : "") << " " << quoted(cs[j].label);
    }
    scales << "\n";
    if (!numbered)
      scales << "# codes " << f.choices << " are not numbers: read labels (--redcap labels) or declare --codes\n";
    return scale;
  }

  void item(const Field& f) {
    std::string scale = scale_of(f);
    body << "\nitem " << f.name << ": " << scale << " " << quoted(f.label.empty() ? f.name : f.label) << "\n  cites redcap\n";
    if (f.required == "y") body << "  required\n";
    if (!f.branching.empty()) {
      std::string cond = tr.condition(f.branching);
      if (!cond.empty()) body << "  ask when " << cond << "\n";
      else {
        body << "  # branching logic does not translate; write it as `ask when`: " << f.branching << "\n";
        ++out.untranslated;
      }
    }
    ++out.items;
  }
};

Skeleton write_skeleton(const std::vector<Field>& fields, const std::string& source_name, const ImportOptions& opt) {
  Skeleton out;
  std::map<std::string, Field> by_name;
  std::map<std::string, std::vector<Choice>> choices;
  for (const Field& f : fields) {
    by_name[f.name] = f;
    if (f.type == "radio" || f.type == "dropdown" || f.type == "checkbox") choices[f.name] = parse_choices(f.choices);
  }
  std::set<std::string> items = item_fields(fields);
  Translator tr(by_name, choices, items);
  SkeletonWriter w{choices, tr, out, {}, {}, {}, {}};
  for (size_t k = 1; k < fields.size(); ++k) {
    const Field& f = fields[k];
    w.section_of(f);
    if (items.count(f.name)) w.item(f);
    else w.non_item(f);
  }

  std::string id = !opt.id.empty() ? opt.id : slug(fields.empty() ? "study" : fields[1 % fields.size()].form, "study");
  std::ostringstream head;
  head << "# Written by `signpost import --from redcap " << source_name << "`: a skeleton to review and finish.\n"
       << "# Options carry the REDCap codes as their numbers, so a raw export reads as it is:\n"
       << "#   signpost batch THIS_FILE --input EXPORT.csv --redcap raw"
       << (out.kept.empty() ? "" : " --keep " + comma_list(out.kept)) << "\n"
       << "# The numbers are also the points in arithmetic; give an item `points` to score it otherwise.\n"
       << "assessment " << id << " " << quoted(!opt.title.empty() ? opt.title : title_of(id)) << "\n"
       << "  version \"0.1.0\" language \"en\" audience researcher\n\n"
       << "disclaimer \"For research use. This is not a diagnosis.\"\n\n"
       << "source redcap " << quoted("REDCap data dictionary " + source_name) << "\n\n"
       << w.scales.str() << w.body.str()
       << "\n# Add guidance: what the answers lead to, with its reasons and sources.\n";
  out.text = head.str();
  return out;
}

}  // namespace

std::string import_slug(const std::string& label, const std::string& fallback) { return slug(label, fallback); }
std::string import_quoted(const std::string& text) { return quoted(text); }

namespace {
int run_import(const ImportOptions& opt) {
  if (opt.from == "fhir") return import_fhir(opt.dictionary, opt.output, opt.id, opt.title);
  std::string text, error;
  if (!read_input(opt.dictionary, kMaxImportBytes, text, error)) {  // a file, a pipe or '-', bounded
    std::cerr << "signpost: " << error << "\n";
    return 2;
  }
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  auto rows = parse_csv(text);
  if (rows.empty() || rows[0].empty() || slug(rows[0][0], "").rfind("variable", 0) != 0 || rows[0].size() < kRequired + 1) {
    std::cerr << "signpost: " << opt.dictionary
              << " is not a REDCap data dictionary (its header starts \"Variable / Field Name\", \"Form Name\", ...)\n";
    return 1;
  }
  std::vector<Field> fields;
  for (size_t r = 1; r < rows.size(); ++r) {
    auto& c = rows[r];
    c.resize(std::max<size_t>(c.size(), kRequired + 1));
    fields.push_back({c[kName], c[kForm], c[kSection], c[kType], c[kLabel], c[kChoices], c[kValidation], c[kMin],
                      c[kMax], c[kBranching], c[kRequired]});
  }
  if (fields.size() < 2) {
    std::cerr << "signpost: " << opt.dictionary << " defines no field besides the record id\n";
    return 1;
  }
  std::string name = opt.dictionary.substr(opt.dictionary.find_last_of('/') + 1);
  Skeleton s = write_skeleton(fields, name, opt);
  if (opt.output.empty()) {
    std::cout << s.text;
  } else {
    std::ofstream out(opt.output, std::ios::binary);
    if (!(out << s.text)) {
      std::cerr << "signpost: cannot write '" << opt.output << "'\n";
      return 2;
    }
  }
  std::cerr << "signpost: " << s.items << " items, " << s.lets << " calculations; " << s.untranslated
            << " untranslated (left as comments)" << (s.kept.empty() ? "" : "; not questions: " + comma_list(s.kept))
            << "\n";
  return 0;
}

}  // namespace

Command import_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<ImportOptions>(app, "import", "Write a rule-file skeleton from another tool's questionnaire definition");
  d.cmd->add_option("--from", d.opt->from,
                    "The format: redcap (a REDCap data dictionary, CSV) or fhir (a FHIR R4 Questionnaire, JSON; docs/fhir.md)")
      ->required()
      ->check(CLI::IsMember({"redcap", "fhir"}));
  d.cmd->add_option("file", d.opt->dictionary, "The data dictionary (.csv) or Questionnaire (.json)")->required();
  d.cmd->add_option("-o,--output", d.opt->output, "The rule file to write; standard output when not given");
  d.cmd->add_option("--id", d.opt->id, "The assessment's id (default: from the first form's name)");
  d.cmd->add_option("--title", d.opt->title, "The assessment's title");
  d.cmd->footer(help_footer("", "signpost import --from redcap DataDictionary.csv -o study.signpost", exit_codes));
  return {d.cmd, [opt = d.opt](const RunContext&) { return run_import(*opt); }};
}

}  // namespace signpost::cli
