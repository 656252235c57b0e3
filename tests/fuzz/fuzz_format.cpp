// Fuzz target: `signpost fmt` (engine/format) on any text. A formatted file formats to itself,
// and it compiles exactly when the original does, to the same program and review document
// (compared without white space, which the document quotes from expressions as written).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "engine/format/format.hpp"
#include "tests/fuzz/fuzz_util.hpp"

namespace {
std::string meaning(const std::string& text, bool& ok) {
  static const signpost::CompileOptions options = fuzz::options();
  signpost::Compiled c = signpost::compile_source(text, "fuzz.signpost", options);
  ok = c.ok();
  if (!ok) return "";
  std::string doc = c.ruleset->document();
  const std::string& hash = c.ruleset->content_hash();
  for (size_t at; (at = doc.find(hash)) != std::string::npos;) doc.replace(at, hash.size(), "HASH");
  doc.erase(std::remove_if(doc.begin(), doc.end(), [](unsigned char ch) { return std::isspace(ch); }), doc.end());
  return c.ruleset->disassemble() + doc;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  signpost::FormatResult once = signpost::format_source(text);
  if (!once.ok) return 0;
  signpost::FormatResult twice = signpost::format_source(once.text);
  fuzz::check(twice.ok, "a formatted file does not format", once.text, twice.error);
  fuzz::check(twice.text == once.text, "formatting is not idempotent", once.text, twice.text);
  bool ok_before = false, ok_after = false;
  const std::string before = meaning(text, ok_before), after = meaning(once.text, ok_after);
  fuzz::check(ok_before == ok_after, "formatting changed whether the file compiles", text, once.text);
  fuzz::check(before == after, "formatting changed the compiled rule set", text, once.text);
  return 0;
}
