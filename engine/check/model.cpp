// The model's names for its own enums and the scale lookups, shared by every stage.
#include "engine/check/model.hpp"

#include <iterator>

namespace signpost::model {

const char* level_name(Level l) {
  switch (l) {
    case Level::urgent: return "urgent";
    case Level::recommend: return "recommend";
    case Level::consider: return "consider";
    case Level::info: return "info";
  }
  return "?";
}
const char* type_name(Type t) {
  switch (t) {
    case Type::error: return "an error";
    case Type::number: return "a number";
    case Type::boolean: return "a yes/no value";
    case Type::option: return "an answer option";
    case Type::set: return "a set of options";
    case Type::band: return "a band";
    case Type::section: return "a section";
  }
  return "?";
}
namespace {
struct KindSpelling {
  const char *name, *infix;
};
// In the order of TExpr::K.
constexpr KindSpelling kKinds[] = {
    {"const", nullptr}, {"item", nullptr}, {"score", nullptr}, {"number", nullptr}, {"value", nullptr},
    {"neg", nullptr}, {"not", nullptr}, {"and", "and"}, {"or", "or"}, {"add", "+"}, {"sub", "-"}, {"mul", "*"},
    {"div", "/"}, {"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}, {"eq", "="}, {"ne", "!="},
    {"includes", nullptr}, {"aggregate", nullptr}, {"if", nullptr}, {"round", nullptr}, {"number", nullptr}};
static_assert(std::size(kKinds) == size_t(TExpr::K::number_of) + 1, "a spelling for every kind");
}  // namespace
const char* kind_name(TExpr::K k) { return kKinds[size_t(k)].name; }
const char* infix(TExpr::K k) { return kKinds[size_t(k)].infix; }
const char* agg_name(Agg a) { return aggregate_spec(a).name; }
const char* policy_name(Policy p) {
  static const char* n[] = {"unknown", "skip", "prorate"};
  return n[static_cast<int>(p)];
}
int Scale::option_index(const std::string& name) const {
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i].id == name) return static_cast<int>(i);
  return -1;
}

}  // namespace signpost::model
