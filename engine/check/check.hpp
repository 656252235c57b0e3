// Check stage: syntax trees -> checked model, with every problem reported at once.
#pragma once
#include <vector>

#include "engine/check/model.hpp"
#include "engine/parse/ast.hpp"
#include "engine/parse/parse.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

// `files` as parse_program returns them: imported files first, the main file last.
model::Model check(const std::vector<ast::File>& files, const SourceSet& sources, Diagnostics& diags,
                   const Limits& limits = {});

}  // namespace signpost
