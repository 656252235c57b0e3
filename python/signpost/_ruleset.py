"""Compiling rule files and evaluating answers: load(), compile() and RuleSet."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _signpost
from ._errors import AnswerError, AnswerProblem, CompileError, Diagnostic, ResourcesError
from ._model import Catalog, Guidance, Item, ModelView, Scale, Section, Source, Value
from ._result import Result

__all__ = ["RuleSet", "ExampleOutcome", "load", "compile"]

PathLike = Union[str, "os.PathLike[str]"]


def _diagnostics(raw: Sequence[Tuple[Any, ...]]) -> Tuple[Diagnostic, ...]:
    return tuple(Diagnostic(*d) for d in raw)


def _problems(raw: Iterable[Tuple[Any, ...]], rows: Optional[Sequence[Any]] = None, single: bool = False) -> List[AnswerProblem]:
    out = []
    for row, item, code, pointer, message, allowed in raw:
        label = None if single else (rows[row] if rows is not None else row)
        out.append(AnswerProblem(code, message, item, pointer, allowed, label))
    return out


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return os.cpu_count() or 1
    if not isinstance(threads, int) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads must be a positive int or None, not {threads!r}")
    return threads


def _from_compiled(name: str, compiled: Tuple[Any, ...]) -> "RuleSet":
    core, diagnostics, rendered, _unreadable = compiled
    diags = _diagnostics(diagnostics)
    if core is None:
        raise CompileError(name, diags, rendered)
    return RuleSet(core, name, tuple(d for d in diags if not d.is_error))


def load(path: PathLike) -> "RuleSet":
    """Compile the rule file at ``path`` (its imports are read relative to it).

    Raises :class:`CompileError` listing every error (and warning) when it does not compile,
    including when the file cannot be read (code ``E050``). Warnings of a file that compiles
    are kept in :attr:`RuleSet.warnings`.

    >>> rules = signpost.load("rules/self-check.signpost")   # doctest: +SKIP
    """
    name = os.fspath(path)
    return _from_compiled(name, _signpost.compile_file(name))


def compile(text: str, name: str = "<string>") -> "RuleSet":  # noqa: A001 - signpost.compile
    """Compile rule text. ``name`` is used in diagnostics; ``import`` paths resolve relative to it.

    Raises :class:`CompileError` (a ``ValueError``) listing every error when it does not compile.
    """
    if not isinstance(text, str):
        raise TypeError(f"compile() takes the rule text as a str, not {type(text).__name__}")
    return _from_compiled(name, _signpost.compile_source(text, name))


def _frame_function() -> Any:
    """The DataFrame path, or an ImportError that says what to install."""
    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as error:
        raise ImportError(
            f"this needs pandas and numpy, which are not installed ({error}): install them with "
            "`pip install pandas` (or `pip install signpost[frame]`; on Debian `apt install python3-pandas`). "
            "RuleSet.evaluate and evaluate_many work without them."
        ) from error
    from ._frame import evaluate_frame

    return evaluate_frame


def _restore(name: str, sources: Sequence[Tuple[str, str]], content_hash: str,
             resources: Optional[str]) -> "RuleSet":
    """Unpickles a RuleSet: compiles its sources (imports from them, not from disk)."""
    rules = _from_compiled(name, _signpost.compile_sources(list(sources)))
    if rules.content_hash != content_hash:  # pragma: no cover - a different engine reading the same text
        raise ValueError(f"unpickled rules {name!r} do not match: hash {rules.content_hash}, expected {content_hash}")
    if resources is not None:
        rules = rules.with_resources(json.loads(resources))
    return rules


@dataclass(frozen=True)
class ExampleOutcome:
    """One ``example`` block of a rule file, run: ``failures`` is empty when it passed."""

    title: str
    file: str
    line: int
    failures: Tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when every expectation of the example held."""
        return not self.failures


