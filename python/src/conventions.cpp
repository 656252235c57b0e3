// Input conventions and pickling for the Python package: evaluate_frame's missing=, keep=,
// redcap= and codes= are handed to the engine's one description of them
// (engine/evaluate/conventions.hpp), and a rule set travels as its sources.
#include <cmath>
#include <map>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "engine/evaluate/conventions.hpp"
#include "engine/source/text.hpp"

namespace signpost::python {
namespace {

// {"missing": [str], "keep": [str], "redcap": "raw"|"labels"|None, "codes": {scale: first}}
InputConventions conventions_of(const py::dict& d) {
  InputConventions c;
  if (d.contains("missing") && !d["missing"].is_none())
    for (auto v : d["missing"]) c.missing.push_back(py::str(v));
  if (d.contains("keep") && !d["keep"].is_none())
    for (auto v : d["keep"]) c.keep.push_back(py::str(v));
  if (d.contains("redcap") && !d["redcap"].is_none()) {
    std::string mode = py::str(d["redcap"]);
    if (!parse_redcap_mode(mode, c.redcap))
      throw py::value_error("redcap must be 'raw', 'labels' or None, not '" + mode + "'");
  }
  if (d.contains("codes") && !d["codes"].is_none())
    for (auto kv : d["codes"].cast<py::dict>()) {
      double first = kv.second.cast<double>();
      if (first != std::floor(first)) throw py::value_error("codes: a first code is a whole number");
      c.first_code[py::str(kv.first)] = first;
    }
  return c;
}

py::list problems_of(const RuleSet& rs, const std::vector<std::pair<size_t, AnswerError>>& problems) {
  py::list out;
  for (const auto& [row, e] : problems) out.append(problem_tuple(row, item_of(rs, e), e));
  return out;
}

// The roles of a frame's columns: [(kind, item, option)] with kind "item", "checkbox", "keep",
// "id" or "ignore", and every problem (unknown columns are problems only when `strict`).
py::tuple plan(const RuleSet& rs, const std::vector<std::string>& names, const py::dict& conv, bool strict) {
  ColumnPlan p = plan_columns(rs.model(), names, conventions_of(conv));
  py::list roles;
  std::vector<std::pair<size_t, AnswerError>> problems;
  for (auto& e : p.errors) {
    // Other columns are ignored unless strict; their A001 errors are the ones whose pointer is
    // an unknown column's.
    bool of_unknown = false;
    for (size_t c = 0; c < names.size() && !of_unknown; ++c)
      of_unknown = p.unknown[c] && e.code == "A001" && json_pointer(names[c]) == e.pointer;
    if (of_unknown && !strict) continue;
    problems.push_back({0, std::move(e)});
  }
  static const char* kinds[] = {"item", "checkbox", "id", "keep", "ignore"};
  for (size_t c = 0; c < names.size(); ++c) {
    const ColumnRole& r = p.columns[c];
    roles.append(py::make_tuple(p.unknown[c] ? "ignore" : kinds[int(r.kind)], r.item, r.option));
  }
  return py::make_tuple(roles, problems_of(rs, problems));
}

// Values of one item column (the distinct values of a factorised column), decoded as the CLI
// decodes CSV cells under the same conventions: text by TextAnswers, numbers as the text they
// would be in a file, anything else (bools, lists) as in evaluate().
py::tuple decode_cells(const RuleSet& rs, int item, const py::sequence& values, const py::dict& conv) {
  const model::Model& m = rs.model();
  if (item < 0 || size_t(item) >= m.items.size()) throw py::index_error("no item with that index");
  InputConventions c = conventions_of(conv);
  TextAnswers text(m, &c);
  std::vector<double> out(values.size(), std::nan(""));
  std::vector<std::pair<size_t, AnswerError>> problems;
  size_t r = 0;
  for (auto v : values) {
    std::string cell;
    bool as_text = true;
    if (is_missing(v)) as_text = false;
    else if (PyUnicode_Check(v.ptr())) cell = v.cast<std::string>();
    else if (PyList_Check(v.ptr()) || PyTuple_Check(v.ptr())) {  // options as a CSV cell writes them: a;b
      for (auto e : v) {
        if (!PyUnicode_Check(e.ptr())) {
          as_text = false;
          break;
        }
        cell += (cell.empty() ? "" : ";") + e.cast<std::string>();
      }
      if (as_text && cell.empty()) cell = "[]";
    } else if (!PyBool_Check(v.ptr()) && (PyLong_Check(v.ptr()) || PyFloat_Check(v.ptr()) ||
                                        (PyNumber_Check(v.ptr()) && !PySequence_Check(v.ptr()))))
      cell = format_number(v.cast<double>());
    else as_text = false;
    if (as_text) {
      if (!text.decode(size_t(item), cell, out[r]))
        for (auto& e : text.problems(size_t(item), cell)) problems.push_back({r, std::move(e)});
    } else if (!is_missing(v)) {
      nlohmann::json doc = nlohmann::json::object();
      doc[m.items[size_t(item)].id] = to_json(v, m.items[size_t(item)].id);
      std::vector<AnswerError> errors;
      out[r] = decode_answers(doc, m, errors)[size_t(item)];
      for (auto& e : errors) problems.push_back({r, std::move(e)});
    }
    ++r;
  }
  py::array_t<double> arr(py::ssize_t(out.size()));
  std::copy(out.begin(), out.end(), arr.mutable_data());
  return py::make_tuple(arr, problems_of(rs, problems));
}

// Distinct values of a REDCap checkbox column -> 1, 0 or NaN (unanswered); the positions of the
// values that are none of these.
py::tuple decode_checkboxes(const py::sequence& values, const py::dict& conv) {
  InputConventions c = conventions_of(conv);
  py::array_t<double> arr(py::ssize_t(values.size()));
  double* out = arr.mutable_data();
  py::list bad;
  size_t r = 0;
  for (auto v : values) {
    std::string cell;
    if (is_missing(v)) cell = "";
    else if (PyUnicode_Check(v.ptr())) cell = v.cast<std::string>();
    else if (PyBool_Check(v.ptr())) cell = v.ptr() == Py_True ? "1" : "0";
    else cell = format_number(v.cast<double>());
    if (!decode_checkbox(cell, c, out[r])) {
      out[r] = std::nan("");
      bad.append(r);
    }
    ++r;
  }
  return py::make_tuple(arr, bad);
}

// Every source file of the rule set, main file first: [(path, text)].
py::list sources(const RuleSet& rs) {
  py::list out;
  for (size_t k = 0; k < rs.sources().size(); ++k)
    out.append(py::make_tuple(rs.sources().file(uint32_t(k)).path(), rs.sources().file(uint32_t(k)).text()));
  return out;
}

}  // namespace

// Compiles a rule set from sources held in memory (as `sources` gave them): imports are read
// from them, never from disk, so a rule set rebuilds the same on a machine without its files.
Compiled compile_from_sources(const std::vector<std::pair<std::string, std::string>>& files) {
  if (files.empty()) throw py::value_error("no sources");
  CompileOptions options;
  options.reader = memory_reader({files.begin(), files.end()}, "not among the rule set's sources");
  return compile_source(files.front().second, files.front().first, options);
}

void bind_conventions(py::class_<RuleSet>& cls) {
  cls.def("plan_columns", &plan, py::arg("names"), py::arg("conventions"), py::arg("strict"),
          "The role of each column under the input conventions. Returns ([(kind, item, option)], problems).");
  cls.def("decode_cells", &decode_cells, py::arg("item"), py::arg("values"), py::arg("conventions"),
          "Encode the values of one item column as CSV cells are read under the conventions.\n"
          "Returns (encoded float64 array, problems).");
  cls.def_static("decode_checkboxes", &decode_checkboxes, py::arg("values"), py::arg("conventions"),
                 "REDCap checkbox cells -> (1/0/NaN float64 array, positions of bad values).");
  cls.def("sources", &sources, "Every source file, main first: [(path, text)].");
  cls.def(
      "resources_json",
      [](const RuleSet& rs) -> py::object {
        if (!rs.resources().deployed) return py::none();
        nlohmann::json out = to_json(rs.resources());  // the result's form -> a resources file's
        nlohmann::json doc = {{"urgent", {{"text", out["text"]}, {"contacts", out["contacts"]}}}};
        if (out.contains("region")) doc["region"] = out["region"];
        return py::str(doc.dump());
      },
      "The deployment's contacts as the JSON text of a resources file; None for the default.");
}

}  // namespace signpost::python
