// The differential oracle: a generator of random well-typed rule files, and the comparison of the
// block evaluator with the reference `run` loop (see oracle.hpp).
#include "tests/oracle/oracle.hpp"

#include <cmath>
#include <cstring>
#include <random>
#include <sstream>
#include <vector>

#include "engine/check/functions.hpp"
#include "engine/report/report.hpp"
#include "engine/signpost.hpp"
#include "engine/source/text.hpp"

namespace oracle {
namespace {

// ---- the generator -------------------------------------------------------------------------------
enum class SK { yesno, scored, nominal, multi_scored, multi, integer, decimal };

struct GScale {
  std::string id;
  SK kind;
  std::vector<std::string> options;
  double lo = 0, hi = 0;
  bool endorse = false;  // yes/no, or `endorse from`
};

struct GItem {
  std::string id;
  int scale;
  bool points = false;  // `points` given: its options have numbers even on a nominal scale
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  std::string rules() {
    out_ << "assessment oracle \"Oracle\" version \"1\"\n"
         << "disclaimer \"For information only. This is not a diagnosis.\"\n"
         << "source s \"Source\"\n";
    scales_.push_back({"yesno", SK::yesno, {"no", "yes"}, 0, 1, true});
    for (int n = int(pick(1, 5)); n > 0; --n) scale();
    for (int n = int(pick(1, 9)); n > 0; --n) item();
    for (int n = int(pick(0, 3)); n > 0; --n) out_ << "threshold t" << thresholds_++ << " = " << pick(0, 6) << "\n";
    for (int n = int(pick(0, 6)); n > 0; --n) value();
    for (int n = int(pick(1, 4)); n > 0; --n) {
      out_ << "guidance g" << n << " level " << pick_of({"urgent", "recommend", "consider", "info"}) << " when "
           << (chance(0.5) ? boolean(2) : "(" + boolean(2) + ") or " + can_fire()) << " title \"Guidance " << n
           << "\" cites s\n";
    }
    return out_.str();
  }

