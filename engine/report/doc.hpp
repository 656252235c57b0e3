// A rule set as a readable Markdown document, for review by people who do not read rule files:
// every question with its answers and sources, every derived value, every guidance with its
// condition in plain words, the thresholds with their reasoning and caveat, and the disclaimer.
#pragma once
#include <string>

#include "engine/check/model.hpp"
#include "engine/report/resources.hpp"
#include "engine/source/source.hpp"

namespace signpost {

// `s` as Markdown inline code (both parts of the document use it).
namespace markdown {
std::string code(const std::string& s);
}

std::string document_markdown(const model::Model& m, const SourceSet& sources, const std::string& content_hash);

// Parts of it (doc_review.cpp): the table of what each safety answer holds back, computed by
// running the rules; each worked example's answers and expected outcome. "" when there is none.
std::string document_withheld(const model::Model& m);
std::string document_examples(const model::Model& m);
// Each cited line of a source whose text was read (check/citations.hpp), quoted. "" when none.
std::string document_quotes(const model::Model& m);

}  // namespace signpost
