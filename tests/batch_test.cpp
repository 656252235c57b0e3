// The column batch path gives, row for row, exactly what the one-response path gives.
//
// run_batch takes a fast path (compile/block_program.hpp, evaluate/block_kernels.inc) for rows
// whose values are plain numbers and falls back to `run` for the others. These tests hold it to `run` over every golden rule set, the shipped ones and
// the benchmark's, with complete and incomplete answers, every cell type, every output form,
// several thread counts and row counts around the block sizes. ctest also runs them with the
// baseline kernels (SIGNPOST_ISA=generic), so both kernel builds are checked.
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>

#include "engine/compile/block_program.hpp"
#include "engine/evaluate/block.hpp"
#include "tests/test_util.hpp"

namespace signpost {
namespace {
namespace fs = std::filesystem;

RuleSet load(const std::string& path) {
  Compiled c = compile_file(path);
  EXPECT_TRUE(c.ok()) << path << "\n" << c.render();
  return *c.ruleset;
}

RuleSet shipped(const std::string& name) { return load(std::string(SIGNPOST_SOURCE_DIR) + "/rules/" + name); }

RuleSet rules(const std::string& body) {
  Compiled c = testing::compile(body);
  EXPECT_TRUE(c.ok()) << c.render();
  return *c.ruleset;
}

// Every rule set the batch path is held to: the golden evaluation cases (one per construct:
// skip logic, bands, multiple choice, reverse keying, policies, ...), the shipped rule sets and
// the benchmark workload.
std::vector<std::string> corpus() {
  std::vector<std::string> files;
  fs::path root(SIGNPOST_SOURCE_DIR);
  for (const auto& d : fs::directory_iterator(root / "tests" / "golden" / "eval"))
    if (fs::exists(d.path() / "rules.signpost")) files.push_back((d.path() / "rules.signpost").string());
  std::sort(files.begin(), files.end());
  files.push_back((root / "rules" / "self-check.signpost").string());
  files.push_back((root / "rules" / "instruments" / "phq9.signpost").string());  // if, round, prorate
  files.push_back((root / "rules" / "instruments" / "gad7.signpost").string());
  files.push_back((root / "bench" / "seed38.signpost").string());
  return files;
}

double random_answer(const model::Scale& sc, std::mt19937& rng) {
  switch (sc.kind) {
    case model::Scale::Kind::boolean: return rng() % 2;
    case model::Scale::Kind::options: return rng() % sc.options.size();
    case model::Scale::Kind::multiple: return rng() % (1u << std::min<size_t>(sc.options.size(), 20));
    case model::Scale::Kind::integer: return sc.lo + rng() % uint32_t(sc.hi - sc.lo + 1);
    case model::Scale::Kind::decimal: return sc.lo + (sc.hi - sc.lo) * (rng() % 1001) / 1000.0;
  }
  return 0;
}

// Random valid answers; each cell unanswered with probability `missing`. With `consistent`, items
// that their `ask when` skips are left blank, as a real form would leave them (otherwise they
// are answered anyway, which is answer error A006 for those rows).
std::vector<std::vector<double>> random_columns(const RuleSet& rs, size_t rows, double missing, bool consistent,
                                                uint32_t seed) {
  const model::Model& m = rs.model();
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::vector<double>> cols(m.items.size(), std::vector<double>(rows));
  AnswerRow row(m.items.size());
  Evaluation ev;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < m.items.size(); ++i)
      row[i] = unit(rng) < missing ? std::nan("") : random_answer(m.scales[m.items[i].scale], rng);
    if (consistent) {
      rs.run(row, ev);
      for (size_t i = 0; i < m.items.size(); ++i)
        if (ev.items[i] == ItemState::skipped) row[i] = std::nan("");
    }
    for (size_t i = 0; i < m.items.size(); ++i) cols[i][r] = row[i];
  }
  return cols;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Cells of a typed column, converted from doubles: the narrowest of the requested type that holds
// every cell of the column, or doubles when it cannot.
struct TypedCells {
  std::vector<uint8_t> bytes;
  CellType type = CellType::f64;
};

template <class C>
bool fill_typed(const std::vector<double>& col, C sentinel, TypedCells& out) {
  std::vector<C> cells(col.size());
  for (size_t r = 0; r < col.size(); ++r) {
    double x = col[r];
    if (std::isnan(x)) {
      cells[r] = sentinel;
      continue;
    }
    // The range first: a conversion to a type that cannot hold the value is undefined (UBSan).
    if (std::is_integral_v<C> ? x != std::floor(x) || x < double(std::numeric_limits<C>::lowest()) ||
                                    x > double(std::numeric_limits<C>::max())
                              : !std::is_same_v<C, double> && std::fabs(x) > double(std::numeric_limits<C>::max()))
      return false;
    C c = C(x);
    if ((std::is_integral_v<C> && c == sentinel) || double(c) != x) return false;
    cells[r] = c;
  }
  out.bytes.resize(cells.size() * sizeof(C));
  if (!cells.empty()) std::memcpy(out.bytes.data(), cells.data(), out.bytes.size());  // no memcpy from null
  return true;
}

TypedCells typed(const std::vector<double>& col, CellType want) {
  TypedCells t;
  bool ok = false;
  switch (want) {
    case CellType::u8: ok = fill_typed<uint8_t>(col, 255, t); break;
    case CellType::i8: ok = fill_typed<int8_t>(col, INT8_MIN, t); break;
    case CellType::i16: ok = fill_typed<int16_t>(col, INT16_MIN, t); break;
    case CellType::i32: ok = fill_typed<int32_t>(col, INT32_MIN, t); break;
    case CellType::f32: ok = fill_typed<float>(col, std::numeric_limits<float>::quiet_NaN(), t); break;
    case CellType::f64: break;
  }
  if (ok) t.type = want;
  else fill_typed<double>(col, std::nan(""), t);
  return t;
}

// Runs the batch and checks every requested output of every row against `run`.
void expect_matches_run(const RuleSet& rs, const std::vector<std::vector<double>>& cols, size_t rows, unsigned threads,
                        const BatchOutput& what, CellType cell_type, const std::string& what_case) {
  const model::Model& m = rs.model();
  const Program& p = rs.program();
  std::vector<TypedCells> storage;
  ColumnBatch batch;
  batch.rows = rows;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cell_type == CellType::f64) {
      batch.items.push_back(cols[i].data());
      continue;
    }
    storage.push_back(typed(cols[i], cell_type));
  }
  for (auto& t : storage) batch.columns.push_back({t.bytes.data(), t.type});
  ASSERT_TRUE(rs.validate_columns(batch).empty()) << what_case;

  BatchResult out;
  rs.run_batch(batch, out, threads, what);
  ASSERT_EQ(out.rows, rows);
  std::vector<uint32_t> values = what.values;
  if (values.empty())
    for (uint32_t v = 0; v < p.value_slot.size(); ++v) values.push_back(v);
  if (what.form == BatchOutput::Values::none) values.clear();
  ASSERT_EQ(out.value_index, values) << what_case;

  AnswerRow row(m.items.size());
  Evaluation ev;
  std::vector<std::pair<size_t, AnswerError>> errors;
  size_t mismatches = 0;
  std::string first;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < row.size(); ++i) row[i] = cols[i][r];
    rs.run(row, ev);
    auto miss = [&](const std::string& what_differs) {
      if (mismatches++ == 0) first = "row " + std::to_string(r) + ": " + what_differs;
    };
    for (size_t k = 0; k < values.size(); ++k) {
      Interval x = ev.slots[p.value_slot[values[k]]];
      const std::string id = m.values[values[k]].id;
      double decided = x.known() ? x.lo : std::nan("");
      switch (what.form) {
        case BatchOutput::Values::interval:
          if (!same(x.lo, out.value_lo[k * rows + r]) || !same(x.hi, out.value_hi[k * rows + r]))
            miss(id + " is [" + std::to_string(out.value_lo[k * rows + r]) + ", " +
                 std::to_string(out.value_hi[k * rows + r]) + "], run gives [" + std::to_string(x.lo) + ", " +
                 std::to_string(x.hi) + "]");
          break;
        case BatchOutput::Values::decided:
          if (!same(decided, out.value_lo[k * rows + r])) miss(id);
          break;
        case BatchOutput::Values::decided_f32:
          if (!same(float(decided), out.value_f32[k * rows + r])) miss(id);
          break;
        case BatchOutput::Values::none: break;
      }
    }
    if (what.guidance)
      for (size_t g = 0; g < p.guidance_slot.size(); ++g)
        if (outcome(ev.slots[p.guidance_slot[g]]) != out.guidance[g * rows + r]) miss("guidance " + m.guidance[g].id);
    for (AnswerError& e : dynamic_errors(m, p, row, ev)) errors.emplace_back(r, std::move(e));
  }
  EXPECT_EQ(mismatches, 0u) << what_case << ": " << first;
  ASSERT_EQ(out.row_errors.size(), errors.size()) << what_case;
  for (size_t k = 0; k < errors.size(); ++k) {
    EXPECT_EQ(out.row_errors[k].first, errors[k].first) << what_case;
    EXPECT_EQ(out.row_errors[k].second.code, errors[k].second.code) << what_case;
    EXPECT_EQ(out.row_errors[k].second.message, errors[k].second.message) << what_case;
  }
}

