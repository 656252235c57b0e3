"""Introspection: what a rule set asks and derives, as plain frozen objects.

Everything needed to build a form (items, their prompts and scales' options, skip logic as
text), to label results (value and guidance titles, band labels) and to cite sources.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Dict, Optional, Sequence, SupportsIndex, Tuple, TypeVar, Union, overload

__all__ = [
    "Catalog", "Option", "Scale", "Citation", "Source", "Section", "Item", "Band", "Value", "Guidance",
]

T = TypeVar("T")


class Catalog(Tuple[T, ...]):
    """A tuple of named things (items, scales, ...) in declaration order, also indexable by id.

    ``rules.items[0]`` is the first item, ``rules.items["pull_away"]`` the item with that id;
    ``"pull_away" in rules.items`` tests an id; :meth:`ids` lists them.
    """

    __slots__ = ()

    def __new__(cls, things: Sequence[T] = ()) -> "Catalog[T]":
        return super().__new__(cls, things)  # type: ignore[arg-type]

    @overload
    def __getitem__(self, key: SupportsIndex) -> T: ...
    @overload
    def __getitem__(self, key: str) -> T: ...
    @overload
    def __getitem__(self, key: slice) -> Tuple[T, ...]: ...

    def __getitem__(self, key: Union[SupportsIndex, str, slice]) -> Any:
        if isinstance(key, str):
            for thing in self:
                if thing.id == key:  # type: ignore[attr-defined]
                    return thing
            close = difflib.get_close_matches(key, self.ids(), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise KeyError(f"{key!r} is not one of them{hint}")
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            return any(thing.id == key for thing in self)  # type: ignore[attr-defined]
        return super().__contains__(key)

    def get(self, key: str, default: Optional[T] = None) -> Optional[T]:
        """The thing with id ``key``, or ``default``."""
        try:
            return self[key]
        except KeyError:
            return default

    def ids(self) -> Tuple[str, ...]:
        """Every id, in declaration order."""
        return tuple(thing.id for thing in self)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return f"Catalog({list(self.ids())!r})"


@dataclass(frozen=True)
class Option:
    """One answer option of a choice scale. ``value`` is its number (None on unscored scales)."""

    id: str
    label: str
    value: Optional[float]


@dataclass(frozen=True)
class Scale:
    """The set of possible answers to an item.

    ``kind`` is ``"boolean"`` (the built-in ``yesno``), ``"options"`` (single choice),
    ``"multiple"`` (several options), ``"integer"`` or ``"decimal"`` (``lo`` to ``hi``).
    ``scored`` scales' options carry numbers (ordered, usable in arithmetic); ``endorse_from``
    is the option from which an answer counts as a sign.
    """

    id: str
    title: Optional[str]
    kind: str
    options: Tuple[Option, ...]
    scored: bool
    lo: Optional[float]
    hi: Optional[float]
    endorse_from: Optional[str]

    def option_ids(self) -> Tuple[str, ...]:
        """The options' ids in scale order (``("no", "yes")`` for yes/no)."""
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Citation:
    """A reference to a source, and optionally to one of its sections."""

    source: str
    section: Optional[str]


@dataclass(frozen=True)
class Source:
    """A document that questions and guidance rest on."""

    id: str
    title: str
    publisher: Optional[str]
    date: Optional[str]
    url: Optional[str]
    sections: Tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A titled group of items. A ``context`` section asks about circumstances, not signs."""

    id: str
    title: str
    context: bool
    items: Tuple[str, ...]
    cites: Tuple[Citation, ...]


@dataclass(frozen=True)
class Item:
    """One question.

    ``scale`` is the :class:`Scale` of its answers; ``section`` the id of its section (or None);
    ``ask_when`` the source text of its skip-logic condition (None: always asked);
    ``points`` the score of each option when the item has its own (``points``/``reverse``).
    """

    id: str
    prompt: str
    help: Optional[str]
    scale: Scale
    section: Optional[str]
    required: bool
    reverse: bool
    safety: bool
    points: Optional[Tuple[float, ...]]
    ask_when: Optional[str]
    cites: Tuple[Citation, ...]


@dataclass(frozen=True)
class Band:
    """One row of a band table: values from ``lo`` to ``hi`` (``hi`` included when ``hi_inclusive``)."""

    id: str
    label: str
    lo: float
    hi: float
    hi_inclusive: bool


@dataclass(frozen=True)
class Value:
    """A derived value: ``kind`` ``"let"``, ``"threshold"``, ``"band"`` or ``"table"``.

    ``type`` is ``"number"``, ``"boolean"``, ``"option"`` (``scale`` names its scale) or
    ``"band"`` (``bands`` lists its rows, or a table's outcomes); ``expression`` is its source
    text (a table's: its two inputs, ``"level by support"``); ``lo``/``hi`` the range of values
    it can take.
    """

    id: str
    kind: str
    type: str
    note: Optional[str]
    expression: str
    scale: Optional[str]
    bands: Tuple[Band, ...]
    lo: float
    hi: float
    integral: bool


@dataclass(frozen=True)
class Guidance:
    """A piece of guidance: shown when its ``when`` condition holds.

    ``level`` is ``"urgent"``, ``"recommend"``, ``"consider"`` or ``"info"``; ``items`` lists
    every item the condition depends on (directly, through values, or through skip logic).
    """

    id: str
    level: str
    title: str
    text: Optional[str]
    steps: Tuple[str, ...]
    when: str
    items: Tuple[str, ...]
    cites: Tuple[Citation, ...]


def _cites(raw: Sequence[Dict[str, Any]]) -> Tuple[Citation, ...]:
    return tuple(Citation(c["source"], c["section"]) for c in raw)


class ModelView:
    """The checked model of one rule set, built once from the engine's plain-data export."""

    def __init__(self, raw: Dict[str, Any]) -> None:
        self.raw = raw
        self.scales: Catalog[Scale] = Catalog(
            [
                Scale(
                    s["id"], s["title"], s["kind"],
                    tuple(Option(o["id"], o["label"], o["value"]) for o in s["options"]),
                    s["scored"], s["lo"], s["hi"], s["endorse_from"],
                )
                for s in raw["scales"]
            ]
        )
        self.sources: Catalog[Source] = Catalog(
            [Source(s["id"], s["title"], s["publisher"], s["date"], s["url"], tuple(s["sections"]))
             for s in raw["sources"]]
        )
        self.sections: Catalog[Section] = Catalog(
            [Section(s["id"], s["title"], s["context"], tuple(s["items"]), _cites(s["cites"]))
             for s in raw["sections"]]
        )
        self.items: Catalog[Item] = Catalog(
            [
                Item(
                    i["id"], i["prompt"], i["help"], self.scales[i["scale"]], i["section"], i["required"],
                    i["reverse"], i["safety"], tuple(i["points"]) if i["points"] is not None else None,
                    i["ask_when"], _cites(i["cites"]),
                )
                for i in raw["items"]
            ]
        )
        self.values: Catalog[Value] = Catalog(
            [
                Value(
                    v["id"], v["kind"], v["type"], v["note"], v["expression"], v["scale"],
                    tuple(Band(b["id"], b["label"], b["lo"], b["hi"], b["hi_inclusive"]) for b in v["bands"]),
                    v["lo"], v["hi"], v["integral"],
                )
                for v in raw["values"]
            ]
        )
        self.guidance: Catalog[Guidance] = Catalog(
            [
                Guidance(g["id"], g["level"], g["title"], g["text"], tuple(g["steps"]), g["when"],
                         tuple(g["items"]), _cites(g["cites"]))
                for g in raw["guidance"]
            ]
        )
