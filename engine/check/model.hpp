// The checked model: every name resolved, every expression typed, ready to compile.
#pragma once
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/check/functions.hpp"
#include "engine/check/interval.hpp"
#include "engine/source/source.hpp"

namespace signpost::model {

enum class Type : uint8_t { error, number, boolean, option, set, band, section };
enum class Level : uint8_t { urgent = 0, recommend = 1, consider = 2, info = 3 };
enum class Policy : uint8_t { unknown, skip, prorate };
// Agg, the aggregates: check/functions.hpp

const char* level_name(Level l);
const char* type_name(Type t);
const char* agg_name(Agg a);
const char* policy_name(Policy p);

struct Option {
  std::string id, label;
  double value = 0;  // meaningful when the scale is scored
};

struct Scale {
  enum class Kind : uint8_t { boolean, options, multiple, integer, decimal };
  Kind kind = Kind::options;
  std::string id, title;
  std::vector<Option> options;
  bool scored = false;  // options carry numbers: ordered, usable in arithmetic
  double lo = 0, hi = 0;
  int endorse_from = -1;  // option index from which an answer endorses a sign
  // A rule set with translations: an option is also answered by its label in the language the
  // rules are shown in (codec.hpp), so a form or a file in that language can be read as it is.
  bool labels_answer = false;
  Span span;
  int option_index(const std::string& id) const;
  bool numeric() const { return kind == Kind::integer || kind == Kind::decimal; }  // answered with a number
};

struct Source {
  std::string id, title, publisher, date, url;
  std::vector<std::string> sections;
  Span span;
  // `file "PATH"`: a local copy of the source's text, resolved against the declaring file. Its
  // lines are read only when asked for (check/citations.hpp), never to evaluate.
  std::string file;
  Span file_span;
  std::vector<std::string> lines;  // 0-based: lines[0] is line 1; empty until read
};

struct Citation {
  int source = -1;
  std::string section;
  uint32_t line = 0;  // the line of the source it rests on; 0 when not given
  Span span;
};

// A typed expression. Leaves refer to items and values by index.
struct TExpr {
  enum class K : uint8_t {
    constant, item, score, raw_value, value_ref, neg, not_, and_, or_, add, sub, mul, div,
    lt, le, gt, ge, eq, ne, includes, aggregate,
    select,     // if args[0] then args[1] else args[2] (a constant NaN: not applicable)
    round,      // args[0] rounded by Rounding(ref) to int(number) decimals
    number_of   // a yes/no value as the number 0 or 1: the same slot, typed as a number
  };
  K kind = K::constant;
  Type type = Type::error;
  int scale = -1;  // option and set types: which scale; band type: which value
  Interval range{0, 0};  // every value it can take when nothing is answered (NaN aside)
  bool integral = false;
  double number = 0;  // constant
  int ref = -1;       // item or value index; includes: option index
  std::vector<TExpr> args;
  Agg agg = Agg::sum;
  Policy policy = Policy::unknown;
  int minimum = 0;
  std::vector<int> members;  // aggregate: item of each args[i]
  Span span;
};

struct Item {
  std::string id, prompt, help;
  int scale = -1, section = -1;
  std::vector<Citation> cites;
  bool required = false, reverse = false, safety = false;
  std::vector<double> points;  // score of each option (after `points` and `reverse`)
  std::optional<TExpr> ask;
  // `counts as VALUE when not asked`: the encoded answer (as in AnswerRow) a not-asked item stands
  // for, NaN without the clause. Such an item counts in aggregates as answered with that value.
  double unasked = std::nan("");
  bool ignore_unasked = false;  // `answer ignored when not asked`: no A006, the answer is dropped
  Span span;
};

struct Section {
  std::string id, title;
  bool context = false;  // its questions are about circumstances; never reported as signs
  std::vector<int> items;
  std::vector<Citation> cites;
  Span span;
};

// `group NAME: a, b, c`: items named together, wherever they stand (interleaved subscales). In
// aggregates and `raising` it stands for its items as a section does: safety items left out.
struct Group {
  std::string id;
  std::vector<int> items;
  Span span;
};

struct BandRow {
  double lo = -iv::kInf, hi = iv::kInf;
  bool hi_inclusive = true;
  // `above lo`: lo itself is left out. Compiled bands need no flag: check makes sure such a row
  // follows one that holds lo (rows are tried in order) or that the source cannot be lo.
  bool lo_inclusive = true;
  std::string id, label;
  Span span;
};

struct Value {
  enum class Kind : uint8_t { let, threshold, band, table };
  Kind kind = Kind::let;
  std::string id, note;
  TExpr expr;  // band: the banded expression; table: its cells as nested conditional values
  std::vector<BandRow> rows;  // band: its rows; table: its outcomes (id and label only)
  Span table_rows, table_columns;  // table: its two inputs, as written
  Type type = Type::error;
  int scale = -1;
  Interval range;
  bool integral = false;
  int decimals = -1;  // `decimals N`: how reports and `because` texts show it; -1: as computed
  Span span;
};

struct TextPart {  // a piece of a `because` text: literal, or a {name} to fill in
  bool is_ref = false;
  std::string text;
  char ref_kind = 0;  // 'i' item, 'v' value
  int ref = -1;
};

// A step of guidance. A step with a condition is shown only while its guidance fires and the
// condition is true (not merely possible): an unanswered question never reveals a guarded step.
struct Step {
  std::string text;
  std::vector<std::string> tags;
  std::optional<TExpr> when;
  Span span;
};

struct Guidance {
  std::string id, title, text;
  Level level = Level::info;
  TExpr when;
  std::vector<Step> steps;
  std::vector<std::string> tags;
  std::vector<TextPart> because;
  std::vector<Citation> cites;
  std::vector<int> items;  // every item the condition depends on, in declaration order
  Span span;
};

struct Literal {  // an answer or expected value written in an example
  enum class Kind : uint8_t { number, name, boolean, list, unknown } kind = Kind::number;
  double number = 0;
  bool boolean = false;
  std::string name;
  std::vector<std::string> list;
  Span span;
};

struct Expectation {
  enum class Kind : uint8_t { fires, not_fires, undetermined, equals } kind = Kind::fires;
  char target_kind = 'g';  // 'g' guidance, 't' a tag of guidance or steps, 'i' item, 'v' value
  int target = -1;
  std::string target_id;
  Literal value;
  Span span;
};

struct Example {
  std::string title;
  std::vector<std::pair<int, Literal>> givens;  // item index, answer
  std::vector<Expectation> expects;
  Span span;
};

// What a property talks about: one guidance, or everything (guidance and steps) with a tag.
struct Target {
  std::string name;
  int guidance = -1;  // a guidance id; -1: a tag
  Span span;
};

// A property of the rule set, proved over every possible set of answers by `signpost verify`.
struct Property {
  enum class Kind : uint8_t { never, always, together, raising };
  Kind kind = Kind::never;
  std::string id, title;
  std::optional<TExpr> condition;  // never (`while`), always (`whenever`)
  bool possibly = false;           // `while possibly`: the condition is true or still unknown
  std::vector<Target> targets;
  std::vector<int> raised;         // raising: the items whose answers are raised
  std::vector<Level> levels;       // raising: the levels that must be kept
  Span span;
};

struct Model {
  std::string id, title, version, language, audience, disclaimer;
  bool library = false;  // only shared scales and sources: checked, imported, never evaluated
  Span span;
  std::vector<Scale> scales;
  std::vector<Source> sources;
  std::vector<Section> sections;
  std::vector<Group> groups;
  std::vector<Item> items;
  std::vector<Value> values;
  std::vector<Guidance> guidance;
  std::vector<Example> examples;
  std::vector<Property> properties;
  std::map<std::string, int> item_index, value_index, guidance_index, section_index, group_index;
};

// The rows of a band-typed value: its own, or those of the band it names (`let b = some_band`).
// A kind of typed expression by name, as a compiled rule set's JSON writes it ("add", "if").
const char* kind_name(TExpr::K k);
// A binary operator as the rule language and FHIRPath write it ("+", "<=", "and"); nullptr for
// every other kind.
const char* infix(TExpr::K k);

inline const std::vector<BandRow>& band_rows(const Model& m, const Value& v) {
  if (!v.rows.empty() || v.expr.type != Type::band || v.expr.scale < 0) return v.rows;
  return band_rows(m, m.values[size_t(v.expr.scale)]);
}

}  // namespace signpost::model