TEST(Batch, EveryRowMatchesTheOneResponsePath) {
  RuleSet rs = shipped("self-check.signpost");
  const size_t n = 3000;
  auto cols = random_columns(rs, n, 0.2, false, 7);
  for (unsigned threads : {1u, 2u, 5u})
    expect_matches_run(rs, cols, n, threads, {}, CellType::f64, std::to_string(threads) + " threads");
}

// The whole corpus, with answers from complete to half blank, with not-asked items left blank
// (consistent) or answered anyway: blanks are intervals in the kernels, and blocks mix both.
TEST(Batch, EveryRuleSetMatchesTheOneResponsePath) {
  uint32_t seed = 1;
  for (const std::string& file : corpus()) {
    RuleSet rs = load(file);
    for (double missing : {0.0, 0.01, 0.02, 0.1, 0.3, 0.5}) {
      for (bool consistent : {true, false}) {
        const size_t n = 700;
        auto cols = random_columns(rs, n, missing, consistent, seed++);
        std::string what_case = file + " missing " + std::to_string(missing) + (consistent ? " consistent" : "");
        expect_matches_run(rs, cols, n, 1, {}, CellType::f64, what_case);
      }
    }
  }
}

// The same with byte and 16-bit cells, which the kernels load without a conversion: a block with a
// blank cell takes both bounds in one pass over the column (load_open), and every rule set's
// blank-heavy blocks go through it.
TEST(Batch, EveryRuleSetMatchesTheOneResponsePathWithNarrowCells) {
  uint32_t seed = 1000;
  for (const std::string& file : corpus()) {
    RuleSet rs = load(file);
    for (double missing : {0.1, 0.5}) {
      const size_t n = 700;
      auto cols = random_columns(rs, n, missing, true, seed++);
      for (CellType t : {CellType::u8, CellType::i8, CellType::i16})
        expect_matches_run(rs, cols, n, 1, {}, t,
                           file + " missing " + std::to_string(missing) + " cell type " + std::to_string(int(t)));
    }
  }
}

