// Python objects <-> the engine's JSON. Answers come in as Python values; results go out as
// plain dicts and lists, so they pickle, print and serialise like any other Python data.
#include <cmath>
#include <cstring>

#include "bindings.hpp"

namespace signpost::python {
using nlohmann::json;

namespace {

constexpr int kMaxDepth = 64;

bool type_named(py::handle value, const char* suffix) {
  const char* name = Py_TYPE(value.ptr())->tp_name;
  size_t n = std::strlen(name), k = std::strlen(suffix);
  return n >= k && std::strcmp(name + n - k, suffix) == 0 && (n == k || name[n - k - 1] == '.');
}

[[noreturn]] void type_error(py::handle value, const std::string& where) {
  std::string type = py::str(py::type::handle_of(value).attr("__name__"));
  throw py::type_error(where + ": a " + type + " cannot be an answer (use a str, bool, number, list of str or None)");
}

json convert(py::handle value, const std::string& where, int depth) {
  if (depth > kMaxDepth) throw py::value_error(where + ": the answers are nested too deeply");
  PyObject* o = value.ptr();
  if (o == Py_None) return nullptr;
  if (PyBool_Check(o)) return o == Py_True;
  if (PyUnicode_Check(o)) return value.cast<std::string>();
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow == 0 && !(v == -1 && PyErr_Occurred())) return v;
    PyErr_Clear();
    return PyLong_AsDouble(o);  // out of int64 range: the decoder reports it as out of range
  }
  if (PyFloat_Check(o)) {
    double v = PyFloat_AS_DOUBLE(o);
    if (std::isnan(v)) return nullptr;
    return v;
  }
  if (PyDict_Check(o)) {
    json j = json::object();
    for (auto kv : py::reinterpret_borrow<py::dict>(value)) {
      if (!PyUnicode_Check(kv.first.ptr()))
        throw py::type_error(where + ": keys must be item ids (str), found " +
                             std::string(py::str(py::repr(kv.first))));
      std::string key = kv.first.cast<std::string>();
      j[key] = convert(kv.second, where.empty() ? key : where + "/" + key, depth + 1);
    }
    return j;
  }
  if (PyList_Check(o) || PyTuple_Check(o) || PyAnySet_Check(o)) {
    json j = json::array();
    for (auto e : value) j.push_back(convert(e, where, depth + 1));
    return j;
  }
  if (type_named(value, "bool_")) return value.attr("__bool__")().cast<bool>();  // numpy.bool_
  if (is_missing(value)) return nullptr;
  if (type_named(value, "ndarray")) return convert(value.attr("tolist")(), where, depth + 1);
  if (PyIndex_Check(o)) return convert(py::reinterpret_steal<py::object>(PyNumber_Index(o)), where, depth);
  if (py::isinstance(value, py::module_::import("collections.abc").attr("Mapping")))
    return convert(py::dict(py::reinterpret_borrow<py::object>(value)), where, depth);
  if (PyNumber_Check(o) && !PySequence_Check(o)) {  // numpy.float32, decimal.Decimal, fractions ...
    PyObject* f = PyNumber_Float(o);
    if (!f) throw py::error_already_set();
    return convert(py::reinterpret_steal<py::object>(f), where, depth);
  }
  type_error(value, where.empty() ? "answers" : where);
}

}  // namespace

bool is_missing(py::handle value) {
  PyObject* o = value.ptr();
  if (o == Py_None) return true;
  if (PyFloat_Check(o)) return std::isnan(PyFloat_AS_DOUBLE(o));
  return type_named(value, "NAType") || type_named(value, "NaTType");
}

json to_json(py::handle value, const std::string& where) { return convert(value, where, 0); }

py::object to_python(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(j.get<bool>());
    case json::value_t::number_integer: return py::int_(j.get<int64_t>());
    case json::value_t::number_unsigned: return py::int_(j.get<uint64_t>());
    case json::value_t::number_float: return py::float_(j.get<double>());
    case json::value_t::string: return py::str(j.get_ref<const std::string&>());
    case json::value_t::array: {
      py::list l(j.size());
      for (size_t k = 0; k < j.size(); ++k) l[k] = to_python(j[k]);
      return std::move(l);
    }
    case json::value_t::object: {
      py::dict d;
      for (auto it = j.begin(); it != j.end(); ++it) d[py::str(it.key())] = to_python(it.value());
      return std::move(d);
    }
    default: return py::none();
  }
}

}  // namespace signpost::python
