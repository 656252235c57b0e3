"""The "seed-38" benchmark workload in NumPy: the generator and a hand-written scorer.

The workload (the shared benchmark notes, seed38.md): 38 answers per response (e1..e10, p1..p10,
r1..r10 on 0..3; h1..h6 and s1, s2 yes/no), seven derived values and ten guidance rules.
Both functions here are vectorised over responses; `generate` is bit-identical to the spec's
splitmix64 generator, so `checksum` reproduces the spec's reference figures.
"""
from __future__ import annotations

from typing import Dict, List

import numpy as np

ITEMS: List[str] = ([f"e{i}" for i in range(1, 11)] + [f"p{i}" for i in range(1, 11)]
                    + [f"r{i}" for i in range(1, 11)] + [f"h{i}" for i in range(1, 7)] + ["s1", "s2"])
GUIDANCE: List[str] = ["urgent_safety", "seek_help_strong", "seek_help", "emotional_support", "physical_support",
                       "patterns_support", "many_domains", "flashbacks", "few_signs", "self_care"]
GOLDEN = np.uint64(0x9E3779B97F4A7C15)
DRAWS = 1 + len(ITEMS)  # per response: the latent severity u, then one draw per item

# The spec's figures for 1,000,000 responses, seed 42.
REFERENCE = {
    "checksum": 2313249980,
    "bits": [142432, 544612, 762402, 430299, 430515, 430188, 446823, 107795, 171111, 66487],
    "sums": [8048605, 8047864, 8051071],
}


def _splitmix64(counter: np.ndarray, seed: int) -> np.ndarray:
    """The splitmix64 output after `counter` steps from `seed` (counter >= 1), for many counters."""
    z = np.uint64(seed) + counter.astype(np.uint64) * GOLDEN  # wraps mod 2**64, as the state does
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def generate(n: int, seed: int = 42, chunk: int = 1 << 18) -> np.ndarray:
    """`n` responses as an (n, 38) int8 array, columns in ITEMS order, as the spec's generator draws them."""
    out = np.empty((n, len(ITEMS)), dtype=np.int8)
    scale = 2.0 ** -53
    with np.errstate(over="ignore"):
        for start in range(0, n, chunk):
            rows = min(chunk, n - start)
            steps = (np.arange(start, start + rows, dtype=np.uint64)[:, None] * np.uint64(DRAWS)
                     + np.arange(1, DRAWS + 1, dtype=np.uint64)[None, :])
            draws = (_splitmix64(steps, seed) >> np.uint64(11)).astype(np.float64) * scale
            u = draws[:, :1]
            x = 1.25 * draws[:, 1:31]
            out[start:start + rows, :30] = np.minimum(3.0, np.floor((4.0 * u) * x))
            out[start:start + rows, 30:36] = draws[:, 31:37] < 0.6 * u
            out[start:start + rows, 36:38] = draws[:, 37:39] < 0.15 * u
    return out


def score(answers: np.ndarray) -> Dict[str, np.ndarray]:
    """The hand-written scorer: (n, 38) answers -> mask (bit i: guidance i fired), total and sums."""
    a = answers.astype(np.int32, copy=False)
    e, p, r, h, s = a[:, 0:10], a[:, 10:20], a[:, 20:30], a[:, 30:36], a[:, 36:38]
    emo_sum, phy_sum, pat_sum = e.sum(1), p.sum(1), r.sum(1)
    emo_count, phy_count, pat_count = (e >= 2).sum(1), (p >= 2).sum(1), (r >= 2).sum(1)
    help_count = h.sum(1)
    total = emo_sum + phy_sum + pat_sum
    safety_any = (s == 1).any(1)
    domains = (emo_count >= 3).astype(np.int32) + (phy_count >= 3) + (pat_count >= 3)
    seek_help = help_count >= 1
    few_signs = (total < 10) & (help_count == 0) & ~safety_any
    rules = [
        safety_any,
        (help_count >= 2) | ((help_count >= 1) & (total >= 45)),
        seek_help,
        (emo_count >= 3) | (emo_sum >= 15),
        (phy_count >= 3) | (phy_sum >= 15),
        (pat_count >= 3) | (pat_sum >= 15),
        domains >= 2,
        (p[:, 4] >= 2) & (h[:, 2] == 1),
        few_signs,
        ~few_signs & ~seek_help,
    ]
    mask = np.zeros(len(a), dtype=np.uint32)
    for bit, fired in enumerate(rules):
        mask |= fired.astype(np.uint32) << np.uint32(bit)
    return {"mask": mask, "total": total, "emo_sum": emo_sum, "phy_sum": phy_sum, "pat_sum": pat_sum}