// Row counts around block sizes (8-bit programs have 8192-row blocks, doubles 1024), thread
// counts, and every cell type.
TEST(Batch, RowCountsThreadsAndCellTypes) {
  for (const char* name : {"self-check.signpost", "../bench/seed38.signpost"}) {
    RuleSet rs = shipped(name);
    for (size_t n : {0u, 1u, 31u, 1023u, 1025u, 8191u, 8193u, 20000u}) {
      auto cols = random_columns(rs, n, n % 2 ? 0.0 : 0.002, true, uint32_t(n));
      for (unsigned threads : {1u, 2u, 5u})
        expect_matches_run(rs, cols, n, threads, {}, CellType::u8,
                           std::string(name) + " rows " + std::to_string(n) + " threads " + std::to_string(threads));
      for (CellType t : {CellType::f64, CellType::f32, CellType::i32, CellType::i16, CellType::i8})
        expect_matches_run(rs, cols, n, 2, {}, t, std::string(name) + " rows " + std::to_string(n) + " cell type " +
                                                      std::to_string(int(t)));
    }
  }
}

TEST(Batch, OutputForms) {
  for (const char* name : {"self-check.signpost", "../bench/seed38.signpost"}) {
    RuleSet rs = shipped(name);
    const size_t n = 5000;
    auto cols = random_columns(rs, n, 0.01, true, 11);
    uint32_t last = uint32_t(rs.model().values.size() - 1);
    for (auto form : {BatchOutput::Values::interval, BatchOutput::Values::decided, BatchOutput::Values::decided_f32,
                      BatchOutput::Values::none}) {
      BatchOutput what;
      what.form = form;
      expect_matches_run(rs, cols, n, 2, what, CellType::u8, std::string(name) + " form " + std::to_string(int(form)));
      what.values = {last, 0};
      what.guidance = false;
      expect_matches_run(rs, cols, n, 1, what, CellType::u8, std::string(name) + " some values");
    }
  }
}

