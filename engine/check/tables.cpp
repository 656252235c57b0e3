// The tables pass: a two-way table (`table NAME from ROWS by COLUMNS:`) has its inputs, rows,
// columns and cells checked (E085-E087), then is lowered to nested conditional values over its
// two inputs,
//   if ROWS == r1 then (if COLUMNS == c1 then o11 else if COLUMNS == c2 then o12 else n/a)
//   else if ROWS == r2 then ... else n/a
// typed as a band whose rows are the table's outcomes. `run`, the block kernels and the verifier
// compute it as they compute any `if`, with no code of their own: an undetermined input leaves the
// outcome undetermined unless every value it may still take gives the same outcome, and a
// not-applicable input (an item not asked, a band of a value that is not applicable) gives a
// not-applicable outcome, since every chain ends in "not applicable" rather than in a guess.
#include <algorithm>
#include <cmath>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;
using K = TExpr::K;

namespace {

// One input of a table and the words its values are written with: a band's rows, an option
// scale's options, or yes and no. `codes[k]` is the constant `keys[k]` stands for.
struct TableInput {
  TExpr e;
  std::string text;  // as written, for messages
  std::vector<std::string> keys;
  std::vector<double> codes;
  bool ok = false;
};

TableInput table_input(Types& t, const ast::Expr& x, const char* which) {
  TableInput in;
  in.e = t.expr(x);
  in.text = std::string(t.c.sources.slice(x.span));
  const TExpr& e = in.e;
  if (e.type == Type::error) return in;
  if (e.type == Type::boolean) {
    in.keys = {"yes", "no"};
    in.codes = {1, 0};
  } else if (e.type == Type::option) {
    const Scale& sc = t.m.scales[size_t(e.scale)];
    for (size_t k = 0; k < sc.options.size(); ++k) in.keys.push_back(sc.options[k].id), in.codes.push_back(double(k));
  } else if (e.type == Type::band) {
    const auto& rows = band_rows(t.m, t.m.values[size_t(e.scale)]);
    for (size_t k = 0; k < rows.size(); ++k) in.keys.push_back(rows[k].id), in.codes.push_back(double(k));
  } else {
    t.d.error("E087", x.span,
              std::string("the ") + which + " of a table must be a band, an answer option or a yes/no value; `" + in.text +
                  "` is " + type_name(e.type),
              e.type == Type::number ? "band the number first (band NAME from " + in.text + ": ...) and use the band"
                                     : "test one option with `includes`, which gives yes or no");
    return in;
  }
  in.ok = true;
  return in;
}

std::string quoted_words(const std::vector<std::string>& words) {
  std::vector<std::string> q;
  for (const auto& w : words) q.push_back("'" + w + "'");
  return join_or(q, " and ");
}

// The keys written for one input (the rows' keys, or the `columns` list): each a value of the
// input, each once, every value given (E085). Per written key, the value it names (-1: none).
std::vector<int> match_keys(Diagnostics& d, const TableInput& in, const std::vector<const ast::Name*>& written,
                            const char* what, Span missing_at, bool& ok) {
  std::vector<int> at(written.size(), -1);
  std::vector<bool> seen(in.keys.size(), false);
  for (size_t k = 0; k < written.size(); ++k) {
    const ast::Name& n = *written[k];
    auto it = std::find(in.keys.begin(), in.keys.end(), n.text);
    if (it == in.keys.end()) {
      std::string hint = did_you_mean(n.text, in.keys);
      d.error("E085", n.span, "'" + n.text + "' is not a value of `" + in.text + "`",
              hint.empty() ? "its values are " + join_or(in.keys) : hint);
      ok = false;
      continue;
    }
    const size_t j = size_t(it - in.keys.begin());
    if (seen[j]) {
      d.error("E085", n.span, std::string(what) + " '" + n.text + "' is listed twice", "keep one");
      ok = false;
      continue;
    }
    seen[j] = true;
    at[k] = int(j);
  }
  std::vector<std::string> missing;
  for (size_t j = 0; j < in.keys.size(); ++j)
    if (!seen[j]) missing.push_back(in.keys[j]);
  if (!missing.empty()) {
    d.error("E085", missing_at, std::string("the table has no ") + what + " for " + quoted_words(missing),
            std::string("give one ") + what + " for each value of `" + in.text + "`: " + join_or(in.keys, " and "));
    ok = false;
  }
  return at;
}

// ---- the lowering ---------------------------------------------------------------------------------
TExpr na_outcome(int v, Span s) {
  TExpr e = Types::constant(std::nan(""), Type::band, s, v);
  e.integral = true;
  return e;
}

TExpr is_key(const TableInput& in, size_t k, Span s) {
  TExpr key = Types::constant(in.codes[k], in.e.type, s, in.e.type == Type::boolean ? -1 : in.e.scale);
  TExpr out = Types::node(K::eq, Type::boolean, s);
  out.range = iv::eq(in.e.range, key.range);
  out.integral = true;
  out.args.push_back(in.e);
  out.args.push_back(std::move(key));
  return out;
}

TExpr choose(TExpr cond, TExpr a, TExpr b, int v, Span s) {
  TExpr out = Types::node(K::select, Type::band, s);
  out.scale = v;
  out.range = iv::select(cond.range, a.range, b.range);
  if (out.range.na()) out.range = a.range.na() ? b.range : a.range;
  out.integral = true;
  out.args.push_back(std::move(cond));
  out.args.push_back(std::move(a));
  out.args.push_back(std::move(b));
  return out;
}

// if IN == key0 then branch[0] else if IN == key1 then branch[1] ... else not applicable.
TExpr chain(const TableInput& in, std::vector<TExpr> branch, int v, Span s) {
  TExpr acc = na_outcome(v, s);
  for (size_t k = in.keys.size(); k-- > 0;) acc = choose(is_key(in, k, s), std::move(branch[k]), std::move(acc), v, s);
  return acc;
}

// Each cell an outcome of the table (E086); a row with one outcome per column (E085). Fills
// outcome[row value][column value].
bool read_cells(Diagnostics& d, const Value& val, const ast::TableDecl& x, const std::vector<int>& row_at,
                const std::vector<int>& col_at, std::vector<std::vector<int>>& outcome) {
  bool ok = true;
  std::vector<std::string> ids;
  for (const auto& r : val.rows) ids.push_back(r.id);
  for (size_t k = 0; k < x.body.size(); ++k) {
    const ast::TableRow& row = x.body[k];
    if (row.cells.size() != x.column_keys.size()) {
      d.error("E085", row.span, "row '" + row.key.text + "' has " + std::to_string(row.cells.size()) + " outcome" +
                                    (row.cells.size() == 1 ? "" : "s") + " for " + std::to_string(x.column_keys.size()) +
                                    " column" + (x.column_keys.size() == 1 ? "" : "s"),
              "give one outcome per column, in the order of `columns`");
      ok = false;
      continue;
    }
    for (size_t p = 0; p < row.cells.size(); ++p) {
      const ast::Name& cell = row.cells[p];
      auto it = std::find(ids.begin(), ids.end(), cell.text);
      if (it == ids.end()) {
        std::string hint = did_you_mean(cell.text, ids);
        d.error("E086", cell.span, "'" + cell.text + "' is not an outcome of table '" + val.id + "'",
                hint.empty() ? "its outcomes are " + join_or(ids) + "; declare it in `outcomes`" : hint);
        ok = false;
      } else if (row_at[k] >= 0 && col_at[p] >= 0) {
        outcome[size_t(row_at[k])][size_t(col_at[p])] = int(it - ids.begin());
      }
    }
  }
  return ok;
}

}  // namespace

