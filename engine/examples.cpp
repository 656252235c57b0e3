// Runs the `example` blocks of a rule file and explains every failed expectation.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/report/report.hpp"
#include "engine/signpost.hpp"
#include "engine/source/text.hpp"

namespace signpost {
using model::Expectation;
using model::Literal;

namespace {

nlohmann::json literal_json(const Literal& l) {
  switch (l.kind) {
    case Literal::Kind::number: return l.number;
    case Literal::Kind::boolean: return l.boolean;
    case Literal::Kind::name: return l.name;
    case Literal::Kind::list: return l.list;
    case Literal::Kind::unknown: return nullptr;
  }
  return nullptr;
}

std::string literal_text(const Literal& l) {
  switch (l.kind) {
    case Literal::Kind::number: return format_number(l.number);
    case Literal::Kind::boolean: return l.boolean ? "yes" : "no";
    case Literal::Kind::name: return l.name;
    case Literal::Kind::list: return "[" + join_or(l.list, ", ") + "]";
    case Literal::Kind::unknown: return "unknown";
  }
  return "";
}

const char* outcome_text(Outcome o) {
  switch (o) {
    case Outcome::fired: return "fires";
    case Outcome::not_fired: return "does not fire";
    default: return "is undetermined";
  }
}

std::string tag_failure(const std::string& tag, Outcome want, Outcome got) {
  const char* now = got == Outcome::fired ? "something is" : got == Outcome::not_fired ? "nothing is" : "it is undetermined";
  switch (want) {
    case Outcome::fired: return "expected something tagged '" + tag + "' to be shown, but " + now;
    case Outcome::not_fired: return "expected nothing tagged '" + tag + "' to be shown, but " + now;
    default: return "expected what is tagged '" + tag + "' to be undetermined, but " + now + " shown";
  }
}

// A tag is shown when a fired guidance carries it or shows a step that does; undetermined when
// nothing shows it yet but a guidance that carries it (or one of whose steps does) is undetermined.
Outcome tag_outcome(const model::Model& m, const Program& p, const Evaluation& ev, const std::string& tag) {
  auto has = [&](const std::vector<std::string>& tags) { return std::find(tags.begin(), tags.end(), tag) != tags.end(); };
  bool open = false;
  for (size_t g = 0; g < m.guidance.size(); ++g) {
    const model::Guidance& gd = m.guidance[g];
    bool on_guidance = has(gd.tags), on_step = false;
    Outcome o = outcome(ev.slots[p.guidance_slot[g]]);
    for (size_t k = 0; k < gd.steps.size(); ++k) {
      if (!has(gd.steps[k].tags)) continue;
      on_step = true;
      if (o == Outcome::fired && step_shown(p, ev.slots, g, k)) return Outcome::fired;
    }
    if (on_guidance && o == Outcome::fired) return Outcome::fired;
    if ((on_guidance || on_step) && o == Outcome::undetermined) open = true;
  }
  return open ? Outcome::undetermined : Outcome::not_fired;
}

}  // namespace

std::vector<ExampleOutcome> run_examples(const RuleSet& rules) {
  const model::Model& m = rules.model();
  const Program& p = rules.program();
  std::vector<ExampleOutcome> out;
  for (const auto& ex : m.examples) {
    ExampleOutcome o{ex.title, ex.span, {}};
    nlohmann::json answers = nlohmann::json::object();
    for (const auto& [item, lit] : ex.givens) answers[m.items[item].id] = literal_json(lit);
    std::vector<AnswerError> errors;
    AnswerRow row = decode_answers(answers, m, errors);
    Evaluation ev;
    if (errors.empty()) {
      rules.run(row, ev);
      errors = dynamic_errors(m, p, row, ev);
    }
    if (!errors.empty()) {
      for (const auto& e : errors) o.failures.push_back("the answers are not valid: " + e.message);
      out.push_back(std::move(o));
      continue;
    }
    ReportContext ctx{m, p, rules.content_hash()};
    for (const auto& x : ex.expects) {
      if (x.kind != Expectation::Kind::equals) {
        bool tag = x.target_kind == 't';
        Outcome got = tag ? tag_outcome(m, p, ev, x.target_id) : outcome(ev.slots[p.guidance_slot[x.target]]);
        Outcome want = x.kind == Expectation::Kind::fires ? Outcome::fired
                       : x.kind == Expectation::Kind::not_fires ? Outcome::not_fired
                                                                : Outcome::undetermined;
        if (got == want) continue;
        if (tag) {
          o.failures.push_back(tag_failure(x.target_id, want, got));
          continue;
        }
        std::string msg = "expected '" + x.target_id + "' " + outcome_text(want) + ", but it " + outcome_text(got);
        if (got == Outcome::undetermined) {
          std::vector<std::string> missing;
          for (int i : m.guidance[x.target].items)
            if (ev.items[i] == ItemState::unanswered) missing.push_back(m.items[i].id);
          msg += " (unanswered: " + join_or(missing, ", ") + ")";
        }
        o.failures.push_back(msg);
        continue;
      }
      // name = value
      std::string got;
      bool same = false;
      if (x.target_kind == 'i') {
        double a = row[x.target];
        got = std::isnan(a) ? "unknown" : answer_id(m, x.target, a);
        same = got == literal_text(x.value);
      } else {
        const model::Value& v = m.values[x.target];
        Interval val = ev.slots[p.value_slot[x.target]];
        if (!val.known() || val.na()) {
          got = describe_value(ctx, 'v', x.target, row, ev);
          same = x.value.kind == Literal::Kind::unknown;
        } else {
          switch (v.type) {
            case model::Type::band: got = model::band_rows(m, v)[size_t(val.lo)].id; break;
            case model::Type::option: got = m.scales[v.scale].options[size_t(val.lo)].id; break;
            case model::Type::boolean: got = val.lo == 1 ? "yes" : "no"; break;
            default: got = format_number(val.lo);
          }
          if (x.value.kind == Literal::Kind::number)
            same = std::fabs(val.lo - x.value.number) <= 1e-9 * std::max(1.0, std::fabs(x.value.number));
          else
            same = got == literal_text(x.value);
        }
      }
      if (!same)
        o.failures.push_back("expected " + x.target_id + " = " + literal_text(x.value) + ", but it is " + got);
    }
    out.push_back(std::move(o));
  }
  return out;
}

std::string render_examples(const std::vector<ExampleOutcome>& outcomes, const SourceSet& sources, bool color) {
  const char* green = color ? "\x1b[32m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::ostringstream out;
  for (const auto& o : outcomes) {
    const SourceFile& f = sources.file(o.span.file);
    LineCol lc = f.locate(o.span.begin);
    std::string where = f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    if (o.passed()) {
      out << green << "ok" << reset << "    example \"" << o.title << "\"\n";
      continue;
    }
    out << red << "FAIL" << reset << "  example \"" << o.title << "\" (" << where << ")\n";
    for (const auto& f2 : o.failures) out << "        - " << f2 << "\n";
  }
  return out.str();
}

}  // namespace signpost