TEST(Batch, AbsentColumnsAreUnansweredAndBadCellsAreNamed) {
  RuleSet rs = rules(
      "section emo \"Emotional\" cites s\n"
      "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\n"
      "let n = count(emo)\n"
      "guidance g level consider when n >= 1 title \"G\" cites s\n");
  std::vector<double> a{2, 0, 7, std::nan("")};
  ColumnBatch batch;
  batch.rows = a.size();
  batch.items = {a.data(), nullptr};
  auto errors = rs.validate_columns(batch);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, 2u);
  EXPECT_EQ(errors[0].second.code, "A003");
  EXPECT_EQ(errors[0].second.pointer, "/a");
  EXPECT_NE(errors[0].second.allowed.find("sometimes"), std::string::npos);
  a[2] = 1;
  BatchResult out;
  rs.run_batch(batch, out);
  EXPECT_EQ(out.guidance[0], Outcome::fired);
  EXPECT_EQ(out.guidance[1], Outcome::undetermined);
  EXPECT_EQ(out.guidance[3], Outcome::undetermined);
}

TEST(Batch, TypedCellsAreValidatedAndOrderedByRowThenItem) {
  RuleSet rs = rules(
      "item a: freq \"A\" cites s\nitem b: yesno \"B\" cites s\n"
      "guidance g level consider when a >= often title \"G\" cites s\n");
  std::vector<uint8_t> a{1, 9, 255, 4};
  std::vector<int8_t> b{3, 1, 2, INT8_MIN};
  ColumnBatch batch;
  batch.rows = a.size();
  batch.columns = {{a.data(), CellType::u8}, {b.data(), CellType::i8}};
  auto errors = rs.validate_columns(batch);
  ASSERT_EQ(errors.size(), 4u);
  std::vector<std::pair<size_t, std::string>> where;
  for (auto& e : errors) where.emplace_back(e.first, e.second.pointer);
  EXPECT_EQ(where, (std::vector<std::pair<size_t, std::string>>{{0, "/b"}, {1, "/a"}, {2, "/b"}, {3, "/a"}}));
  EXPECT_EQ(rs.validate_columns(batch, 2).size(), 2u);
  EXPECT_TRUE(std::isnan(batch.cell(0, 2)));
  EXPECT_TRUE(std::isnan(batch.cell(1, 3)));
}

