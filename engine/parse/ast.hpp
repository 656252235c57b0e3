// The syntax tree of a rule file: plain structs, a span on every node, no behaviour.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/source/source.hpp"

namespace signpost::ast {

struct Name {
  std::string text;
  Span span;
};

struct Str {
  std::string text;  // escapes resolved, line breaks and indentation folded to one space
  Span span;
};

struct Number {
  double value = 0;
  Span span;
  std::string ref;  // where a threshold may stand for a number (`minimum = need`, band edges): its name
};

struct Citation {
  Name source;
  std::optional<Str> section;
  uint32_t line = 0;  // `line N`: where in the section; 0 when not given
  Span span;
};

// ---- expressions -----------------------------------------------------------
enum class Op {
  number, boolean, name, answer,            // leaves
  neg, not_,                                 // unary
  and_, or_, add, sub, mul, div,             // binary
  lt, le, gt, ge, eq, ne, includes,          // comparisons (includes: set has option)
  call,                                      // aggregate
  if_,                                       // if args[0] then args[1] [else args[2]]
  func                                       // round/floor/ceil/points(args[0], options)
};

struct Expr;
// Later stages walk expressions recursively, so the parser bounds their height.
constexpr uint32_t kMaxExprDepth = 200;

// An aggregate's option: `unanswered = skip`, `minimum = 3`; a function's: `half_up`, `decimals = 1`.
struct CallOption {
  Name key;
  Name word;  // for unanswered = skip|prorate|unknown; a rounding rule (key `rule`)
  std::optional<Number> number;
  Span span;
};

struct Expr {
  Op op = Op::number;
  Span span;
  uint32_t depth = 1;  // height of this tree; the parser refuses trees taller than kMaxExprDepth
  double number = 0;          // number literal
  bool boolean = false;       // yes/no/true/false literal
  Name name;                  // name, call function, includes option
  std::vector<Expr> args;     // operands
  std::vector<Name> refs;     // call: the items and sections aggregated
  std::shared_ptr<Expr> where;  // call: predicate over `answer`
  std::vector<CallOption> options;
};

// ---- declarations ----------------------------------------------------------
struct Clause {  // which clauses a declaration had, for duplicate checks
  std::string keyword;
  Span span;
};

// What every declaration with clauses has: the clauses it had, in order, and its place.
struct Clauses {
  std::vector<Clause> clauses;
  Span span;
};

struct AssessmentDecl : Clauses {
  Name id;
  Str title;
  std::optional<Str> version, language;
  std::optional<Name> audience;
  std::vector<Str> wording_conditions;  // `wording conditions "..."`: more terms for the wording check
};

struct DisclaimerDecl {
  Str text;
  Span span;
};

struct ImportDecl {
  Str path;
  Span span;
};

struct SourceDecl : Clauses {
  Name id;
  Str title;
  std::optional<Str> publisher, date, url;
  std::optional<Str> file;  // a local copy of the source's text, relative to this rule file
  std::vector<Str> sections;
};

struct OptionDecl {
  Name id;
  std::optional<Number> value;
  std::optional<Str> label;
  Span span;
};

enum class ScaleKind { options, multiple, integer, decimal };

struct ScaleDecl : Clauses {
  Name id;
  std::optional<Str> title;
  ScaleKind kind = ScaleKind::options;
  std::vector<OptionDecl> options;
  std::optional<Number> lo, hi;
  std::optional<Name> endorse_from;
};

struct SectionDecl : Clauses {
  Name id;
  Str title;
  bool context = false;  // questions about circumstances, not signs
  std::vector<Citation> cites;
};

struct Value {  // a literal answer in an example
  enum class Kind { number, name, boolean, list, unknown } kind = Kind::number;
  double number = 0;
  bool boolean = false;
  Name name;
  std::vector<Name> list;
  Span span;
};

// `group NAME: a, b, c`: a named set of items, usable wherever a section is (interleaved subscales).
struct GroupDecl {
  Name id;
  std::vector<Name> items;
  Span span;
};

struct PointDecl {
  Name option;
  Number points;
  Span span;
};

struct ItemDecl : Clauses {
  Name id;
  Name scale;
  Str prompt;
  std::optional<Str> help;
  std::vector<Citation> cites;
  std::optional<Name> requirement;  // required | optional
  std::optional<Expr> ask_when;
  bool reverse = false;
  bool safety = false;
  std::vector<PointDecl> points;
  // `counts as VALUE when not asked`: the answer a not-asked item stands for.
  std::optional<Value> unasked_value;
  // `answer ignored|refused when not asked`: what an answer to a not-asked item does (A006 by default).
  std::optional<Name> unasked_answer;
};

struct LetDecl {
  Name id;
  Expr value;
  bool threshold = false;  // declared with `threshold`: a tunable constant
  std::optional<Str> note;
  std::optional<Number> decimals;  // `decimals N`: how many decimals reports show
  Span span;
};

struct BandRow {
  std::optional<Number> lo, hi;
  bool hi_inclusive = true;  // `A to B` vs `A to under B`
  bool lo_inclusive = true;  // `A to B` vs `above A to B`
  Name id;
  Str label;
  Span span;
};

struct BandDecl {
  Name id;
  Expr source;
  std::vector<BandRow> rows;
  Span span;
};

// A two-way table: a categorical outcome from two inputs (a band, an option answer or a yes/no
// value each), one cell per pair of their values.
//   table follow_up from level by support:
//     outcomes routine "Routine", soon "Soon"
//     columns yes, no
//     low: routine, routine
//     high: routine, soon
struct TableOutcome {
  Name id;
  Str label;
  Span span;
};

struct TableRow {
  Name key;                 // a value of the rows' input (any word: `yes` and `no` included)
  std::vector<Name> cells;  // one outcome per column, in the order of `columns`
  Span span;
};

struct TableDecl {
  Name id;
  Expr rows, columns;  // the two inputs
  std::vector<TableOutcome> outcomes;
  std::vector<Name> column_keys;  // the values of the columns' input, in the order of the cells
  std::vector<TableRow> body;
  Span span;
};

// A step of guidance: `step "Text" tags touch only when not any_risk`.
struct StepDecl {
  Str text;
  std::vector<Name> tags;
  std::optional<Expr> when;  // `only when EXPR`: shown only while EXPR holds
  Span span;
};

struct GuidanceDecl : Clauses {
  Name id;
  std::optional<Name> level;
  std::optional<Expr> when;
  std::optional<Str> title, text, because;
  std::vector<StepDecl> steps;
  std::vector<Name> tags;
  std::vector<Citation> cites;
};

struct Given { Name item; Value value; Span span; };  // `item = value` in an example

struct Expect {
  enum class Kind { fires, not_fires, undetermined, equals } kind = Kind::fires;
  Name target;
  Value value;
  Span span;
};

struct ExampleDecl {
  Str title;
  std::vector<Given> givens;
  std::vector<Expect> expects;
  Span span;
};

// A property: what must hold for every possible set of answers (`signpost verify` proves it).
//   while [possibly] EXPR never TARGETS     nothing in TARGETS shows while EXPR holds (may hold)
//   never TARGETS                           nothing in TARGETS ever shows
//   whenever EXPR always TARGETS            every target fires whenever EXPR holds
//   never together A, B                     A and B never show together
//   raising NAMES keeps LEVELS              raising an answer never removes guidance of LEVELS
struct PropertyDecl {
  enum class Kind { never, always, together, raising } kind = Kind::never;
  Name id;
  Str title;
  std::optional<Expr> condition;
  bool possibly = false;
  std::vector<Name> targets;  // tags or guidance ids; raising: levels
  std::vector<Name> over;     // raising: items, sections, or `signs`
  Span span;
};

// A translation file starts with `translation "de"`; every declaration after it is an entry that
// gives the texts of one declaration of the rule set in that language (check/translations.hpp):
//   item wake_tired "Ich wache müde auf." help "..." original "3f9a1c"
//   scale frequency "Wie oft?": never "Nie", often "Oft" original "..."
//   guidance talk title "..." text "..." steps "...", "..." because "..." original "..."
struct TranslationDecl {
  Str language;
  Span span;
};

struct TextField {  // `title "..."`, `help "..."`, `step "..."`, or an option/row `name "label"`
  Name key;
  Str text;
  Span span;
};

struct TranslationEntry {
  Name kind;                      // assessment, disclaimer, scale, section, item, band, guidance
  std::optional<Name> id;         // what it translates (none for assessment and disclaimer)
  std::optional<Str> text;        // the main text: a title, prompt or the disclaimer
  std::vector<TextField> labels;  // `: a "A", b "B"`: option labels or band labels, by id
  std::vector<TextField> fields;  // help, title, text, step (one per step, in order), because
  std::optional<Str> original;    // the fingerprint of the texts it was translated from
  Span span;
};

using Decl = std::variant<AssessmentDecl, DisclaimerDecl, ImportDecl, SourceDecl, ScaleDecl, SectionDecl,
                          GroupDecl, ItemDecl, LetDecl, BandDecl, TableDecl, GuidanceDecl, ExampleDecl, PropertyDecl, TranslationDecl,
                          TranslationEntry>;

struct File {
  uint32_t file_id = 0;
  bool translation = false;  // starts with `translation "LANG"`: texts of another file, not rules
  std::vector<Decl> decls;
};

}  // namespace signpost::ast
