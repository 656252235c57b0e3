// The built-in functions of the language, one table: each aggregate and each function of one value
// is one row here, and every stage reads its name, type rule and meaning from that row.
//
// An aggregate's meaning is given by three choices, and every evaluator switches on them (never on
// the aggregate itself) without a `default`, so the compiler (-Werror=switch) finds each place a new
// kind of fold needs its kernel:
//   - Members: what each member stands for (its points, a yes/no test of its answer, or only
//     whether it was answered);
//   - Fold: how the asked members combine (add, mean, min, max, or count the answered ones);
//   - Empty: the value when no member is asked.
// Adding an aggregate that folds like an existing one is one row below, its line in
// docs/language.md and a golden case (tests/functions_test.cpp checks all three). See
// docs/architecture.md, "Add an aggregate".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/check/interval.hpp"

namespace signpost::model {

enum class Members : uint8_t {
  numbers,  // the member's points (options with numbers, `points`, number scales)
  tests,    // whether the member is endorsed: yes/no items, `endorse from`, or `where`
  answers,  // any item: only whether it was answered
};
enum class Fold : uint8_t {
  add,       // the sum of the asked members (a count when they are tests); `prorate` scales it up
  mean,      // the sum divided by how many were used
  min,       // the smallest (for tests: all)
  max,       // the largest (for tests: any)
  answered,  // how many asked members were answered
};
enum class Empty : uint8_t { zero, no, yes, none };  // none: not applicable

// X(id, members, fold, result is yes/no, value when none asked, prorate allowed,
//   how `signpost doc` words it ({who}: the members; {test}: their test),
//   its line in docs/language.md (the table of aggregates), the golden case under tests/golden/eval/)
#define SIGNPOST_AGGREGATES(X) \
  X(sum, numbers, add, false, zero, true, "the total points of {who}", "the total of the members' points", "aggregate-sum-count") \
  X(count, tests, add, false, zero, true, "how many of {who} are answered {test}", "how many members are endorsed", "aggregate-sum-count") \
  X(mean, numbers, mean, false, none, false, "the average points of {who}", "the average of the members' points", "aggregate-mean-min-max") \
  X(min, numbers, min, false, none, false, "the lowest points among {who}", "the smallest of the members' points", "aggregate-mean-min-max") \
  X(max, numbers, max, false, none, false, "the highest points among {who}", "the largest of the members' points", "aggregate-mean-min-max") \
  X(any, tests, max, true, no, false, "whether any of {who} is answered {test}", "yes if any member is endorsed", "aggregate-any-all") \
  X(all, tests, min, true, yes, false, "whether all of {who} are answered {test}", "yes if every member is endorsed", "aggregate-any-all") \
  X(answered, answers, answered, false, zero, false, "how many of {who} are answered", "how many members were answered", "aggregate-answered")

#define SIGNPOST_AGG_ID(id, ...) id,
enum class Agg : uint8_t { SIGNPOST_AGGREGATES(SIGNPOST_AGG_ID) };
#undef SIGNPOST_AGG_ID

struct AggregateSpec {
  Agg agg;
  const char* name;
  Members members;
  Fold fold;
  bool yes_no;    // the result is yes/no (else a number)
  Empty empty;
  bool prorate;   // `unanswered = prorate` is allowed
  const char* review;
  const char* doc;
  const char* golden;
};

#define SIGNPOST_AGG_ROW(id, mem, fold, yn, empty, pro, review, doc, golden) \
  {Agg::id, #id, Members::mem, Fold::fold, yn, Empty::empty, pro, review, doc, golden},
inline constexpr AggregateSpec kAggregates[] = {SIGNPOST_AGGREGATES(SIGNPOST_AGG_ROW)};
#undef SIGNPOST_AGG_ROW

inline constexpr const AggregateSpec& aggregate_spec(Agg a) { return kAggregates[size_t(a)]; }
inline const AggregateSpec* find_aggregate(std::string_view name) {
  for (const auto& a : kAggregates)
    if (name == a.name) return &a;
  return nullptr;
}

// The value of an aggregate none of whose members was asked.
inline Interval empty_value(Empty e) {
  switch (e) {
    case Empty::zero: return iv::point(0);
    case Empty::no: return iv::truth(false);
    case Empty::yes: return iv::truth(true);
    case Empty::none: return iv::na();
  }
  return iv::na();
}

// Functions of one value, and the `if` construct (a keyword, listed so that it has its doc line
// and golden case like the rest).
enum class Shape : uint8_t {
  rounds,       // round(x, RULE [, decimals = N]), floor(x [, decimals = N]), ceil(...): K::round
  points,       // points(x): a yes/no value as 0 or 1 (K::number_of), an option as its points
  conditional,  // if C then A [else B]: K::select
};

struct FunctionSpec {
  const char* name;
  Shape shape;
  bool takes_rule;   // rounds: the rule is written (round); else `fixed` is the rule
  Rounding fixed;
  const char* doc;    // its line in docs/language.md (first cell: `name(`, or `if` for the construct)
  const char* golden; // the golden case under tests/golden/eval/
};

inline constexpr FunctionSpec kFunctions[] = {
    {"round", Shape::rounds, true, Rounding::half_up, "the nearest whole number", "rounding-and-decimals"},
    {"floor", Shape::rounds, false, Rounding::down, "the whole number at or below", "rounding-and-decimals"},
    {"ceil", Shape::rounds, false, Rounding::up, "the whole number at or above", "rounding-and-decimals"},
    {"points", Shape::points, false, Rounding::half_up, "a yes/no value as 1 or 0", "conditional-values"},
    {"if", Shape::conditional, false, Rounding::half_up, "`A` when `C` is true", "conditional-values"},
};

inline const FunctionSpec* find_function(std::string_view name) {
  for (const auto& f : kFunctions)
    if (name == f.name && f.shape != Shape::conditional) return &f;
  return nullptr;
}

}  // namespace signpost::model
