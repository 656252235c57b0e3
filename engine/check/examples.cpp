// The examples pass: each example's answers are answers its items accept (E060, in the answer
// codec's words) and each expectation names a guidance, a tag, an item or a derived value with a
// value it can take (E062); an example that expects nothing is a warning (W063).
#include <set>

#include "engine/check/codec.hpp"
#include "engine/check/passes.hpp"
#include "engine/check/properties.hpp"
#include "engine/source/text.hpp"

namespace signpost::checker {
using namespace model;

Literal literal(const ast::Value& v) {
  Literal l;
  l.kind = static_cast<Literal::Kind>(v.kind);
  l.number = v.number;
  l.boolean = v.boolean;
  l.name = v.name.text;
  for (auto& n : v.list) l.list.push_back(n.text);
  l.span = v.span;
  return l;
}

bool answer_ok(const Scale& sc, const Literal& l, std::string& why, double* encoded) {
  Given g;
  switch (l.kind) {
    case Literal::Kind::number: g.kind = Given::Kind::number, g.number = l.number; break;
    case Literal::Kind::boolean: g.kind = Given::Kind::boolean, g.boolean = l.boolean, g.yes_no = true; break;
    case Literal::Kind::name: g.kind = Given::Kind::text, g.text = l.name; break;
    case Literal::Kind::list:
      g.kind = Given::Kind::list;
      for (const std::string& n : l.list) g.list.push_back({Given::Kind::text, false, 0, n, {}, false});
      break;
    case Literal::Kind::unknown: break;
  }
  std::vector<codec::Refusal> refusals;
  double x = codec::decode(sc, g, refusals);
  if (refusals.empty() && l.kind != Literal::Kind::unknown) {
    if (encoded) *encoded = x;
    return true;
  }
  why = (refusals.empty() ? "expected an answer" : refusals.front().what) + "; allowed: " + codec::allowed_answers(sc);
  return false;
}

namespace {

// Is `l` a valid answer for item i? Sets `why` when not, in the answer codec's words: what
// the same answer in JSON would be told, and what the scale allows.
bool item_answer_ok(const Model& m, int i, const Literal& l, std::string& why) {
  return answer_ok(m.scales[m.items[i].scale], l, why, nullptr);
}

// Can the item or value an expectation names take its value? Sets `why` when not.
bool expected_ok(const Model& m, const Expectation& e, std::string& why) {
  if (e.target_kind == 'i') return item_answer_ok(m, e.target, e.value, why);
  const Value& v = m.values[e.target];
  const Literal& l = e.value;
  switch (v.type) {
    case Type::number:
      if (l.kind == Literal::Kind::number) return true;
      why = "expected a number";
      return false;
    case Type::boolean:
      if (l.kind == Literal::Kind::boolean) return true;
      why = "expected yes or no";
      return false;
    case Type::band:
      for (auto& r : model::band_rows(m, v))
        if (l.kind == Literal::Kind::name && r.id == l.name) return true;
      why = "expected one of its bands";
      return false;
    case Type::option:
      if (l.kind == Literal::Kind::name && m.scales[v.scale].option_index(l.name) >= 0) return true;
      why = "expected an option of scale '" + m.scales[v.scale].id + "'";
      return false;
    default: return true;
  }
}

// `given ITEM = ANSWER`: an item, a valid answer (E060), once.
void givens(Checked& c, const ast::ExampleDecl& ex, Example& out) {
  Diagnostics& d = c.d;
  std::set<int> given_items;
  for (const auto& g : ex.givens) {
    auto it = c.names.find(g.item.text);
    if (it == c.names.end() || it->second.kind != 'i') {
      std::vector<std::string> items = keys(c.m.item_index);
      d.error("E060", g.item.span, "example answers '" + g.item.text + "', which is not an item",
              did_you_mean(g.item.text, items));
      continue;
    }
    Literal l = literal(g.value);
    std::string why;
    if (!item_answer_ok(c.m, it->second.index, l, why)) {
      d.error("E060", g.value.span, "not a valid answer to '" + g.item.text + "'", why);
      continue;
    }
    if (!given_items.insert(it->second.index).second)
      d.error("E060", g.item.span, "'" + g.item.text + "' is answered twice in this example");
    out.givens.push_back({it->second.index, l});
  }
}

// `expect ...`: a guidance or a tag fires (or not), or an item or a value equals a value (E062).
void expectations(Checked& c, const ast::ExampleDecl& ex, Example& out) {
  Diagnostics& d = c.d;
  for (const auto& x : ex.expects) {
    Expectation e;
    e.kind = static_cast<Expectation::Kind>(x.kind);
    e.target_id = x.target.text;
    e.span = x.span;
    auto it = c.names.find(x.target.text);
    bool guidance_expected = e.kind != Expectation::Kind::equals;
    if (guidance_expected && (it == c.names.end() || it->second.kind != 'g') && all_tags(c.m).count(x.target.text)) {
      e.target_kind = 't';  // a tag: everything (guidance and steps) that carries it
      out.expects.push_back(std::move(e));
      continue;
    }
    if (it == c.names.end() || (guidance_expected && it->second.kind != 'g') ||
        (!guidance_expected && it->second.kind != 'i' && it->second.kind != 'v')) {
      std::vector<std::string> pool = guidance_expected ? keys(c.m.guidance_index) : c.value_names();
      std::string hint = did_you_mean(x.target.text, pool);
      d.error("E062", x.target.span,
              std::string("example expects '") + x.target.text + "', which is not " +
                  (guidance_expected ? "a guidance or a tag" : "an item or a derived value"),
              hint);
      continue;
    }
    e.target_kind = it->second.kind;
    e.target = it->second.index;
    if (!guidance_expected) {
      e.value = literal(x.value);
      std::string why;
      if (e.value.kind != Literal::Kind::unknown && !expected_ok(c.m, e, why)) {
        d.error("E062", x.value.span, "'" + x.target.text + "' cannot be that value", why);
        continue;
      }
    }
    out.expects.push_back(std::move(e));
  }
}

}  // namespace

void check_examples(Checked& c) {
  for (const auto* ex : c.example_decls) {
    Example out;
    out.title = ex->title.text;
    out.span = ex->span;
    givens(c, *ex, out);
    expectations(c, *ex, out);
    if (out.expects.empty() && c.d.error_count() == 0)
      c.d.warning("W063", ex->span, "example \"" + ex->title.text + "\" expects nothing", "add `expect ...` lines");
    c.m.examples.push_back(std::move(out));
  }
}

}  // namespace signpost::checker
