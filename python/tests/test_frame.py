"""RuleSet.evaluate_frame: every column form, missing values, the output columns, and errors.

The oracle is RuleSet.evaluate: for every row, the frame must say what the one-response path says.
"""
from __future__ import annotations

import math
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pytest

import signpost
from conftest import longest_pause_while, random_responses

# ---- the oracle ---------------------------------------------------------------------------


def expected(rules: signpost.RuleSet, rows: List[Dict[str, Any]]) -> pd.DataFrame:
    """What evaluate_frame(..., bounds=True) must return, built from evaluate() one row at a time."""
    out = []
    for row in rows:
        r = rules.evaluate(row)
        rec: Dict[str, Any] = {}
        for v in rules.values:
            if v.kind == "threshold":
                continue
            if v.type == "band":
                b = r.bands[v.id]
                rec[v.id] = b.get("band")
                could = b.get("could_be", [b.get("band")] if b.get("band") else [None])
                rec[v.id + "_lo"], rec[v.id + "_hi"] = could[0], could[-1]
                continue
            s = r.scores[v.id]
            if v.type == "number":
                value = s["value"]
                rec[v.id] = math.nan if value is None else value
                lo, hi = (value, value) if value is not None else (s.get("at_least", math.nan), s.get("at_most", math.nan))
                rec[v.id + "_lo"], rec[v.id + "_hi"] = lo, hi
            else:
                rec[v.id] = s["value"]
        fired = set(r.fired)
        und = {g["id"] for g in r.undetermined}
        for g in rules.guidance:
            rec[g.id] = g.id in fired
        for g in rules.guidance:
            rec[g.id + "_undetermined"] = g.id in und
        out.append(rec)
    return pd.DataFrame(out)


def assert_matches(frame: pd.DataFrame, want: pd.DataFrame, bounds: bool = True) -> None:
    cols = [c for c in want.columns if bounds or not (c.endswith("_lo") or c.endswith("_hi"))]
    assert list(frame.columns) == cols
    for c in cols:
        got, exp = frame[c].tolist(), want[c].tolist()
        same = [(g == e) or (_missing(g) and _missing(e)) for g, e in zip(got, exp)]
        assert all(same), f"{c}: row {same.index(False)}: {got[same.index(False)]!r} != {exp[same.index(False)]!r}"


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


# ---- column forms -------------------------------------------------------------------------


def as_numbers(rules: signpost.RuleSet, rows: List[Dict[str, Any]]) -> pd.DataFrame:
    """Numeric columns: option numbers, 0/1, bit masks; unscored options stay names."""
    cols: Dict[str, list] = {}
    for item in rules.items:
        sc = item.scale
        col = []
        for row in rows:
            a = row.get(item.id)
            if _missing(a):
                col.append(None if sc.kind == "options" and not sc.scored else math.nan)
            elif sc.kind == "boolean":
                col.append(1.0 if a in (True, "yes", 1) else 0.0)
            elif sc.kind == "options" and sc.scored:
                col.append(sc.options[sc.option_ids().index(a)].value if isinstance(a, str) else a)
            elif sc.kind == "multiple":
                col.append(float(sum(1 << sc.option_ids().index(o) for o in a)))
            else:
                col.append(a)
        cols[item.id] = col
    return pd.DataFrame(cols)


def as_categoricals(rules, rows):
    df = as_names(rules, rows)
    for item in rules.items:
        if item.scale.kind in ("options", "boolean"):
            df[item.id] = pd.Categorical(df[item.id], categories=list(item.scale.option_ids()))
    return df


def as_names(rules, rows):
    """Option ids and yes/no as text, lists for multiple choice, numbers for number scales."""
    cols: Dict[str, list] = {}
    for item in rules.items:
        sc = item.scale
        col = []
        for row in rows:
            a = row.get(item.id)
            if _missing(a):
                col.append(None)
            elif sc.kind == "boolean":
                col.append("yes" if a in (True, "yes", 1) else "no")
            elif sc.kind == "options" and not isinstance(a, str):
                col.append(sc.options[[o.value for o in sc.options].index(a)].id)
            else:
                col.append(a)
        cols[item.id] = col
    return pd.DataFrame(cols)


