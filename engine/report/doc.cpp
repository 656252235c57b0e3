// A rule set as a document a clinician can review without reading code (`signpost doc`).
#include "engine/report/doc.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "engine/evaluate/answers.hpp"
#include "engine/report/phrases.hpp"
#include "engine/source/text.hpp"

namespace signpost {

std::string markdown::code(const std::string& s) { return "`" + s + "`"; }

namespace markdown {
const char* Say::operator()(const char* english) const { return tr(language, english); }
std::string Say::operator()(const char* english,
                            std::initializer_list<std::pair<const char*, std::string>> values) const {
  return tr_fill(language, english, values);
}
const char* Say::in(const char* context, const char* english) const { return tr(language, english, context); }
std::string Say::quoted(const std::string& s) const { return tr_fill(language, "“{text}”", {{"text", s}}); }
std::string Say::number(double v) const {
  return with_decimal_mark(format_number(v), phrases_for(language));
}
}  // namespace markdown

namespace {
using model::TExpr;
using K = model::TExpr::K;

// Markdown table cells: no line breaks, no bare pipes.
std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

using markdown::code;

struct DocWriter {
  const model::Model& m;
  const SourceSet& sources;
  markdown::Say say{m.language};

  std::string text_of(Span s) const { return std::string(sources.slice(s)); }

  std::string citation(const model::Citation& c) const {
    const model::Source& s = m.sources[c.source];
    std::string out = s.title;
    if (!c.section.empty()) out += ", " + say.quoted(c.section);
    if (c.line) out += say(", line ") + std::to_string(c.line);
    return out;
  }
  // Citations grouped by source and section: "Title, “Section”, lines 49, 53".
  std::string citations(const std::vector<model::Citation>& cs) const {
    std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
    for (const auto& c : cs) {
      std::string key = m.sources[c.source].title + (c.section.empty() ? "" : ", " + say.quoted(c.section));
      auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
      if (it == groups.end()) {
        groups.push_back({key, {}});
        it = groups.end() - 1;
      }
      if (c.line) it->second.push_back(c.line);
    }
    std::string out;
    for (const auto& [key, lines] : groups) {
      if (!out.empty()) out += "; ";
      out += key;
      if (!lines.empty()) {
        out += lines.size() == 1 ? say(", line ") : say(", lines ");
        for (size_t k = 0; k < lines.size(); ++k) out += (k ? ", " : "") + std::to_string(lines[k]);
      }
    }
    return out.empty() ? "—" : out;
  }

  std::string answers_of(const model::Scale& sc) const {
    switch (sc.kind) {
      case model::Scale::Kind::boolean: return say("yes / no");
      case model::Scale::Kind::integer:
        return say("a whole number from {lo} to {hi}", {{"lo", say.number(sc.lo)}, {"hi", say.number(sc.hi)}});
      case model::Scale::Kind::decimal:
        return say("a number from {lo} to {hi}", {{"lo", say.number(sc.lo)}, {"hi", say.number(sc.hi)}});
      default: break;
    }
    std::string out = sc.kind == model::Scale::Kind::multiple ? say("any of: ") : "";
    for (size_t k = 0; k < sc.options.size(); ++k) {
      const auto& o = sc.options[k];
      out += (k ? ", " : "") + (o.label.empty() ? o.id : o.label);
      if (sc.scored) out += " (" + say.number(o.value) + ")";
    }
    if (sc.endorse_from >= 0) {
      const auto& o = sc.options[size_t(sc.endorse_from)];
      out += say("; counts as a sign from {answer}", {{"answer", say.quoted(o.label.empty() ? o.id : o.label)}});
    }
    return out;
  }