 private:
  size_t pick(size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  const char* pick_of(std::initializer_list<const char*> xs) { return xs.begin()[pick(0, xs.size() - 1)]; }
  // An aggregate whose members are of one kind, from the table (check/functions.hpp), so that a new
  // row is generated too. A kind with one aggregate draws nothing.
  const signpost::model::AggregateSpec& pick_aggregate(signpost::model::Members kind, bool yes_no) {
    std::vector<const signpost::model::AggregateSpec*> xs;
    for (const auto& a : signpost::model::kAggregates)
      if (a.members == kind && a.yes_no == yes_no) xs.push_back(&a);
    return *xs[xs.size() == 1 ? 0 : pick(0, xs.size() - 1)];
  }
  std::string number() {  // small numbers, some fractional, some negative
    int k = int(pick(0, 12)) - 2;
    return chance(0.2) ? std::to_string(k) + ".5" : std::to_string(k);
  }

  void scale() {
    GScale s;
    s.id = "sc" + std::to_string(scales_.size());
    s.kind = SK(pick(1, 6));
    std::string o = "o" + std::to_string(scales_.size()) + "_";
    out_ << "scale " << s.id << ":";
    if (s.kind == SK::integer || s.kind == SK::decimal) {
      int lo = int(pick(0, 4)) - (chance(0.3) ? 3 : 0);
      int hi = lo + int(pick(0, 8));
      s.lo = lo, s.hi = hi + (s.kind == SK::decimal && chance(0.5) ? 0.5 : 0);
      out_ << (s.kind == SK::integer ? " integer " : " decimal ") << lo << " to " << format(s.hi) << "\n";
    } else {
      const bool multiple = s.kind == SK::multi || s.kind == SK::multi_scored;
      const bool scored = s.kind == SK::scored || s.kind == SK::multi_scored;
      size_t n = pick(2, multiple ? 6 : 5);
      if (multiple) out_ << " multiple";
      int value = int(pick(0, 2)) - 1;
      for (size_t k = 0; k < n; ++k) {
        s.options.push_back(o + std::to_string(k));
        out_ << (k ? ", " : " ") << s.options.back();
        if (scored) out_ << " = " << value, value += int(pick(multiple ? 0 : 1, 3));
      }
      out_ << "\n";
      if (s.kind == SK::scored && chance(0.6)) {
        out_ << "  endorse from " << s.options[pick(0, n - 1)] << "\n";
        s.endorse = true;
      }
    }
    scales_.push_back(s);
  }

  // A valid answer on scale s, as a rule file writes it (`counts as ...`).
  std::string literal(const GScale& s) {
    switch (s.kind) {
      case SK::yesno: return chance(0.5) ? "yes" : "no";
      case SK::integer: return std::to_string(int(s.lo) + int(pick(0, size_t(s.hi - s.lo))));
      case SK::decimal: return chance(0.5) ? format(s.lo) : format(s.hi);
      case SK::multi:
      case SK::multi_scored: {
        std::string out = "[";
        for (const std::string& o : s.options)
          if (chance(0.4)) out += (out.size() > 1 ? ", " : "") + o;
        return out + "]";
      }
      default: return s.options[pick(0, s.options.size() - 1)];
    }
  }

  void item() {
    GItem it{"i" + std::to_string(items_.size()), int(pick(0, scales_.size() - 1))};
    const GScale& s = scales_[size_t(it.scale)];
    if (chance(0.25)) out_ << "section sec" << items_.size() << " \"Section\"" << (chance(0.3) ? " context" : "") << "\n";
    out_ << "item " << it.id << ": " << s.id << " \"Question?\" cites s\n";
    if (chance(0.15)) out_ << "  required\n";
    if (!items_.empty() && chance(0.3)) {
      out_ << "  ask when " << boolean(1) << "\n";
      // what happens when it is not asked: an answer it counts as, answers given anyway dropped
      if (chance(0.3)) out_ << "  counts as " << literal(s) << " when not asked\n";
      if (chance(0.3)) out_ << "  answer " << (chance(0.8) ? "ignored" : "refused") << " when not asked\n";
    }
    if (s.kind == SK::scored && chance(0.2)) out_ << "  reverse\n";
    if ((s.kind == SK::scored || s.kind == SK::nominal) && chance(0.2)) {
      out_ << "  points";
      for (size_t k = 0; k < s.options.size(); ++k) out_ << (k ? ", " : " ") << s.options[k] << " = " << number();
      out_ << "\n";
      it.points = true;
    }
    items_.push_back(it);
  }

  void value() {
    std::string id = "v" + std::to_string(values_++);
    if (chance(0.2)) {  // a band table that covers every number
      int a = int(pick(0, 8)) - 2, b = a + int(pick(1, 5));
      out_ << "band " << id << " from " << num(2) << ":\n  under " << a << ": " << id << "_low \"Low\"\n  " << a
           << " to under " << b << ": " << id << "_mid \"Mid\"\n  " << b << " or more: " << id << "_high \"High\"\n";
      bands_.push_back(id);
    } else if (!bands_.empty() && chance(0.15)) {
      table(id);
    } else if (chance(0.5)) {
      out_ << "let " << id << " = " << num(3) << "\n";
      num_values_.push_back(id);
    } else {
      out_ << "let " << id << " = " << boolean(3) << "\n";
      bool_values_.push_back(id);
    }
  }

  // A two-way table from a band (or a table) by a yes/no condition or a single-choice answer, rows
  // and columns in a random order, random cells; its outcomes are named as a band's rows, so
  // conditions compare it as they compare a band.
  void table(const std::string& id) {
    const std::string from = bands_[pick(0, bands_.size() - 1)];
    std::vector<std::string> rows = {from + "_low", from + "_mid", from + "_high"};
    std::vector<std::string> cols = {"yes", "no"};
    std::string by = boolean(1);
    std::vector<const GItem*> options;
    for (const auto& it : items_)
      if (scales_[size_t(it.scale)].kind == SK::scored || scales_[size_t(it.scale)].kind == SK::nominal)
        options.push_back(&it);
    if (!options.empty() && chance(0.5)) {
      const GItem& it = *options[pick(0, options.size() - 1)];
      by = it.id, cols = scales_[size_t(it.scale)].options;
    }
    std::shuffle(rows.begin(), rows.end(), rng_);
    std::shuffle(cols.begin(), cols.end(), rng_);
    out_ << "table " << id << " from " << from << " by " << by << ":\n  outcomes " << id << "_low \"Low\", " << id
         << "_mid \"Mid\", " << id << "_high \"High\"\n  columns ";
    for (size_t c = 0; c < cols.size(); ++c) out_ << (c ? ", " : "") << cols[c];
    for (const auto& r : rows) {
      out_ << "\n  " << r << ":";
      for (size_t c = 0; c < cols.size(); ++c) out_ << (c ? ", " : " ") << id << pick_of({"_low", "_mid", "_high"});
    }
    out_ << "\n";
    bands_.push_back(id);
  }

  // A condition some answers make true (a guidance that can never fire does not compile).
  std::string can_fire() {
    const GItem& it = items_[pick(0, items_.size() - 1)];
    const GScale& s = scales_[size_t(it.scale)];
    switch (s.kind) {
      case SK::yesno: return it.id;
      case SK::integer:
      case SK::decimal: return it.id + " >= " + format(s.lo);
      case SK::multi:
      case SK::multi_scored: return it.id + " includes " + s.options.back();
      default: return it.id + " == " + s.options.front();
    }
  }

  // Items whose answers have points: number scales, scored options, `points`, scored multiple.
  bool has_points(const GItem& it) const {
    SK k = scales_[size_t(it.scale)].kind;
    return k == SK::integer || k == SK::decimal || k == SK::scored || k == SK::multi_scored || it.points;
  }
  bool multiple(const GItem& it) const {
    SK k = scales_[size_t(it.scale)].kind;
    return k == SK::multi || k == SK::multi_scored;
  }
  // Members: up to four distinct items that pass `ok`, comma-separated ("" when none).
  template <class Ok>
  std::string members(Ok ok) {
    std::vector<size_t> fit;
    for (size_t i = 0; i < items_.size(); ++i)
      if (ok(items_[i])) fit.push_back(i);
    if (fit.empty()) return "";
    std::shuffle(fit.begin(), fit.end(), rng_);
    fit.resize(std::min(fit.size(), pick(1, 4)));
    std::string s;
    for (size_t i : fit) s += (s.empty() ? "" : ", ") + items_[i].id;
    last_count_ = fit.size();
    return s;
  }
  std::string agg_options(bool prorate) {
    std::string s;
    if (chance(0.4)) s += std::string(", unanswered = ") + (prorate && chance(0.5) ? "prorate" : chance(0.5) ? "skip" : "unknown");
    if (chance(0.25)) s += ", minimum = " + std::to_string(pick(1, last_count_));
    return s;
  }

  std::string num(int depth) {
    switch (pick(0, depth > 0 ? 12 : 3)) {
      case 0: return number();
      case 1:
      case 2: {
        std::vector<std::string> xs;
        // An option answer is compared by its points only with a number; in arithmetic it is a number.
        for (const auto& it : items_) {
          SK k = scales_[size_t(it.scale)].kind;
          if (has_points(it)) xs.push_back(k == SK::integer || k == SK::decimal ? it.id : "(" + it.id + " + 0)");
        }
        for (const auto& v : num_values_) xs.push_back(v);
        for (int t = 0; t < thresholds_; ++t) xs.push_back("t" + std::to_string(t));
        return xs.empty() ? number() : xs[pick(0, xs.size() - 1)];
      }
      case 3: {
        std::string m = members([&](const GItem& it) { return has_points(it); });
        if (m.empty()) return number();
        const auto& f = pick_aggregate(signpost::model::Members::numbers, false);
        return std::string(f.name) + "(" + m + agg_options(f.prorate) + ")";
      }
      case 4: {
        std::string m = members([&](const GItem& it) { return scales_[size_t(it.scale)].endorse; });
        const auto& count = pick_aggregate(signpost::model::Members::tests, false);
        const std::string c = count.name;
        if (!m.empty() && chance(0.6)) return c + "(" + m + agg_options(count.prorate) + ")";
        m = members([&](const GItem& it) { return has_points(it) && !multiple(it); });
        if (!m.empty()) return c + "(" + m + " where answer >= " + number() + agg_options(count.prorate) + ")";
        m = members([](const GItem&) { return true; });
        return std::string(pick_aggregate(signpost::model::Members::answers, false).name) + "(" + m + ")";
      }
      case 5: return num(depth - 1) + " + " + num(depth - 1);
      case 6: return num(depth - 1) + " - " + num(depth - 1);
      case 7: return num(depth - 1) + " * " + num(depth - 1);
      case 8: return "(" + num(depth - 1) + ") / (" + num(depth - 1) + ")";
      case 9:  // a conditional value; without `else`, not applicable when false
        return "(if " + boolean(depth - 1) + " then " + num(depth - 1) +
               (chance(0.7) ? " else " + num(depth - 1) : std::string()) + ")";
      case 10: {
        std::string x = num(depth - 1);
        switch (pick(0, 4)) {
          case 0: return "round(" + x + ", half_up)";
          case 1: return "round(" + x + ", half_even)";
          case 2: return "round(" + x + ", half_down, decimals = " + std::to_string(pick(1, 2)) + ")";
          case 3: return "floor(" + x + ")";
          default: return "ceil(" + x + ")";
        }
      }
      case 11: {  // a yes/no answer or an option as a number
        std::vector<std::string> xs;
        for (const auto& it : items_) {
          SK k = scales_[size_t(it.scale)].kind;
          if (k == SK::yesno || ((k == SK::scored || it.points) && !multiple(it))) xs.push_back(it.id);
        }
        return xs.empty() ? number() : "points(" + xs[pick(0, xs.size() - 1)] + ")";
      }
      default: return "-(" + num(depth - 1) + ")";
    }
  }

  std::string boolean(int depth) {
    switch (pick(0, depth > 0 ? 10 : 4)) {
      case 0: return pick_of({"yes", "no", "true", "false"});
      case 1: {
        std::vector<std::string> xs;
        for (const auto& it : items_)
          if (scales_[size_t(it.scale)].kind == SK::yesno) xs.push_back(it.id);
        for (const auto& v : bool_values_) xs.push_back(v);
        return xs.empty() ? "yes" : xs[pick(0, xs.size() - 1)];
      }
      case 2: {  // an answer compared with an option of its scale
        std::vector<const GItem*> xs;
        for (const auto& it : items_) {
          SK k = scales_[size_t(it.scale)].kind;
          if (k == SK::scored || k == SK::nominal || k == SK::multi || k == SK::multi_scored) xs.push_back(&it);
        }
        if (xs.empty()) return "no";
        const GItem& it = *xs[pick(0, xs.size() - 1)];
        const GScale& s = scales_[size_t(it.scale)];
        const std::string& o = s.options[pick(0, s.options.size() - 1)];
        if (s.kind == SK::multi || s.kind == SK::multi_scored) return it.id + " includes " + o;
        if (s.kind == SK::nominal) return it.id + pick_of({" == ", " != "}) + o;
        if (chance(0.3)) return it.id + pick_of({" < ", " <= ", " > ", " >= "}) + number();  // its points
        return it.id + pick_of({" < ", " <= ", " > ", " >= ", " == ", " != ", " = "}) + o;
      }
      case 3: {
        if (bands_.empty()) return "yes";
        const std::string& b = bands_[pick(0, bands_.size() - 1)];
        return b + pick_of({" < ", " <= ", " > ", " >= ", " == ", " != "}) + b + pick_of({"_low", "_mid", "_high"});
      }
      case 4:
      case 5: return num(depth - 1) + pick_of({" < ", " <= ", " > ", " >= ", " == ", " != "}) + num(depth - 1);
      case 6: {
        const char* f = pick_aggregate(signpost::model::Members::tests, true).name;
        std::string m = members([&](const GItem& it) { return scales_[size_t(it.scale)].endorse; });
        if (!m.empty() && chance(0.6)) return std::string(f) + "(" + m + agg_options(false) + ")";
        m = members([&](const GItem& it) { return has_points(it) && !multiple(it); });
        if (!m.empty()) return std::string(f) + "(" + m + " where answer < " + number() + agg_options(false) + ")";
        return "yes";
      }
      case 7: return "not " + boolean(depth - 1);
      case 8: return "(" + boolean(depth - 1) + " and " + boolean(depth - 1) + ")";
      default: return "(" + boolean(depth - 1) + " or " + boolean(depth - 1) + ")";
    }
  }

  static std::string format(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }

  std::mt19937_64 rng_;
  std::ostringstream out_;
  std::vector<GScale> scales_;
  std::vector<GItem> items_;
  std::vector<std::string> num_values_, bool_values_, bands_;
  int thresholds_ = 0, values_ = 0;
  size_t last_count_ = 1;
};

// ---- answers -------------------------------------------------------------------------------------
// One valid answer for item i, encoded as in AnswerRow.
double answer(const signpost::model::Model& m, size_t i, std::mt19937_64& rng) {
  using K = signpost::model::Scale::Kind;
  const auto& sc = m.scales[size_t(m.items[i].scale)];
  auto pick = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  switch (sc.kind) {
    case K::boolean: return double(rng() % 2);
    case K::options: return double(rng() % sc.options.size());
    case K::multiple: return double(rng() % (uint64_t(1) << std::min<size_t>(sc.options.size(), 20)));
    case K::integer: return sc.lo + double(rng() % uint64_t(sc.hi - sc.lo + 1));
    case K::decimal: {
      switch (rng() % 4) {
        case 0: return sc.lo;
        case 1: return sc.hi;
        default: return std::round(pick(sc.lo, sc.hi) * 4) / 4;
      }
    }
  }
  return 0;
}

// ---- the comparison ------------------------------------------------------------------------------
// NaN (not applicable) equals NaN. -0 equals 0: every report writes both as 0, and the block
// kernels and `run` may round a negated zero differently.
bool same(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return a == b;
}

std::string describe(const std::vector<signpost::AnswerError>& es) {
  std::string s;
  for (const auto& e : es) s += e.code + " " + e.pointer + " " + e.message + "; ";
  return s;
}

// A cell type that holds every valid answer of item i (u8, as `signpost batch` picks), else f64.
bool fits_u8(const signpost::model::Scale& sc) {
  using K = signpost::model::Scale::Kind;
  return sc.kind == K::boolean || (sc.kind == K::options && sc.options.size() <= 254) ||
         (sc.kind == K::multiple && sc.options.size() <= 7) || (sc.kind == K::integer && sc.lo >= 0 && sc.hi <= 254);
}

class Checker {
 public:
  Checker(const signpost::RuleSet& rs, std::vector<signpost::AnswerRow> rows) : rs_(rs), rows_(std::move(rows)) {}

