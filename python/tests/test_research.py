"""Research data as it comes: a REDCap study (tests/data/redcap) through evaluate_frame with
declared conventions, giving what `signpost batch` gives; errors="skip"/"mark"; pickling."""
from __future__ import annotations

import concurrent.futures
import math
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import signpost
from conftest import SOURCE_DIR

DATA = SOURCE_DIR / "tests" / "data" / "redcap"
KEEP = ["initials", "visit_date"]
OPTIONS = dict(redcap="raw", codes={"frequency": 1}, missing=["UNK", -99], keep=KEEP)


@pytest.fixture(scope="module")
def study() -> signpost.RuleSet:
    return signpost.load(DATA / "study.signpost")


def as_cli(rules: signpost.RuleSet, frame: pd.DataFrame) -> pd.DataFrame:
    """evaluate_frame's output written as `signpost batch` writes its CSV cells."""
    out = pd.DataFrame(index=frame.index)
    for value in rules.values:
        if value.kind == "threshold":
            continue
        col = frame[value.id]
        if value.type == "number":
            out[value.id] = [("?" if math.isnan(x) else f"{x:g}") for x in col]
        else:
            out[value.id] = ["?" if pd.isna(x) else str(x) for x in col]
    for g in rules.guidance:
        out[g.id] = ["?" if u else ("1" if f else "0") for f, u in zip(frame[g.id], frame[g.id + "_undetermined"])]
    return out


def expected() -> pd.DataFrame:
    return pd.read_csv(DATA / "expected.csv", dtype=str, keep_default_na=False)


def test_raw_export_gives_what_the_cli_gives(study):
    export = pd.read_csv(DATA / "export_raw.csv")  # numbers where pandas sees numbers: codes stay codes
    out = study.evaluate_frame(export, **OPTIONS)
    want = expected()
    assert list(out.columns[:8]) == list(want.columns[:8])  # REDCap's columns and the kept, first
    got = as_cli(study, out)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want[got.columns].reset_index(drop=True))


def test_label_export_gives_the_same_results(study):
    raw = study.evaluate_frame(pd.read_csv(DATA / "export_raw.csv", dtype=str), **OPTIONS)
    labels = study.evaluate_frame(pd.read_csv(DATA / "export_labels.csv", dtype=str),
                                  redcap="labels", missing=["UNK", "-99"], keep=KEEP)
    results = [c for c in raw.columns if c not in labels.columns[:8]]
    pd.testing.assert_frame_equal(raw[results], labels[results])


def test_one_based_codes_are_refused_with_a_clear_message(study):
    """A 0-3 scale read from REDCap's 1-4 codes would shift silently: it is refused instead."""
    export = pd.read_csv(DATA / "export_raw.csv")
    with pytest.raises(signpost.AnswerError) as info:
        study.evaluate_frame(export, redcap="raw", missing=["UNK", -99], keep=KEEP)
    problems = info.value.problems
    assert {p.code for p in problems} == {"A020"}
    assert sorted(p.pointer for p in problems) == ["/irritable", "/sleep_trouble", "/worry"]
    first = next(p for p in problems if p.pointer == "/sleep_trouble")
    assert "column 'sleep_trouble': its REDCap codes are ambiguous" in first.message
    assert "numbers its options 0-3" in first.message
    assert 'codes={"frequency": 1}' in first.allowed


def test_every_unknown_column_at_once(study):
    export = pd.read_csv(DATA / "export_raw.csv")
    with pytest.raises(signpost.AnswerError) as info:
        study.evaluate_frame(export, keep=["record_id"])
    unknown = sorted(p.pointer[1:] for p in info.value.problems if p.code == "A001")
    assert "redcap_event_name" in unknown and "who_helps___1" in unknown and "initials" in unknown
    assert len(unknown) >= 10


def test_labels_in_any_case_numbers_in_text_and_missing_codes(study):
    df = pd.DataFrame({"sleep_trouble": ["Often", "ALMOST ALWAYS", " never ", "UNK"],
                       "worry": ["2", "3", "0", "1"], "irritable": [0, 1, 2, 3], "safe_now": ["Yes", "no", "TRUE", "n/a"]})
    out = study.evaluate_frame(df, missing=["UNK", "n/a"])
    assert list(out["wellbeing_total"][:3]) == [4.0, 7.0, 2.0] and math.isnan(out["wellbeing_total"][3])
    assert list(out["safety_check"]) == [False, True, False, False]
    assert list(out["safety_check_undetermined"]) == [False, False, False, True]


def test_numeric_missing_codes_in_numeric_columns(study):
    out = study.evaluate_frame(pd.DataFrame({"age": [30, -99], "sleep_trouble": [1, -99]}), missing=[-99])
    assert len(out) == 2