def as_nullable(rules, rows):
    """pandas' own missing-value dtypes: Int64, boolean, string."""
    df = as_numbers(rules, rows)
    names = as_names(rules, rows)
    for item in rules.items:
        sc = item.scale
        if sc.kind == "boolean":
            df[item.id] = df[item.id].astype("boolean")
        elif sc.kind == "options" and sc.scored:
            df[item.id] = df[item.id].astype("Int64")
        elif sc.kind == "options":
            df[item.id] = names[item.id].astype("string")
        elif sc.kind == "integer":
            df[item.id] = df[item.id].astype("Int64")
    return df


def as_nullable_narrow(rules, rows):
    """Nullable integers of every width (Int8, Int16, Int32 in turn) and boolean, read in place."""
    df = as_nullable(rules, rows)
    widths = ["Int8", "Int16", "Int32"]
    for k, item in enumerate(rules.items):
        if str(df[item.id].dtype) == "Int64":
            df[item.id] = df[item.id].astype(widths[k % 3])
    return df


FORMS = {
    "as given (object columns)": lambda rules, rows: pd.DataFrame(rows, columns=list(rules.items.ids())),
    "numbers": as_numbers,
    "names": as_names,
    "categoricals": as_categoricals,
    "nullable dtypes": as_nullable,
    "nullable narrow dtypes": as_nullable_narrow,
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("which", ["small", "shipped"])
def test_every_row_as_evaluate_says(form, which, request):
    rules = request.getfixturevalue(which)
    rows = random_responses(rules, 400, seed=11)
    want = expected(rules, rows)
    frame = rules.evaluate_frame(FORMS[form](rules, rows), bounds=True, threads=2)
    assert_matches(frame, want)
    assert_matches(rules.evaluate_frame(FORMS[form](rules, rows)), want, bounds=False)


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "float32", "float64"])
def test_complete_rows_in_every_numeric_dtype(dtype, shipped):
    """Complete answers as plain NumPy numbers of any width: read in place, as evaluate says."""
    rows = random_responses(shipped, 300, seed=13, missing=0.0)
    df = as_numbers(shipped, rows)
    for item in shipped.items:
        numeric = item.scale.kind in ("boolean", "integer") or (item.scale.kind == "options" and item.scale.scored)
        if numeric and not df[item.id].isna().any():  # (items skipped by `ask when` stay NaN)
            df[item.id] = df[item.id].astype(dtype)
    assert sum(str(t) == dtype for t in df.dtypes) >= 10
    assert_matches(shipped.evaluate_frame(df, bounds=True), expected(shipped, rows))


def test_a_bad_cell_in_a_narrow_column_is_named(small):
    """A number no option has, in an int8 column read as bytes, is still reported with its row."""
    df = pd.DataFrame({"tense": np.array([2, 0, 7, 1], dtype=np.int8)})
    with pytest.raises(signpost.AnswerError) as e:
        small.evaluate_frame(df)
    assert [(p.row, p.item, p.code) for p in e.value.problems] == [(2, "tense", "A003")]


