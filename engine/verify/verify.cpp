// Verify stage: each property, and each built-in check, becomes one question to the solver —
// "is there a valid set of answers that breaks it?" — asked with the fewest answered items.
// Every set of answers the solver returns is run through the reference evaluator before it is
// reported, so a counterexample always reproduces with `signpost eval`.
#include "engine/verify/verify.hpp"

#include <z3++.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>

#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/verify/encode.hpp"

namespace signpost::verify {

const char* const kPropertyFails = "E092";

using model::Property;
using Status = Finding::Status;

namespace {

constexpr unsigned kTimeoutMs = 20000;  // per question; the shipped rule sets need milliseconds
constexpr unsigned kMinimiseMs = 1000;  // per attempt to find a counterexample with fewer answers

// What an evaluation shows: guidance fired, steps shown.
struct Shown {
  const model::Model& m;
  const Program& p;
  AnswerRow row;
  Evaluation ev;
  Shown(const model::Model& m_, const Program& p_, const AnswerRow& r) : m(m_), p(p_), row(r) { run(p, row, ev); }
  bool fires(size_t g) const { return outcome(ev.slots[p.guidance_slot[g]]) == Outcome::fired; }
  bool step(size_t g, size_t k) const { return fires(g) && step_shown(p, ev.slots, g, k); }
  bool holds(uint32_t slot, bool possibly) const {
    if (slot == kNone) return true;
    Outcome o = outcome(ev.slots[slot]);
    return possibly ? o != Outcome::not_fired : o == Outcome::fired;
  }
  // The guidance and steps of a target that show, in words; empty when none does.
  std::vector<std::string> target(const model::Target& t) const {
    std::vector<std::string> out;
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      const auto& gd = m.guidance[g];
      bool whole = t.guidance == int(g) || (t.guidance < 0 && std::count(gd.tags.begin(), gd.tags.end(), t.name));
      if (whole && fires(g)) {
        out.push_back(gd.id + " fires");
        continue;
      }
      if (t.guidance >= 0) continue;
      for (size_t k = 0; k < gd.steps.size(); ++k)
        if (std::count(gd.steps[k].tags.begin(), gd.steps[k].tags.end(), t.name) && step(g, k))
          out.push_back(gd.id + " shows step " + std::to_string(k + 1) + " (tagged " + t.name + "): \"" +
                        gd.steps[k].text.substr(0, 60) + (gd.steps[k].text.size() > 60 ? "…" : "") + "\"");
    }
    return out;
  }
};

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (size_t k = 0; k < v.size(); ++k) s += (k ? sep : "") + v[k];
  return s;
}

struct Verifier {
  const model::Model& m;
  Program p;
  mutable z3::context c;  // making expressions is not const in Z3's API
  Encoding e;
  Report report;

  z3::solver base;  // holds e.valid(); questions are asked in scopes above it

  explicit Verifier(const model::Model& model) : m(model), p(compile(model, true)), c(), e(c, m, p, ""), base(c) {
    base.add(e.valid());
  }

