// The safety pass: a rule set says what its result is not (the disclaimer, E040), and every
// safety question can lead to urgent guidance (E044), so that a report never hides it.
#include <algorithm>

#include "engine/check/passes.hpp"

namespace signpost::checker {
using namespace model;

void check_disclaimer(Checked& c) {
  if (c.m.library) return;
  Diagnostics& d = c.d;
  if (!c.disclaimer) {
    d.error("E040", c.assessment ? c.assessment->id.span : c.file_start, "the rule set has no disclaimer",
            "every result carries one; add: disclaimer \"This check-in is for information only. It is not a "
            "diagnosis and does not replace professional advice.\"");
    return;
  }
  c.m.disclaimer = c.disclaimer->text.text;
  if (c.m.disclaimer.size() < 20)
    d.error("E040", c.disclaimer->text.span, "the disclaimer is too short to say what the result is not",
            "say that the result is not a diagnosis and does not replace professional advice");
}

// Every safety item must lead to urgent guidance.
void check_safety(const Model& m, Diagnostics& d) {
  for (size_t i = 0; i < m.items.size(); ++i) {
    if (!m.items[i].safety) continue;
    bool used = false;
    for (const auto& g : m.guidance)
      if (g.level == Level::urgent && std::find(g.items.begin(), g.items.end(), int(i)) != g.items.end())
        used = true;
    if (!used)
      d.error("E044", m.items[i].span, "safety item '" + m.items[i].id + "' leads to no urgent guidance",
              "add a guidance with `level urgent` whose condition uses '" + m.items[i].id + "'");
  }
}

}  // namespace signpost::checker