def test_thread_count_does_not_change_results(shipped):
    rows = random_responses(shipped, 20000 // 4, seed=12)
    df = as_numbers(shipped, rows)
    one = shipped.evaluate_frame(df, threads=1, bounds=True)
    for threads in (2, 3, 8):
        pd.testing.assert_frame_equal(shipped.evaluate_frame(df, threads=threads, bounds=True), one)


# ---- the output frame ---------------------------------------------------------------------


def test_columns_dtypes_and_index(small):
    df = pd.DataFrame({"has_partner": ["no", "yes", "no"], "tired": ["often", "often", None],
                       "tense": [2, 2, np.nan], "home": ["alone", None, "family"], "sleep": [5, 8, None]},
                      index=pd.Index(["p1", "p2", "p3"], name="participant"))
    out = small.evaluate_frame(df)
    assert out.index.equals(df.index)
    assert list(out.columns) == ["sign_count", "many", "where_living", "short_sleep", "level",
                                 "safety_first", "several_signs", "numbness", "little_sleep",
                                 "safety_first_undetermined", "several_signs_undetermined",
                                 "numbness_undetermined", "little_sleep_undetermined"]
    assert out["sign_count"].dtype == np.float64
    assert out["many"].dtype == "boolean"
    assert out["level"].dtype == "category" and out["level"].cat.ordered
    assert list(out["level"].cat.categories) == ["low", "high"]
    assert out["where_living"].dtype == "category" and not out["where_living"].cat.ordered
    assert out["safety_first"].dtype == bool and out["safety_first_undetermined"].dtype == bool
    # p1: 2 signs, no partner; p2: touch unanswered -> between 2 and 3; p3: tired, tense unanswered
    assert out["sign_count"].tolist()[:1] == [2.0] and math.isnan(out.loc["p2", "sign_count"])
    assert bool(out.loc["p2", "many"])  # decided: 2 or 3 signs, >= 2 either way
    assert out.loc["p3", "many"] is pd.NA
    assert out.loc["p1", "level"] == "high" and pd.isna(out.loc["p3", "level"])
    assert out.loc["p3", "where_living"] == "family" and pd.isna(out.loc["p2", "where_living"])
    assert out["short_sleep"].tolist()[:2] == [True, False] and out.loc["p3", "short_sleep"] is pd.NA
    assert out["safety_first_undetermined"].all() and not out["safety_first"].any()
    assert out["little_sleep"].tolist() == [True, False, False]
    assert out.loc["p3", "little_sleep_undetermined"]


def test_bounds(small):
    df = pd.DataFrame({"has_partner": ["yes", "no"], "tired": ["often", "never"]})
    out = small.evaluate_frame(df, bounds=True)
    assert out[["sign_count_lo", "sign_count_hi"]].values.tolist() == [[1, 3], [0, 1]]
    assert out["level_lo"].tolist() == ["low", "low"] and out["level_hi"].tolist() == ["high", "low"]
    assert pd.isna(out.loc[0, "level"]) and out.loc[1, "level"] == "low"


def test_not_applicable_is_missing_and_bounds_are_nan():
    rules = signpost.compile('assessment a "A" version "1"\ndisclaimer "For testing only. Not a diagnosis."\n'
                             'source s "S"\nscale f: never = 0, often = 2\n'
                             'item p: yesno "P?" cites s\nitem x: f "X?" cites s\n  ask when p\n'
                             'let score = x + 1\n')
    out = rules.evaluate_frame(pd.DataFrame({"p": [False, True]}), bounds=True)
    assert math.isnan(out.loc[0, "score"]) and math.isnan(out.loc[0, "score_lo"])  # not asked: not applicable
    assert (out.loc[1, "score_lo"], out.loc[1, "score_hi"]) == (1, 3)


def test_an_ordered_option_value():
    rules = signpost.compile('assessment a "A" version "1"\ndisclaimer "For testing only. Not a diagnosis."\n'
                             'source s "S"\nscale f: never = 0, often = 2\nitem x: f "X?" cites s\n'
                             'let answer_x = x\n')
    out = rules.evaluate_frame({"x": ["often", None, "never"]})
    assert out["answer_x"].cat.ordered and out["answer_x"].tolist()[0] == "often"
    assert pd.isna(out.loc[1, "answer_x"]) and out.loc[2, "answer_x"] == "never"


# ---- inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA, "absent column"])
def test_missing_values(small, missing):
    data = {"has_partner": ["no", "no"], "tired": ["often", "often"], "tense": ["often", missing]}
    absent = isinstance(missing, str)
    if absent:
        del data["tense"]
    out = small.evaluate_frame(pd.DataFrame(data))
    if not absent:
        assert out["several_signs"].tolist() == [True, False]
        assert out["several_signs_undetermined"].tolist() == [False, True]
    else:
        assert out["several_signs_undetermined"].tolist() == [True, True]


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "uint8", "uint64", "float32", "float64"])
def test_numeric_dtypes(small, dtype):
    df = pd.DataFrame({"has_partner": np.array([0, 1, 0], dtype=dtype), "tired": np.array([2, 2, 0], dtype=dtype),
                       "tense": np.array([2, 1, 2], dtype=dtype), "years": np.array([20, 30, 40], dtype=dtype)})
    out = small.evaluate_frame(df)
    assert out["sign_count"].tolist()[0] == 2 and out["several_signs"].tolist()[0]
    assert out["several_signs"].tolist() == [True, False, False]


