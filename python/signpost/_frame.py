"""RuleSet.evaluate_frame: a DataFrame of responses in, a DataFrame of results out.

Each item column is handed to the C++ side in one of three forms, none with a Python object
per row:

- ``("numbers", array)``: a numeric column of any dtype, read in place (a view, any stride);
- ``("masked", values, mask)``: a pandas nullable column (``Int8``...``Int64``, ``Float64``,
  ``boolean``), its values and its mask of missing cells read in place;
- ``("codes", codes, table)``: a categorical, string or object column, factorised by pandas'
  hash table; each distinct value is decoded once by the engine's own answer decoder (so the
  messages are the ones ``evaluate`` gives) into ``table``, and ``codes`` pick it per row;
- ``("encoded", array)``: cells that cannot be factorised (lists for multiple choice), decoded
  one at a time.

The C++ side (python/src/columns.cpp) then decodes, checks and evaluates a chunk of rows at a
time with the GIL released, and writes each result column in the form the DataFrame holds.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Tuple

import numpy as np
import numpy.typing as npt

from ._errors import AnswerError, AnswerProblem

# (row position or None, item id or None, code, pointer, message, allowed[, item order])
Problem = Tuple[Any, ...]

def _series(pd: Any, values: Any, n: int, name: str) -> Any:
    s = values if isinstance(values, pd.Series) else pd.Series(
        values if isinstance(values, (np.ndarray, pd.api.extensions.ExtensionArray)) else list(values),
        copy=False)
    if len(s) != n:
        raise ValueError(f"column {name!r} has {len(s)} values, expected {n}")
    return s


def _table(core: Any, i: int, codes: npt.NDArray[Any], uniques: List[Any]) -> Tuple[npt.NDArray[np.float64], List[Problem]]:
    """Decode each distinct value once; a bad value's problems are reported on every row holding it."""
    table, problems = core.decode_objects(i, uniques)
    expanded: List[Problem] = []
    for k, item, code, pointer, message, allowed in problems:
        for r in np.flatnonzero(codes == k):
            expanded.append((int(r), item, code, pointer, message, allowed))
    return table, expanded


def _input(pd: Any, core: Any, i: int, kind: str, s: Any) -> Tuple[Tuple[Any, ...], List[Problem]]:
    """One item column -> (input spec for evaluate_columns, problems found decoding it)."""
    dtype = s.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        table, problems = _table(core, i, codes, s.cat.categories.tolist())
        return ("codes", codes, table), problems
    is_bool = pd.api.types.is_bool_dtype(dtype)
    if (is_bool and kind == "boolean") or (not is_bool and pd.api.types.is_numeric_dtype(dtype)):
        if isinstance(dtype, np.dtype):  # NumPy-backed: read in place by the C++ decoder
            return ("numbers", s.to_numpy()), []
        # pandas' nullable Int8..Int64/Float64/boolean: their values and mask, read in place
        values, mask = getattr(s.array, "_data", None), getattr(s.array, "_mask", None)
        if isinstance(values, np.ndarray) and isinstance(mask, np.ndarray):
            return ("masked", values, mask), []
        return ("numbers", s.to_numpy(dtype=np.float64, na_value=np.nan)), []  # <NA> becomes NaN
    try:
        codes, uniques = pd.factorize(s)
    except TypeError:  # unhashable cells (lists): one at a time
        encoded, problems = core.decode_objects(i, s.to_numpy(dtype=object))
        return ("encoded", encoded), problems
    table, problems = _table(core, i, codes, list(uniques.tolist()))
    return ("codes", codes, table), problems


def _raise(problems: List[Problem], labels: Any) -> None:
    problems.sort(key=lambda p: (-1 if p[0] is None else p[0], p[6]))
    raise AnswerError(
        AnswerProblem(code, message, item, pointer, allowed, None if r is None else labels[r])
        for r, item, code, pointer, message, allowed, _order in problems
    )


def _columns(pd: Any, data: Any) -> Tuple[List[str], Any, int, Any]:
    """(column names, getter, rows, index) of a DataFrame or a mapping of columns."""
    if isinstance(data, pd.DataFrame):
        if not data.columns.is_unique:
            dup = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
            raise ValueError(f"duplicate column names: {', '.join(dup)}")
        return [str(c) for c in data.columns], data.__getitem__, len(data), data.index
    if isinstance(data, Mapping):
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"the columns have different lengths: {sorted(lengths)}")
        n = lengths.pop() if lengths else 0
        return [str(c) for c in data], data.__getitem__, n, pd.RangeIndex(n)
    raise TypeError(f"evaluate_frame takes a pandas.DataFrame or a mapping of columns, "
                    f"not {type(data).__name__}")


