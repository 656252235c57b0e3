// Fuzz target: rule text -> check + compile, then, when it compiles, everything a rule set offers:
// its examples, the review document, the disassembly, and evaluation of no answers and of two
// full answer sets, on the fast JSON path and the reference path (compared byte for byte) and on
// the block evaluator (compared with `run`).
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_util.hpp"

namespace {

// run_batch over rows of `answers` (already decoded) must give what `run` gives, row by row.
void compare_batch(const signpost::RuleSet& rs, const std::vector<signpost::AnswerRow>& rows) {
  const auto& m = rs.model();
  const auto& p = rs.program();
  std::vector<std::vector<double>> columns(m.items.size(), std::vector<double>(rows.size()));
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t i = 0; i < m.items.size(); ++i) columns[i][r] = rows[r][i];
  signpost::ColumnBatch batch;
  batch.rows = rows.size();
  for (auto& c : columns) batch.items.push_back(c.data());
  signpost::BatchResult out;
  rs.run_batch(batch, out);
  signpost::Evaluation ev;
  for (size_t r = 0; r < rows.size(); ++r) {
    rs.run(rows[r], ev);
    for (size_t v = 0; v < p.value_slot.size(); ++v) {
      signpost::Interval x = ev.slots[p.value_slot[v]];
      double lo = out.value_lo[v * rows.size() + r], hi = out.value_hi[v * rows.size() + r];
      bool same = (std::isnan(x.lo) && std::isnan(lo)) || (x.lo == lo && x.hi == hi);
      fuzz::check(same, "run_batch and run give a value different intervals", m.values[v].id);
    }
    for (size_t g = 0; g < p.guidance_slot.size(); ++g)
      fuzz::check(out.guidance[g * rows.size() + r] == signpost::outcome(ev.slots[p.guidance_slot[g]]),
                  "run_batch and run disagree on a guidance", m.guidance[g].id);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const signpost::CompileOptions options = fuzz::options();
  signpost::Compiled c =
      signpost::compile_source(std::string(reinterpret_cast<const char*>(data), size), "fuzz.signpost", options);
  std::string shown = c.render();
  if (!c.ok()) return 0;
  const signpost::RuleSet& rs = *c.ruleset;
  std::string listing = signpost::render_examples(signpost::run_examples(rs), rs.sources());
  std::string doc = rs.document();
  std::string code = rs.disassemble();
  if (rs.model().library) return 0;
  std::vector<signpost::AnswerRow> rows;
  for (const std::string& answers : {std::string("{}"), fuzz::answers_for(rs.model(), false),
                                     fuzz::answers_for(rs.model(), true)}) {
    fuzz::compare_paths(rs, answers);
    nlohmann::json doc_json = nlohmann::json::parse(answers);
    std::vector<signpost::AnswerError> errors;
    signpost::AnswerRow row = signpost::decode_answers(doc_json, rs.model(), errors);
    if (errors.empty()) rows.push_back(row);
  }
  compare_batch(rs, rows);
  return 0;
}