  std::string run() {
    const auto& m = rs_.model();
    const auto& p = rs_.program();
    const size_t n = rows_.size(), items = m.items.size();
    // Columns, f64 and typed.
    std::vector<std::vector<double>> f64(items, std::vector<double>(n));
    std::vector<std::vector<uint8_t>> u8(items, std::vector<uint8_t>(n));
    for (size_t i = 0; i < items; ++i)
      for (size_t r = 0; r < n; ++r) {
        f64[i][r] = rows_[r][i];
        if (fits_u8(m.scales[size_t(m.items[i].scale)])) u8[i][r] = std::isnan(rows_[r][i]) ? 255 : uint8_t(rows_[r][i]);
      }
    signpost::ColumnBatch plain, typed;
    plain.rows = typed.rows = n;
    for (size_t i = 0; i < items; ++i) {
      plain.items.push_back(f64[i].data());
      bool small = fits_u8(m.scales[size_t(m.items[i].scale)]);
      typed.columns.push_back({small ? static_cast<const void*>(u8[i].data()) : f64[i].data(),
                               small ? signpost::CellType::u8 : signpost::CellType::f64});
    }
    // The reference, row by row.
    std::vector<signpost::Evaluation> ref(n);
    std::vector<std::vector<signpost::AnswerError>> ref_errors(n);
    for (size_t r = 0; r < n; ++r) {
      signpost::run(p, rows_[r], ref[r]);
      ref_errors[r] = signpost::dynamic_errors(m, p, rows_[r], ref[r]);
    }
    signpost::BatchResult one, many, typed_out;
    rs_.run_batch(plain, one, 1);
    if (std::string e = compare(one, ref, ref_errors, "run_batch"); !e.empty()) return e;
    rs_.run_batch(plain, many, 3);
    if (std::string e = compare(many, ref, ref_errors, "run_batch on 3 threads"); !e.empty()) return e;
    rs_.run_batch(typed, typed_out, 2);
    if (std::string e = compare(typed_out, ref, ref_errors, "run_batch on u8 columns"); !e.empty()) return e;
    return forms(plain, ref);
  }

