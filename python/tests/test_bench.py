"""bench/python stays honest: its generator reproduces seed38.md's reference figures, and the
hand-written NumPy scorer and evaluate_frame agree row for row on the seed-38 rules."""
from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from conftest import SOURCE_DIR

sys.path.insert(0, str(SOURCE_DIR / "bench" / "python"))
seed38 = pytest.importorskip("seed38")

import signpost  # noqa: E402

RULES = [p for p in [SOURCE_DIR / "bench" / "seed38.signpost", SOURCE_DIR / "bench" / "python" / "seed38_draft.signpost"]
         if p.exists()]


def test_generator_and_numpy_scorer_reproduce_the_reference_figures():
    assert seed38.figures(seed38.score(seed38.generate(1_000_000))) == seed38.REFERENCE


@pytest.mark.parametrize("path", RULES, ids=lambda p: p.name)
def test_numpy_scorer_and_evaluate_frame_agree(path):
    rules = signpost.load(path)
    data = seed38.generate(20_000, seed=7)
    ref = seed38.score(data)
    out = rules.evaluate_frame(pd.DataFrame(data, columns=seed38.ITEMS), threads=2)
    mask = np.zeros(len(data), dtype=np.uint32)
    for bit, g in enumerate(seed38.GUIDANCE):
        mask |= out[g].to_numpy().astype(np.uint32) << np.uint32(bit)
    assert np.array_equal(mask, ref["mask"])
    for k in ("total", "emo_sum", "phy_sum", "pat_sum"):
        assert np.array_equal(out[k].to_numpy(), ref[k]), k