def blank_mask(n: int, fraction: float, chunk: int = 1 << 18) -> np.ndarray:
    """(n, 38) bool: the cells left unanswered in the missing-answer workloads, as seed38::blank draws
    them (splitmix64 from seed 7, draw number row * 38 + item + 1, blank below `fraction`)."""
    out = np.zeros((n, len(ITEMS)), dtype=bool)
    if fraction <= 0:
        return out
    with np.errstate(over="ignore"):
        for start in range(0, n, chunk):
            rows = min(chunk, n - start)
            steps = (np.arange(start, start + rows, dtype=np.uint64)[:, None] * np.uint64(len(ITEMS))
                     + np.arange(1, len(ITEMS) + 1, dtype=np.uint64)[None, :])
            out[start:start + rows] = (_splitmix64(steps, 7) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 < fraction
    return out


def score_nan(answers: np.ndarray) -> Dict[str, np.ndarray]:
    """The careful researcher's scorer for answers with blanks (NaN in a float array).

    A blank is not a zero: every sum and count is carried as the range [lo, hi] it could still
    take (a blank 0..3 item adds 0 to lo and 3 to hi, a blank yes/no 0 and 1), and a rule fires
    only when it holds whatever the blanks are, is decided "no" when it fails whatever they are,
    and is undetermined otherwise ("unknown unless decided"). Returns per guidance `fired` and
    `undetermined` (bool arrays, in GUIDANCE order) and the values, NaN when undecided."""
    a = answers
    miss = np.isnan(a)
    lo_cells = np.where(miss, 0.0, a)
    hi_cells = np.where(miss, np.where(np.arange(a.shape[1]) < 30, 3.0, 1.0), a)

    def total_of(cells: np.ndarray, cols: slice) -> np.ndarray:
        return cells[:, cols].sum(1)

    def span(cols: slice):  # (lo, hi) of a sum
        return total_of(lo_cells, cols), total_of(hi_cells, cols)

    def count2(cols: slice):  # (lo, hi) of #{x >= 2}
        return (lo_cells[:, cols] >= 2).sum(1), (hi_cells[:, cols] >= 2).sum(1)

    emo, phy, pat = span(slice(0, 10)), span(slice(10, 20)), span(slice(20, 30))
    emo_c, phy_c, pat_c = count2(slice(0, 10)), count2(slice(10, 20)), count2(slice(20, 30))
    help_c = span(slice(30, 36))
    total = (emo[0] + phy[0] + pat[0], emo[1] + phy[1] + pat[1])
    # Three-valued booleans as (surely, possibly).
    ge = lambda x, k: (x[0] >= k, x[1] >= k)  # noqa: E731
    lt = lambda x, k: (x[1] < k, x[0] < k)  # noqa: E731
    eq0 = lambda x: (x[1] == 0, x[0] == 0)  # noqa: E731
    and_ = lambda x, y: (x[0] & y[0], x[1] & y[1])  # noqa: E731
    or_ = lambda x, y: (x[0] | y[0], x[1] | y[1])  # noqa: E731
    not_ = lambda x: (~x[1], ~x[0])  # noqa: E731
    safety = ((lo_cells[:, 36:38] == 1).any(1), (hi_cells[:, 36:38] == 1).any(1))
    dom = [ge(c, 3) for c in (emo_c, phy_c, pat_c)]
    domains = (sum(d[0].astype(np.int32) for d in dom), sum(d[1].astype(np.int32) for d in dom))
    seek_help = ge(help_c, 1)
    few_signs = and_(and_(lt(total, 10), eq0(help_c)), not_(safety))
    p5 = (lo_cells[:, 14], hi_cells[:, 14])
    h3 = (lo_cells[:, 32], hi_cells[:, 32])
    rules = [
        safety,
        or_(ge(help_c, 2), and_(ge(help_c, 1), ge(total, 45))),
        seek_help,
        or_(ge(emo_c, 3), ge(emo, 15)),
        or_(ge(phy_c, 3), ge(phy, 15)),
        or_(ge(pat_c, 3), ge(pat, 15)),
        ge(domains, 2),
        and_(ge(p5, 2), (h3[0] == 1, h3[1] == 1)),
        few_signs,
        and_(not_(few_signs), not_(seek_help)),
    ]
    decided = lambda x: np.where(x[0] == x[1], x[0], np.nan)  # noqa: E731
    return {"fired": [r[0] for r in rules], "undetermined": [r[1] & ~r[0] for r in rules],
            "total": decided(total), "emo_sum": decided(emo), "phy_sum": decided(phy), "pat_sum": decided(pat)}


def checksum(mask: np.ndarray, total: np.ndarray) -> int:
    """Sum over responses of mask * 131 + total, mod 2**32."""
    return int((mask.astype(np.uint64) * np.uint64(131) + total.astype(np.uint64)).sum() % (1 << 32))


def figures(scored: Dict[str, np.ndarray]) -> Dict[str, object]:
    """The spec's reported figures: checksum, bit histogram and the three sums."""
    mask = scored["mask"]
    return {
        "checksum": checksum(mask, scored["total"]),
        "bits": [int(((mask >> np.uint32(b)) & np.uint32(1)).sum()) for b in range(len(GUIDANCE))],
        "sums": [int(scored[k].sum()) for k in ("emo_sum", "phy_sum", "pat_sum")],
    }


if __name__ == "__main__":
    import time

    t = time.perf_counter()
    data = generate(1_000_000)
    t_gen = time.perf_counter() - t
    t = time.perf_counter()
    f = figures(score(data))
    t_score = time.perf_counter() - t
    print(f"generate {t_gen:.3f}s  score {t_score:.3f}s  {f}")
    print("matches the reference figures" if f == REFERENCE else "DIFFERS from the reference figures")
