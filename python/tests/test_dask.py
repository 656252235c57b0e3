"""signpost.dask.evaluate on a dask.distributed LocalCluster of 2 worker processes gives exactly
the frame evaluate_frame gives on the whole data (the rule set reaches the workers pickled).
Cost: starting the cluster takes a few seconds; the test as a whole about 10 s on 2 cores."""
from __future__ import annotations

import pandas as pd
import pytest

import signpost
import signpost.dask
from conftest import SOURCE_DIR

dd = pytest.importorskip("dask.dataframe", reason="needs python3-dask (.ci/setup installs it)")
distributed = pytest.importorskip("distributed", reason="needs python3-distributed (.ci/setup installs it)")

DATA = SOURCE_DIR / "tests" / "data" / "redcap"
OPTIONS = dict(redcap="raw", codes={"frequency": 1}, missing=["UNK", -99], keep=["initials", "visit_date"])


def test_local_cluster_with_two_processes_matches_evaluate_frame():
    rules = signpost.load(DATA / "study.signpost")
    export = pd.read_csv(DATA / "export_raw.csv")
    data = pd.concat([export] * 25, ignore_index=True)  # 200 rows over 5 partitions
    want = rules.evaluate_frame(data, **OPTIONS)
    ddf = dd.from_pandas(data, npartitions=5)
    lazy = signpost.dask.evaluate(ddf, rules, **OPTIONS)
    assert list(lazy.columns) == list(want.columns)
    assert dict(lazy.dtypes) == dict(want.dtypes)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        assert len(cluster.workers) == 2
        got = lazy.compute()
    pd.testing.assert_frame_equal(got, want)


def test_process_scheduler_without_a_cluster():
    rules = signpost.load(DATA / "study.signpost")
    export = pd.read_csv(DATA / "export_raw.csv")
    got = signpost.dask.evaluate(dd.from_pandas(export, npartitions=2), rules, **OPTIONS).compute(scheduler="processes")
    pd.testing.assert_frame_equal(got, rules.evaluate_frame(export, **OPTIONS))
