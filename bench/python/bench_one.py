"""Times one response from Python: RuleSet.evaluate(dict) and evaluate_many per record.

    /usr/bin/python3 bench/python/bench_one.py [RULES] [ANSWERS.json] [--records 2000] [--repeat 5]
                                               [--cpp-us US]

Defaults: the shipped self-check and its example answers (rules/examples/self-check-answers.json).
Prints the best of --repeat timings per call (evaluate) and per record (evaluate_many, 1 and 2
threads), and the same with the result read (``.fired`` and ``.scores``, read from the typed
result; ``to_dict()``, which writes and parses the whole result document). One-thread figures are CPU time (time.process_time), which the other load
of a shared machine disturbs less than wall time; the 2-thread figure is wall time. ``--cpp-us``:
the C++ ``RuleSet::evaluate_json`` time for the same answers (bench/run.sh passes it from the same
run), printed as the yardstick each figure is divided by.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import signpost

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def best(fn, repeat: int, count: int, clock=time.process_time) -> float:
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append((clock() - t) / count)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules", nargs="?", default=os.path.join(ROOT, "rules", "self-check.signpost"))
    ap.add_argument("answers", nargs="?", default=os.path.join(ROOT, "rules", "examples", "self-check-answers.json"))
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cpp-us", type=float, default=None, help="the C++ evaluate_json time, as the yardstick")
    args = ap.parse_args()
    rules = signpost.load(args.rules)
    with open(args.answers, encoding="utf-8") as f:
        answers = json.load(f)
    records = [dict(answers) for _ in range(args.records)]
    n = 200

    def one():
        for _ in range(n):
            rules.evaluate(answers)

    def one_fired():
        for _ in range(n):
            rules.evaluate(answers).fired  # noqa: B018  (read from the typed result)

    def one_read():
        for _ in range(n):
            rules.evaluate(answers).scores  # noqa: B018  (writes and parses the scores alone)

    def one_dict():
        for _ in range(n):
            rules.evaluate(answers).to_dict()  # the whole document

    def many_read():
        for r in rules.evaluate_many(records, threads=1):
            r.fired  # noqa: B018

    def show(label: str, seconds: float, unit: str = "per call") -> None:
        ratio = f"   {seconds * 1e6 / args.cpp_us:6.1f}x C++" if args.cpp_us else ""
        print(f"{label:44s} {seconds * 1e6:9.1f} us {unit}{ratio}")

    if args.cpp_us:  # (0: not measured)
        print(f"{'C++ RuleSet::evaluate_json (text in, text out)':44s} {args.cpp_us:9.1f} us per call      1.0x C++")
    show("evaluate(dict), cpu", best(one, args.repeat, n))
    show("evaluate(dict) + read .fired, cpu", best(one_fired, args.repeat, n))
    show("evaluate(dict) + read .scores, cpu", best(one_read, args.repeat, n))
    show("evaluate(dict) + to_dict(), cpu", best(one_dict, args.repeat, n))
    show("evaluate_many, 1 thread, cpu", best(lambda: rules.evaluate_many(records, threads=1), args.repeat,
                                               len(records)), "per record")
    show("evaluate_many + read .fired, 1 thread, cpu", best(many_read, args.repeat, len(records)), "per record")
    show("evaluate_many, 2 threads, wall", best(lambda: rules.evaluate_many(records, threads=2), args.repeat,
                                                 len(records), time.perf_counter), "per record")
    return 0


if __name__ == "__main__":
    sys.exit(main())
