"""RuleSet.evaluate: answers in every accepted form, missing values, Result, and AnswerError."""
from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
from collections import OrderedDict
from decimal import Decimal

import numpy as np
import pytest

import signpost
from conftest import SOURCE_DIR

BASE = {"has_partner": "no", "unsafe": "no"}


def test_fires_and_reports(small):
    r = small.evaluate({**BASE, "tired": "often", "tense": "often"})
    assert isinstance(r, signpost.Result)
    assert r.fired == ("several_signs",)
    g = r.guidance[0]
    assert g["id"] == "several_signs" and g["level"] == "consider"
    assert g["because"] == "You marked 2 signs."
    assert g["steps"] == ["Talk to someone you trust."]
    assert r.scores["sign_count"] == {"value": 2}
    assert r.bands["level"] == {"band": "high", "label": "High"}
    assert r.disclaimer.startswith("For testing only")
    assert r.assessment["id"] == "small" and r.assessment["content_hash"] == small.content_hash


def test_keyword_answers(small):
    assert small.evaluate(BASE, tired="often", tense=2).fired == ("several_signs",)
    assert small.evaluate(has_partner=False, unsafe=True).fired[0] == "safety_first"


@pytest.mark.parametrize("missing", [None, math.nan, np.nan, np.float32("nan"), "absent"])
def test_missing_values_are_unanswered(small, missing):
    answers = {**BASE, "tired": "often"}
    if missing != "absent":
        answers["tense"] = missing
    r = small.evaluate(answers)
    assert r.fired == ()
    assert [g["id"] for g in r.undetermined] == ["several_signs", "numbness", "little_sleep"]
    assert r.undetermined[0]["missing"] == [{"item": "tense", "prompt": "I feel tense."}]
    assert r.scores["sign_count"] == {"value": None, "at_least": 1, "at_most": 2}
    assert r.bands["level"] == {"band": None, "could_be": ["low", "high"]}
    assert "tense" in r.answers["unanswered"]


def test_nothing_answered_leaves_safety_undetermined(small):
    with pytest.raises(signpost.AnswerError):  # has_partner is required
        small.evaluate({})
    r = small.evaluate({"has_partner": "yes"})
    und = {g["id"]: g for g in r.undetermined}
    assert und["safety_first"]["safety"] is True


@pytest.mark.parametrize("yes", [True, "yes", 1, 1.0, np.bool_(True), np.int64(1)])
def test_yes_no_forms(small, yes):
    assert small.evaluate(has_partner="no", unsafe=yes).fired[0] == "safety_first"


@pytest.mark.parametrize("often", ["often", 2, 2.0, np.int8(2), np.float64(2), Decimal(2)])
def test_option_names_or_numbers(small, often):
    assert small.evaluate(BASE, tired=often, tense="often").fired == ("several_signs",)


@pytest.mark.parametrize("feel", [["numb"], ("sad", "numb"), {"numb"}, frozenset({"angry", "numb"}),
                                  np.array(["numb"])])
def test_multiple_choice_forms(small, feel):
    assert "numbness" in small.evaluate(BASE, feel=feel).fired


def test_numbers_and_unscored_options(small):
    r = small.evaluate(BASE, sleep=5.5, years=np.int32(40), home="family")
    assert "little_sleep" in r.fired
    assert r.scores["where_living"] == {"value": "family", "label": "family"}


def test_any_mapping(small):
    assert small.evaluate(OrderedDict(BASE)).fired == ()


def test_every_problem_is_listed(small):
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate({"has_partner": "no", "tired": "oftn", "tense": 7, "feel": ["numb", "bored"],
                        "years": 12, "nosuch": 1, "sleep": "long"})
    e = info.value
    assert isinstance(e, ValueError)
    codes = {(p.code, p.item) for p in e.problems}
    assert codes == {("A003", "tired"), ("A003", "tense"), ("A003", "feel"), ("A004", "years"),
                     ("A001", None), ("A002", "sleep")}
    tired = next(p for p in e.problems if p.item == "tired")
    assert tired.message == "'tired': \"oftn\" is not an option; did you mean 'often'?"
    assert tired.pointer == "/tired"
    assert tired.allowed == "one of never, sometimes or often (or its number: 0, 1 or 2)"
    assert tired.row is None
    assert str(tired) == ("error[A003]: /tired: 'tired': \"oftn\" is not an option; did you mean 'often'?\n"
                          "  = allowed: one of never, sometimes or often (or its number: 0, 1 or 2)")
    assert next(p for p in e.problems if p.code == "A001").pointer == "/nosuch"
    assert str(e).startswith("6 invalid answers:\n")


def test_run_time_problems(small):
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate(has_partner="no", touch="often")  # touch is asked only with a partner
    assert [(p.code, p.item) for p in info.value.problems] == [("A006", "touch")]
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate(has_partner=None)  # required
    assert [(p.code, p.item) for p in info.value.problems] == [("A005", "has_partner")]


def test_values_that_cannot_be_answers(small):
    with pytest.raises(TypeError, match="tired"):
        small.evaluate(BASE, tired=object())
    with pytest.raises(TypeError):
        small.evaluate(["tired"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        small.evaluate({1: "often"})  # type: ignore[dict-item]


def test_evaluate_json(small):
    r = small.evaluate_json('{"has_partner": "no", "tired": "often", "tense": "often"}')
    assert r.fired == ("several_signs",)
    assert small.evaluate_json(b'{"has_partner": "no"}').fired == ()
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_json("{not json")
    assert info.value.problems[0].code == "A011"


def test_result_is_a_read_only_mapping(small):
    r = small.evaluate(BASE, tired="often")
    assert set(r) == {"engine", "assessment", "disclaimer", "guidance", "undetermined", "scores", "bands",
                      "signs", "answers", "urgent_help"}
    assert len(r) == 10 and r["disclaimer"] == r.disclaimer
    assert dict(r) == r.to_dict()
    with pytest.raises(TypeError):
        r["guidance"] = []  # type: ignore[index]
    d = r.to_dict()
    d["scores"].clear()
    assert r.scores  # a deep copy
    assert r == small.evaluate(BASE, tired="often")
    assert pickle.loads(pickle.dumps(r)) == r
    assert repr(r).startswith("<signpost.Result small: fired none; undetermined several_signs")


def test_signs(small):
    r = small.evaluate(BASE, tired="often", tense="never")
    signs = {s["section"]: s for s in r.signs}
    assert "context" not in signs  # a context section is not a sign
    assert [a["item"] for a in signs["signs"]["endorsed"]] == ["tired"]


def test_to_json_is_what_the_command_line_prints(shipped):
    path = SOURCE_DIR / "rules" / "examples" / "self-check-answers.json"
    answers = json.loads(path.read_text())
    r = shipped.evaluate(answers)
    assert json.loads(r.to_json()) == r.to_dict()
    cli = os.environ.get("SIGNPOST_CLI")
    if cli:
        out = subprocess.run([cli, "eval", str(SOURCE_DIR / "rules" / "self-check.signpost"), "--answers", str(path)],
                             capture_output=True, text=True, check=True)
        assert r.to_json() + "\n" == out.stdout


def test_a_library_cannot_be_evaluated():
    lib = signpost.load(SOURCE_DIR / "rules" / "common.signpost")
    with pytest.raises(signpost.AnswerError) as info:
        lib.evaluate({})
    assert info.value.problems[0].code == "A012"


def test_answer_error_pickles(small):
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate(BASE, tired="oftn")
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems and str(again) == str(info.value)
