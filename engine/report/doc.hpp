// A rule set as a readable Markdown document, for review by people who do not read rule files:
// every question with its answers and sources, every derived value, every guidance with its
// condition in plain words, the thresholds with their reasoning and caveat, and the disclaimer.
#pragma once
#include <initializer_list>
#include <string>
#include <utility>

#include "engine/check/model.hpp"
#include "engine/report/resources.hpp"
#include "engine/source/source.hpp"

namespace signpost {

// `s` as Markdown inline code (both parts of the document use it).
namespace markdown {
std::string code(const std::string& s);

// The document's own words in its language, the model's (a translation's when `signpost doc
// --lang` shows one): say("Sources"); say("{a} is less than {b}", {{"a", x}, {"b", y}}) for a
// sentence whose word order differs between languages; say.in("level", "urgent") where one
// English word needs two renderings. Each is looked up by its English in the language's catalog
// (report/phrases.hpp, tr); tests/catalog_test.cpp finds the texts by these calls, so each is
// written as a string literal here.
struct Say {
  std::string language;
  const char* operator()(const char* english) const;
  std::string operator()(const char* english, std::initializer_list<std::pair<const char*, std::string>> values) const;
  const char* in(const char* context, const char* english) const;
  std::string quoted(const std::string& s) const;  // “s” in English, „s“ in German
  std::string number(double v) const;              // format_number with the language's decimal mark
};
}  // namespace markdown

std::string document_markdown(const model::Model& m, const SourceSet& sources, const std::string& content_hash);

// Parts of it (doc_review.cpp): the table of what each safety answer holds back, computed by
// running the rules; each worked example's answers and expected outcome. "" when there is none.
std::string document_withheld(const model::Model& m);
std::string document_examples(const model::Model& m);
// Each cited line of a source whose text was read (check/citations.hpp), quoted. "" when none.
std::string document_quotes(const model::Model& m);

}  // namespace signpost
