"""signpost.dask: RuleSet.evaluate_frame over a Dask DataFrame, on any scheduler.

    import dask.dataframe as dd
    import signpost, signpost.dask
    rules = signpost.load("rules/self-check.signpost")
    ddf = dd.read_csv("export-*.csv")
    results = signpost.dask.evaluate(ddf, rules, redcap="raw", codes={"frequency": 1})
    results.to_parquet("results/")        # or .compute() for a pandas DataFrame

Each partition is evaluated by ``rules.evaluate_frame`` with the same options; the rule set
travels to the workers pickled as its sources and content hash, and is compiled there once per
process. The result has the partitions' index and exactly the columns and dtypes
``evaluate_frame`` gives on the whole data (``meta`` is computed from an empty frame, so nothing
is evaluated to learn it). Row-wise evaluation means the partitioning does not change a value.

``errors="skip"`` and ``"mark"`` work per partition; ``frame.attrs`` (the problems) does not
survive Dask's concatenation, so with Dask use ``"mark"`` and filter on ``signpost_errors``.
"""
from __future__ import annotations

from typing import Any

from ._ruleset import RuleSet

__all__ = ["evaluate"]


def _partition(part: Any, rules: RuleSet, options: Any) -> Any:
    import warnings

    with warnings.catch_warnings():  # one warning per partition would drown the client's log
        warnings.simplefilter("ignore")
        return rules.evaluate_frame(part, **options)


def evaluate(ddf: Any, rules: RuleSet, **options: Any) -> Any:
    """``rules.evaluate_frame`` on every partition of the Dask DataFrame ``ddf``.

    ``options`` are evaluate_frame's (``missing``, ``keep``, ``redcap``, ``codes``, ``errors``,
    ``bounds``, ``strict``, ``threads``; threads default to 1 per partition, as Dask runs
    partitions in parallel). Returns a lazy Dask DataFrame.
    """
    try:
        import dask.dataframe  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("signpost.dask needs dask[dataframe]: `pip install \"dask[dataframe]\"` "
                          "(Debian: apt install python3-dask)") from error
    options.setdefault("threads", 1)
    meta = _partition(ddf._meta, rules, options)
    return ddf.map_partitions(_partition, rules, options, meta=meta)