  // ---- conditions in plain words --------------------------------------------------------
  // `e` read as a sentence fragment. Values are named (their definitions are listed apart);
  // thresholds show their number.
  std::string words(const TExpr& e) const {
    switch (e.kind) {
      case K::constant: return constant(e);
      case K::item: return code(m.items[e.ref].id);
      case K::score: return say("the points of {a}", {{"a", words(e.args[0])}});
      case K::raw_value: return words(e.args[0]);
      case K::value_ref: {
        const model::Value& v = m.values[e.ref];
        if (v.kind == model::Value::Kind::threshold) return say.number(v.expr.number) + " (" + code(v.id) + ")";
        return code(v.id);
      }
      case K::neg: return say("minus {a}", {{"a", words(e.args[0])}});
      case K::not_: return say("not ({a})", {{"a", condition(e.args[0])}});
      case K::and_: return join(e, say(", and "));
      case K::or_: return join(e, say(", or "));
      case K::add: return two(e, "{a} plus {b}");
      case K::sub: return two(e, "{a} minus {b}");
      case K::mul: return two(e, "{a} times {b}");
      case K::div: return two(e, "{a} divided by {b}");
      case K::lt: return two(e, "{a} is less than {b}");
      case K::le: return two(e, "{a} is at most {b}");
      case K::gt: return two(e, "{a} is more than {b}");
      case K::ge: return two(e, "{a} is at least {b}");
      case K::eq: return two(e, "{a} is {b}");
      case K::ne: return two(e, "{a} is not {b}");
      case K::includes: {
        const auto& o = m.scales[e.args[0].scale].options[size_t(e.ref)];
        return say("{a} includes {b}", {{"a", words(e.args[0])}, {"b", say.quoted(o.label.empty() ? o.id : o.label)}});
      }
      case K::aggregate: return aggregate(e);
      case K::select: return select(e);
      case K::round: return rounded(e);
      case K::number_of: return say("{a} as 1 for yes and 0 for no", {{"a", words(e.args[0])}});
    }
    return text_of(e.span);
  }

  std::string constant(const TExpr& e) const {
    if (e.type == model::Type::boolean) return e.number != 0 ? say("yes") : say("no");
    if (e.type == model::Type::option) {
      const auto& o = m.scales[e.scale].options[size_t(e.number)];
      return say.quoted(o.label.empty() ? o.id : o.label);
    }
    std::string src = text_of(e.span);
    // an option name turned into its number for an ordered comparison
    if (!src.empty() && (std::isalpha(static_cast<unsigned char>(src[0])) || src[0] == '_')) return say.quoted(src);
    return say.number(e.number);
  }

  // A sentence of two operands, {a} and {b} (tests/catalog_test.cpp finds its text here too).
  std::string two(const TExpr& e, const char* english) const {
    return say(english, {{"a", words(e.args[0])}, {"b", words(e.args[1])}});
  }

  std::string select(const TExpr& e) const {
    bool na = e.args[2].kind == K::constant && std::isnan(e.args[2].number);
    if (na) return say("if {c} then {a}, otherwise not applicable", {{"c", condition(e.args[0])}, {"a", words(e.args[1])}});
    return say("if {c} then {a}, otherwise {b}",
               {{"c", condition(e.args[0])}, {"a", words(e.args[1])}, {"b", words(e.args[2])}});
  }

  std::string rounded(const TExpr& e) const {
    const char* rules[] = {say("rounded half up"), say("rounded half down"), say("rounded half to even"),
                           say("rounded down"), say("rounded up")};
    std::string out = words(e.args[0]) + " " + rules[e.ref];
    std::string n = say.number(e.number);
    if (e.number > 0) out += e.number == 1 ? say(" to {n} decimal", {{"n", n}}) : say(" to {n} decimals", {{"n", n}});
    return out;
  }

  // A yes/no expression as a condition: a bare item or value reads "x is yes".
  std::string condition(const TExpr& e) const {
    if ((e.kind == K::item || e.kind == K::value_ref) && e.type == model::Type::boolean)
      return say("{a} is yes", {{"a", words(e)}});
    if (e.kind == K::not_ && (e.args[0].kind == K::item || e.args[0].kind == K::value_ref))
      return say("{a} is not yes", {{"a", words(e.args[0])}});
    return words(e);
  }

