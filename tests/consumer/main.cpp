// A consumer of the installed library: compiles a rule set from text and evaluates one answer.
#include <iostream>

#include "engine/signpost.hpp"

int main() {
  auto compiled = signpost::compile_source(R"(
assessment tiny "Tiny" version "1" language "en" audience self
disclaimer "For information only. It is not a diagnosis."
source notes "Notes"
  sections "Talking"
item q: yesno "I would like to talk to someone."
  cites notes "Talking"
guidance talk
  level info
  when q = yes
  title "Talking may help"
  because "You said so."
  cites notes "Talking"
)", "tiny.signpost");
  if (!compiled.ok()) {
    std::cerr << compiled.render();
    return 1;
  }
  std::string out;
  if (!compiled.ruleset->evaluate_json(R"({"q": true})", out)) return 1;
  std::cout << out << "\n";
  return out.find("\"talk\"") != std::string::npos ? 0 : 1;
}
