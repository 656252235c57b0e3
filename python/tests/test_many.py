"""RuleSet.evaluate_many: many responses, any iterable, threads, and every problem with its row."""
from __future__ import annotations

import json

import pytest

import signpost
from conftest import longest_pause_while, random_responses


@pytest.mark.parametrize("threads", [None, 1, 2, 5])
def test_same_as_one_at_a_time(small, threads):
    rows = random_responses(small, 300, seed=3)
    many = small.evaluate_many(rows, threads=threads)
    assert len(many) == len(rows)
    assert all(isinstance(r, signpost.Result) for r in many)
    assert [r.to_dict() for r in many] == [small.evaluate(row).to_dict() for row in rows]


def test_shipped_rules(shipped):
    rows = random_responses(shipped, 200, seed=4)
    assert [r.fired for r in shipped.evaluate_many(rows, threads=2)] == [shipped.evaluate(r).fired for r in rows]


def test_any_iterable(small):
    gen = ({"has_partner": "no", "tired": t, "tense": "often"} for t in ["never", "often"])
    assert [r.fired for r in small.evaluate_many(gen)] == [(), ("several_signs",)]
    assert small.evaluate_many([]) == []


def test_every_problem_with_its_row(small):
    rows = [{"has_partner": "no"}, {"has_partner": "no", "tired": "oftn"}, {"has_partner": "no"},
            {"tired": "often", "tense": 9}, 42]
    with pytest.raises(signpost.AnswerError) as info:
        small.evaluate_many(rows)
    got = [(p.row, p.code, p.item) for p in info.value.problems]
    # row 3 also leaves a required item unanswered, but run-time checks wait for valid answers
    assert got == [(1, "A003", "tired"), (3, "A003", "tense"), (4, "A002", None)]
    assert info.value.rows == sorted({r for r, _, _ in got})
    assert str(info.value.problems[0]).startswith("row 1: error[A003]: /tired:")


def test_chunks_do_not_change_rows(small):
    rows = random_responses(small, 50, seed=5)
    ok, problems = small._core.evaluate_many(rows, 2, 7)  # results as JSON text (Result parses it lazily)
    assert problems == [] and [json.loads(t) for t in ok] == [small.evaluate(r).to_dict() for r in rows]


def test_bad_threads(small):
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            small.evaluate_many([], threads=bad)


def test_the_gil_is_released_while_waiting_for_the_workers(shipped):
    """With threads, the calling thread waits for the workers without the GIL: another Python
    thread keeps running, with no pause near the length of the call (holding the GIL while
    waiting stalled it throughout)."""
    rows = random_responses(shipped, 500, seed=14) * 40  # 20,000 responses
    longest, took = longest_pause_while(lambda: shipped.evaluate_many(rows, threads=2))
    assert longest < 0.5 * took, (longest, took)
