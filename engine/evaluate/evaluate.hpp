// Evaluate stage: one tight loop over the flat program. Thread-safe: the program is read-only
// and every call works in its caller's scratch space.
#pragma once
#include <vector>

#include "engine/compile/program.hpp"
#include "engine/evaluate/answers.hpp"

namespace signpost {

enum class ItemState : uint8_t { answered, unanswered, skipped };

struct Evaluation {
  std::vector<Interval> slots;
  std::vector<ItemState> items;
  uint64_t program = 0;  // the Program::id whose constants `slots` already holds
};

// Runs `p` on one row of answers. `out` is reused between calls to avoid allocation.
void run(const Program& p, const AnswerRow& answers, Evaluation& out);

// `out` holds run(p, row) for a row that differs from `answers` at most in item `item`: makes it
// run(p, answers) by running only the instructions that depend on that item (Program::dependents).
void rerun(const Program& p, const AnswerRow& answers, size_t item, Evaluation& out);

// Undoes reruns of item `item`: copies back from `from` what the instructions that depend on it
// wrote (their slots, and the state of the items they load), so `out` equals `from` again when it
// did before those reruns. Cheaper than copying the whole evaluation once per item tried.
void restore(const Program& p, const Evaluation& from, size_t item, Evaluation& out);

// Problems only visible while running: an answer to a question that was not asked, a required
// question left unanswered.
std::vector<AnswerError> dynamic_errors(const model::Model& m, const Program& p, const AnswerRow& answers,
                                        const Evaluation& ev);

enum class Outcome : uint8_t { fired, not_fired, undetermined };
inline Outcome outcome(Interval v) {
  if (v.na() || v.hi == 0) return Outcome::not_fired;
  if (v.lo == 1) return Outcome::fired;
  return Outcome::undetermined;
}

}  // namespace signpost
