"""Times RuleSet.evaluate_frame on the seed-38 workload against the hand-written NumPy scorer.

    /usr/bin/python3 bench/python/bench_frame.py RULES [--rows 1000000] [--threads 1 2] [--dtype int64]
                                                 [--blank 2 10 30]

RULES is a rule file of the workload (bench/seed38.signpost, or bench/python/seed38_draft.signpost);
it must name its items, values and guidance as seed38.md does. The script builds a DataFrame of
--rows responses with the spec's generator, checks that evaluate_frame and the NumPy scorer agree
on every response (guidance mask, total and the three sums), and prints the best of --repeat
timings for each. Run against the build tree with PYTHONPATH=build/python.

--blank P...: then, for each P, the same responses with P% of the cells blank (seed38.blank_mask,
the cells bench/seed38.hpp leaves blank), as float64 columns with NaN (what pandas.read_csv gives),
timed against the NaN-aware NumPy scorer (seed38.score_nan) with one thread; the two must agree on
every response (fired, undetermined, and the values, NaN when undecided).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed38  # noqa: E402

import signpost  # noqa: E402


def best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def frame_of(data: np.ndarray, dtype: str) -> pd.DataFrame:
    df = pd.DataFrame(data, columns=seed38.ITEMS)
    if dtype in ("category", "names"):  # option names, as a survey export would hold them
        names = np.array(["never", "sometimes", "often", "almost_always"], dtype=object)
        yesno = np.array(["no", "yes"], dtype=object)
        if dtype == "names":  # object columns of str
            return pd.DataFrame({c: (names if c[0] in "epr" else yesno)[df[c].to_numpy()] for c in df.columns})
        return pd.DataFrame({c: pd.Categorical.from_codes(df[c].to_numpy(), names if c[0] in "epr" else yesno)
                             for c in df.columns})
    return df.astype(dtype)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rules")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--dtype", default="int64", choices=["int8", "int64", "float64", "category", "names"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--blank", type=float, nargs="*", default=[], help="percent of cells left blank")
    args = ap.parse_args()

    rules = signpost.load(args.rules)
    t = time.perf_counter()
    data = seed38.generate(args.rows)
    df = frame_of(data, args.dtype)
    print(f"{args.rows} responses ({args.dtype} columns) generated in {time.perf_counter() - t:.2f}s; "
          f"signpost {signpost.__version__}, {rules.content_hash[:19]}..., {os.cpu_count()} CPUs")

    t_np, ref = best(lambda: seed38.score(data), args.repeat)
    t_np_df, _ = best(lambda: seed38.score(df[seed38.ITEMS].to_numpy(dtype=np.int8)), args.repeat) \
        if args.dtype not in ("category", "names") else (float("nan"), None)
    print(f"numpy, hand-written, on the int8 array:        {t_np:8.3f} s  ({args.rows / t_np / 1e6:6.2f} M rows/s)")
    if args.dtype not in ("category", "names"):
        print(f"numpy, hand-written, from the DataFrame:      {t_np_df:8.3f} s")
    figures = seed38.figures(ref)
    if args.rows == 1_000_000:
        print("numpy figures match seed38.md" if figures == seed38.REFERENCE else "numpy figures DIFFER from seed38.md")

    ok = True
    for threads in args.threads:
        t_sp, out = best(lambda: rules.evaluate_frame(df, threads=threads), args.repeat)
        mask = np.zeros(args.rows, dtype=np.uint32)
        for bit, g in enumerate(seed38.GUIDANCE):
            mask |= out[g].to_numpy().astype(np.uint32) << np.uint32(bit)
        agree = (np.array_equal(mask, ref["mask"])
                 and all(np.array_equal(out[k].to_numpy(), ref[k]) for k in ("total", "emo_sum", "phy_sum", "pat_sum")))
        ok &= agree
        print(f"signpost evaluate_frame, threads={threads}:         {t_sp:8.3f} s  ({args.rows / t_sp / 1e6:6.2f} M rows/s)"
              f"  {t_sp / t_np:6.1f}x numpy  {'agrees' if agree else 'DISAGREES'}")
    for percent in args.blank:
        ok &= blank_run(rules, data, percent, args.repeat)
    return 0 if ok else 1


def blank_run(rules, data: np.ndarray, percent: float, repeat: int) -> bool:
    """One missing-answer workload: NaN-aware NumPy against evaluate_frame (1 thread)."""
    rows = len(data)
    answers = data.astype(np.float64)
    answers[seed38.blank_mask(rows, percent / 100.0)] = np.nan
    df = pd.DataFrame(answers, columns=seed38.ITEMS)
    t_np, ref = best(lambda: seed38.score_nan(answers), repeat)
    t_sp, out = best(lambda: rules.evaluate_frame(df, threads=1), repeat)
    agree = all(np.array_equal(out[g].to_numpy(), ref["fired"][b])
                and np.array_equal(out[g + "_undetermined"].to_numpy(), ref["undetermined"][b])
                for b, g in enumerate(seed38.GUIDANCE))
    agree &= all(np.array_equal(out[k].to_numpy(), ref[k], equal_nan=True) for k in ("total", "emo_sum", "phy_sum", "pat_sum"))
    print(f"{percent:g}% blank: numpy NaN-aware {t_np:8.3f} s  ({rows / t_np / 1e6:6.2f} M rows/s);"
          f"  evaluate_frame, threads=1: {t_sp:8.3f} s  ({rows / t_sp / 1e6:6.2f} M rows/s)"
          f"  {t_sp / t_np:6.2f}x numpy  {'agrees' if agree else 'DISAGREES'}")
    return agree


if __name__ == "__main__":
    sys.exit(main())
