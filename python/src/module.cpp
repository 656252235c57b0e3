// The private extension module `signpost._signpost`. It exposes the engine's façade as plain
// Python data (tuples, dicts, NumPy arrays); the `signpost` package wraps it in the public API.
#include <algorithm>
#include <exception>
#include <memory>

#include <pybind11/stl.h>

#include "bindings.hpp"
#include "engine/evaluate/chunks.hpp"

namespace signpost::python {
namespace {
using nlohmann::json;

py::tuple compiled_tuple(Compiled&& c) {
  py::list diagnostics;
  for (const auto& d : c.diagnostics) diagnostics.append(diagnostic_tuple(d, *c.sources));
  py::object rules = c.ruleset ? py::cast(std::move(*c.ruleset)) : py::object(py::none());
  return py::make_tuple(rules, diagnostics, c.render(false), c.unreadable);
}

py::list problems_of(const RuleSet& rs, size_t row, const std::vector<AnswerError>& errors) {
  py::list out;
  for (const auto& e : errors) out.append(problem_tuple(row, item_of(rs, e), e));
  return out;
}

py::tuple eval_tuple(const RuleSet& rs, const EvalResult& r) {
  return py::make_tuple(r.ok, to_python(r.result), problems_of(rs, 0, r.errors));
}

// One evaluated response, kept typed (report/result.hpp): its JSON text is written, and Python's
// Result parses it, only when it is read. A 20 KB text per response is what made evaluate_many
// slow: fresh memory for every result costs page faults, ten times the evaluation itself. The
// copy of the rule set keeps the model the result refers into alive.
struct Evaluated {
  RuleSet rules;
  Result result;
};

// One response, without the GIL: plain answers (the usual case) give a typed result; anything
// else takes evaluate_json's full path, which gives the result text or every problem.
struct Outcome {
  bool ok = false;
  std::unique_ptr<Evaluated> typed;
  std::string text;
  std::vector<AnswerError> errors;
};

void evaluate_one(const RuleSet& rs, std::string_view answers, Outcome& o) {
  o.typed = std::make_unique<Evaluated>(Evaluated{rs, {}});
  o.ok = rs.evaluate_result(answers, o.typed->result);
  if (o.ok) return;
  o.typed.reset();
  o.text.clear();
  o.ok = rs.evaluate_json(answers, o.text, &o.errors);
}

// The result for Python: the typed handle, or JSON text (`text`: always text).
py::object outcome_object(const RuleSet& rs, Outcome& o, bool text) {
  if (!o.typed) return py::str(o.text);
  if (!text) return py::cast(std::move(o.typed));
  thread_local std::string buf;
  buf.clear();
  rs.write_json(o.typed->result, buf);
  return py::str(buf.data(), buf.size());
}

py::tuple evaluate(const RuleSet& rs, py::handle answers) {
  thread_local std::string in;  // kept: no allocation per call
  in.clear();
  answers_text(answers, "", in);
  Outcome o;
  {
    py::gil_scoped_release unlocked;
    evaluate_one(rs, in, o);
  }
  if (!o.ok) return py::make_tuple(false, py::none(), problems_of(rs, 0, o.errors));
  return py::make_tuple(true, outcome_object(rs, o, false), py::list());
}

py::tuple evaluate_text(const RuleSet& rs, const std::string& text) {
  EvalResult r;
  {
    py::gil_scoped_release unlocked;
    r = rs.evaluate_text(text);
  }
  return eval_tuple(rs, r);
}

// Rows are converted to answers text under the GIL, a chunk at a time, and evaluated without it
// on `threads` workers through for_each_chunk (evaluate/chunks.hpp), the loop every batch path
// shares (the calling thread lets go of the GIL while it waits for the workers), so memory stays bounded and results come back in row order. Results are None for
// invalid rows, whose problems are listed by row. `typed`: results as Evaluated handles where
// possible, else always JSON text.
struct ManyChunk {
  size_t base = 0;              // the index of the chunk's first row
  std::string inputs;           // the chunk's answers, one text after another
  std::vector<size_t> ends;     // where each row's text ends in `inputs`
  std::vector<Outcome> outs;
};

py::tuple evaluate_many(const RuleSet& rs, const py::iterable& rows, unsigned threads, size_t chunk, bool typed) {
  threads = std::max(1u, threads);
  chunk = std::max<size_t>(1, chunk);
  py::list results, problems;
  py::iterator it = py::iter(rows);
  size_t next_row = 0;
  // read and emit run on this thread, which holds the GIL; a Python error there must not unwind
  // through the worker threads, so it is kept and raised once they have stopped.
  std::exception_ptr failed;
  for_each_chunk<ManyChunk>(
      threads, [] { return 0; },
      [&](ManyChunk& c) {
        c.base = next_row, c.inputs.clear(), c.ends.clear();
        try {
          for (; c.ends.size() < chunk && it != py::iterator::sentinel(); ++it) {
            answers_text(*it, "row " + std::to_string(next_row), c.inputs);
            c.ends.push_back(c.inputs.size());
            ++next_row;
          }
        } catch (...) {
          failed = std::current_exception();
          return false;
        }
        return !c.ends.empty();
      },
      [&](int, ManyChunk& c) {
        // Inline (one thread) this runs on the caller's thread: let other Python threads run.
        std::unique_ptr<py::gil_scoped_release> unlocked;
        if (PyGILState_Check()) unlocked = std::make_unique<py::gil_scoped_release>();
        c.outs.resize(c.ends.size());
        for (size_t k = 0; k < c.ends.size(); ++k) {
          const size_t b = k ? c.ends[k - 1] : 0;
          evaluate_one(rs, std::string_view(c.inputs).substr(b, c.ends[k] - b), c.outs[k]);
        }
      },
      [&](ManyChunk& c) {
        try {
          for (size_t k = 0; k < c.ends.size(); ++k) {
            if (c.outs[k].ok) {
              results.append(outcome_object(rs, c.outs[k], !typed));
            } else {
              results.append(py::none());
              for (auto p : problems_of(rs, c.base + k, c.outs[k].errors)) problems.append(p);
            }
          }
        } catch (...) {
          failed = std::current_exception();
          return false;
        }
        return true;
      },
      // While this thread waits for the workers, other Python threads run (a web server's).
      [](auto&& block) {
        py::gil_scoped_release unlocked;
        block();
      });
  if (failed) std::rethrow_exception(failed);
  return py::make_tuple(results, problems);
}

py::list examples(const RuleSet& rs) {
  py::list out;
  for (const auto& e : run_examples(rs)) {
    LineCol lc;
    std::string file;
    if (e.span.file < rs.sources().size()) {
      file = rs.sources().file(e.span.file).path();
      lc = rs.sources().file(e.span.file).locate(e.span.begin);
    }
    out.append(py::make_tuple(e.title, file, lc.line, e.failures));
  }
  return out;
}

// Compiles without the GIL (other Python threads run meanwhile), then converts with it.
template <class Compile>
py::tuple compile_unlocked(Compile compile) {
  Compiled c;
  {
    py::gil_scoped_release unlocked;
    c = compile();
  }
  return compiled_tuple(std::move(c));
}

void bind_compile(py::module_& m) {
  m.def(
      "compile_source",
      [](std::string text, std::string name) {
        return compile_unlocked([&] { return compile_source(std::move(text), std::move(name)); });
      },
      py::arg("text"), py::arg("name"),
      "Compile rule text (imports are read relative to `name`). Returns\n"
      "(rules or None, diagnostics, rendered diagnostics, unreadable).");
  m.def(
      "compile_file", [](std::string path) { return compile_unlocked([&] { return compile_file(path); }); },
      py::arg("path"), "Compile a rule file. Returns as compile_source.");
  m.def(
      "compile_sources",
      [](const std::vector<std::pair<std::string, std::string>>& files) {
        return compile_unlocked([&] { return compile_from_sources(files); });
      },
      py::arg("files"),
      "Compile from sources in memory, [(path, text)] with the main file first; imports are\n"
      "read from them, not from disk. Returns as compile_source.");
}

void bind_evaluated(py::module_& m) {
  py::class_<Evaluated>(m, "Evaluated", "One evaluated response, typed; signpost.Result reads it.")
      .def("json", [](const Evaluated& e) {
        std::string text;
        e.rules.write_json(e.result, text);
        return py::str(text.data(), text.size());
      }, "The result as compact JSON text (what evaluate_json writes).")
      .def("fired", [](const Evaluated& e) {
        py::tuple ids(e.result.guidance.size());
        for (size_t k = 0; k < e.result.guidance.size(); ++k) ids[k] = py::str(e.result.guidance_of(e.result.guidance[k].guidance).id);
        return ids;
      }, "The ids of the guidance that fired, most pressing first.")
      .def("scores_json", [](const Evaluated& e) {
        std::string text;
        e.rules.write_scores_json(e.result, text);
        return py::str(text.data(), text.size());
      }, "Only the result's \"scores\" object, as JSON text.");
}

// The variants of a rule set: in another language, with a deployment's contacts.
void bind_variants(py::class_<RuleSet>& cls) {
  cls.def(
      "in_language",
      [](const RuleSet& rs, const std::string& lang) -> py::object {
        auto view = rs.in_language(lang);
        return view ? py::cast(*view) : py::none();
      },
      py::arg("lang"), "The same rules with their texts in `lang`, or None when there is no such translation.");
  cls.def(
      "with_resources",
      [](const RuleSet& rs, const std::string& text) {
        Resources res;
        std::vector<AnswerError> errors;
        bool ok = parse_resources_text(text, res, errors);
        py::list problems;
        for (const auto& e : errors) problems.append(py::make_tuple(e.code, e.pointer, e.message, e.allowed));
        return py::make_tuple(ok, ok ? py::cast(rs.with_resources(std::move(res))) : py::none(), problems);
      },
      py::arg("text"),
      "The same rules with a deployment's contacts for urgent guidance, from resources JSON text.\n"
      "Returns (ok, rules or None, [(code, pointer, message, allowed)]).");
}

void bind_rules(py::module_& m) {
  py::class_<RuleSet> cls(m, "CompiledRules",
                          "A compiled, immutable rule set; safe to use from many threads at once.");
  cls.def("model", [](const RuleSet& rs) { return to_python(model_json(rs)); },
          "The checked model as plain data (dicts and lists).");
  cls.def_property_readonly("content_hash", &RuleSet::content_hash, "sha256 of every source file, in import order.");
  cls.def("disassemble", &RuleSet::disassemble, "The compiled program, one instruction a line.");
  cls.def("evaluate", &evaluate, py::arg("answers"),
          "Evaluate one response. Returns (ok, result, problems); the result is an Evaluated, or\n"
          "JSON text for answers that are not plain.");
  cls.def("evaluate_text", &evaluate_text, py::arg("text"),
          "Evaluate one response given as JSON text. Returns (ok, result, problems).");
  cls.def("evaluate_many", &evaluate_many, py::arg("rows"), py::arg("threads") = 1, py::arg("chunk") = 256, py::arg("typed") = false,
          "Evaluate many responses. Returns (results, problems); a result is None for an invalid row,\n"
          "else its JSON text, or with `typed` an Evaluated where the answers were plain.");
  cls.def("examples", &examples, "Run the rule set's examples: [(title, file, line, failures)].");
  cls.def("document", &RuleSet::document, "The rule set as a Markdown review document (`signpost doc`).");
  cls.def("languages", &RuleSet::languages, "Its own language, then those of its translations.");
  bind_variants(cls);
  bind_columns(cls);
  bind_conventions(cls);
}

}  // namespace
}  // namespace signpost::python

PYBIND11_MODULE(_signpost, m) {
  using namespace signpost::python;
  m.doc() =
      "Private bindings of the signpost engine. Use the `signpost` package: it wraps these\n"
      "functions in RuleSet, Result and the error classes.";
  m.def("version", [] { return std::string(signpost::version()); }, "The engine's version.");
  bind_compile(m);
  bind_evaluated(m);
  bind_rules(m);
}
