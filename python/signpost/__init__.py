"""signpost: rule-based, non-diagnostic self-assessments, from Python.

A rule file describes the questions a person answers, the values derived from the answers and
the guidance they lead to, each with its reasons and sources. This package compiles rule files
and evaluates answers with the same engine as the ``signpost`` command, one response at a time
or a whole cohort at once.

Quick start::

    import signpost
    rules = signpost.load("rules/self-check.signpost")     # or signpost.compile(text)
    result = rules.evaluate({"pull_away": "often", "flashbacks": True})
    result.fired            # ids of the guidance that fired, most pressing first
    result.undetermined     # guidance the answers cannot decide yet, and what would decide it
    result.to_json()        # exactly what `signpost eval` prints

    frame = rules.evaluate_frame(df)    # one row per response: scores, bands, guidance flags

Unanswered is unknown, never zero: leave an item out (or give None or NaN) and every value
computed from it becomes the range it could still take; guidance that depends on it fires only
if it would fire whatever the missing answer is, and is reported as undetermined otherwise.

Functions:
    load(path)               compile a rule file -> RuleSet
    compile(text, name=...)  compile rule text -> RuleSet

Classes:
    RuleSet        a compiled rule set: evaluate, evaluate_many, evaluate_frame, introspection
    Result         one response's result (a read-only mapping; renders as HTML in Jupyter)
    CompileError   a rule file that does not compile (ValueError); .diagnostics
    Diagnostic     one compile error or warning: code, file, line, column, message, hint
    AnswerError    invalid answers (ValueError); .problems lists every one
    AnswerProblem  one invalid answer: code, item, row, message, allowed
    ResourcesError a deployment's contacts file that cannot be used (ValueError); .problems
    ExampleOutcome one `example` block of the rule file, run (RuleSet.run_examples)
    Item, Scale, Option, Section, Value, Band, Guidance, Source, Citation, Catalog
                   what RuleSet.items, .scales, .sections, .values, .guidance, .sources hold

signpost never diagnoses: every result carries the rule set's disclaimer; show it.
"""
from __future__ import annotations

try:
    from . import _signpost
except ImportError as _error:  # pragma: no cover - a source checkout without the compiled module
    raise ImportError(
        f"signpost's compiled module is missing from {__path__[0]}: this looks like the source tree. "
        "Build it (bash .ci/setup, or cmake) and use the installed package or PYTHONPATH=build/python."
    ) from _error
from ._errors import AnswerError, AnswerProblem, CompileError, Diagnostic, ResourcesError
from ._model import Band, Catalog, Citation, Guidance, Item, Option, Scale, Section, Source, Value
from ._result import Result
from ._ruleset import ExampleOutcome, RuleSet, compile, load

__version__: str = _signpost.version()
"""The engine's version (the same as ``signpost --version``)."""

__all__ = [
    "load", "compile",
    "RuleSet", "Result", "ExampleOutcome",
    "CompileError", "Diagnostic", "AnswerError", "AnswerProblem", "ResourcesError",
    "Catalog", "Item", "Scale", "Option", "Section", "Value", "Band", "Guidance", "Source", "Citation",
    "__version__",
]

# Public classes say they live in `signpost`, so help() and reprs show the names users type.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) or callable(_obj):
        try:
            _obj.__module__ = __name__
        except (AttributeError, TypeError):  # pragma: no cover
            pass
del _name, _obj
