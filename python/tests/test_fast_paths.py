"""The fast paths of evaluate and evaluate_many give exactly what the JSON path gives.

A plain dict is written as answers text directly (not through a JSON document), and the result
comes back typed (``_signpost.Evaluated``), written and parsed only when read; every other input
takes the long way. These tests compare the two, result for result and problem for problem."""
from __future__ import annotations

import json
import math
from typing import Any, Dict, List

import pytest

import signpost
from conftest import random_responses


def _outcome(rules: signpost.RuleSet, answers: Any) -> Any:
    try:
        return rules.evaluate(answers).to_json()
    except signpost.AnswerError as e:
        return [(p.code, p.item, p.pointer, p.message) for p in e.problems]


def _long_way(rules: signpost.RuleSet, answers: Dict[str, Any]) -> Any:
    # The same answers as a JSON document: engine-side parsing and validation, nothing written by hand.
    clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in answers.items()}
    try:
        return rules.evaluate_json(json.dumps(clean)).to_json()
    except signpost.AnswerError as e:
        return [(p.code, p.item, p.pointer, p.message) for p in e.problems]


@pytest.mark.parametrize("seed", [1, 2])
def test_random_answers_same_as_json_path(small, shipped, seed):
    for rules in (small, shipped):
        for row in random_responses(rules, 60, seed=seed, missing=0.3):
            assert _outcome(rules, row) == _long_way(rules, row)


ODD: List[Dict[str, Any]] = [
    {"has_partner": "no", "sleep": 7.0},                 # a float that is whole stays a float
    {"has_partner": "no", "sleep": 6.25, "years": 40},
    {"has_partner": "no", "sleep": float("nan"), "tired": None},
    {"has_partner": "no", "sleep": 1e300},               # out of range: A-error either way
    {"has_partner": False, "tired": 2, "tense": "often"},  # option numbers, a bool for yes/no
    {"has_partner": "yes", "feel": ("sad", "numb")},     # a tuple for multiple choice
    {"has_partner": "yes", "feel": []},
    {"has_partner": "no", "tired": "of\"ten"},            # escapes in an invalid answer
    {"has_partner": "no", "tired": "\u00f6ften\n"},
    {"has_partner": "no", "no_such_item": 1},
    {"has_partner": "no", "years": 2**70},               # beyond int64
    {"has_partner": "no", "feel": ["sad", 3]},           # a list with a number: the long way
    {"has_partner": "yes", "touch": "often"},
    {},
]


@pytest.mark.parametrize("answers", ODD, ids=range(len(ODD)))
def test_odd_answers_same_as_json_path(small, answers):
    assert _outcome(small, answers) == _long_way(small, answers)


def test_infinity_is_read_as_before(small):
    # (the long way writes an infinite float as null: unanswered)
    inf = small.evaluate({"has_partner": "no", "sleep": float("inf")}).to_json()
    assert inf == small.evaluate({"has_partner": "no", "sleep": None}).to_json()


def test_not_a_plain_dict_still_converts(small):
    class Answers(dict):
        pass

    row = {"has_partner": "no", "tired": "often", "tense": "often"}
    assert small.evaluate(Answers(row)).to_json() == small.evaluate(row).to_json()
    with pytest.raises(TypeError):
        small.evaluate({"has_partner": object()})
    with pytest.raises(TypeError):
        small.evaluate({1: "no"})


def test_typed_result_reads_as_its_text(shipped):
    rows = random_responses(shipped, 80, seed=9)
    texts, problems = shipped._core.evaluate_many(rows, 2, 16)
    typed, problems2 = shipped._core.evaluate_many(rows, 2, 16, typed=True)
    assert problems == problems2 == []
    assert all(isinstance(t, str) for t in texts)
    assert [json.loads(t) for t in texts] == [json.loads(e.json()) for e in typed]
    results = shipped.evaluate_many(rows, threads=2)
    # .fired is read from the typed result without parsing; it matches the document's
    assert [r.fired for r in results] == [tuple(g["id"] for g in json.loads(t)["guidance"]) for t in texts]
    assert [r.to_dict() for r in results] == [json.loads(t) for t in texts]


def test_scores_and_to_dict_read_the_typed_result(small, shipped):
    typed_seen = 0
    for rules in (small, shipped):
        for row in random_responses(rules, 40, seed=4, missing=0.3):
            r = rules.evaluate(row)
            full = json.loads(r.to_json())  # (builds a second result's document, not r's)
            r2 = rules.evaluate(row)
            typed = not isinstance(r2._src, str)  # (answers that are not plain come back as text)
            assert r2.scores == full["scores"]  # from the scores alone
            assert r2._doc is None or not typed  # the document was not built for them
            assert r2.to_dict() == full  # a fresh document, still not r2's own
            assert r2._doc is None or not typed
            typed_seen += typed
            kept = r2.scores
            assert r2["scores"] is kept  # once built, the document holds the same scores object
            assert dict(r2) == full
    assert typed_seen > 40


def test_evaluate_many_errors_and_chunks(small):
    rows = [{"has_partner": "no"}, {"has_partner": "maybe"}, {"has_partner": "no", "tired": "often"}] * 7
    for threads in (1, 2, 3):
        for chunk in (1, 2, 5, 256):
            results, problems = small._core.evaluate_many(rows, threads, chunk)
            assert [r is None for r in results] == [i % 3 == 1 for i in range(len(rows))]
            assert [p[0] for p in problems] == [i for i in range(len(rows)) if i % 3 == 1]
    with pytest.raises(TypeError):  # a bad row stops the loop cleanly, workers and all
        small._core.evaluate_many([{"has_partner": "no"}] * 50 + [{"has_partner": object()}], 2, 4)