 private:
  std::string where(size_t r, const std::string& what) const {
    std::string s = what + " at row " + std::to_string(r) + " (answers:";
    for (double x : rows_[r]) s += " " + signpost::format_number(x);
    return s + ")";
  }

  std::string compare(const signpost::BatchResult& out, const std::vector<signpost::Evaluation>& ref,
                      const std::vector<std::vector<signpost::AnswerError>>& ref_errors, const char* who) const {
    const auto& m = rs_.model();
    const auto& p = rs_.program();
    const size_t n = rows_.size();
    for (size_t r = 0; r < n; ++r) {
      for (size_t v = 0; v < p.value_slot.size(); ++v) {
        signpost::Interval x = ref[r].slots[p.value_slot[v]];
        double lo = out.value_lo[v * n + r], hi = out.value_hi[v * n + r];
        if (!same(x.lo, lo) || (!std::isnan(x.lo) && !same(x.hi, hi)))
          return where(r, std::string(who) + ": value '" + m.values[v].id + "' is [" + signpost::format_number(lo) +
                              ", " + signpost::format_number(hi) + "], run gives [" + signpost::format_number(x.lo) +
                              ", " + signpost::format_number(x.hi) + "]");
      }
      for (size_t g = 0; g < p.guidance_slot.size(); ++g)
        if (out.guidance[g * n + r] != signpost::outcome(ref[r].slots[p.guidance_slot[g]]))
          return where(r, std::string(who) + ": guidance '" + m.guidance[g].id + "' differs from run");
    }
    std::vector<std::vector<signpost::AnswerError>> got(n);
    for (const auto& [r, e] : out.row_errors) got[r].push_back(e);
    for (size_t r = 0; r < n; ++r)
      if (describe(got[r]) != describe(ref_errors[r]))
        return where(r, std::string(who) + ": errors '" + describe(got[r]) + "', run gives '" + describe(ref_errors[r]) + "'");
    return "";
  }