// Run-time answer errors come out in row order, whichever path computed the row.
TEST(Batch, RunTimeErrorsInRowOrder) {
  RuleSet rs = rules(
      "item partner: yesno \"P\" cites s\n"
      "item touch: freq \"T\" cites s ask when partner\n"
      "item must: yesno \"M\" cites s required\n"
      "guidance g level consider when touch >= often or must title \"G\" cites s\n");
  // Row 0: fine. 1: touch answered without a partner (A006). 2: must unanswered (A005). 3: both.
  std::vector<double> partner{1, 0, 1, 0}, touch{2, 2, 1, 1}, must{0, 1, std::nan(""), std::nan("")};
  std::vector<std::vector<double>> cols{partner, touch, must};
  expect_matches_run(rs, cols, 4, 1, {}, CellType::u8, "errors");
  ColumnBatch batch;
  batch.rows = 4;
  batch.items = {partner.data(), touch.data(), must.data()};
  BatchResult out;
  rs.run_batch(batch, out);
  std::vector<std::pair<size_t, std::string>> got;
  for (auto& e : out.row_errors) got.emplace_back(e.first, e.second.code);
  EXPECT_EQ(got, (std::vector<std::pair<size_t, std::string>>{{1, "A006"}, {2, "A005"}, {3, "A006"}, {3, "A005"}}));
}

// How many rows of one block of random answers (`missing` of the cells blank, not-asked items left
// blank) the fast path sends to `run`; `flagged`: how many it flags for answer checks.
size_t bails_in_one_block(const RuleSet& rs, const block::Kernels& k, double missing, size_t& flagged) {
  const BlockProgram& bp = *rs.program().fast;
  const size_t n = k.rows(bp);
  auto cols = random_columns(rs, n, missing, true, 5);
  ColumnBatch batch;
  batch.rows = n;
  for (auto& c : cols) batch.items.push_back(c.data());
  std::vector<uint64_t> scratch((k.scratch_bytes(bp) + 7) / 8);
  std::vector<uint8_t> bail(block::kMaxRows), flag(block::kMaxRows);
  return k.point(bp, batch, 0, n, scratch.data(), bail.data(), flag.data(), &flagged);
}

// `counts as ... when not asked` and `answer ignored when not asked`: a not-asked item that counts
// as an answer is an answered member of every aggregate, rows where asking is undecided go to `run`,
// and ignored answers are not flagged (A006) — on every cell type, with rows answered anyway.
TEST(Batch, NotAskedCountsAsAndIgnoredAnswersMatchRun) {
  RuleSet rs = rules(
      "scale nights: integer 0 to 7\n"
      "item partner: yesno \"P\" cites s\n"
      "item touch: freq \"T\" cites s ask when partner counts as never when not asked\n"
      "item apart: freq \"A\" cites s ask when partner answer ignored when not asked\n"
      "item both: freq \"B\" cites s ask when partner or touch >= often counts as sometimes when not asked\n"
      "  answer ignored when not asked\n"
      "item restless: nights \"R\" cites s ask when partner counts as 7 when not asked\n"
      "item low: freq \"L\" cites s\n"
      "let total = sum(touch, apart, both, low)\n"
      "let prorated = sum(touch, apart, both, low, unanswered = prorate)\n"
      "let skipped = mean(touch, apart, both, low, unanswered = skip)\n"
      "let most = max(touch, apart, both, low, minimum = 3)\n"
      "let answered_n = answered(touch, apart, both, restless, low)\n"
      "let often_n = count(touch, apart, both, low where answer >= often)\n"
      "let nights = restless + 0\n"
      "guidance g level consider when touch >= often or both == sometimes title \"G\" cites s\n");
  uint32_t seed = 77;
  for (double missing : {0.0, 0.1, 0.3, 0.5})
    for (bool consistent : {true, false}) {
      const size_t n = 1500;
      auto cols = random_columns(rs, n, missing, consistent, seed++);
      for (CellType t : {CellType::f64, CellType::u8, CellType::i8, CellType::i16})
        expect_matches_run(rs, cols, n, 1, {}, t,
                           "missing " + std::to_string(missing) + (consistent ? " consistent" : "") + " cell type " +
                               std::to_string(int(t)));
    }
  // Rows whose asking is decided stay in the kernels: complete rows never bail.
  for (const block::Kernels* k : {&block::kernels_generic(), block::kernels_avx2()}) {
    if (!k) continue;
    size_t flagged = 0;
    EXPECT_EQ(bails_in_one_block(rs, *k, 0.0, flagged), 0u) << k->name;
    EXPECT_EQ(flagged, 0u) << k->name;
  }
}

