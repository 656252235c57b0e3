// Resolves `property` declarations: a target is a guidance id or a tag used by some guidance or
// step; `raising` names items, sections or `signs`, and keeps levels.
#include "engine/check/properties.hpp"

#include <algorithm>
#include <set>

#include "engine/source/text.hpp"

namespace signpost {
using namespace model;

std::set<std::string> all_tags(const Model& m) {
  std::set<std::string> tags;
  for (const auto& g : m.guidance) {
    tags.insert(g.tags.begin(), g.tags.end());
    for (const auto& s : g.steps) tags.insert(s.tags.begin(), s.tags.end());
  }
  return tags;
}

namespace {

const std::vector<std::string> kLevelNames = {"urgent", "recommend", "consider", "info"};

bool ordered(const Model& m, const Item& it) {
  const Scale& sc = m.scales[size_t(it.scale)];
  return sc.kind == Scale::Kind::boolean || sc.kind == Scale::Kind::integer || sc.kind == Scale::Kind::decimal ||
         (sc.kind == Scale::Kind::options && sc.scored);
}

std::vector<Target> targets(const ast::PropertyDecl& x, const Model& m, Diagnostics& d) {
  std::set<std::string> tags = all_tags(m);
  std::vector<Target> out;
  for (const auto& n : x.targets) {
    auto g = m.guidance_index.find(n.text);
    if (g != m.guidance_index.end()) {
      out.push_back({n.text, g->second, n.span});
    } else if (tags.count(n.text)) {
      out.push_back({n.text, -1, n.span});
    } else {
      std::vector<std::string> known(tags.begin(), tags.end());
      for (const auto& [id, _] : m.guidance_index) known.push_back(id);
      std::string hint = did_you_mean(n.text, known);
      d.error("E090", n.span, "'" + n.text + "' is neither a guidance nor a tag of a guidance or step",
              hint.empty() ? "tag guidance with `tags " + n.text + "`, or a step with `step \"...\" tags " + n.text + "`"
                           : hint);
    }
  }
  return out;
}

void raising(const ast::PropertyDecl& x, Property& p, const Model& m, Diagnostics& d) {
  std::set<int> items;
  for (const auto& n : x.over) {
    if (n.text == "signs") {
      for (int i : sign_items(m)) items.insert(i);
      continue;
    }
    auto it = m.item_index.find(n.text);
    auto sec = m.section_index.find(n.text);
    auto group = m.group_index.find(n.text);
    std::vector<int> named;
    if (it != m.item_index.end()) named.push_back(it->second);
    else if (sec != m.section_index.end()) named = m.sections[size_t(sec->second)].items;
    else if (group != m.group_index.end()) named = m.groups[size_t(group->second)].items;
    else {
      d.error("E091", n.span, "'" + n.text + "' is not an item, a section or a group",
              "name items, sections, groups, or `signs`");
      continue;
    }
    for (int i : named) {
      if (!ordered(m, m.items[size_t(i)]))
        d.error("E091", n.span, "'" + m.items[size_t(i)].id + "' has no order, so its answer cannot be raised",
                "raise items on yes/no, numbered or number scales");
      else
        items.insert(i);
    }
  }
  p.raised.assign(items.begin(), items.end());
  for (const auto& n : x.targets) {
    auto l = std::find(kLevelNames.begin(), kLevelNames.end(), n.text);
    if (l == kLevelNames.end())
      d.error("E091", n.span, "'" + n.text + "' is not a level", "`keeps` takes levels: urgent, recommend, consider, info");
    else
      p.levels.push_back(Level(l - kLevelNames.begin()));
  }
}

}  // namespace

std::vector<int> sign_items(const Model& m) {
  std::vector<int> out;
  for (size_t i = 0; i < m.items.size(); ++i) {
    const Item& it = m.items[i];
    if (it.safety || it.section < 0 || m.sections[size_t(it.section)].context || !ordered(m, it)) continue;
    out.push_back(int(i));
  }
  return out;
}

void check_properties(const std::vector<const ast::PropertyDecl*>& decls, Model& m, Diagnostics& d,
                      const std::function<TExpr(const ast::Expr&, const char*)>& typed) {
  std::set<std::string> seen;
  for (const ast::PropertyDecl* x : decls) {
    Property p;
    p.id = x->id.text;
    p.title = x->title.text;
    p.span = x->span;
    p.possibly = x->possibly;
    if (!seen.insert(p.id).second) d.error("E011", x->id.span, "property '" + p.id + "' is declared twice");
    switch (x->kind) {
      case ast::PropertyDecl::Kind::never: p.kind = Property::Kind::never; break;
      case ast::PropertyDecl::Kind::always: p.kind = Property::Kind::always; break;
      case ast::PropertyDecl::Kind::together: p.kind = Property::Kind::together; break;
      case ast::PropertyDecl::Kind::raising: p.kind = Property::Kind::raising; break;
    }
    if (x->condition) {
      TExpr c = typed(*x->condition, p.kind == Property::Kind::never ? "after `while`" : "after `whenever`");
      if (c.type != Type::error) p.condition = std::move(c);
    }
    if (p.kind == Property::Kind::raising) raising(*x, p, m, d);
    else p.targets = targets(*x, m, d);
    if (p.kind == Property::Kind::together && x->targets.size() < 2)
      d.error("E091", x->id.span, "`never together` needs at least two guidance or tags", "e.g. `never together a, b`");
    m.properties.push_back(std::move(p));
  }
}

}  // namespace signpost