  // The other output forms give the same numbers as the interval form.
  std::string forms(const signpost::ColumnBatch& batch, const std::vector<signpost::Evaluation>& ref) const {
    const auto& p = rs_.program();
    const size_t n = rows_.size();
    signpost::BatchOutput decided, f32, none;
    decided.form = signpost::BatchOutput::Values::decided;
    f32.form = signpost::BatchOutput::Values::decided_f32;
    none.form = signpost::BatchOutput::Values::none;
    if (!p.value_slot.empty()) f32.values = {uint32_t(p.value_slot.size() - 1)};  // the last value only
    signpost::BatchResult a, b, c;
    rs_.run_batch(batch, a, 1, decided);
    rs_.run_batch(batch, b, 1, f32);
    rs_.run_batch(batch, c, 1, none);
    for (size_t r = 0; r < n; ++r) {
      for (size_t v = 0; v < p.value_slot.size(); ++v) {
        signpost::Interval x = ref[r].slots[p.value_slot[v]];
        double want = x.known() ? x.lo : std::nan("");
        if (!same(a.value_lo[v * n + r], want)) return where(r, "run_batch (decided values) differs from run");
      }
      if (!f32.values.empty()) {
        signpost::Interval x = ref[r].slots[p.value_slot[f32.values[0]]];
        float want = float(x.known() ? x.lo : std::nan(""));
        float got = b.value_f32[r];
        if (!(std::isnan(want) ? std::isnan(got) : got == want)) return where(r, "run_batch (f32 values) differs from run");
      }
      for (size_t g = 0; g < p.guidance_slot.size(); ++g)
        if (c.guidance[g * n + r] != signpost::outcome(ref[r].slots[p.guidance_slot[g]]))
          return where(r, "run_batch (guidance only) differs from run");
    }
    return "";
  }

