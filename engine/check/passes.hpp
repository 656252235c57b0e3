// The checker's passes over one `Checked`, in the order check.cpp runs them. Each reads what the
// passes before it wrote into the model and reports its own diagnostics.
#pragma once
#include <vector>

#include "engine/check/checked.hpp"

namespace signpost::checker {

// symbols.cpp: scales and sources of every file first, then each declaration in file order
// (E011, E012, E013-E015, E046, E048, E052, E070, E080, E081); the declarations later passes read.
void declare_symbols(Checked& c, const std::vector<ast::File>& files);
// symbols.cpp: the assessment header (E041, E043, E017); a library needs none.
void check_header(Checked& c);

// safety.cpp: the disclaimer (E040); every safety item leads to urgent guidance (E044).
void check_disclaimer(Checked& c);
void check_safety(const model::Model& m, Diagnostics& d);

// types.cpp: items' `ask when` and every derived value, typed (E020-E026, E030, W035, W036).
void type_values(Checked& c);

// bands.cpp: a band table's edges named by thresholds, resolved; its rows ascending, without
// overlap (E031) or gap (E032) over the range of its source.
bool resolve_edges(Types& t, model::Value& v, const ast::BandDecl& x);
void check_bands(Diagnostics& d, const model::Value& v, const model::TExpr& src);

// tables.cpp: a two-way table's inputs, rows, columns and cells (E085-E087), lowered to nested
// conditional values (`select`) over its inputs, typed as a band whose rows are its outcomes.
void check_table(Types& t, int v, model::Value& val, const ast::TableDecl& x);

// cycles.cpp: no value or `ask when` uses itself (E030); the items a condition depends on.
void check_cycles(const model::Model& m, Diagnostics& d);
std::vector<int> depends(const model::Model& m, const model::TExpr& e);

// guidance.cpp: each guidance's level, title, condition and steps, citations and `because` text
// (E016, E033, W034, E043, E047, E061).
void check_guidance(Checked& c);

// examples.cpp: each example's answers and expectations (E060, E062, W063).
void check_examples(Checked& c);
// examples.cpp: an answer written in a rule file (`given`, `counts as`) as a literal; whether it is
// an answer on `sc` (`why` in the answer codec's words when not; `encoded` as in AnswerRow when so).
model::Literal literal(const ast::Value& v);
bool answer_ok(const model::Scale& sc, const model::Literal& l, std::string& why, double* encoded);

// wording.cpp: no visible text claims a diagnosis (E042; the rules are lint.cpp's), by the word
// lists of the rule set's language (W098, at `language_at`, when there are none).
void check_wording(const std::vector<ast::File>& files, const std::string& language, Span language_at, Diagnostics& d);

}  // namespace signpost::checker