  std::string join(const TExpr& e, const std::string& sep) const {
    std::string out;
    for (size_t k = 0; k < e.args.size(); ++k) {
      const TExpr& a = e.args[k];
      bool nested = (a.kind == K::and_ || a.kind == K::or_) && a.kind != e.kind;
      out += (k ? sep : "") + (nested ? "(" + condition(a) + ")" : condition(a));
    }
    return out;
  }

  // The members of an aggregate: a whole section when they are exactly its (non-safety) items.
  std::string members(const TExpr& e) const {
    for (const auto& sec : m.sections) {
      std::vector<int> own;
      for (int i : sec.items)
        if (!m.items[i].safety) own.push_back(i);
      if (own == e.members) return say("the questions in {title}", {{"title", say.quoted(sec.title)}});
    }
    std::string out;
    for (size_t k = 0; k < e.members.size(); ++k)
      out += (k == 0 ? "" : k + 1 == e.members.size() ? say(" and ") : ", ") + code(m.items[e.members[k]].id);
    return out;
  }

  std::string aggregate(const TExpr& e) const {
    // The wording is the aggregate's `review` phrase (check/functions.hpp).
    std::string out;
    for (const char* c = say(model::aggregate_spec(e.agg).review); *c; ++c) {
      if (std::strncmp(c, "{who}", 5) == 0) out += members(e), c += 4;
      else if (std::strncmp(c, "{test}", 6) == 0) out += test(e), c += 5;
      else out += *c;
    }
    if (e.policy == model::Policy::skip) out += say(", counting only the answered ones");
    if (e.policy == model::Policy::prorate) out += say(", scaled up from the answered ones");
    if (e.minimum > 0) out += say(", when at least {n} are answered", {{"n", std::to_string(e.minimum)}});
    return out;
  }

