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

namespace {

void quoted(const char* s, Py_ssize_t n, std::string& out) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (Py_ssize_t k = 0; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(s[k]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += char(c);
    }
  }
  out += '"';
}

// One answer of the common kinds as JSON text; false for anything else (the caller then takes
// to_json, which converts or rejects it with its message).
bool plain_answer(PyObject* o, std::string& out, bool in_list) {
  if (PyUnicode_CheckExact(o)) {
    Py_ssize_t n = 0;
    const char* s = PyUnicode_AsUTF8AndSize(o, &n);
    if (!s) {
      PyErr_Clear();  // a lone surrogate: to_json reports it
      return false;
    }
    quoted(s, n, out);
    return true;
  }
  if (in_list) return false;
  if (o == Py_None) {
    out += "null";
  } else if (o == Py_True || o == Py_False) {
    out += o == Py_True ? "true" : "false";
  } else if (PyLong_CheckExact(o)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0 || (v == -1 && PyErr_Occurred())) {
      PyErr_Clear();
      return false;
    }
    out += std::to_string(v);
  } else if (PyFloat_CheckExact(o)) {
    double v = PyFloat_AS_DOUBLE(o);
    if (std::isnan(v)) {
      out += "null";
    } else {
      if (!std::isfinite(v)) return false;
      char buf[32];
      int n = std::snprintf(buf, sizeof buf, "%.17g", v);
      out.append(buf, size_t(n));
      if (!std::strpbrk(buf, ".e")) out += ".0";  // stays a float, as nlohmann writes it
    }
  } else if (PyList_CheckExact(o) || PyTuple_CheckExact(o)) {
    PyObject* seq = o;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    out += '[';
    for (Py_ssize_t k = 0; k < n; ++k) {
      if (k) out += ',';
      if (!plain_answer(PySequence_Fast_GET_ITEM(seq, k), out, true)) return false;
    }
    out += ']';
  } else {
    return false;
  }
  return true;
}

}  // namespace

void answers_text(py::handle answers, const std::string& where, std::string& out) {
  const size_t start = out.size();
  PyObject* o = answers.ptr();
  if (PyDict_CheckExact(o)) {
    out += '{';
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    bool plain = true;
    while (plain && PyDict_Next(o, &pos, &key, &value)) {
      if (out.size() > start + 1) out += ',';
      plain = PyUnicode_CheckExact(key) && plain_answer(key, out, true);
      out += ':';
      plain = plain && plain_answer(value, out, false);
    }
    out += '}';
    if (plain) return;
    out.resize(start);
  }
  out += to_json(answers, where).dump();
}

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