// Two-way tables (nested conditional values over a band, an option or a yes/no input): the batch
// path gives what `run` gives, inputs unanswered, not asked and answered anyway included.
TEST(Batch, TablesMatchRun) {
  RuleSet rs = rules(
      "scale f: never = 0, sometimes = 1, often = 2\n"
      "  endorse from often\n"
      "scale mood: low, fair, good\n"
      "scale n: integer 0 to 12\n"
      "item p: yesno \"P?\" cites s\n"
      "item x: f \"X?\" cites s\n"
      "  ask when p\n"
      "item y: mood \"Y?\" cites s\n"
      "item z: n \"Z?\" cites s\n"
      "band b from z:\n"
      "  under 4: low \"Low\"\n"
      "  4 to 8: mid \"Mid\"\n"
      "  9 or more: high \"High\"\n"
      "table t1 from b by p:\n"
      "  outcomes calm \"Calm\", watch \"Watch\", act \"Act\"\n"
      "  columns yes, no\n"
      "  low: calm, calm\n"
      "  mid: watch, calm\n"
      "  high: act, watch\n"
      "table t2 from y by x:\n"
      "  outcomes same \"Same\", worse \"Worse\"\n"
      "  columns often, never, sometimes\n"
      "  good: same, same, same\n"
      "  low: worse, same, worse\n"
      "  fair: same, same, worse\n"
      "table t3 from t1 by z >= 6:\n"
      "  outcomes ok \"OK\", look \"Look\"\n"
      "  columns no, yes\n"
      "  calm: ok, ok\n"
      "  watch: ok, look\n"
      "  act: look, look\n"
      "guidance g1 level info when t1 >= watch title \"G1\" cites s\n"
      "guidance g2 level info when t2 == worse or t3 == look title \"G2\" cites s\n");
  uint32_t seed = 91;
  for (double missing : {0.0, 0.2, 0.5})
    for (bool consistent : {true, false}) {
      const size_t n = 1500;
      auto cols = random_columns(rs, n, missing, consistent, seed++);
      for (CellType t : {CellType::f64, CellType::u8})
        expect_matches_run(rs, cols, n, 1, {}, t,
                           "missing " + std::to_string(missing) + (consistent ? " consistent" : "") + " cell type " +
                               std::to_string(int(t)));
    }
}

// The lowering picks the narrowest lanes that hold every value, and doubles when it must.
TEST(Batch, LaneTypes) {
  auto lane = [](const RuleSet& rs) { return rs.program().fast->lane; };
  EXPECT_EQ(lane(shipped("../bench/seed38.signpost")), Lane::i8);
  EXPECT_EQ(lane(rules("scale big: integer 0 to 1000\nitem a: big \"A\" cites s\nitem b: big \"B\" cites s\n"
                       "let t = a + b\n")),
            Lane::i16);
  EXPECT_EQ(lane(rules("scale h: decimal 0 to 24\nitem a: h \"A\" cites s\nlet t = a + 1\n")), Lane::f64);
  EXPECT_EQ(lane(rules("item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\nlet t = sum(a, b) / 2\n")), Lane::f64);
  EXPECT_EQ(lane(rules("scale big: integer 0 to 100000\nitem a: big \"A\" cites s\n")), Lane::f64);
}