  // What a counting aggregate counts: "yes", "“Often” or more", or its `where` condition.
  std::string test(const TExpr& e) const {
    const TExpr& a = e.args[0];
    bool endorse = a.span.begin == e.span.begin && a.span.end == e.span.end;  // from `endorse from`, not `where`
    const model::Scale& sc = m.scales[m.items[e.members[0]].scale];
    if (a.kind == K::item) return say("yes");
    if (endorse && sc.endorse_from >= 0) {
      const auto& o = sc.options[size_t(sc.endorse_from)];
      return say("{a} or more", {{"a", say.quoted(o.label.empty() ? o.id : o.label)}});
    }
    if (a.kind == K::ge) return say("{a} or more", {{"a", words(a.args[1])}});
    if (a.kind == K::le) return say("{a} or less", {{"a", words(a.args[1])}});
    return say("so that {rule}", {{"rule", code(text_of(a.span))}});
  }
};

}  // namespace

namespace {
// What the document may say of the thresholds: that they are editorial choices only when the
// rule file says so of every one (its `note` says "not clinically validated"); a published
// instrument's cut-offs, or values whose reasoning says nothing of it, get no such claim.
std::string thresholds_preface(const model::Model& m) {
  size_t thresholds = 0, unvalidated = 0;
  for (const auto& v : m.values) {
    if (v.kind != model::Value::Kind::threshold) continue;
    ++thresholds;
    std::string note = v.note;
    std::transform(note.begin(), note.end(), note.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (note.find("not clinically validated") != std::string::npos) ++unvalidated;
  }
  if (thresholds == 0) return "";
  markdown::Say say{m.language};
  if (unvalidated == thresholds)
    return std::string(say("**The thresholds are not clinically validated.** The rule file says so of each one: each "
                           "value below is an editorial choice, set in one place in the rule file so that it can be "
                           "changed there.")) +
           "\n\n";
  if (unvalidated > 0)
    return std::string(say("Each threshold is set in one place in the rule file so that it can be changed there. Where "
                           "its value comes from is what its reasoning says; those whose reasoning says so are not "
                           "clinically validated.")) +
           "\n\n";
  return std::string(say("Each threshold is set in one place in the rule file so that it can be changed there. Where "
                         "its value comes from is what its reasoning says.")) +
         "\n\n";
}

// What the document may say of unanswered questions: that every one may be left unanswered only
// when none is `required`.
std::string questions_preface(const model::Model& m) {
  size_t required = 0;
  for (const auto& it : m.items) required += it.required;
  markdown::Say say{m.language};
  std::string counts = say("An unanswered question counts as “could be any answer”: guidance that depends on it "
                           "is reported as undetermined, never silently dropped.");
  if (required == 0) return std::string(say("Every question may be left unanswered.")) + " " + counts + "\n\n";
  if (required == m.items.size())
    return std::string(say("Every question is required: the answers must include each one that is asked.")) + "\n\n";
  return std::string(say("Questions marked required must be answered when they are asked; every other question may be "
                         "left unanswered.")) +
         " " + counts + "\n\n";
}
// The table at the top: what the rule set is, who answers it, its hash and its size.
void write_header(std::ostream& out, const model::Model& m, const std::string& content_hash) {
  markdown::Say say{m.language};
  out << say("<!-- Generated by `signpost doc` from the rule file. Do not edit: change the rule file and\n"
             "     regenerate. A test fails when this document is out of date. -->")
      << "\n\n";
  out << "# " << m.title << "\n\n";
  out << "| | |\n|---|---|\n";
  out << "| " << say("Rule set") << " | " << say("{id}, version {version}", {{"id", code(m.id)}, {"version", m.version}})
      << " |\n";
  out << "| " << say("Answered by") << " | " << say.in("audience", m.audience.c_str()) << " |\n";
  if (!m.language.empty()) out << "| " << say("Language") << " | " << m.language << " |\n";
  out << "| " << say("Content hash") << " | " << code(content_hash) << " |\n";
  out << "| " << say("Contents") << " | "
      << say("{questions} questions, {guidance} pieces of guidance, {examples} worked examples",
             {{"questions", std::to_string(m.items.size())},
              {"guidance", std::to_string(m.guidance.size())},
              {"examples", std::to_string(m.examples.size())}})
      << " |\n\n";
  out << "**" << say("Disclaimer shown with every result:") << "**\n\n> " << m.disclaimer << "\n\n";
}

void write_sources(std::ostream& out, const model::Model& m) {
  markdown::Say say{m.language};
  out << "## " << say("Sources") << "\n\n| " << say("Id") << " | " << say("Title") << " | " << say("Publisher") << " | "
      << say("Date") << " |\n|---|---|---|---|\n";
  for (const auto& s : m.sources)
    out << "| " << code(s.id) << " | " << cell(s.title) << " | " << cell(s.publisher.empty() ? "—" : s.publisher) << " | "
        << (s.date.empty() ? "—" : s.date) << " |\n";
  out << "\n"
      << say("Citations give the source, its section and, where useful, the line of the source the question or "
             "guidance rests on.")
      << "\n\n";
}

void write_thresholds(std::ostream& out, const model::Model& m) {
  markdown::Say say{m.language};
  out << "## " << say("Thresholds") << "\n\n";
  out << thresholds_preface(m);
  bool any_threshold = false;
  for (const auto& v : m.values) {
    if (v.kind != model::Value::Kind::threshold) continue;
    if (!any_threshold)
      out << "| " << say("Threshold") << " | " << say("Value") << " | " << say("Reasoning") << " |\n|---|---|---|\n";
    any_threshold = true;
    out << "| " << code(v.id) << " | " << say.number(v.expr.number) << " | " << cell(v.note.empty() ? "—" : v.note)
        << " |\n";
  }
  if (!any_threshold) out << say("This rule set declares no thresholds.") << "\n";
  out << "\n";
}

// One question as a list entry: prompt, answers, flags, when it is asked, help, source.
void write_question(std::ostream& out, const DocWriter& w, const model::Item& it) {
  const model::Model& m = w.m;
  const markdown::Say& say = w.say;
  out << "- **" << it.prompt << "** " << code(it.id) << "\n";
  out << "  - " << say("Answers: ") << w.answers_of(m.scales[it.scale]) << "\n";
  std::vector<std::string> flags;
  if (it.safety) flags.push_back(say("**safety question**: leads to urgent guidance"));
  if (it.required) flags.push_back(say("required"));
  if (it.reverse) flags.push_back(say("reverse-keyed"));
  if (!flags.empty()) out << "  - " << join_or(flags, ", ") << "\n";
  if (it.ask) out << "  - " << say("Asked only when {condition}", {{"condition", w.condition(*it.ask)}}) << "\n";
  if (it.ask && !std::isnan(it.unasked))
    out << "  - "
        << say("When not asked, it counts as the answer {answer}",
               {{"answer", answer_label(m, int(&it - m.items.data()), it.unasked)}})
        << "\n";
  if (it.ask && it.ignore_unasked) out << "  - " << say("An answer given when it is not asked is ignored") << "\n";
  if (!it.help.empty()) out << "  - " << say("Help shown: ") << it.help << "\n";
  out << "  - " << say("Source: ") << w.citations(it.cites) << "\n";
}

// The questions section by section; those in no section come last under "Other questions".
void write_questions(std::ostream& out, const DocWriter& w) {
  const model::Model& m = w.m;
  const markdown::Say& say = w.say;
  out << "## " << say("Questions") << "\n\n";
  out << questions_preface(m);
  std::vector<bool> listed(m.items.size(), false);
  for (const auto& sec : m.sections) {
    out << "### " << sec.title << "\n\n";
    if (sec.context) out << "*" << say("About circumstances: these answers are never reported as signs.") << "*\n\n";
    if (!sec.cites.empty()) out << say("Source: ") << w.citations(sec.cites) << "\n\n";
    for (int i : sec.items) {
      listed[size_t(i)] = true;
      write_question(out, w, m.items[size_t(i)]);
    }
    out << "\n";
  }
  bool loose = std::find(listed.begin(), listed.end(), false) != listed.end();
  if (loose) {
    out << "### " << say("Other questions") << "\n\n";
    for (size_t i = 0; i < m.items.size(); ++i)
      if (!listed[i]) write_question(out, w, m.items[i]);
    out << "\n";
  }
}

// A band's rows in words: "up to 4: “minimal”; 5 to 9: “mild”; 20 or more: “severe”".
std::string band_rows(const model::Value& v, const markdown::Say& say) {
  std::string rows;
  for (const auto& r : v.rows) {
    // Each edge as the row has it: `under` and `above` leave the edge itself out.
    std::string lo = r.lo_inclusive ? say.number(r.lo) : say("above {n}", {{"n", say.number(r.lo)}});
    std::string hi = r.hi_inclusive ? say.number(r.hi) : say("under {n}", {{"n", say.number(r.hi)}});
    std::string range = r.lo == -iv::kInf ? (r.hi_inclusive ? say("up to ") : "") + hi
                        : r.hi == iv::kInf ? (r.lo_inclusive ? say("{a} or more", {{"a", lo}}) : lo)
                                           : say("{lo} to {hi}", {{"lo", lo}, {"hi", hi}});
    rows += (rows.empty() ? "" : "; ") + range + ": " + say.quoted(r.label.empty() ? r.id : r.label);
  }
  return rows;
}

void write_derived_values(std::ostream& out, const DocWriter& w) {
  const markdown::Say& say = w.say;
  out << "## " << say("Derived values") << "\n\n";
  out << "| " << say("Value") << " | " << say("Definition") << " | " << say("In words") << " |\n|---|---|---|\n";
  for (const auto& v : w.m.values) {
    if (v.kind == model::Value::Kind::threshold) continue;
    if (v.kind == model::Value::Kind::band) {
      out << "| " << code(v.id) << " | " << say("band of {value}", {{"value", code(w.text_of(v.expr.span))}}) << " | "
          << cell(band_rows(v, say)) << " |\n";
      continue;
    }
    if (v.kind == model::Value::Kind::table) {
      std::string outcomes;
      for (const auto& r : v.rows) outcomes += (outcomes.empty() ? "" : ", ") + say.quoted(r.label);
      out << "| " << code(v.id) << " | "
          << say("table of {rows} by {columns}",
                 {{"rows", code(w.text_of(v.table_rows))}, {"columns", code(w.text_of(v.table_columns))}})
          << " | " << cell(say("one of {outcomes}", {{"outcomes", outcomes}})) << " |\n";
      continue;
    }
    std::string words = v.type == model::Type::boolean ? w.condition(v.expr) : w.words(v.expr);
    out << "| " << code(v.id) << " | " << code(cell(w.text_of(v.expr.span))) << " | " << cell(words)
        << (v.note.empty() ? "" : ". " + cell(v.note)) << " |\n";
  }
  out << "\n";
}

// One piece of guidance: id, level, tags, condition, reason, source, text and steps.
void write_guidance_entry(std::ostream& out, const DocWriter& w, const model::Guidance& gd) {
  const model::Model& m = w.m;
  const markdown::Say& say = w.say;
  out << "### " << gd.title << "\n\n";
  out << "- " << say("Id") << ": " << code(gd.id) << " · " << say("Level") << ": **"
      << say.in("level", model::level_name(gd.level)) << "**"
      << (gd.tags.empty() ? "" : " · " + std::string(say("Tags")) + ": " + join_or(gd.tags, ", ")) << "\n";
  out << "- " << say("Shown when: ") << w.condition(gd.when) << "  \n  ("
      << say("rule: {rule}", {{"rule", code(cell(w.text_of(gd.when.span)))}}) << ")\n";
  if (!gd.because.empty()) {
    std::string because;
    for (const auto& part : gd.because) because += part.is_ref ? "{" + std::string(part.ref_kind == 'i' ? m.items[part.ref].id : m.values[part.ref].id) + "}" : part.text;
    out << "- " << say("Reason given: ") << because << "\n";
  }
  out << "- " << say("Source: ") << w.citations(gd.cites) << "\n\n";
  if (!gd.text.empty()) out << "> " << gd.text << "\n\n";
  for (const auto& s : gd.steps) {
    out << "1. " << s.text;
    if (!s.tags.empty()) out << " *(" << say("tags: {tags}", {{"tags", join_or(s.tags, ", ")}}) << ")*";
    if (s.when) out << " — " << say("only when {condition}", {{"condition", w.condition(*s.when)}});
    out << "\n";
  }
  if (!gd.steps.empty()) out << "\n";
}

// The guidance most pressing first; a stable sort keeps the file's order within a level.
void write_guidance(std::ostream& out, const DocWriter& w) {
  const model::Model& m = w.m;
  out << "## " << w.say("Guidance") << "\n\n";
  out << w.say("Guidance is shown most pressing first: urgent, then recommend, consider and info.") << "\n\n";
  std::vector<size_t> order(m.guidance.size());
  for (size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return m.guidance[a].level < m.guidance[b].level; });
  for (size_t g : order) write_guidance_entry(out, w, m.guidance[g]);
}

// Only a rule set with urgent guidance says who to contact.
void write_urgent_help(std::ostream& out, const model::Model& m) {
  bool urgent = std::any_of(m.guidance.begin(), m.guidance.end(),
                            [](const model::Guidance& g) { return g.level == model::Level::urgent; });
  if (!urgent) return;
  markdown::Say say{m.language};
  out << "## " << say("Who to contact when safety is at stake") << "\n\n";
  out << say("The rule set names no phone numbers or services: the right contacts depend on where it is used. "
             "Whoever deploys it supplies them in a resources file (`signpost eval --resources FILE`; see "
             "docs/language.md). Without one, urgent guidance carries this neutral text:")
      << "\n\n> " << default_resources(m.audience, m.language).urgent_text << "\n\n";
}
}  // namespace

std::string document_markdown(const model::Model& m, const SourceSet& sources, const std::string& content_hash) {
  DocWriter w{m, sources};
  std::ostringstream out;
  write_header(out, m, content_hash);
  write_sources(out, m);
  write_thresholds(out, m);
  write_questions(out, w);
  write_derived_values(out, w);
  write_guidance(out, w);
  out << document_withheld(m);
  write_urgent_help(out, m);
  out << document_examples(m);
  out << document_quotes(m);
  return out.str();
}

}  // namespace signpost
