"""evaluate_frame's in-place column readers and its output arena: every column kind gives the same frame.

The reference is the object-column path (option names and None, factorised and decoded by the
engine's own answer decoder, python/src/columns.cpp `decode_codes`): each numeric, nullable,
categorical and 2-D block form of the same answers must give a frame equal to it, column for
column, on the seed-38 rule set (identity option numbers, the byte path) over several chunks of
8,192 rows and a partial last tile, with and without blanks.
"""
from __future__ import annotations

import gc
import os

import numpy as np
import pandas as pd
import pytest

import signpost

SEED38 = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "seed38.signpost")
ROWS = 2 * 8192 + 77  # three chunks, the last one ending inside a tile
FREQUENCY = np.array(["never", "sometimes", "often", "almost_always"], dtype=object)
YESNO = np.array(["no", "yes"], dtype=object)


@pytest.fixture(scope="module")
def seed38() -> signpost.RuleSet:
    return signpost.load(SEED38)


def answers(rules: signpost.RuleSet, blank: float, seed: int = 5) -> pd.DataFrame:
    """Option numbers as float64, NaN where blank."""
    rng = np.random.default_rng(seed)
    cols = {}
    for item in rules.items:
        top = 2 if item.scale.kind == "boolean" else 4
        x = rng.integers(0, top, ROWS).astype(np.float64)
        x[rng.random(ROWS) < blank] = np.nan
        cols[item.id] = x
    return pd.DataFrame(cols)


def names(rules: signpost.RuleSet, df: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for item in rules.items:
        table = YESNO if item.scale.kind == "boolean" else FREQUENCY
        x = df[item.id].to_numpy()
        out[item.id] = np.where(np.isnan(x), None, table[np.nan_to_num(x).astype(int)])
    return pd.DataFrame(out)


def forms(rules: signpost.RuleSet, df: pd.DataFrame, complete: bool):
    """(label, DataFrame) of every in-place form of the answers in df."""
    yield "float64 with NaN", df
    yield "float32 with NaN", df.astype(np.float32)
    yield "float64 2-D block", pd.DataFrame(np.ascontiguousarray(df.to_numpy()), columns=df.columns)
    for width in ("Int8", "Int16", "Int32", "Int64"):
        yield width, df.astype(width)
    mixed = df.astype("Int64")
    for item in rules.items:
        if item.scale.kind == "boolean":
            mixed[item.id] = df[item.id].map({0.0: False, 1.0: True}).astype("boolean")
    yield "Int64 and boolean", mixed
    yield "categorical", pd.DataFrame({c: pd.Categorical(names(rules, df)[c]) for c in df.columns})
    if complete:
        for dtype in ("int8", "int16", "int32", "int64", "uint8"):
            yield dtype, df.astype(dtype)
        yield "int64 2-D block", pd.DataFrame(np.ascontiguousarray(df.to_numpy(dtype=np.int64)), columns=df.columns)
        yield "int8 2-D block", pd.DataFrame(np.ascontiguousarray(df.to_numpy(dtype=np.int8)), columns=df.columns)


@pytest.mark.parametrize("blank", [0.0, 0.1, 0.5])
@pytest.mark.parametrize("bounds", [False, True])
def test_every_column_kind_gives_the_reference_frame(seed38, blank, bounds):
    df = answers(seed38, blank)
    want = seed38.evaluate_frame(names(seed38, df), bounds=bounds)
    for label, frame in forms(seed38, df, complete=blank == 0):
        for threads in (1, 2):
            got = seed38.evaluate_frame(frame, bounds=bounds, threads=threads)
            pd.testing.assert_frame_equal(got, want, obj=f"{label}, {threads} thread(s)")


@pytest.mark.parametrize("dtype", ["int8", "int16", "int32", "int64", "Int64"])
@pytest.mark.parametrize("bad", [4, -1, 100])
def test_an_integer_no_option_has_is_reported_as_for_floats(seed38, dtype, bad):
    """Options numbered 0, 1, 2, ... are read without a look-up; a number past them is still an error."""
    df = answers(seed38, 0.0)
    df.loc[ROWS - 3, "e4"] = bad
    with pytest.raises(signpost.AnswerError) as want:
        seed38.evaluate_frame(df)
    with pytest.raises(signpost.AnswerError) as got:
        seed38.evaluate_frame(df.astype(dtype))
    assert [(p.row, p.item, p.code, p.message) for p in got.value.problems] == \
        [(p.row, p.item, p.code, p.message) for p in want.value.problems] == \
        [(ROWS - 3, "e4", want.value.problems[0].code, want.value.problems[0].message)]


def test_output_columns_are_separate_and_outlive_the_frame(seed38):
    """The result columns share one allocation: writing one leaves the others alone, and a column
    kept after the frame is gone still holds its values."""
    df = answers(seed38, 0.1)
    out = seed38.evaluate_frame(df, bounds=True)
    before = out.copy()
    total = out["total"].to_numpy()
    assert total.flags.writeable and not np.shares_memory(total, out["emo_sum"].to_numpy())
    total[:] = -1
    for c in out.columns:
        if c != "total":
            pd.testing.assert_series_equal(out[c], before[c])
    kept = out["emo_sum"]
    del out, total
    gc.collect()
    pd.testing.assert_series_equal(kept, before["emo_sum"])


def test_an_empty_and_a_one_row_frame(seed38):
    df = answers(seed38, 0.0)
    for n in (0, 1, 15, 17):
        part = df.iloc[:n].astype("int64").reset_index(drop=True)
        want = seed38.evaluate_frame(names(seed38, df.iloc[:n].reset_index(drop=True)))
        pd.testing.assert_frame_equal(seed38.evaluate_frame(part), want)
