// Fuzz target: rule text -> parse stage only (every syntax error collected, imports read from
// memory), and the diagnostics rendered as `signpost check` prints them.
#include <cstddef>
#include <cstdint>

#include "engine/parse/parse.hpp"
#include "engine/source/diagnostics.hpp"
#include "tests/fuzz/fuzz_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const signpost::CompileOptions options = fuzz::options();
  signpost::SourceSet sources;
  signpost::Diagnostics diags;
  uint32_t main = sources.add("fuzz.signpost", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<signpost::ast::File> files = signpost::parse_program(sources, main, options.reader, diags, options.limits);
  std::string shown = signpost::render_all(diags.sorted(), sources);
  fuzz::check(!files.empty(), "parse_program returned no file");
  return 0;
}