def test_errors_skip_and_mark(study):
    df = pd.DataFrame({"sleep_trouble": ["often", "oftn", "never", "never"],
                       "partner": ["no", "yes", "no", "no"],
                       "partner_support": [None, "a_lot", "a_lot", None]}, index=["a", "b", "c", "d"])
    with pytest.raises(signpost.AnswerError) as info:
        study.evaluate_frame(df)
    assert {p.row for p in info.value.problems} == {"b"}  # a bad option (rows are checked once cells are good)
    with pytest.warns(UserWarning, match="2 of 4 rows skipped"):
        skipped = study.evaluate_frame(df, errors="skip")
    assert list(skipped.index) == ["a", "d"]
    assert [p.row for p in skipped.attrs["signpost_problems"]] == ["b", "c"]
    with pytest.warns(UserWarning, match="2 of 4 rows marked"):
        marked = study.evaluate_frame(df, errors="mark")
    assert list(marked.index) == ["a", "b", "c", "d"]
    assert marked["signpost_errors"].isna().tolist() == [True, False, False, True]
    assert "A006" in marked.loc["c", "signpost_errors"] and "oftn" in marked.loc["b", "signpost_errors"]
    assert pd.isna(marked.loc["b", "safety_check"]) and bool(marked.loc["a", "safety_check_undetermined"])
    good = study.evaluate_frame(df.loc[["a", "d"]])
    pd.testing.assert_frame_equal(skipped, good, check_like=False)
    with pytest.raises(ValueError, match="errors must be"):
        study.evaluate_frame(df, errors="ignore")


def test_column_problems_raise_whatever_errors_says(study):
    with pytest.raises(signpost.AnswerError):
        study.evaluate_frame(pd.DataFrame({"sleep_trouble": [1], "extra": [1]}), strict=True, errors="skip")


def test_ruleset_pickles_by_sources_and_hash(study):
    again = pickle.loads(pickle.dumps(study))
    assert again.content_hash == study.content_hash and again.files == study.files
    answers = {"sleep_trouble": "often", "worry": "almost_always", "safe_now": True}
    assert again.evaluate(answers).to_json() == study.evaluate(answers).to_json()


def test_imports_and_resources_survive_pickling():
    shipped = signpost.load(SOURCE_DIR / "rules" / "self-check.signpost").with_resources(
        {"region": "Testland", "urgent": {"text": "Call 000.", "contacts": [{"name": "Help", "phone": "000"}]}})
    again = pickle.loads(pickle.dumps(shipped))
    assert len(again.files) > 1 and again.content_hash == shipped.content_hash
    item = next(i for i in shipped.items if i.safety)
    answers = {item.id: True}
    assert again.evaluate(answers).to_json() == shipped.evaluate(answers).to_json()
    assert "000" in again.evaluate(answers).to_json()


def _evaluate_in_worker(rules: signpost.RuleSet, frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rules.evaluate_frame(frame, **OPTIONS)


def test_process_pool(study):
    export = pd.read_csv(DATA / "export_raw.csv")
    halves = [export.iloc[:4], export.iloc[4:]]
    with concurrent.futures.ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(_evaluate_in_worker, [study, study], halves))
    pd.testing.assert_frame_equal(pd.concat(parts), study.evaluate_frame(export, **OPTIONS))


def test_checkbox_columns_make_one_answer(study):
    df = pd.DataFrame({"study_id": ["s1", "s2", "s3"], "who_helps___1": [1, 0, None], "who_helps___2": [0, 0, None],
                       "who_helps___3": [0, 0, None], "who_helps___4": ["Unchecked", "Checked", None]})
    out = study.evaluate_frame(df, redcap="raw", codes={"frequency": 1})
    assert out["no_one_to_turn_to"].tolist() == [False, True, False]
    assert out["no_one_to_turn_to_undetermined"].tolist() == [False, False, True]
    assert list(out.columns[:1]) == ["study_id"]  # the first column of an export is its record id, kept


def test_no_mixed_numbers_for_lists(study):
    out = study.evaluate_frame({"who_helps": [["nobody"], ["Friend"]]}, missing=["UNK"])
    assert out["no_one_to_turn_to"].tolist() == [True, False]
    assert np.all(out.index == pd.RangeIndex(2))


def test_research_walkthrough_runs(tmp_path, monkeypatch):
    """The ```python block of docs/research.md runs from the repository root and draws its plot."""
    import re

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    text = (SOURCE_DIR / "docs" / "research.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks
    saved = []
    monkeypatch.setattr(plt, "savefig", lambda name, *a, **k: saved.append(name) or plt.gcf().savefig(tmp_path / name))
    monkeypatch.chdir(SOURCE_DIR)
    namespace: dict = {}
    for code in blocks:
        exec(compile(code, "docs/research.md", "exec"), namespace)
    assert saved and (tmp_path / saved[0]).stat().st_size > 1000
    assert set(namespace["counts"].index) == {"baseline_arm_1", "followup_arm_1"}
    plt.close("all")