def test_strided_columns_of_one_block(shipped):
    rows = random_responses(shipped, 3000, seed=13, missing=0)
    df = as_numbers(shipped, rows)
    df = df[[c for c in df.columns if df[c].dtype == np.float64]]  # one float64 block below
    block = pd.DataFrame(np.ascontiguousarray(df.to_numpy()), columns=df.columns)
    assert not block[df.columns[0]].to_numpy().flags["C_CONTIGUOUS"]
    pd.testing.assert_frame_equal(shipped.evaluate_frame(block), shipped.evaluate_frame(df.copy()))


def test_multiple_choice_as_lists_tuples_sets_or_bit_masks(small):
    forms = [[["numb"], ["sad"], None], [("numb", "sad"), (), np.nan], [{"numb"}, set(), None],
             [4, 1, np.nan], [np.array(["numb"]), ["angry"], None]]
    for column in forms:
        out = small.evaluate_frame({"has_partner": ["no"] * 3, "feel": column})
        assert out["numbness"].tolist() == [True, False, False]
        assert out["numbness_undetermined"].tolist() == [False, False, True]


def test_a_mapping_of_arrays(small):
    out = small.evaluate_frame({"has_partner": np.zeros(4), "unsafe": np.array([1, 0, 1, 0])})
    assert isinstance(out.index, pd.RangeIndex) and out["safety_first"].tolist() == [True, False, True, False]


def test_empty_frame(small):
    out = small.evaluate_frame(pd.DataFrame({"has_partner": pd.Series([], dtype=float)}))
    assert len(out) == 0 and "several_signs" in out.columns


def test_other_columns_are_ignored_unless_strict(small):
    df = pd.DataFrame({"has_partner": ["no"], "participant": ["p1"], "tird": ["often"]})
    assert len(small.evaluate_frame(df)) == 1
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(df, strict=True)
    got = [(p.code, p.row, p.message) for p in info.value.problems]
    assert ("A001", None, "column 'tird' is not an item of this assessment; did you mean 'tired'?") in got
    assert len(got) == 2


# ---- errors -------------------------------------------------------------------------------


def test_every_bad_cell_with_its_row_label_and_item(small):
    df = pd.DataFrame({"has_partner": ["no", "maybe", "no", 2],
                       "tired": ["often", "oftn", 7, "never"],
                       "tense": [2, 2, 9, 5],
                       "home": ["alone", 3, "alone", "flat"],
                       "years": [20, 200, 20.5, 20],
                       "feel": [["numb"], ["bored"], [], None],
                       "sleep": [5, 30, 5, "five"]},
                      index=["a", "b", "c", "d"])
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(df)
    got = [(p.row, p.item, p.code) for p in info.value.problems]
    assert got == [
        ("b", "has_partner", "A002"), ("b", "home", "A002"), ("b", "years", "A004"), ("b", "tired", "A003"),
        ("b", "feel", "A003"), ("b", "sleep", "A004"),
        ("c", "years", "A004"), ("c", "tired", "A003"), ("c", "tense", "A003"),
        ("d", "has_partner", "A002"), ("d", "home", "A003"), ("d", "tense", "A003"), ("d", "sleep", "A002"),
    ]
    rows = [p.row for p in info.value.problems]
    assert rows == sorted(rows)
    msgs = {(p.row, p.item): p.message for p in info.value.problems}
    assert msgs[("b", "tired")] == "'tired': \"oftn\" is not an option; did you mean 'often'?"
    assert msgs[("c", "tired")] == "'tired': 7 is not the number of any option"
    assert msgs[("c", "tense")] == "'tense': 9 is not the number of any option"
    assert msgs[("b", "years")] == "'years': 200 is out of range"
    assert msgs[("c", "years")] == "'years': 20.5 is not a whole number"
    assert str(info.value).startswith("13 invalid answers:\nrow 'b': error[A002]: /has_partner:")
    assert info.value.rows == ["b", "c", "d"]
    problems = info.value.to_frame()
    assert list(problems.columns) == ["row", "item", "code", "message", "allowed"] and len(problems) == 13