class RuleSet:
    """A compiled rule set: immutable, and safe to share between threads.

    Create one with :func:`load` or :func:`compile`. Evaluate one response with
    :meth:`evaluate`, many with :meth:`evaluate_many` (a list of results) or
    :meth:`evaluate_frame` (a ``pandas.DataFrame``, the fast path). Inspect it with
    :attr:`items`, :attr:`sections`, :attr:`scales`, :attr:`values`, :attr:`guidance` and
    :attr:`sources`; :attr:`content_hash` identifies the exact rule text.
    """

    def __init__(self, core: Any, name: str, warnings: Tuple[Diagnostic, ...] = ()) -> None:
        self._core = core
        self._name = name
        self._warnings = warnings
        self._raw: Dict[str, Any] = core.model()
        self._view: Optional[ModelView] = None

    # ---- identity -------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The path or name the rule set was compiled from."""
        return self._name

    @property
    def id(self) -> str:
        """The assessment's id."""
        return str(self._raw["id"])

    @property
    def title(self) -> str:
        """The assessment's title."""
        return str(self._raw["title"])

    @property
    def version(self) -> str:
        """The rule set's own version (from its ``assessment`` header)."""
        return str(self._raw["version"])

    @property
    def language(self) -> str:
        """The language of its texts (``"en"`` by default)."""
        return str(self._raw["language"])

    @property
    def languages(self) -> Tuple[str, ...]:
        """The languages its texts can be shown in: its own first, then its translations'."""
        return tuple(self._core.languages())

    def in_language(self, lang: str) -> "RuleSet":
        """The same rules with every text a person sees in ``lang`` (one of :attr:`languages`).

        Cheap: the compiled rules are shared. Raises ``ValueError`` naming the languages there
        are when the rule set has no such translation.
        """
        core = self._core.in_language(lang)
        if core is None:
            raise ValueError(f"{self.id!r} has no {lang!r} translation; it has {', '.join(self.languages)}")
        return RuleSet(core, self._name, self._warnings)

    def _shown_in(self, lang: Optional[str]) -> "RuleSet":
        return self if lang is None else self.in_language(lang)

    @property
    def audience(self) -> str:
        """Who answers: ``self``, ``partner``, ``clinician``, ``researcher`` or ``carer``."""
        return str(self._raw["audience"])

    @property
    def disclaimer(self) -> str:
        """The disclaimer every result carries."""
        return str(self._raw["disclaimer"])

    @property
    def content_hash(self) -> str:
        """``sha256:...`` of every source file in import order: which exact rules produced a result."""
        return str(self._core.content_hash)

    @property
    def files(self) -> Tuple[str, ...]:
        """Every file that took part in the compilation: the main file first, then its imports."""
        return tuple(self._raw["files"])

    @property
    def warnings(self) -> Tuple[Diagnostic, ...]:
        """The compiler's warnings (the rule set compiled, but something deserves a look)."""
        return self._warnings

    # ---- introspection --------------------------------------------------------------------
    @property
    def _model(self) -> ModelView:
        if self._view is None:
            self._view = ModelView(self._raw)
        return self._view

    @property
    def items(self) -> Catalog[Item]:
        """Every question, in order; index by position or id: ``rules.items["pull_away"]``."""
        return self._model.items

    @property
    def sections(self) -> Catalog[Section]:
        """The sections, in order, each with the ids of its items."""
        return self._model.sections

    @property
    def scales(self) -> Catalog[Scale]:
        """Every scale declared or imported (and the built-in ``yesno``)."""
        return self._model.scales

    @property
    def values(self) -> Catalog[Value]:
        """The derived values (``let``, ``threshold`` and ``band``), in declaration order."""
        return self._model.values

    @property
    def guidance(self) -> Catalog[Guidance]:
        """The guidance, in declaration order."""
        return self._model.guidance

    @property
    def sources(self) -> Catalog[Source]:
        """The sources that questions and guidance cite."""
        return self._model.sources

    def disassemble(self) -> str:
        """The compiled program as text (as ``signpost check --disassemble`` prints it)."""
        return str(self._core.disassemble())

    def run_examples(self) -> List[ExampleOutcome]:
        """Run the rule file's ``example`` blocks (as ``signpost test`` does)."""
        return [ExampleOutcome(t, f, line, tuple(fails)) for t, f, line, fails in self._core.examples()]

    # ---- evaluation -----------------------------------------------------------------------
    def evaluate(self, answers: Optional[Mapping[str, Any]] = None, /, *, lang: Optional[str] = None,
                 **more: Any) -> Result:
        """Evaluate one response and return its :class:`Result`.

        ``answers`` maps item ids to answers: an option id (``"often"``) or, on a scale with
        numbers, the option's number; ``True``/``False`` or ``"yes"``/``"no"``; a list of
        option ids for a multiple-choice item; a number for a number scale. ``None`` and NaN
        mean unanswered, as does leaving the item out. Keyword arguments add answers:
        ``rules.evaluate(pull_away="often")`` (an item named ``lang`` is answered in the mapping:
        ``lang=`` chooses the language of the result's texts, see :meth:`in_language`).

        Raises :class:`AnswerError` listing every invalid answer (nothing is evaluated then),
        and ``TypeError`` for a value that cannot be an answer at all (a date, an object).
        """
        if answers is None:
            answers = {}
        if not isinstance(answers, Mapping):
            raise TypeError(f"answers must be a mapping of item ids to answers, not {type(answers).__name__}")
        if more:
            answers = {**answers, **more}
        ok, result, problems = self._shown_in(lang)._core.evaluate(answers)
        if not ok or result is None:
            raise AnswerError(_problems(problems, single=True))
        return Result(result)

    def with_resources(self, resources: Union[Mapping[str, Any], str, "os.PathLike[str]"]) -> "RuleSet":
        """The same rules, with a deployment's contacts for when safety is at stake.

        ``resources`` is a mapping or the path of a JSON file::

            {"region": "United Kingdom",
             "urgent": {"text": "If you are in danger now, call 999.",
                        "contacts": [{"name": "Emergency services", "phone": "999"}]}}

        Results then carry these contacts in ``urgent_help`` whenever urgent guidance fired or
        could not be ruled out; without them a neutral text that names no number is used. The
        compiled rules are shared, not copied. Raises :class:`ResourcesError` listing every
        problem (codes R001-R003).
        """
        if isinstance(resources, Mapping):
            text = json.dumps(resources)
        elif isinstance(resources, (str, os.PathLike)):
            with open(resources, encoding="utf-8") as f:
                text = f.read()
        else:
            raise TypeError(f"resources must be a mapping or a path, not {type(resources).__name__}")
        ok, core, problems = self._core.with_resources(text)
        if not ok or core is None:
            raise ResourcesError(AnswerProblem(code, message, None, pointer, allowed or None)
                                 for code, pointer, message, allowed in problems)
        return RuleSet(core, self._name, self._warnings)

    def document(self, *, lang: Optional[str] = None) -> str:
        """The rule set as a Markdown document for review (what ``signpost doc`` writes), its
        texts in ``lang`` when given."""
        return str(self._shown_in(lang)._core.document())

    def evaluate_json(self, text: Union[str, bytes]) -> Result:
        """Evaluate one response given as JSON text (as ``signpost eval --answers`` reads it)."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        ok, result, problems = self._core.evaluate_text(text)
        if not ok:
            raise AnswerError(_problems(problems, single=True))
        return Result(result)

    def evaluate_many(self, responses: Iterable[Mapping[str, Any]], *, threads: Optional[int] = None,
                      lang: Optional[str] = None) -> List[Result]:
        """Evaluate many responses (any iterable of answer mappings) into a list of results.

        Answers are read as in :meth:`evaluate`. The evaluation runs on ``threads`` threads
        (default: every CPU) with the GIL released. If any response is invalid, raises
        :class:`AnswerError` listing every problem of every response, each with its ``row``
        (the response's position). For large batches prefer :meth:`evaluate_frame`.
        """
        results, problems = self._shown_in(lang)._core.evaluate_many(responses, _threads(threads), typed=True)
        if problems:
            raise AnswerError(_problems(problems))
        return [Result(r) for r in results if r is not None]  # (None only for invalid rows: raised above)

    def evaluate_frame(self, data: Any, *, threads: Optional[int] = None, bounds: bool = False,
                       strict: Optional[bool] = None, missing: Optional[Iterable[Any]] = None,
                       keep: Optional[Iterable[str]] = None, redcap: Optional[str] = None,
                       codes: Optional[Mapping[str, int]] = None, errors: str = "raise",
                       lang: Optional[str] = None) -> Any:
        """Evaluate one response per row of a ``pandas.DataFrame``; returns a DataFrame.

        Input: one column per item, named by item id (an absent item column means nobody
        answered it). A mapping of item ids to 1-d arrays works too. Cells hold what
        :meth:`evaluate` accepts, with NaN, None and ``pandas.NA`` meaning unanswered: option
        ids or the options' numbers (numeric, object, string or categorical columns),
        ``True``/``False``, 0/1 or ``"yes"``/``"no"`` for yes/no items, lists (or a bit mask of
        option indexes) for multiple choice, numbers for number scales. Numeric and categorical
        columns are decoded without a Python object per row.

        Declared input conventions (the same as ``signpost batch``'s options; see
        docs/research.md). Once any is given, every cell is read as ``signpost batch`` reads a
        CSV cell: options by id or label in any case (where that names one option), numbers in
        text, yes/no in any case.

        - ``missing=["UNK", -99]``: cells read as unanswered (missing-data codes);
        - ``keep=["record_id", "redcap_event_name"]``: columns copied to the output, first;
        - ``redcap="raw"`` or ``"labels"``: a REDCap export as it is: codes (the options'
          numbers) or labels; checkbox columns ``field___code`` make up the multiple-choice item
          ``field``; REDCap's own columns (the first column, ``redcap_*``, ``*_complete``,
          ``*_timestamp``) are kept. Codes that could count from 0 or from 1 are an error
          (A020) until declared with ``codes={"frequency": 1}`` (the code of the first option).

        ``strict``: a column that is neither an item nor kept is an error (A001, every such
        column listed at once). Default: on when ``keep`` or ``redcap`` is given, else off (other
        columns are ignored).

        ``errors``: ``"raise"`` (default) raises :class:`AnswerError` listing every bad cell and
        every row that answers a question it was not asked or leaves a required one unanswered,
        each with its row label and item; ``"skip"`` leaves such rows out (as ``signpost batch
        --skip-invalid``); ``"mark"`` keeps them with empty results and their problems in a
        ``signpost_errors`` column. With skip and mark the problems are in
        ``frame.attrs["signpost_problems"]`` and a warning gives their count. Problems with
        columns (unknown, ambiguous) always raise.

        Output: the input's index, the kept columns, and in declaration order,

        - per derived number ``<id>``: float64, NaN when undecided (some answers missing) or not
          applicable; with ``bounds=True`` also ``<id>_lo`` and ``<id>_hi``, the range it could
          still take (equal when decided);
        - per yes/no value ``<id>``: pandas ``boolean``, ``<NA>`` when undecided;
        - per option value ``<id>``: categorical of option ids;
        - per band ``<id>``: ordered categorical of band ids, NaN when undecided (with
          ``bounds=True``, ``<id>_lo``/``<id>_hi`` give the lowest and highest band it could be);
        - per guidance ``<id>``: bool, True when it fired;
        - per guidance ``<id>_undetermined``: bool, True when the answers cannot decide it yet.

        Thresholds (constants) are left out. Rows run on ``threads`` threads (default: every
        CPU) with the GIL released; the result does not depend on the thread count.

        ``lang``: the language of the answers and results (one of :attr:`languages`): in a rule
        set with translations, options (and yes/no) may be given by their labels in it ("Oft"
        for ``often`` in German), as in :meth:`evaluate` with the same ``lang``.

        Needs pandas and numpy (optional dependencies: ``pip install signpost[frame]``).
        """
        evaluate = _frame_function()
        conventions = {"missing": None if missing is None else [str(m) for m in missing],
                       "keep": None if keep is None else [str(k) for k in keep],
                       "redcap": redcap, "codes": None if codes is None else dict(codes)}
        return evaluate(self._shown_in(lang), data, threads=_threads(threads), bounds=bounds, strict=strict,
                        conventions=conventions, errors=errors)

    # ---- pickling: by sources and hash ------------------------------------------------------
    def __reduce__(self) -> Tuple[Any, ...]:
        # The sources, not the compiled program: a worker process (multiprocessing, Dask)
        # compiles them again, and the content hash proves it got the very same rules.
        return (_restore, (self._name, tuple(self._core.sources()), self.content_hash,
                           self._core.resources_json()))

    # ---- display --------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<signpost.RuleSet {self.id} {self.version!r}: {len(self._raw['items'])} items, "
                f"{len(self._raw['values'])} values, {len(self._raw['guidance'])} guidance>")

    def _repr_html_(self) -> str:
        from ._html import ruleset_html

        return ruleset_html(self)
