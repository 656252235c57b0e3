// The flat program as Z3 formulas: one symbolic interval {not asked, lo, hi} per slot, built
// instruction by instruction from the same rules as evaluate.cpp and interval.hpp, over
// symbolic answers (per item: given or not, and which answer).
#pragma once
#include <z3++.h>

#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/compile/program.hpp"
#include "engine/evaluate/answers.hpp"

namespace signpost::verify {

struct SymInterval {
  z3::expr na, lo, hi;  // na: Bool (NaN, not asked); lo, hi: Real
};

class Encoding {
 public:
  // `tag` keeps the variables of two encodings apart (raising compares two answer sets).
  // With `share`, every answer but item `except`'s is that encoding's (so the solver shares
  // everything that does not depend on the one answer that differs).
  Encoding(z3::context& c, const model::Model& m, const Program& p, const std::string& tag,
           const Encoding* share = nullptr, int except = -1);

  z3::expr valid() const { return valid_; }  // the answers pass validation (no A005, no A006)
  z3::expr given(size_t item) const { return given_[item]; }
  z3::expr value(size_t item) const { return value_[item]; }  // option index, 0/1, number or bit mask
  z3::expr answered_count() const;

  z3::expr fired(uint32_t slot) const;     // outcome(slot) == fired
  z3::expr possible(uint32_t slot) const;  // outcome(slot) != not_fired
  z3::expr guidance_fires(size_t g) const { return fired(p_.guidance_slot[g]); }
  z3::expr step_shown(size_t g, size_t k) const;

  // The answers of a solver model: NaN for an item not given.
  AnswerRow answers(const z3::model& mdl) const;

 private:
  z3::context& c_;
  const model::Model& m_;
  const Program& p_;
  std::vector<z3::expr> given_, value_;
  std::vector<std::vector<z3::expr>> bits_;  // multiple choice: one Bool per option
  std::vector<SymInterval> s_;
  std::vector<z3::expr> skipped_, answered_;
  std::vector<int> load_item_;  // per slot: the item a load wrote, -1 otherwise
  z3::expr valid_;

  z3::expr real(double v) const;
  SymInterval point(const z3::expr& v) const;
  SymInterval na() const;
  SymInterval ite(const z3::expr& cond, const SymInterval& a, const SymInterval& b) const;
  void inputs();
  void instruction(const Instr& in);
  SymInterval load(const Instr& in);
  SymInterval compare(const Instr& in) const;
  SymInterval divide(const SymInterval& A, const SymInterval& B) const;
  SymInterval map(const std::vector<double>& table, const SymInterval& idx) const;
  SymInterval aggregate(const Instr& in) const;
  z3::expr rounded(const z3::expr& x, Rounding rule, int digits) const;
  SymInterval band(const std::vector<BandBound>& rows, const SymInterval& v) const;
  z3::expr selected(uint32_t slot, uint32_t option) const;
};

}  // namespace signpost::verify