def _declared(pd: Any, core: Any, i: int, s: Any, conventions: Dict[str, Any]) -> Tuple[Tuple[Any, ...], List[Problem]]:
    """An item column under declared conventions: each distinct value decoded once by the engine,
    as `signpost batch` decodes a CSV cell (numbers included, so a code means one thing)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = s.cat.codes.to_numpy()
        uniques: List[Any] = s.cat.categories.tolist()
    else:
        try:
            codes, found = pd.factorize(s)
            uniques = list(found.tolist())
        except TypeError:  # unhashable cells (lists): one at a time
            encoded, problems = core.decode_cells(i, s.to_numpy(dtype=object), conventions)
            return ("encoded", encoded), problems
    table, problems = core.decode_cells(i, uniques, conventions)
    expanded: List[Problem] = []
    for k, item, code, pointer, message, allowed in problems:
        for r in np.flatnonzero(codes == k):
            expanded.append((int(r), item, code, pointer, message, allowed))
    return ("codes", codes, table), expanded


def _checkboxes(pd: Any, core: Any, item: Any, columns: List[Tuple[str, int, Any]],
                conventions: Dict[str, Any], n: int) -> Tuple[Tuple[Any, ...], List[Problem]]:
    """REDCap checkbox columns (name, option, series) of one item -> its answers as bit masks:
    unanswered when every column is blank, else the checked options."""
    mask = np.zeros(n)
    answered = np.zeros(n, dtype=bool)
    problems: List[Problem] = []
    for name, option, s in columns:
        codes, uniques = pd.factorize(s)
        values, bad = core.decode_checkboxes(list(uniques.tolist()), conventions)
        x = np.where(codes >= 0, values[np.maximum(codes, 0)], np.nan)
        for k in bad:
            for r in np.flatnonzero(codes == k):
                problems.append((int(r), item.id, "A003", "/" + item.id,
                                 f"'{item.id}': {str(uniques[k])!r} in checkbox column {name!r} is neither "
                                 "checked nor unchecked", "1 or 0, Checked or Unchecked"))
        answered |= ~np.isnan(x)
        mask += np.where(x == 1, 2.0 ** option, 0.0)
    return ("encoded", np.where(answered, mask, np.nan)), problems


def evaluate_frame(rules: Any, data: Any, *, threads: int, bounds: bool, strict: Optional[bool],
                   conventions: Dict[str, Any], errors: str = "raise") -> Any:
    import pandas as pd

    if errors not in ("raise", "skip", "mark"):
        raise ValueError(f"errors must be 'raise', 'skip' or 'mark', not {errors!r}")
    if strict is None:  # a declared list of kept columns, or a REDCap export: everything else is an error
        strict = bool(conventions.get("keep")) or conventions.get("redcap") is not None
    how: Dict[str, Any] = dict(threads=threads, bounds=bounds, strict=strict, conventions=conventions)
    frame, problems, index = _evaluate(pd, rules, data, **how)
    if not problems:
        return frame
    if errors == "raise" or any(p[0] is None for p in problems):
        _raise(problems, index)
    return _without_bad_rows(pd, rules, data, problems, index, errors, how)


def _evaluate(pd: Any, rules: Any, data: Any, *, threads: int, bounds: bool, strict: bool,
              conventions: Dict[str, Any]) -> Tuple[Any, List[Problem], Any]:
    """(frame, [], index), or (None, problems, index) when some cell, row or column is bad.
    Problems: (row position or None, item, code, pointer, message, allowed, item order)."""
    core = rules._core
    items = rules.items
    names, get, n, index = _columns(pd, data)
    declared = any(conventions.get(k) for k in ("missing", "keep", "redcap", "codes"))

    problems: List[Problem] = []
    roles, column_problems = core.plan_columns(names, conventions, strict)
    problems.extend((None,) + tuple(p[1:]) + (-1,) for p in column_problems)
    if problems:  # the columns themselves are wrong: their cells would only repeat it
        return None, problems, index

    inputs: List[Optional[Tuple[Any, ...]]] = [None] * len(items)
    boxes: Dict[int, List[Tuple[str, int, Any]]] = {}
    kept: Dict[str, Any] = {}
    for name, (kind, i, option) in zip(names, roles):
        if kind == "keep":
            kept[name] = _series(pd, get(name), n, name)
        elif kind == "checkbox":
            boxes.setdefault(i, []).append((name, option, _series(pd, get(name), n, name)))
        elif kind == "item":
            s = _series(pd, get(name), n, name)
            if declared:
                spec, found = _declared(pd, core, i, s, conventions)
            else:
                spec, found = _input(pd, core, i, items[i].scale.kind, s)
            inputs[i] = spec
            problems.extend(p + (i,) for p in found)
    for i, columns in boxes.items():
        spec, found = _checkboxes(pd, core, items[i], columns, conventions, n)
        inputs[i] = spec
        problems.extend(p + (i,) for p in found)
    cell_problems, row_problems, values, guidance = core.evaluate_columns(
        inputs, n, threads, bounds, not problems)
    order = {it.id: k for k, it in enumerate(items)}
    problems.extend(p + (order.get(p[1], -1),) for p in cell_problems)
    if not problems:
        problems.extend(p + (order.get(p[1], -1),) for p in row_problems)
    if problems:
        return None, problems, index
    return _frame(pd, rules, index, values, guidance, bounds, kept), [], index


def _without_bad_rows(pd: Any, rules: Any, data: Any, problems: List[Problem], index: Any, errors: str,
                      how: Dict[str, Any]) -> Any:
    """errors="skip" or "mark": evaluate the good rows; leave the bad ones out, or keep them with
    empty results and their problems in a `signpost_errors` column. Either way the problems are
    in ``frame.attrs["signpost_problems"]`` and a warning says how many rows were affected."""
    import warnings

    names, get, n, _ = _columns(pd, data)
    everything = list(problems)
    good = np.arange(n)
    frame = None
    while frame is None:  # bad cells first; then rows that break a rule (A005, A006) among the rest
        bad = {p[0] for p in everything}
        good = np.array([r for r in range(n) if r not in bad], dtype=np.int64)
        if isinstance(data, pd.DataFrame):
            subset: Any = data.iloc[good]
        else:
            subset = {c: _series(pd, get(c), n, c).iloc[good].reset_index(drop=True) for c in names}
        frame, more, _ = _evaluate(pd, rules, subset, **how)
        everything.extend((int(good[p[0]]),) + tuple(p[1:]) for p in more)
    everything.sort(key=lambda p: (p[0], p[6]))
    listed = [AnswerProblem(code, message, item, pointer, allowed, index[r])
              for r, item, code, pointer, message, allowed, _ in everything]
    if errors == "mark":
        for c in frame.columns:
            if frame[c].dtype == bool:
                frame[c] = frame[c].astype("boolean")
        frame = frame.set_axis(good, axis=0).reindex(np.arange(n))
        roles, _ = rules._core.plan_columns(names, how["conventions"], how["strict"])
        for name, (kind, _i, _o) in zip(names, roles):
            if kind == "keep":  # a bad row keeps its record id
                frame[name] = _series(pd, get(name), n, name).to_numpy()
        messages: List[Optional[str]] = [None] * n
        for r, _item, code, _pointer, message, _allowed, _ in everything:
            messages[r] = (messages[r] + "; " if messages[r] else "") + f"[{code}] {message}"
        frame["signpost_errors"] = pd.array(messages, dtype="string")
        frame.index = index
    frame.attrs["signpost_problems"] = listed
    bad_rows = len({p[0] for p in everything})
    warnings.warn(f"{bad_rows} of {n} rows {'skipped' if errors == 'skip' else 'marked'} for invalid answers "
                  "(the problems are in frame.attrs['signpost_problems'])", stacklevel=4)
    return frame


def _frame(pd: Any, rules: Any, index: Any, values: List[Optional[Tuple[Any, ...]]], guidance: List[Problem],
           bounds: bool, kept: Optional[Dict[str, Any]] = None) -> Any:
    out: Dict[str, Any] = {}
    for name, s in (kept or {}).items():  # passed through, first, as they came
        out[name] = s.to_numpy(copy=True)  # a copy: the result shares no memory with the input

    def put(name: str, column: Any) -> None:
        if name in out:  # ids are unique, but a suffixed name could meet another id
            raise ValueError(f"two result columns would be named {name!r}; rename a value or guidance")
        out[name] = column

    def categorical(codes: npt.NDArray[Any], ids: List[str], ordered: bool) -> Any:
        return pd.Categorical.from_codes(codes, categories=ids, ordered=ordered)

    for value, arrays in zip(rules.values, values):
        if arrays is None:  # a threshold: a constant, not a result
            continue
        if value.type == "number":
            put(value.id, arrays[0])
            if bounds:
                put(value.id + "_lo", arrays[1])
                put(value.id + "_hi", arrays[2])
        elif value.type == "boolean":
            put(value.id, pd.arrays.BooleanArray(arrays[0], arrays[1]))
        elif value.type == "option":
            scale = rules.scales[value.scale]
            put(value.id, categorical(arrays[0], list(scale.option_ids()), scale.scored))
        else:  # band
            ids = [b.id for b in value.bands]
            put(value.id, categorical(arrays[0], ids, True))
            if bounds:
                put(value.id + "_lo", categorical(arrays[1], ids, True))
                put(value.id + "_hi", categorical(arrays[2], ids, True))
    for gd, (fired, _) in zip(rules.guidance, guidance):
        put(gd.id, fired)
    for gd, (_, undetermined) in zip(rules.guidance, guidance):
        put(gd.id + "_undetermined", undetermined)
    # copy=False: the arrays are the result's own (written by the engine), so pandas takes them as
    # they are instead of stacking them into 2-D blocks, which copied every column (half the time
    # of a seed-38 frame).
    return pd.DataFrame(out, index=index, copy=False)
