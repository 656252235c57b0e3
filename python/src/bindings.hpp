// Shared declarations of the `_signpost` extension module: conversions between Python objects
// and the engine's JSON, the model as plain data, and the column decoders behind evaluate_frame.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "engine/signpost.hpp"

namespace signpost::python {
namespace py = pybind11;

// ---- convert.cpp: Python objects <-> JSON ----------------------------------------------
// Answers in: dict/Mapping -> object, str, bool (also numpy.bool_), int (also numpy integers),
// float (NaN -> null: unanswered), list/tuple/set/ndarray -> array, None/pandas.NA -> null.
// Anything else raises TypeError naming `where`.
nlohmann::json to_json(py::handle value, const std::string& where);
// The same answers as JSON text, appended to `out`: a plain dict (str keys; str, bool, int,
// float, None or a list of str values) is written directly, anything else through to_json.
void answers_text(py::handle answers, const std::string& where, std::string& out);
py::object to_python(const nlohmann::json& j);
// None, float NaN, pandas.NA, pandas.NaT: an unanswered cell.
bool is_missing(py::handle value);

// ---- model.cpp: the checked model as JSON, for introspection ----------------------------
nlohmann::json model_json(const RuleSet& rules);
// (code, severity, message, hint, file, line, column, end_line, end_column, rendered)
py::tuple diagnostic_tuple(const Diagnostic& d, const SourceSet& sources);

// ---- columns.cpp: one column per item, as in engine/evaluate/batch.hpp -------------------
// The item an answer error is about ("" when none), from its JSON pointer.
std::string item_of(const RuleSet& rs, const AnswerError& e);
// (row position, item id, code, pointer, message, allowed)
py::tuple problem_tuple(size_t row, const std::string& item, const AnswerError& e);
void bind_columns(py::class_<RuleSet>& cls);

// ---- conventions.cpp: input conventions, and a rule set rebuilt from its sources -----------
void bind_conventions(py::class_<RuleSet>& cls);
Compiled compile_from_sources(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace signpost::python
