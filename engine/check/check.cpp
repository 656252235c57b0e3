// Check stage: runs the checker's passes (passes.hpp) over one checked model, in order. The order
// is the order of the diagnostics: names first, then types, cycles, guidance, safety, examples,
// properties and wording.
#include "engine/check/check.hpp"

#include "engine/check/passes.hpp"
#include "engine/check/properties.hpp"

namespace signpost {

model::Model check(const std::vector<ast::File>& files, const SourceSet& sources, Diagnostics& diags,
                   const Limits& limits) {
  checker::Checked c(sources, diags, limits);
  checker::declare_symbols(c, files);
  checker::check_header(c);
  checker::check_disclaimer(c);
  checker::type_values(c);
  checker::check_cycles(c.m, diags);
  checker::check_guidance(c);
  checker::check_safety(c.m, diags);
  checker::check_examples(c);
  checker::Types types{c};
  check_properties(c.property_decls, c.m, diags,
                   [&](const ast::Expr& e, const char* what) { return types.boolean(types.expr(e), what); });
  const Span language_at = c.assessment && c.assessment->language ? c.assessment->language->span : c.m.span;
  checker::check_wording(files, c.m.language, language_at, diags);
  return std::move(c.m);
}

}  // namespace signpost
