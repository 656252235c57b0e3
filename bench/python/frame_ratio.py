"""NumPy's seed-38 scorer and evaluate_frame timed in turn, in one process: the ratio under load.

    PYTHONPATH=build/python /usr/bin/python3 bench/python/frame_ratio.py [--dtype int64] [--runs 5]
                                                                         [--rows 1000000]

On a shared machine other work moves every timing, but it moves two timings taken alternately,
a second apart, about alike: this prints the medians of each and the median of the per-run ratios
(NumPy on the int8 array / evaluate_frame on a DataFrame of --dtype columns, one thread), and the
load average. Run it before and after a change, alternating builds, to compare the two.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seed38  # noqa: E402

import signpost  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dtype", default="int64")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    rules = signpost.load(os.path.join(HERE, "..", "seed38.signpost"))
    data = seed38.generate(args.rows)
    df = pd.DataFrame(data, columns=seed38.ITEMS).astype(args.dtype)
    rules.evaluate_frame(df, threads=1), seed38.score(data)  # warm
    tn, ts = [], []
    for _ in range(args.runs):
        t = time.perf_counter()
        seed38.score(data)
        tn.append(time.perf_counter() - t)
        t = time.perf_counter()
        rules.evaluate_frame(df, threads=1)
        ts.append(time.perf_counter() - t)
    ratio = statistics.median(a / b for a, b in zip(tn, ts))
    print(f"{args.dtype}: numpy {statistics.median(tn):.3f} s, evaluate_frame {statistics.median(ts):.3f} s "
          f"(medians of {args.runs}): evaluate_frame {ratio:.2f}x faster; load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