  // Does a target show? A guidance fires, or anything with the tag fires or shows.
  z3::expr shows(const Encoding& enc, const model::Target& t) const {
    if (t.guidance >= 0) return enc.guidance_fires(size_t(t.guidance));
    z3::expr any = c.bool_val(false);
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      const auto& gd = m.guidance[g];
      if (std::count(gd.tags.begin(), gd.tags.end(), t.name)) any = any || enc.guidance_fires(g);
      for (size_t k = 0; k < gd.steps.size(); ++k)
        if (std::count(gd.steps[k].tags.begin(), gd.steps[k].tags.end(), t.name)) any = any || enc.step_shown(g, k);
    }
    return any;
  }
  z3::expr holds(const Encoding& enc, uint32_t slot, bool possibly) const {
    if (slot == kNone) return c.bool_val(true);
    return possibly ? enc.possible(slot) : enc.fired(slot);
  }

  // A model of `goal`, or nullopt when there is none. Throws when the solver cannot decide.
  std::optional<z3::model> solve(z3::solver& sv, const z3::expr& goal, unsigned timeout_ms) {
    z3::params ps(c);
    ps.set("timeout", timeout_ms);
    sv.set(ps);
    sv.add(goal);
    switch (sv.check()) {
      case z3::unsat: return std::nullopt;
      case z3::unknown:
        throw std::runtime_error("the solver could not decide within " + std::to_string(timeout_ms / 1000) + " s");
      default: return sv.get_model();
    }
  }

  // Leaves out every answer whose removal keeps `check` true (on the reference evaluator).
  AnswerRow prune(AnswerRow row, const std::function<bool(const AnswerRow&)>& check) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (std::isnan(row[i])) continue;
      AnswerRow fewer = row;
      fewer[i] = std::nan("");
      if (check(fewer)) row = fewer;
    }
    return row;
  }

  bool confirms(const AnswerRow& row, const std::function<bool(const Shown&)>& check) {
    Shown s(m, p, row);
    return dynamic_errors(m, p, row, s.ev).empty() && check(s);
  }

  // Answers meeting `goal` that `check` confirms on the reference evaluator, with no answer that
  // could be left out; with `fewest`, the solver then looks for answers with fewer answered items
  // (within a short time: the result is the smallest found). nullopt when no answers meet it.
  std::optional<AnswerRow> find(const z3::expr& goal, const std::function<bool(const Shown&)>& check,
                                bool fewest = false) {
    // One solver for every question about the one encoding: each question in its own scope, so
    // what the solver learns about the program carries over.
    z3::solver& sv = base;
    struct Scope {
      z3::solver& s;
      explicit Scope(z3::solver& x) : s(x) { s.push(); }
      ~Scope() { s.pop(); }
    } scope(sv);
    auto mdl = solve(sv, goal, kTimeoutMs);
    if (!mdl) return std::nullopt;
    auto ok = [&](const AnswerRow& r) { return confirms(r, check); };
    AnswerRow row = e.answers(*mdl);
    if (!ok(row)) throw std::logic_error("the solver's answers do not reproduce on the evaluator (an encoding bug)");
    row = prune(row, ok);
    for (int round = 0; fewest && round < 8; ++round) {
      size_t n = 0;
      for (double a : row) n += !std::isnan(a);
      if (n == 0) break;
      std::optional<z3::model> smaller;
      try {
        smaller = solve(sv, e.answered_count() <= int(n) - 1, kMinimiseMs);
      } catch (const std::runtime_error&) {
        break;
      }
      if (!smaller) break;
      AnswerRow r = e.answers(*smaller);
      if (!ok(r)) throw std::logic_error("the solver's answers do not reproduce on the evaluator (an encoding bug)");
      row = prune(r, ok);
    }
    return row;
  }

  void add(Finding f) { report.findings.push_back(std::move(f)); }

  template <typename F>
  void guarded(Finding f, F body) {
    auto start = std::chrono::steady_clock::now();
    try {
      body(f);
    } catch (const z3::exception& x) {
      f.status = Status::unsupported, f.detail = std::string("the solver failed: ") + x.msg();
    } catch (const std::exception& x) {  // undecided, or answers that do not reproduce (a bug)
      f.status = Status::unsupported, f.detail = x.what();
    }
    f.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    add(std::move(f));
  }

  // ---- declared properties ------------------------------------------------------------------
  void property(size_t index) {
    const Property& pr = m.properties[index];
    Finding f;
    f.check = pr.id;
    f.statement = pr.title;
    f.span = pr.span;
    guarded(std::move(f), [&](Finding& f) {
      uint32_t cond = p.property_slot[index];
      switch (pr.kind) {
        case Property::Kind::never: {
          z3::expr any = c.bool_val(false);
          for (const auto& t : pr.targets) any = any || shows(e, t);
          auto row = find(holds(e, cond, pr.possibly) && any, [&](const Shown& s) {
            if (!s.holds(cond, pr.possibly)) return false;
            for (const auto& t : pr.targets)
              if (!s.target(t).empty()) return true;
            return false;
          }, true);
          if (row) fail(f, *row, join(shown(pr, Shown(m, p, *row)), "; "));
          return;
        }
        case Property::Kind::always: {
          z3::expr missing = c.bool_val(false);
          for (const auto& t : pr.targets) missing = missing || !shows(e, t);
          auto row = find(holds(e, cond, false) && missing, [&](const Shown& s) {
            if (!s.holds(cond, false)) return false;
            for (const auto& t : pr.targets)
              if (s.target(t).empty()) return true;
            return false;
          }, true);
          if (!row) return;
          Shown s(m, p, *row);
          std::vector<std::string> what;
          for (const auto& t : pr.targets)
            if (s.target(t).empty()) what.push_back(t.name + " does not fire");
          fail(f, *row, join(what, "; "));
          return;
        }
        case Property::Kind::together: {
          z3::expr two = c.bool_val(false);
          for (size_t a = 0; a < pr.targets.size(); ++a)
            for (size_t b = a + 1; b < pr.targets.size(); ++b) two = two || (shows(e, pr.targets[a]) && shows(e, pr.targets[b]));
          auto count_shown = [&](const Shown& s) {
            size_t n = 0;
            for (const auto& t : pr.targets) n += !s.target(t).empty();
            return n;
          };
          auto row = find(two, [&](const Shown& s) { return count_shown(s) >= 2; }, true);
          if (row) fail(f, *row, join(shown(pr, Shown(m, p, *row)), "; ") + ", together");
          return;
        }
        case Property::Kind::raising: raising(pr, f); return;
      }
    });
  }

  // What a counterexample shows of the property's targets: every guidance and step, in words.
  static std::vector<std::string> shown(const Property& pr, const Shown& s) {
    std::vector<std::string> what;
    for (const auto& t : pr.targets)
      for (auto& w : s.target(t)) what.push_back(w);
    return what;
  }

  void fail(Finding& f, const AnswerRow& row, const std::string& detail) {
    f.status = Status::failed;
    f.answers = {row};
    f.detail = detail;
  }

  // Raising: two sets of answers, the second the first with one answer raised; a guidance of the
  // kept levels fires on the first and not on the second. One raised answer at a time suffices:
  // raising several answers is a chain of single raises, and a guidance lost along the chain is
  // lost at one of its steps.
  void raising(const Property& pr, Finding& f) {
    auto kept = [&](size_t g) { return std::count(pr.levels.begin(), pr.levels.end(), m.guidance[g].level) > 0; };
    std::optional<z3::model> mdl;
    std::optional<Encoding> after;
    for (int i : pr.raised) {
      after.emplace(c, m, p, "raised.", &e, i);
      z3::expr link = e.given(size_t(i)) == after->given(size_t(i)) &&
                      z3::implies(e.given(size_t(i)), e.value(size_t(i)) < after->value(size_t(i)));
      z3::expr lost = c.bool_val(false);
      for (size_t g = 0; g < m.guidance.size(); ++g)
        if (kept(g)) lost = lost || (e.guidance_fires(g) && !after->guidance_fires(g));
      base.push();
      mdl = solve(base, after->valid() && link && lost, kTimeoutMs);
      base.pop();
      if (mdl) break;
    }
    if (!mdl) return;
    AnswerRow before = e.answers(*mdl), then = after->answers(*mdl);
    // Leave out answers (from both sets) while a kept guidance is still lost.
    auto still_lost = [&](const AnswerRow& x, const AnswerRow& y) {
      Shown a(m, p, x), b(m, p, y);
      if (!dynamic_errors(m, p, x, a.ev).empty() || !dynamic_errors(m, p, y, b.ev).empty()) return false;
      for (size_t g = 0; g < m.guidance.size(); ++g)
        if (kept(g) && a.fires(g) && !b.fires(g)) return true;
      return false;
    };
    for (size_t i = 0; i < before.size(); ++i) {
      if (std::isnan(before[i])) continue;
      AnswerRow x = before, y = then;
      x[i] = y[i] = std::nan("");
      if (still_lost(x, y)) before = x, then = y;
    }
    Shown a(m, p, before), b(m, p, then);
    std::vector<std::string> what;
    for (size_t g = 0; g < m.guidance.size(); ++g)
      if (kept(g) && a.fires(g) && !b.fires(g)) what.push_back(m.guidance[g].id + " stops firing");
    if (what.empty() || !dynamic_errors(m, p, before, a.ev).empty() || !dynamic_errors(m, p, then, b.ev).empty())
      throw std::logic_error("the solver's answers do not reproduce on the evaluator (an encoding bug)");
    std::vector<std::string> changes;
    for (size_t i = 0; i < m.items.size(); ++i)
      if (!std::isnan(before[i]) && before[i] != then[i])
        changes.push_back(m.items[i].id + " from " + answer_id(m, int(i), before[i]) + " to " + answer_id(m, int(i), then[i]));
    f.status = Status::failed;
    f.answers = {before, then};
    f.detail = "raising " + join(changes, ", ") + ": " + join(what, ", ");
  }

  // ---- built-in checks ----------------------------------------------------------------------
  Finding builtin(const std::string& check, size_t g, const std::string& statement) {
    Finding f;
    f.check = check;
    f.subject = m.guidance[g].id;
    f.statement = statement;
    f.builtin = true;
    f.span = m.guidance[g].span;
    return f;
  }

  void builtins() {
    std::vector<AnswerRow> witnesses;
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      const auto& gd = m.guidance[g];
      guarded(builtin("can-fire", g, gd.id + " can fire"), [&](Finding& f) {
        auto row = find(e.guidance_fires(g), [&](const Shown& s) { return s.fires(g); });
        if (row) f.answers = {*row}, witnesses.push_back(*row);
        else f.status = Status::failed, f.detail = "no set of answers makes it fire";
      });
      if (gd.when.kind == model::TExpr::K::constant) continue;  // `when yes`: shown on purpose
      guarded(builtin("can-stay-silent", g, gd.id + " can stay silent"), [&](Finding& f) {
        auto row = find(!e.possible(p.guidance_slot[g]),
                        [&](const Shown& s) { return outcome(s.ev.slots[p.guidance_slot[g]]) == Outcome::not_fired; });
        if (row) f.answers = {*row}, witnesses.push_back(*row);
        else f.status = Status::failed, f.detail = "it fires or is undetermined for every set of answers";
      });
    }
    shadowing(witnesses);
    urgent_safety();
  }

  // A guidance is shadowed when another one, listed before it, fires on exactly the same answers.
  void shadowing(const std::vector<AnswerRow>& witnesses) {
    std::vector<Shown> seen;
    for (const auto& w : witnesses) seen.emplace_back(m, p, w);
    std::vector<size_t> order(m.guidance.size());
    for (size_t g = 0; g < order.size(); ++g) order[g] = g;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return m.guidance[a].level < m.guidance[b].level; });
    for (size_t x = 0; x < order.size(); ++x) {
      size_t g = order[x];
      guarded(builtin("not-shadowed", g, m.guidance[g].id + " is not shadowed"), [&](Finding& f) {
        for (size_t y = 0; y < x; ++y) {
          size_t h = order[y];
          bool differ = false;  // the witnesses already tell most pairs apart
          for (const auto& s : seen) differ = differ || s.fires(g) != s.fires(h);
          if (differ) continue;
          auto row = find(e.guidance_fires(g) != e.guidance_fires(h), [&](const Shown& s) { return s.fires(g) != s.fires(h); });
          if (!row) {
            f.status = Status::failed;
            f.detail = "it fires on exactly the answers on which " + m.guidance[h].id + " fires";
            return;
          }
          seen.emplace_back(m, p, *row);
        }
      });
    }
  }

  // Urgent guidance fires whenever a safety item it depends on is answered yes.
  void urgent_safety() {
    for (size_t g = 0; g < m.guidance.size(); ++g) {
      const auto& gd = m.guidance[g];
      if (gd.level != model::Level::urgent) continue;
      for (int i : gd.items) {
        const model::Item& it = m.items[size_t(i)];
        const model::Scale& sc = m.scales[size_t(it.scale)];
        if (!it.safety || sc.endorse_from < 0) continue;
        guarded(builtin("urgent-when-safety", g, gd.id + " fires whenever " + it.id + " is " + sc.options[size_t(sc.endorse_from)].id),
                [&](Finding& f) {
                  z3::expr yes = e.given(size_t(i)) && e.value(size_t(i)) >= sc.endorse_from;
                  auto row = find(yes && !e.guidance_fires(g), [&](const Shown& s) {
                    double a = s.row[size_t(i)];
                    return !std::isnan(a) && a >= sc.endorse_from && !s.fires(g);
                  }, true);
                  if (row) fail(f, *row, gd.id + " does not fire although " + it.id + " is " + answer_id(m, i, (*row)[size_t(i)]));
                });
      }
    }
  }
};

}  // namespace

bool Report::ok() const {
  for (const auto& f : findings)
    if (f.status != Status::proved) return false;
  return true;
}

Report verify(const model::Model& m, const Options& options) {
  Verifier v(m);
  if (options.declared)
    for (size_t k = 0; k < m.properties.size(); ++k) v.property(k);
  if (options.builtin) v.builtins();
  return std::move(v.report);
}

}  // namespace signpost::verify
