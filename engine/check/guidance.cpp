// The guidance pass: each guidance's level, title and condition (which must be able to fire,
// E033), its steps, its citations (E047) and its `because` text with the values it quotes (E061).
#include <algorithm>

#include "engine/check/passes.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;

namespace {

const std::vector<std::string> kLevels = {"urgent", "recommend", "consider", "info"};

// A `because` text as literal parts and the {c.names} of items and values to fill in.
std::vector<TextPart> because(Checked& c, const ast::Str& s) {
  Diagnostics& d = c.d;
  std::vector<TextPart> parts;
  const std::string& t = s.text;
  size_t i = 0;
  std::string lit;
  while (i < t.size()) {
    if (t[i] == '{') {
      size_t j = t.find('}', i);
      if (j == std::string::npos) {
        d.error("E061", s.span, "a `{` in this text is not closed", "write {name} to quote a value");
        break;
      }
      std::string n = t.substr(i + 1, j - i - 1);
      auto it = c.names.find(n);
      if (it == c.names.end() || (it->second.kind != 'i' && it->second.kind != 'v')) {
        std::string hint = did_you_mean(n, c.value_names());
        d.error("E061", s.span, "the text quotes {" + n + "}, which is not an item or a derived value", hint);
      } else {
        if (!lit.empty()) parts.push_back({false, lit, 0, -1}), lit.clear();
        parts.push_back({true, n, it->second.kind, it->second.index});
      }
      i = j + 1;
      continue;
    }
    lit += t[i++];
  }
  if (!lit.empty()) parts.push_back({false, lit, 0, -1});
  return parts;
}

// `level`: one of kLevels (E016), and given (E043).
void level(Diagnostics& d, const ast::GuidanceDecl& x, Guidance& g) {
  if (!x.level) {
    d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no level",
            "add `level urgent`, `level recommend`, `level consider` or `level info`");
    return;
  }
  auto it = std::find(kLevels.begin(), kLevels.end(), x.level->text);
  if (it == kLevels.end()) {
    std::string hint = did_you_mean(x.level->text, kLevels);
    d.error("E016", x.level->span, "unknown level '" + x.level->text + "'",
            hint.empty() ? "levels, most pressing first: urgent, recommend, consider, info" : hint);
  } else {
    g.level = static_cast<Level>(it - kLevels.begin());
  }
}

// `when`: a yes/no condition that can fire (E033) and, unless written `yes`, need not (W034).
void condition(Checked& c, Types& t, const ast::GuidanceDecl& x, Guidance& g) {
  Diagnostics& d = c.d;
  if (!x.when) {
    d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no condition",
            "add `when ...`; for guidance that always shows, write `when yes`");
    return;
  }
  TExpr w = t.boolean(t.expr(*x.when), "after `when`");
  if (w.type == Type::error) return;
  bool literal = x.when->op == ast::Op::boolean;
  if (w.range.hi == 0 && w.range.lo == 0)
    d.error("E033", x.when->span, "guidance '" + x.id.text + "' can never fire: its condition is always false",
            "check the numbers against the ranges of the values it uses");
  else if (w.range.lo == 1 && !literal)
    d.warning("W034", x.when->span, "guidance '" + x.id.text + "' always fires: its condition is always true",
              "write `when yes` if that is intended");
  g.items = depends(c.m, w);
  g.when = std::move(w);
}

void guidance(Checked& c, Types& t, const ast::GuidanceDecl& x, Guidance& g) {
  Diagnostics& d = c.d;
  c.duplicate_clauses(x.clauses);
  level(d, x, g);
  if (!x.title) d.error("E043", x.id.span, "guidance '" + x.id.text + "' has no title", "add `title \"...\"`");
  condition(c, t, x, g);
  if (x.cites.empty())
    d.error("E047", x.id.span, "guidance '" + x.id.text + "' cites no source",
            "every piece of guidance says where it comes from: add `cites source \"Section\"`");
  g.cites = c.citations(x.cites);
  g.title = x.title ? x.title->text : "";
  g.text = x.text ? x.text->text : "";
  for (auto& s : x.steps) {
    Step st{s.text.text, {}, std::nullopt, s.span};
    for (const auto& tag : s.tags) st.tags.push_back(tag.text);
    if (s.when) {
      TExpr w = t.boolean(t.expr(*s.when), "after `only when`");
      if (w.type != Type::error) st.when = std::move(w);
    }
    g.steps.push_back(std::move(st));
  }
  for (const auto& tag : x.tags) g.tags.push_back(tag.text);
  if (x.because) g.because = because(c, *x.because);
}

}  // namespace

void check_guidance(Checked& c) {
  Types t{c};
  for (size_t g = 0; g < c.guidance_decls.size(); ++g) guidance(c, t, *c.guidance_decls[g], c.m.guidance[g]);
}

}  // namespace signpost::checker
