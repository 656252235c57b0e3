// Column-at-a-time evaluation: the reference implementation, one row at a time through `run`.
#include "engine/evaluate/batch.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "engine/source/text.hpp"

namespace signpost {
using model::Scale;

namespace {

// The static part of decode_answers, for one encoded cell. Empty: valid.
std::string cell_problem(const Scale& sc, double x, std::string& code) {
  code = "A004";
  switch (sc.kind) {
    case Scale::Kind::boolean:
      if (x == 0 || x == 1) return "";
      code = "A002";
      return format_number(x) + " is not yes (1) or no (0)";
    case Scale::Kind::options:
      if (x >= 0 && x < double(sc.options.size()) && x == std::floor(x)) return "";
      code = "A003";
      return format_number(x) + " is not the index of an option";
    case Scale::Kind::multiple:
      if (x >= 0 && x < std::ldexp(1.0, int(sc.options.size())) && x == std::floor(x)) return "";
      code = "A003";
      return format_number(x) + " is not a set of options";
    case Scale::Kind::integer:
      if (x != std::floor(x)) return format_number(x) + " is not a whole number";
      [[fallthrough]];
    case Scale::Kind::decimal:
      if (x < sc.lo || x > sc.hi || std::isinf(x)) return format_number(x) + " is out of range";
      return "";
  }
  return "";
}

void run_rows(const model::Model& m, const Program& p, const ColumnBatch& batch, size_t begin, size_t end,
              BatchResult& out, std::vector<std::pair<size_t, AnswerError>>& errors) {
  const size_t n = batch.rows, items = batch.items.size();
  AnswerRow row(items);
  Evaluation ev;
  for (size_t r = begin; r < end; ++r) {
    for (size_t i = 0; i < items; ++i) row[i] = batch.items[i] ? batch.items[i][r] : std::nan("");
    run(p, row, ev);
    for (size_t v = 0; v < p.value_slot.size(); ++v) {
      Interval x = ev.slots[p.value_slot[v]];
      out.value_lo[v * n + r] = x.lo;
      out.value_hi[v * n + r] = x.hi;
    }
    for (size_t g = 0; g < p.guidance_slot.size(); ++g) out.guidance[g * n + r] = outcome(ev.slots[p.guidance_slot[g]]);
    for (AnswerError& e : dynamic_errors(m, p, row, ev)) errors.emplace_back(r, std::move(e));
  }
}

}  // namespace

std::vector<std::pair<size_t, AnswerError>> validate_columns(const model::Model& m, const ColumnBatch& batch,
                                                            size_t max_errors) {
  std::vector<std::pair<size_t, AnswerError>> errors;
  for (size_t r = 0; r < batch.rows && errors.size() < max_errors; ++r)
    for (size_t i = 0; i < batch.items.size() && errors.size() < max_errors; ++i) {
      if (!batch.items[i]) continue;
      double x = batch.items[i][r];
      if (std::isnan(x)) continue;
      const Scale& sc = m.scales[m.items[i].scale];
      std::string code, problem = cell_problem(sc, x, code);
      if (!problem.empty())
        errors.push_back({r, {code, json_pointer(m.items[i].id), "'" + m.items[i].id + "': " + problem,
                              allowed_answers(sc)}});
    }
  return errors;
}

void run_batch(const model::Model& m, const Program& p, const ColumnBatch& batch, BatchResult& out,
               unsigned threads) {
  const size_t n = batch.rows;
  out.rows = n;
  out.value_lo.assign(p.value_slot.size() * n, 0);
  out.value_hi.assign(p.value_slot.size() * n, 0);
  out.guidance.assign(p.guidance_slot.size() * n, Outcome::not_fired);
  out.row_errors.clear();
  threads = std::max(1u, std::min<unsigned>(threads, unsigned(std::max<size_t>(1, n / 1024))));
  std::vector<std::vector<std::pair<size_t, AnswerError>>> errors(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) {
    size_t begin = n * t / threads, end = n * (t + 1) / threads;
    if (t + 1 == threads) run_rows(m, p, batch, begin, end, out, errors[t]);
    else pool.emplace_back([&, begin, end, t] { run_rows(m, p, batch, begin, end, out, errors[t]); });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    for (auto& x : e) out.row_errors.push_back(std::move(x));
}

}  // namespace signpost
