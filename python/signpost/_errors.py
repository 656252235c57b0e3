"""Errors as values: compile diagnostics and answer problems, and the exceptions that carry them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Hashable, Iterable, List, Optional, Sequence, Tuple

__all__ = ["Diagnostic", "CompileError", "AnswerProblem", "AnswerError", "ResourcesError"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a rule file: an error (compilation fails) or a warning.

    ``code`` is stable (``E015``, ``W036``, ...; the language reference lists them all).
    ``file``, ``line`` and ``column`` (1-based; columns count Unicode code points) locate the
    start of the problem, ``end_line``/``end_column`` its end; all are ``None`` when the problem
    has no place in a file (a rule file that cannot be read). ``str(diagnostic)`` renders it as
    the command line does: location, message, the source line with a caret, and the hint.
    """

    code: str
    severity: str  #: "error" or "warning"
    message: str
    hint: Optional[str]
    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    rendered: str = field(default="", repr=False, compare=False)

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity == "error"

    @property
    def location(self) -> str:
        """``file:line:column``, or ``""`` when the diagnostic has no place in a file."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}:{self.column}"

    def __str__(self) -> str:
        if self.rendered:
            return self.rendered.rstrip("\n")
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.severity}[{self.code}]: {self.message}"


class CompileError(ValueError):
    """A rule file that does not compile. ``str(error)`` reads like ``signpost check``.

    Attributes:
        diagnostics: every finding (errors and warnings), in source order.
        errors: the errors only; warnings: the warnings only.
        name: the file name (or the ``name`` given to :func:`signpost.compile`).
    """

    def __init__(self, name: str, diagnostics: Sequence[Diagnostic], rendered: str = "") -> None:
        self.name = name
        self.diagnostics: Tuple[Diagnostic, ...] = tuple(diagnostics)
        self.errors: Tuple[Diagnostic, ...] = tuple(d for d in self.diagnostics if d.is_error)
        self.warnings: Tuple[Diagnostic, ...] = tuple(d for d in self.diagnostics if not d.is_error)
        self.rendered = rendered or "".join(str(d) + "\n" for d in self.diagnostics)
        summary = f"{name}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        super().__init__(self.rendered + summary)

    def __reduce__(self) -> Any:
        return (type(self), (self.name, self.diagnostics, self.rendered))


@dataclass(frozen=True)
class AnswerProblem:
    """One invalid answer, found before anything is evaluated.

    ``code`` is stable (``A001`` unknown item, ``A002`` wrong kind of answer, ``A003`` unknown
    option, ``A004`` out of range, ``A005`` required but unanswered, ``A006`` answered but not
    asked, ...). ``item`` is the item's id (``None`` when the problem is not about one item),
    ``pointer`` a JSON pointer to the bad value, ``allowed`` what would have been accepted.
    ``row`` is the response's position (:meth:`RuleSet.evaluate_many`) or index label
    (:meth:`RuleSet.evaluate_frame`); ``None`` for a single response.
    """

    code: str
    message: str
    item: Optional[str] = None
    pointer: str = ""
    allowed: Optional[str] = None
    row: Optional[Hashable] = None

    def __str__(self) -> str:
        where = f"row {self.row!r}: " if self.row is not None else ""
        pointer = f"{self.pointer}: " if self.pointer else ""
        text = f"{where}error[{self.code}]: {pointer}{self.message}"
        if self.allowed:
            text += f"\n  = allowed: {self.allowed}"
        return text


class AnswerError(ValueError):
    """Answers that cannot be evaluated. Every problem is listed, not only the first.

    Attributes:
        problems: the :class:`AnswerProblem` list, ordered by row, then item.
        rows: the labels of the rows with a problem (batch evaluation), without repeats.
    """

    #: How many problems ``str(error)`` shows; ``problems`` always holds all of them.
    shown = 20

    def __init__(self, problems: Iterable[AnswerProblem]) -> None:
        self.problems: Tuple[AnswerProblem, ...] = tuple(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        head = "1 invalid answer" if n == 1 else f"{n} invalid answers"
        lines = [str(p) for p in self.problems[: self.shown]]
        if n > self.shown:
            lines.append(f"... and {n - self.shown} more (see .problems)")
        return head + ":\n" + "\n".join(lines)

    @property
    def rows(self) -> List[Hashable]:
        """The labels of the rows with problems, in order, each once."""
        seen: Dict[Hashable, None] = {}
        for p in self.problems:
            if p.row is not None:
                seen.setdefault(p.row, None)
        return list(seen)

    def to_frame(self) -> Any:
        """The problems as a ``pandas.DataFrame`` (columns row, item, code, message, allowed)."""
        import pandas as pd

        return pd.DataFrame(
            [(p.row, p.item, p.code, p.message, p.allowed) for p in self.problems],
            columns=["row", "item", "code", "message", "allowed"],
        )

    def __reduce__(self) -> Any:
        return (type(self), (self.problems,))


class ResourcesError(ValueError):
    """A deployment's resources (who to contact when safety is at stake) that cannot be used.

    Every problem is listed, as an :class:`AnswerProblem` with a ``R001``–``R003`` code and a
    JSON pointer into the resources document (see the language reference, "Deployment
    resources").
    """

    def __init__(self, problems: Iterable[AnswerProblem]) -> None:
        self.problems: Tuple[AnswerProblem, ...] = tuple(problems)
        super().__init__("unusable resources:\n" + "\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> Any:
        return (type(self), (self.problems,))
