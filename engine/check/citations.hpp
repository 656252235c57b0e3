// Citations against the sources' own words: for each source that names a local copy of its text
// (`file "PATH"`), reads it and checks that every cited line exists, is not blank, and sits under
// the section the citation names. Asked for by authoring and review (`signpost check`, `doc`),
// never needed to evaluate.
#pragma once
#include "engine/check/model.hpp"
#include "engine/parse/parse.hpp"
#include "engine/source/diagnostics.hpp"

namespace signpost {

// Fills each such source's `lines`. E018: the text cannot be read, or a cited line is past its
// end. W019: a declared section is not a line of the text; a cited line is blank or lies under
// another section.
void check_citations(model::Model& m, const FileReader& read, Diagnostics& d);

}  // namespace signpost
