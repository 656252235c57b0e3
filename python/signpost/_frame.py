"""RuleSet.evaluate_frame: a DataFrame of responses in, a DataFrame of results out.

Each item column is handed to the C++ side in one of three forms, none with a Python object
per row:

- ``("numbers", array)``: a numeric column of any dtype, read in place (a view, any stride);
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
        # pandas' nullable Int64/Float64/boolean: <NA> becomes NaN, unanswered
        return ("numbers", s.to_numpy(dtype=np.float64, na_value=np.nan)), []
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


def evaluate_frame(rules: Any, data: Any, *, threads: int, bounds: bool, strict: bool) -> Any:
    import pandas as pd

    core = rules._core
    items = rules.items
    if isinstance(data, pd.DataFrame):
        index = data.index
        if not data.columns.is_unique:
            dup = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
            raise ValueError(f"duplicate column names: {', '.join(dup)}")
        names = [str(c) for c in data.columns]
        get = data.__getitem__
        n = len(data)
    elif isinstance(data, Mapping):
        names = [str(c) for c in data]
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"the columns have different lengths: {sorted(lengths)}")
        n = lengths.pop() if lengths else 0
        index = pd.RangeIndex(n)
        get = data.__getitem__
    else:
        raise TypeError(f"evaluate_frame takes a pandas.DataFrame or a mapping of columns, "
                        f"not {type(data).__name__}")

    problems: List[Problem] = []  # (row position or None, item, code, pointer, message, allowed, item order)
    if strict:
        import difflib

        ids = items.ids()
        for c in names:
            if c not in items:
                close = difflib.get_close_matches(c, ids, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                problems.append((None, None, "A001", "/" + c,
                                 f"column {c!r} is not an item of this assessment{hint}", None, -1))

    inputs: List[Optional[Tuple[Any, ...]]] = [None] * len(items)
    present = set(names)
    for i, item in enumerate(items):
        if item.id in present:
            spec, found = _input(pd, core, i, item.scale.kind, _series(pd, get(item.id), n, item.id))
            inputs[i] = spec
            problems.extend(p + (i,) for p in found)
    cell_problems, row_problems, values, guidance = core.evaluate_columns(
        inputs, n, threads, bounds, not problems)
    order = {it.id: k for k, it in enumerate(items)}
    problems.extend(p + (order.get(p[1], -1),) for p in cell_problems)
    if problems:
        _raise(problems, index)
    if row_problems:
        _raise([p + (order.get(p[1], -1),) for p in row_problems], index)
    return _frame(pd, rules, index, values, guidance, bounds)


def _frame(pd: Any, rules: Any, index: Any, values: List[Optional[Tuple[Any, ...]]], guidance: List[Problem],
           bounds: bool) -> Any:
    out: Dict[str, Any] = {}

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
    return pd.DataFrame(out, index=index)
