"""The result of evaluating one response: the engine's result document, as a read-only mapping."""
from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union, cast

if TYPE_CHECKING:
    from . import _signpost

__all__ = ["Result"]


class Result(Mapping[str, Any]):
    """What one response leads to. A read-only mapping over the result document.

    The keys are those of ``signpost eval``'s JSON output: ``engine``, ``assessment``
    (id, title, version, content_hash, ...), ``disclaimer``, ``guidance`` (the guidance that
    fired, most pressing level first, each with ``id``, ``level``, ``title``, ``text``,
    ``steps``, ``because``, ``answers`` and ``cites``), ``undetermined`` (guidance the given
    answers cannot decide yet, each with the ``missing`` questions that would decide it),
    ``scores`` (each derived number as ``{"value": ...}``, or ``{"value": None, "at_least": ...,
    "at_most": ...}`` while undecided), ``bands``, ``signs`` and ``answers``.

    The attributes below are shortcuts to those keys. ``to_json()`` gives the same text as the
    command line; in Jupyter a result renders as HTML.
    """

    __slots__ = ("_doc", "_src", "_scores")

    def __init__(self, data: Union[Dict[str, Any], str, "_signpost.Evaluated"]) -> None:
        # The engine hands over the typed result (or, for answers it decodes the long way, the
        # JSON text): the document is written and parsed the first time it is read, so
        # evaluating costs microseconds and a result nobody opens is never built.
        self._doc: Optional[Dict[str, Any]] = data if isinstance(data, dict) else None
        self._src: Union[str, "_signpost.Evaluated", None] = None if isinstance(data, dict) else data
        self._scores: Optional[Dict[str, Dict[str, Any]]] = None

    def _typed(self) -> Optional["_signpost.Evaluated"]:
        """The engine's typed result while the document has not been built, else None."""
        if self._doc is None and self._src is not None and not isinstance(self._src, str):
            return self._src
        return None

    def _text(self) -> str:
        src = self._src
        return src if isinstance(src, str) else cast("_signpost.Evaluated", src).json()

    @property
    def _data(self) -> Dict[str, Any]:
        if self._doc is None:
            self._doc = cast(Dict[str, Any], json.loads(self._text()))
            if self._scores is not None:  # the object handed out before stays the result's
                self._doc["scores"] = self._scores
        return self._doc

    # ---- Mapping --------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    # ---- shortcuts ------------------------------------------------------------------------
    @property
    def guidance(self) -> List[Dict[str, Any]]:
        """The guidance that fired, most pressing level first (urgent, recommend, consider, info)."""
        return cast(List[Dict[str, Any]], self._data["guidance"])

    @property
    def urgent_help(self) -> Optional[Dict[str, Any]]:
        """Who to contact, when urgent guidance fired or could not be ruled out; else ``None``.

        ``text``, ``contacts`` (name, phone, url, text, hours), ``from`` (``"deployment"`` when
        :meth:`RuleSet.with_resources` supplied them, ``"default"`` otherwise) and ``region``.
        """
        return cast(Optional[Dict[str, Any]], self._data.get("urgent_help"))

    @property
    def fired(self) -> Tuple[str, ...]:
        """The ids of the guidance that fired, in the order of :attr:`guidance`."""
        if self._doc is None and not isinstance(self._src, str):
            return cast("_signpost.Evaluated", self._src).fired()  # read from the typed result
        return tuple(g["id"] for g in self._data["guidance"])

    @property
    def undetermined(self) -> List[Dict[str, Any]]:
        """Guidance that may or may not apply: each lists the unanswered ``missing`` items that decide it."""
        return cast(List[Dict[str, Any]], self._data["undetermined"])

    @property
    def scores(self) -> Dict[str, Dict[str, Any]]:
        """Derived values by id: ``{"value": 3}``; while undecided ``{"value": None, "at_least": 2, "at_most": 5}``."""
        typed = self._typed()
        if typed is not None:  # only the scores, from the typed result: not the whole document
            if self._scores is None:
                self._scores = cast(Dict[str, Dict[str, Any]], json.loads(typed.scores_json()))
            return self._scores
        return cast(Dict[str, Dict[str, Any]], self._data["scores"])

    @property
    def bands(self) -> Dict[str, Dict[str, Any]]:
        """Band values by id: ``{"band": id, "label": ...}``; while undecided ``{"band": None, "could_be": [...]}``."""
        return cast(Dict[str, Dict[str, Any]], self._data["bands"])

    @property
    def signs(self) -> List[Dict[str, Any]]:
        """Per section (context sections left out), the answers that count as signs."""
        return cast(List[Dict[str, Any]], self._data["signs"])

    @property
    def answers(self) -> Dict[str, Any]:
        """How many items were answered, and which were unanswered or not asked."""
        return cast(Dict[str, Any], self._data["answers"])

    @property
    def disclaimer(self) -> str:
        """The rule set's disclaimer: show it with every result."""
        return str(self._data["disclaimer"])

    @property
    def assessment(self) -> Dict[str, Any]:
        """Which rules produced the result: id, title, version, language, audience, content_hash."""
        return cast(Dict[str, Any], self._data["assessment"])

    # ---- conversions ----------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        """A deep copy of the result document, as plain dicts and lists."""
        if self._doc is None and self._src is not None:
            # A document parsed afresh is already a copy, and parsing is several times faster
            # than copying a parsed one; the result's own document is left unbuilt.
            doc = cast(Dict[str, Any], json.loads(self._text()))
            if self._scores is not None:
                doc["scores"] = copy.deepcopy(self._scores)
            return doc
        return copy.deepcopy(self._data)

    def to_json(self, indent: int = 2) -> str:
        """The result as JSON text; with the default ``indent`` exactly what ``signpost eval`` prints."""
        return json.dumps(self._data, indent=indent, sort_keys=True, ensure_ascii=False)

    def __repr__(self) -> str:
        fired = ", ".join(self.fired) or "none"
        und = ", ".join(g["id"] for g in self.undetermined) or "none"
        return f"<signpost.Result {self.assessment.get('id', '?')}: fired {fired}; undetermined {und}>"

    def _repr_html_(self) -> str:
        from ._html import result_html

        return result_html(self._data)

    def __reduce__(self) -> Any:
        return (Result, (self._data,))