  const signpost::RuleSet& rs_;
  std::vector<signpost::AnswerRow> rows_;
};

// A row as the answers document a person would send (NaN: left out); now and then one answer is
// spoiled (out of range, the wrong type) or a key no item has is added, so errors are compared too.
nlohmann::json answers_json(const signpost::model::Model& m, const signpost::AnswerRow& row, std::mt19937_64& rng) {
  using K = signpost::model::Scale::Kind;
  nlohmann::json doc = nlohmann::json::object();
  for (size_t i = 0; i < m.items.size(); ++i) {
    if (std::isnan(row[i])) continue;
    const auto& sc = m.scales[size_t(m.items[i].scale)];
    nlohmann::json& v = doc[m.items[i].id];
    switch (sc.kind) {
      case K::boolean: v = row[i] == 1; break;
      case K::options: v = sc.options[size_t(row[i])].id; break;
      case K::multiple:
        v = nlohmann::json::array();
        for (size_t k : signpost::selected_options(row[i], sc.options.size())) v.push_back(sc.options[k].id);
        break;
      case K::integer: v = int64_t(row[i]); break;
      case K::decimal: v = row[i]; break;
    }
  }
  switch (rng() % 12) {
    case 0: doc["not_an_item"] = 1; break;
    case 1:
      if (!m.items.empty()) doc[m.items[rng() % m.items.size()].id] = 1e6;
      break;
    case 2:
      if (!m.items.empty()) doc[m.items[rng() % m.items.size()].id] = "maybe";
      break;
    default: break;
  }
  return doc;
}

}  // namespace

nlohmann::json native_cases(const std::string& rules, uint64_t seed) {
  signpost::Compiled c = signpost::compile_source(rules, "oracle.signpost");
  if (!c.ok() || c.ruleset->model().library) return nullptr;
  const signpost::RuleSet& rs = *c.ruleset;
  const auto& m = rs.model();
  std::mt19937_64 rng(seed ^ 0x5851f42d4c957f2dull);
  nlohmann::json cases = nlohmann::json::array();
  for (size_t n = 1 + rng() % 8; n > 0; --n) {
    signpost::AnswerRow row(m.items.size());
    const bool complete = rng() % 2 == 0;
    for (size_t i = 0; i < row.size(); ++i) row[i] = !complete && rng() % 3 == 0 ? std::nan("") : answer(m, i, rng);
    std::string answers = answers_json(m, row, rng).dump();
    signpost::EvalResult r = rs.evaluate_text(answers);
    cases.push_back({{"answers", answers},
                     {"json", r.result.dump()},
                     {"indented", r.result.dump(2) + "\n"},
                     {"text", r.ok ? signpost::report_text(r.report, false) : signpost::errors_text(r.errors)}});
  }
  return {{"rules", rules}, {"cases", std::move(cases)}};
}

std::string generate_rules(uint64_t seed) { return Generator(seed).rules(); }

std::string check_rules(const std::string& rules, uint64_t seed, Stats& stats) {
  ++stats.rule_sets;
  signpost::Compiled c = signpost::compile_source(rules, "oracle.signpost");
  if (!c.ok() || c.ruleset->model().library) return "";
  ++stats.compiled;
  const signpost::RuleSet& rs = *c.ruleset;
  const auto& m = rs.model();
  std::mt19937_64 rng(seed ^ 0x9e3779b97f4a7c15ull);
  // Mostly a few rows; now and then more than a block (1024 rows of doubles), so blocks, their
  // tails and the thread split are crossed.
  size_t n = rng() % 16 == 0 ? 1024 + rng() % 1500 : 1 + rng() % 48;
  std::vector<signpost::AnswerRow> rows(n, signpost::AnswerRow(m.items.size()));
  // Blank cells at a rate from 2% to 50% in the incomplete rows (the kernels carry them as
  // intervals); half the time items that their `ask when` skips are left blank, as a form leaves
  // them, otherwise they may be answered anyway (A006).
  static const double kBlank[] = {0.02, 0.1, 0.3, 0.5};
  const double blank = kBlank[rng() % 4];
  const bool consistent = rng() % 2 == 0;
  std::uniform_real_distribution<double> unit(0, 1);
  signpost::Evaluation ev;
  for (auto& row : rows) {
    const bool complete = rng() % 10 < 4;  // every cell answered
    for (size_t i = 0; i < m.items.size(); ++i)
      row[i] = !complete && unit(rng) < blank ? std::nan("") : answer(m, i, rng);
    if (consistent) {
      rs.run(row, ev);
      for (size_t i = 0; i < m.items.size(); ++i)
        if (ev.items[i] == signpost::ItemState::skipped) row[i] = std::nan("");
    }
    stats.complete_rows += complete;
  }
  stats.rows += n;
  std::string e = Checker(rs, std::move(rows)).run();
  if (!e.empty()) return e + "\n--- rules (seed " + std::to_string(seed) + ")\n" + rules;
  return "";
}

}  // namespace oracle
