// The bands pass: a band table's edges named by thresholds are resolved, and its rows must be in
// ascending order, neither overlapping (E031) nor leaving gaps (E032) over its source's range.
#include <cmath>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;

// Band edges given as thresholds' names, now that values can be looked up.
// False when one is not a threshold (reported): the rows are then not checked further.
bool resolve_edges(Types& t, Value& v, const ast::BandDecl& x) {
  bool ok = true;
  auto resolve = [&](const std::optional<ast::Number>& n, double& edge) {
    if (!n || n->ref.empty()) return;
    std::optional<double> got = t.bound(*n);
    if (got) edge = *got;
    else ok = false;
  };
  for (size_t k = 0; k < x.rows.size() && k < v.rows.size(); ++k) {
    resolve(x.rows[k].lo, v.rows[k].lo);
    resolve(x.rows[k].hi, v.rows[k].hi);
  }
  return ok;
}

namespace {

// A row as the author wrote it, for E031's message.
std::string fmt(const BandRow& r) {
  std::string lo = std::isinf(r.lo) ? "below" : (r.lo_inclusive ? "" : "above ") + format_number(r.lo);
  std::string hi = std::isinf(r.hi) ? "or more" : format_number(r.hi);
  return lo + " .. " + hi;
}

// Between rows k-1 and k: no overlap (E031), and no gap inside the source's range (E032).
void check_between(Diagnostics& d, const BandRow& p, const BandRow& r, const TExpr& src) {
  bool overlap = p.hi > r.lo || (p.hi == r.lo && p.hi_inclusive && r.lo_inclusive);
  if (overlap) {
    d.error("E031", r.span, "band '" + r.id + "' overlaps band '" + p.id + "'",
            p.hi_inclusive ? "start it above " + format_number(p.hi) + ", or end '" + p.id + "' with `to under " +
                                 format_number(r.lo) + "`"
                           : "start it at " + format_number(p.hi));
    return;
  }
  // gap between p.hi and r.lo
  bool gap;
  if (src.integral && std::isfinite(p.hi) && is_integer(p.hi) && is_integer(r.lo))
    gap = (r.lo_inclusive ? r.lo : r.lo + 1) > (p.hi_inclusive ? p.hi + 1 : p.hi);
  else
    gap = !(p.hi == r.lo && p.hi_inclusive != r.lo_inclusive);
  // A row `above X` after one that ends before X: X falls in no row, and the compiled band
  // (which relies on the row before holding X) would put X in this one.
  if (!r.lo_inclusive && !(p.hi == r.lo && p.hi_inclusive) && !gap && src.range.lo <= r.lo && r.lo <= src.range.hi)
    gap = true;
  // gaps entirely outside the source's range do not matter
  double gap_lo = p.hi, gap_hi = r.lo;
  if (gap && gap_hi > src.range.lo && gap_lo < src.range.hi)
    d.error("E032", r.span,
            "values between " + format_number(p.hi) + " and " + format_number(r.lo) + " fall in no band",
            src.integral ? "start '" + r.id + "' at " + format_number(p.hi_inclusive ? p.hi + 1 : p.hi)
                         : "end '" + p.id + "' with `to under " + format_number(r.lo) + "` so the bands meet");
}

// The first band starts at or below the source's least value, the last ends at or above its greatest.
void check_ends(Diagnostics& d, const Value& v, const TExpr& src) {
  const BandRow& first = v.rows.front();
  const BandRow& last = v.rows.back();
  if (!first.lo_inclusive && first.lo >= src.range.lo)
    d.error("E032", first.span,
            "values up to " + format_number(first.lo) + " fall in no band (the source can be as low as " +
                format_number(src.range.lo) + ")",
            "start the first band at " + format_number(src.range.lo) + " rather than above " + format_number(first.lo));
  else if (first.lo > src.range.lo)
    d.error("E032", first.span,
            "values below " + format_number(first.lo) + " fall in no band (the source can be as low as " +
                format_number(src.range.lo) + ")",
            "start the first band at " + format_number(src.range.lo) + ", or write `under ...`");
  bool last_open = last.hi_inclusive ? last.hi < src.range.hi : last.hi <= src.range.hi;
  if (last_open)
    d.error("E032", last.span,
            "values above " + format_number(last.hi) + " fall in no band (the source can be as high as " +
                format_number(src.range.hi) + ")",
            "end the last band at " + format_number(src.range.hi) + ", or write `... or more`");
}

}  // namespace

void check_bands(Diagnostics& d, const Value& v, const TExpr& src) {
  for (size_t k = 0; k < v.rows.size(); ++k) {
    const BandRow& r = v.rows[k];
    if (r.lo > r.hi || (r.lo == r.hi && (!r.hi_inclusive || !r.lo_inclusive))) {
      d.error("E031", r.span, "band '" + r.id + "' is empty (" + fmt(r) + ")");
      continue;
    }
    if (k > 0) check_between(d, v.rows[k - 1], r, src);
  }
  if (!v.rows.empty()) check_ends(d, v, src);
}

}  // namespace signpost::checker