// Constant folding, merged repeats and fused member tests: the lowered program is small, and the
// values it gives are the interval program's.
TEST(Batch, LoweringFoldsAndFuses) {
  RuleSet rs = rules(
      "section emo \"E\" cites s\n"
      "item a: freq \"A\" cites s\nitem b: freq \"B\" cites s\n"
      "threshold k = 2\n"
      "let n = count(emo where answer >= often)\n"
      "let folded = 1 + 2 * 3\n"
      "guidance g1 level info when n >= k and yes title \"G1\" cites s\n"
      "guidance g2 level info when n >= k or no title \"G2\" cites s\n");
  const BlockProgram& bp = *rs.program().fast;
  size_t cmps = 0;
  for (const BInstr& in : bp.code) cmps += in.op == BOp::ge;
  EXPECT_EQ(cmps, 1u) << disassemble(bp, rs.model());  // `n >= k` once, members fused into the count
  auto cols = random_columns(rs, 100, 0.1, true, 3);
  expect_matches_run(rs, cols, 100, 1, {}, CellType::f64, "folded");
}

// Loads sit right before their first reader (an aggregate counts as reading the items whose answers
// it counts), so a block's live lanes are the items in use, not every item at once.
TEST(Batch, LoadsComeJustBeforeTheirFirstReader) {
  for (const std::string& file : corpus()) {
    RuleSet rs = load(file);
    if (!rs.program().fast) continue;
    const BlockProgram& bp = *rs.program().fast;
    // The first instruction after a run of loads reads one of them (or is an aggregate counting
    // their items), unless the run is the program's tail.
    for (size_t k = 0; k + 1 < bp.code.size(); ++k) {
      if (bp.code[k].op != BOp::load || bp.code[k + 1].op == BOp::load) continue;
      size_t first = k;
      while (first > 0 && bp.code[first - 1].op == BOp::load) --first;
      const BInstr& next = bp.code[k + 1];
      bool reads_one = false;
      for (size_t j = first; j <= k; ++j) {
        const uint32_t s = bp.code[j].dst, item = bp.code[j].a;
        if (next.op == BOp::agg) {
          const BAgg& g = bp.aggs[next.c];
          for (uint32_t m = 0; m < g.count; ++m) {
            const BMember& mem = bp.members[g.first + m];
            reads_one |= mem.src == s || mem.skip == s || mem.item == item;
          }
        } else if (next.op == BOp::load) {
          reads_one |= next.b == s;
        } else if (next.op != BOp::fill) {
          reads_one |= next.a == s || (next.op == BOp::select && (next.b == s || next.c == s)) ||
                       (!(next.flags & kImmB) && next.op >= BOp::add && next.op <= BOp::or_ && next.b == s);
        }
      }
      EXPECT_TRUE(reads_one) << file << ": instruction " << k + 1 << "\n" << disassemble(bp, rs.model());
    }
  }
}

// Blank cells are intervals in the kernels: a block of the shipped rule sets with 30% of the cells
// blank (not-asked items left blank) is computed without sending a row to `run`.
TEST(Batch, BlankCellsStayInTheKernels) {
  for (const char* name : {"../bench/seed38.signpost", "self-check.signpost"}) {
    RuleSet rs = shipped(name);
    for (const block::Kernels* k : {&block::kernels_generic(), block::kernels_avx2()}) {
      if (!k) continue;
      size_t flagged = 0;
      EXPECT_EQ(bails_in_one_block(rs, *k, 0.3, flagged), 0u) << name << " " << k->name;
    }
  }
}

}  // namespace
}  // namespace signpost
