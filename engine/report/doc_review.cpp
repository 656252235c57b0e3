// Parts of the review document (`signpost doc`) that a reviewer cannot read off the rule file:
// what each safety answer holds back, computed by running the rules; each worked example's
// answers with the outcome it expects; and each cited line of a source, quoted from its text.
#include "engine/report/doc.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/source/text.hpp"

namespace signpost {

namespace {

using markdown::code;

std::string literal_words(const model::Literal& l, const markdown::Say& say) {
  switch (l.kind) {
    case model::Literal::Kind::number: return say.number(l.number);
    case model::Literal::Kind::name: return l.name;
    case model::Literal::Kind::boolean: return l.boolean ? say("yes") : say("no");
    case model::Literal::Kind::list: return "[" + join_or(l.list, ", ") + "]";
    default: return say("unanswered");
  }
}

// Every item unanswered except, when `item` >= 0, that one given `answer`.
Evaluation evaluate_one(const Program& p, size_t items, int item, double answer) {
  AnswerRow row(items, std::nan(""));
  if (item >= 0) row[size_t(item)] = answer;
  Evaluation ev;
  run(p, row, ev);
  return ev;
}

bool surely_hidden(const Program& p, const Evaluation& ev, size_t g, size_t k) {
  uint32_t s = p.step_slot[g][k];
  return s != kNone && (ev.slots[s].na() || ev.slots[s].hi == 0);
}

}  // namespace

// For each answer to a safety question that by itself brings urgent guidance: the guidance and
// steps that can then not be shown, whatever else is answered (and could be otherwise).
std::string document_withheld(const model::Model& m) {
  const Program p = compile(m);
  const size_t G = m.guidance.size();
  const Evaluation open = evaluate_one(p, m.items.size(), -1, 0);
  const markdown::Say say{m.language};
  std::ostringstream out;
  bool any = false;
  for (size_t i = 0; i < m.items.size(); ++i) {
    const model::Item& it = m.items[i];
    const model::Scale& sc = m.scales[it.scale];
    if (!it.safety) continue;
    size_t answers = sc.kind == model::Scale::Kind::boolean ? 2 : sc.kind == model::Scale::Kind::options ? sc.options.size() : 0;
    for (size_t a = 0; a < answers; ++a) {
      Evaluation ev = evaluate_one(p, m.items.size(), int(i), double(a));
      std::vector<std::string> urgent, guidance, steps;
      for (size_t g = 0; g < G; ++g) {
        Outcome now = outcome(ev.slots[p.guidance_slot[g]]), before = outcome(open.slots[p.guidance_slot[g]]);
        if (now == Outcome::fired && m.guidance[g].level == model::Level::urgent) urgent.push_back(code(m.guidance[g].id));
        if (now == Outcome::not_fired && before != Outcome::not_fired) guidance.push_back(code(m.guidance[g].id));
        if (now == Outcome::not_fired) continue;
        for (size_t k = 0; k < m.guidance[g].steps.size(); ++k)
          if (surely_hidden(p, ev, g, k) && !surely_hidden(p, open, g, k))
            steps.push_back(say("{guidance} step {n}", {{"guidance", code(m.guidance[g].id)}, {"n", std::to_string(k + 1)}}) +
                            (m.guidance[g].steps[k].tags.empty() ? "" : " (" + join_or(m.guidance[g].steps[k].tags, ", ") + ")"));
      }
      if (urgent.empty()) continue;
      if (!any) {
        out << "## " << say("What a safety answer holds back") << "\n\n"
            << say("Computed by running the rules with only this answer given: the urgent guidance it brings, and the "
                   "guidance and steps that can then not be shown, whatever else is answered.")
            << "\n\n| " << say("Answer") << " | " << say("Urgent guidance shown") << " | " << say("Guidance never shown")
            << " | " << say("Steps never shown") << " |\n|---|---|---|---|\n";
        any = true;
      }
      std::string label = answer_label(m, int(i), double(a));
      out << "| " << code(it.id) << " = " << label << " | " << join_or(urgent, ", ") << " | "
          << (guidance.empty() ? "—" : join_or(guidance, ", ")) << " | " << (steps.empty() ? "—" : join_or(steps, ", "))
          << " |\n";
    }
  }
  if (any) out << "\n";
  return out.str();
}

// Each worked example: the answers it gives and what it expects.
std::string document_examples(const model::Model& m) {
  if (m.examples.empty()) return "";
  const markdown::Say say{m.language};
  std::ostringstream out;
  out << "## " << say("Worked examples") << "\n\n"
      << say("The rule file's examples, checked by `signpost test`: the answers each gives (every other question "
             "unanswered) and the outcome it expects.")
      << "\n\n";
  for (const auto& ex : m.examples) {
    out << "### " << ex.title << "\n\n";
    std::vector<std::string> given;
    for (const auto& [item, lit] : ex.givens)
      given.push_back(code(m.items[size_t(item)].id) + " = " + literal_words(lit, say));
    out << "- " << say("Answers: ") << (given.empty() ? std::string(say("none")) : join_or(given, ", ")) << "\n";
    for (const auto& e : ex.expects) {
      std::string target = code(e.target_id);
      switch (e.kind) {
        case model::Expectation::Kind::fires: out << "- " << say("Expects {target} to be shown", {{"target", target}}); break;
        case model::Expectation::Kind::not_fires:
          out << "- " << say("Expects {target} not to be shown", {{"target", target}});
          break;
        case model::Expectation::Kind::undetermined:
          out << "- " << say("Expects {target} to be undetermined (it depends on unanswered questions)", {{"target", target}});
          break;
        default:
          out << "- " << say("Expects {target} to be {value}", {{"target", target}, {"value", literal_words(e.value, say)}});
      }
      out << "\n";
    }
    out << "\n";
  }
  return out.str();
}

namespace {
// A line of an article as a table cell: blanks and a list marker ("•", "-") trimmed, no bare pipes.
std::string quoted_cell(std::string_view line) {
  line = trim_blanks(line);
  for (std::string_view marker : {"\u2022", "-", "*"})
    if (line.substr(0, marker.size()) == marker) line = trim_blanks(line.substr(marker.size()));
  std::string out;
  for (char c : line) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

// Every cited line of a source whose text was read (`file`), quoted, with what cites it.
std::string document_quotes(const model::Model& m) {
  // source -> line -> (section, citing names)
  std::vector<std::map<uint32_t, std::pair<std::string, std::vector<std::string>>>> cited(m.sources.size());
  auto note = [&](const std::vector<model::Citation>& cites, const std::string& who) {
    for (const auto& c : cites) {
      if (c.source < 0 || !c.line || c.line > m.sources[size_t(c.source)].lines.size()) continue;
      auto& entry = cited[size_t(c.source)][c.line];
      entry.first = c.section;
      if (std::find(entry.second.begin(), entry.second.end(), who) == entry.second.end()) entry.second.push_back(who);
    }
  };
  for (const auto& sec : m.sections) note(sec.cites, code(sec.id));
  for (const auto& it : m.items) note(it.cites, code(it.id));
  for (const auto& g : m.guidance) note(g.cites, code(g.id));
  const markdown::Say say{m.language};
  std::ostringstream out;
  bool any = false;
  for (size_t s = 0; s < m.sources.size(); ++s) {
    if (cited[s].empty()) continue;
    if (!any)
      out << "## " << say("The cited lines, quoted") << "\n\n"
          << say("Each line of an article that a question or guidance cites, as the article has it, so that the claim "
                 "can be checked against its source. `signpost check` checks that each cited line exists and lies "
                 "under the section cited.")
          << "\n\n";
    any = true;
    out << "### " << m.sources[s].title << "\n\n| " << say("Line") << " | " << say("Section") << " | "
        << say("The article says") << " | " << say("Cited by") << " |\n|---|---|---|---|\n";
    for (const auto& [line, entry] : cited[s])
      out << "| " << line << " | " << quoted_cell(entry.first) << " | " << quoted_cell(m.sources[s].lines[line - 1])
          << " | " << join_or(entry.second, ", ") << " |\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace signpost
