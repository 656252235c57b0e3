"""Shared fixtures: a small rule set covering every kind of scale, the shipped self-check, and
random answers derived from introspection (no item ids hard-coded for shipped rules)."""
from __future__ import annotations

import math
import os
import random
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import signpost

HERE = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("SIGNPOST_SOURCE_DIR", HERE.parents[1]))
SMALL_PATH = HERE / "small.signpost"


def pytest_report_header(config: Any) -> str:
    return f"signpost {signpost.__version__} from {Path(signpost.__file__).parent}"


@pytest.fixture(scope="session")
def small_text() -> str:
    return SMALL_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def small(small_text: str) -> signpost.RuleSet:
    return signpost.compile(small_text, name="small.signpost")


@pytest.fixture(scope="session")
def shipped() -> signpost.RuleSet:
    return signpost.load(SOURCE_DIR / "rules" / "self-check.signpost")


def random_answer(item: signpost.Item, rng: random.Random) -> Any:
    """A valid answer for `item`, in one of the forms `evaluate` accepts."""
    sc = item.scale
    if sc.kind == "boolean":
        return rng.choice([True, False, "yes", "no", 1, 0])
    if sc.kind == "options":
        o = rng.choice(sc.options)
        return o.value if sc.scored and rng.random() < 0.3 else o.id
    if sc.kind == "multiple":
        return [o.id for o in sc.options if rng.random() < 0.4]
    if sc.kind == "integer":
        return rng.randint(int(sc.lo), int(sc.hi))
    return round(rng.uniform(sc.lo, sc.hi), 2)


def random_responses(rules: signpost.RuleSet, n: int, seed: int = 1, missing: float = 0.2) -> List[Dict[str, Any]]:
    """`n` valid responses: random answers, some left out or None/NaN, none to a question not asked
    and none leaving a required question unanswered (the engine says which; they are mended)."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        row: Dict[str, Any] = {}
        for item in rules.items:
            r = rng.random()
            if r < missing / 2:
                continue
            row[item.id] = (None if rng.random() < 0.5 else math.nan) if r < missing else random_answer(item, rng)
        for _ in range(len(rules.items) + 1):
            try:
                rules.evaluate(row)
                break
            except signpost.AnswerError as e:
                for p in e.problems:
                    if p.code == "A006":
                        row.pop(p.item, None)
                    elif p.code == "A005":
                        row[p.item] = random_answer(rules.items[p.item], rng)
                    else:
                        raise
        out.append(row)
    return out


def longest_pause_while(call: Callable[[], Any]) -> Tuple[float, float]:
    """(the longest pause between two iterations of a busy Python loop while `call` runs in another
    thread, how long the call took): a call that holds the GIL throughout stalls the loop for all of it."""
    import threading
    import time

    done = threading.Event()
    took = []

    def run() -> None:
        start = time.perf_counter()
        call()
        took.append(time.perf_counter() - start)
        done.set()

    worker = threading.Thread(target=run)
    last, longest = time.perf_counter(), 0.0  # before start(): the worker may take the GIL at once
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    longest = max(longest, time.perf_counter() - last)  # a stall may end with the call
    worker.join()
    return longest, took[0]
