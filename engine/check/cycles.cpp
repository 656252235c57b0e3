// The cycles pass: no derived value or item's `ask when` uses itself, directly or through others
// (E030); and the items a condition depends on, through derived values and `ask when`.
#include <algorithm>
#include <functional>
#include <set>

#include "engine/check/passes.hpp"

namespace signpost::checker {
using namespace model;
using K = TExpr::K;

namespace {

// The items and values `e` names directly.
void refs(const TExpr& e, std::vector<int>& items, std::vector<int>& values) {
  if (e.kind == K::item) items.push_back(e.ref);
  if (e.kind == K::value_ref) values.push_back(e.ref);
  for (const auto& a : e.args) refs(a, items, values);
  if (e.kind == K::aggregate)
    for (int i : e.members) items.push_back(i);
}

}  // namespace

// Nodes: items (0..n-1) and values (n..). Edges: what must be computed first.
void check_cycles(const Model& m, Diagnostics& d) {
  size_t n = m.items.size(), total = n + m.values.size();
  std::vector<std::vector<int>> edges(total);
  for (size_t i = 0; i < n; ++i)
    if (m.items[i].ask) {
      std::vector<int> it, vs;
      refs(*m.items[i].ask, it, vs);
      for (int x : it) edges[i].push_back(x);
      for (int x : vs) edges[i].push_back(int(n) + x);
    }
  for (size_t v = 0; v < m.values.size(); ++v) {
    std::vector<int> it, vs;
    refs(m.values[v].expr, it, vs);
    for (int x : it) edges[n + v].push_back(x);
    for (int x : vs) edges[n + v].push_back(int(n) + x);
  }
  for (auto& e : edges) {  // an aggregate names its members twice (arguments and member list)
    std::sort(e.begin(), e.end());
    e.erase(std::unique(e.begin(), e.end()), e.end());
  }
  std::vector<uint8_t> state(total, 0);
  std::vector<int> stack;
  auto name_of = [&](int x) { return x < int(n) ? m.items[x].id : m.values[x - n].id; };
  auto span_of = [&](int x) { return x < int(n) ? m.items[x].span : m.values[x - n].span; };
  std::function<void(int)> dfs = [&](int x) {
    state[x] = 1;
    stack.push_back(x);
    for (int y : edges[x]) {
      if (state[y] == 1) {
        auto at = std::find(stack.begin(), stack.end(), y);
        std::string path;
        for (auto p = at; p != stack.end(); ++p) path += name_of(*p) + " -> ";
        path += name_of(y);
        d.error("E030", span_of(y), "'" + name_of(y) + "' depends on itself: " + path,
                "a value (or an item's `ask when`) cannot use itself, directly or through others");
      } else if (state[y] == 0) {
        dfs(y);
      }
    }
    stack.pop_back();
    state[x] = 2;
  };
  for (size_t x = 0; x < total; ++x)
    if (state[x] == 0) dfs(int(x));
}

// Every item a condition depends on, through derived values and `ask when`.
std::vector<int> depends(const Model& m, const TExpr& e) {
  std::set<int> items;
  std::set<int> seen_values;
  std::vector<const TExpr*> work{&e};
  while (!work.empty()) {
    const TExpr* x = work.back();
    work.pop_back();
    std::vector<int> it, vs;
    refs(*x, it, vs);
    for (int i : it)
      if (items.insert(i).second && m.items[i].ask) work.push_back(&*m.items[i].ask);
    for (int v : vs)
      if (seen_values.insert(v).second) work.push_back(&m.values[v].expr);
  }
  return {items.begin(), items.end()};
}

}  // namespace signpost::checker