void check_table(Types& t, int v, Value& val, const ast::TableDecl& x) {
  val.type = Type::error;
  val.scale = v;
  val.integral = true;
  val.range = {0, double(val.rows.size()) - 1};
  val.table_rows = x.rows.span;
  val.table_columns = x.columns.span;
  TableInput rows = table_input(t, x.rows, "rows");
  TableInput cols = table_input(t, x.columns, "columns");
  if (!rows.ok || !cols.ok) return;
  bool ok = true;
  std::vector<const ast::Name*> row_keys, col_keys;
  for (const auto& r : x.body) row_keys.push_back(&r.key);
  for (const auto& c : x.column_keys) col_keys.push_back(&c);
  const Span cols_span{x.span.file, x.column_keys.front().span.begin, x.column_keys.back().span.end};
  std::vector<int> row_at = match_keys(t.d, rows, row_keys, "row", x.id.span, ok);
  std::vector<int> col_at = match_keys(t.d, cols, col_keys, "column", cols_span, ok);
  std::vector<std::vector<int>> outcome(rows.keys.size(), std::vector<int>(cols.keys.size(), -1));
  if (!read_cells(t.d, val, x, row_at, col_at, outcome) || !ok) return;
  const Span s = x.id.span;
  std::vector<TExpr> by_row;
  for (size_t r = 0; r < rows.keys.size(); ++r) {
    std::vector<TExpr> by_col;
    for (size_t c = 0; c < cols.keys.size(); ++c)
      by_col.push_back(Types::constant(double(outcome[r][c]), Type::band, s, v));
    by_row.push_back(chain(cols, std::move(by_col), v, s));
  }
  val.expr = chain(rows, std::move(by_row), v, s);
  val.type = Type::band;
  if (!val.expr.range.na()) val.range = val.expr.range;
}

}  // namespace signpost::checker
