"""Times one response from Python: RuleSet.evaluate(dict) and evaluate_many per record.

    /usr/bin/python3 bench/python/bench_one.py [RULES] [ANSWERS.json] [--records 2000] [--repeat 5]

Defaults: the shipped self-check and its example answers (rules/examples/self-check-answers.json).
Prints the best of --repeat timings per call (evaluate) and per record (evaluate_many, 1 and 2
threads), and the same with the result read (``.fired`` and ``.scores``), which parses it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import signpost

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def best(fn, repeat: int, count: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) / count)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules", nargs="?", default=os.path.join(ROOT, "rules", "self-check.signpost"))
    ap.add_argument("answers", nargs="?", default=os.path.join(ROOT, "rules", "examples", "self-check-answers.json"))
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rules = signpost.load(args.rules)
    with open(args.answers, encoding="utf-8") as f:
        answers = json.load(f)
    records = [dict(answers) for _ in range(args.records)]
    n = 200

    def one():
        for _ in range(n):
            rules.evaluate(answers)

    def one_read():
        for _ in range(n):
            r = rules.evaluate(answers)
            r.fired, r.scores  # noqa: B018  (reading parses the result)

    print(f"evaluate(dict):                       {best(one, args.repeat, n) * 1e6:9.1f} us per call")
    print(f"evaluate(dict) + read .fired/.scores: {best(one_read, args.repeat, n) * 1e6:9.1f} us per call")
    for threads in (1, 2):
        t = best(lambda: rules.evaluate_many(records, threads=threads), args.repeat, len(records))
        print(f"evaluate_many, threads={threads}:              {t * 1e6:9.1f} us per record")
    return 0


if __name__ == "__main__":
    sys.exit(main())