def test_numeric_cells_checked_by_the_engine(small):
    df = pd.DataFrame({"has_partner": [0, 3, 1], "feel": [1, 8, 2.5], "sleep": [1, -1, np.inf]})
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(df)
    got = [(p.row, p.item, p.code, p.message) for p in info.value.problems]
    assert got == [(1, "has_partner", "A002", "'has_partner': expected yes or no, found the number 3"),
                   (1, "feel", "A003", "'feel': 8 is not a set of options"),
                   (1, "sleep", "A004", "'sleep': -1 is out of range"),
                   (2, "feel", "A003", "'feel': 2.5 is not a set of options"),
                   (2, "sleep", "A004", "'sleep': infinity is out of range")]


def test_numbers_on_an_unscored_scale_and_booleans_on_a_choice(small):
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(pd.DataFrame({"has_partner": [0], "home": [1], "tired": [True]}))
    msgs = {p.item: p.message for p in info.value.problems}
    assert msgs == {"home": "'home': expected an option, found the number 1",
                    "tired": "'tired': expected an option, found true"}


def test_run_time_problems_with_row_labels(small):
    df = pd.DataFrame({"has_partner": ["no", "yes", None], "touch": ["often", "often", None]}, index=[10, 20, 30])
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(df)
    assert [(p.row, p.item, p.code) for p in info.value.problems] == [(10, "touch", "A006"), (30, "has_partner", "A005")]


def test_many_errors_are_all_kept_but_few_shown(small):
    n = 5000
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_frame(pd.DataFrame({"has_partner": np.zeros(n), "tired": np.full(n, 7)}))
    assert len(info.value.problems) == n
    assert str(info.value).count("\n") < 50 and "and 4980 more" in str(info.value)


def test_bad_input(small):
    with pytest.raises(TypeError):
        small.evaluate_frame([{"tired": "often"}])
    with pytest.raises(ValueError, match="different lengths"):
        small.evaluate_frame({"has_partner": [0, 1], "tired": [2]})
    dup = pd.DataFrame([[0, 0]], columns=["has_partner", "has_partner"])
    with pytest.raises(ValueError, match="duplicate"):
        small.evaluate_frame(dup)
    with pytest.raises(TypeError, match="cannot be an answer"):
        small.evaluate_frame(pd.DataFrame({"has_partner": [0], "tired": [object()]}))
    with pytest.raises(ValueError):
        small.evaluate_frame(pd.DataFrame({"has_partner": [0]}), threads=0)


def test_the_gil_is_released_while_the_engine_works(shipped):
    """Another Python thread keeps running while the engine decodes and evaluates columns: no
    pause between its loop iterations comes near the length of the call (holding the GIL would
    stall it throughout)."""
    rows = random_responses(shipped, 500, seed=14)
    df = pd.concat([as_numbers(shipped, rows)] * 1000, ignore_index=True)  # 500,000 rows
    inputs = [("numbers", df[i].to_numpy()) if df[i].dtype.kind in "fiub" else None for i in shipped.items.ids()]
    longest, took = longest_pause_while(lambda: shipped._core.evaluate_columns(inputs, len(df), 1, False, True))
    assert longest < 0.5 * took, (longest, took)
