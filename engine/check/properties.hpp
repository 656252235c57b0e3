// Properties of a rule set (`property ...`): their targets, levels and raised items resolved
// against the checked model. `signpost verify` (engine/verify) proves them.
#pragma once
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/parse/ast.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

// `typed` types a condition as yes/no with the checker's rules (reporting its own errors).
void check_properties(const std::vector<const ast::PropertyDecl*>& decls, model::Model& m, Diagnostics& d,
                      const std::function<model::TExpr(const ast::Expr&, const char*)>& typed);

// Every tag of a guidance or of a step: what properties and examples may name besides guidance.
std::set<std::string> all_tags(const model::Model& m);

// The items a `raising signs` property raises: answers in sign sections (not `context`), not
// safety questions, on an ordered scale.
std::vector<int> sign_items(const model::Model& m);

}  // namespace signpost
