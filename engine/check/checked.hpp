// The checker's passes and what they share: one `Checked` per `check` call holds the model being
// built, the symbol tables every pass resolves names against and the declarations later passes
// read. check.cpp runs the passes in order (their order is the order of the diagnostics).
#pragma once
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/parse/ast.hpp"
#include "engine/parse/parse.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost::checker {

inline bool is_integer(double v) { return std::isfinite(v) && v == std::floor(v); }

template <typename Map>
std::vector<std::string> keys(const Map& map) {
  std::vector<std::string> v;
  for (auto& kv : map) v.push_back(kv.first);
  return v;
}

// A name in the values namespace: a section, an item, a derived value or a guidance.
struct Sym {
  char kind;  // 's' section, 'G' group, 'i' item, 'v' value, 'g' guidance
  int index;
  Span span;
};

// The declaration of a derived value, typed on its first use (types.cpp, `check_value`).
struct Pending {
  const ast::LetDecl* let = nullptr;
  const ast::BandDecl* band = nullptr;
  const ast::TableDecl* table = nullptr;
};

struct Checked {
  const SourceSet& sources;
  Diagnostics& d;
  const Limits& limits;
  model::Model m;

  // Symbols (symbols.cpp).
  std::map<std::string, int> scale_index, source_index;
  std::map<std::string, Sym> names;

  // Declarations the later passes read (symbols.cpp collects them).
  const ast::AssessmentDecl* assessment = nullptr;
  const ast::DisclaimerDecl* disclaimer = nullptr;
  std::vector<const ast::ItemDecl*> item_decls;          // one per m.items
  std::vector<const ast::GuidanceDecl*> guidance_decls;  // one per m.guidance
  std::vector<const ast::ExampleDecl*> example_decls;
  std::vector<const ast::PropertyDecl*> property_decls;
  std::vector<const ast::GroupDecl*> group_decls;  // one per m.groups
  Span file_start;  // where a missing header is reported: the start of the main file

  // Derived values, typed on first use (types.cpp).
  std::vector<Pending> pending;      // one per m.values
  std::vector<uint8_t> value_state;  // 0 unchecked, 1 checking, 2 done
  std::vector<int> checking;         // values being checked, innermost last

  Checked(const SourceSet& s, Diagnostics& diags, const Limits& l) : sources(s), d(diags), limits(l) {}

  // Name lookups every pass uses (symbols.cpp).
  std::vector<std::string> value_names() const;  // every name but guidance, for "did you mean"
  std::string where(Span s) const;               // "file:line", for "first declared at"
  bool declare(const ast::Name& n, char kind, int index);  // E011 when taken
  void duplicate_clauses(const std::vector<ast::Clause>& clauses);  // E046
  std::vector<model::Citation> citations(const std::vector<ast::Citation>& cs);  // E013, E014
};

// Types expressions against the checked model (types.cpp; aggregates in aggregates.cpp): resolves
// names, checks each operation's operands and gives every expression its static range with every
// item unknown (interval.hpp). A derived value is typed on its first use, so typing a name may
// type the value it names, and so find a cycle among values (E030).
struct Types {
  Checked& c;
  model::Model& m = c.m;
  Diagnostics& d = c.d;

  using K = model::TExpr::K;
  static model::TExpr node(K k, model::Type t, Span s);
  static model::TExpr error(Span s);
  static model::TExpr constant(double v, model::Type t, Span s, int scale = -1);

  model::TExpr expr(const ast::Expr& e, int answer_item = -1);
  model::TExpr boolean(model::TExpr e, const char* what);
  model::TExpr numeric(model::TExpr e, const char* what);
  model::TExpr item_ref(int i, Span s) const;
  void check_value(int v);
  std::optional<double> bound(const ast::Number& n);

 private:
  Interval item_range(int i) const;
  model::TExpr raw(model::TExpr e);
  model::TExpr binary(K k, model::Type t, model::TExpr a, model::TExpr b, Span s);
  int option_or_error(const model::Scale& sc, const ast::Name& n);
  std::optional<model::TExpr> label(const ast::Expr& e, const model::TExpr& other, bool in_where = false);
  model::TExpr compare(const ast::Expr& e, int answer_item);
  model::TExpr name_ref(const ast::Expr& e);
  model::TExpr unary(const ast::Expr& e, int answer_item);
  model::TExpr arithmetic(const ast::Expr& e, int answer_item);
  model::TExpr includes(const ast::Expr& e, int answer_item);
  model::TExpr conditional(const ast::Expr& e, int answer_item);
  model::TExpr function(const ast::Expr& e, int answer_item);
  model::TExpr value_ref(int v, Span s);
  void check_let(model::Value& val, const ast::LetDecl& let);
  void check_band(int v, model::Value& val, const ast::BandDecl& band);

  // aggregates.cpp
  model::TExpr aggregate(const ast::Expr& e);
  std::vector<int> aggregate_members(const ast::Expr& e, const model::AggregateSpec& spec);
  model::TExpr aggregate_member(const ast::Expr& e, const model::AggregateSpec& spec, int i);
  bool aggregate_options(const ast::Expr& e, const model::AggregateSpec& spec, model::TExpr& out);
};

}  // namespace signpost::checker
