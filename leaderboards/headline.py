"""Headline metric of each task family and its per-run 95% interval (DESIGN.md §2, §6).

Headline per family: ``latent_passk`` pass@1, ``latent_flex`` reject, ``latent_retention_mc`` acc,
``latent_retention_gen`` match; any other task: its first metric (lm-eval's order in the samples). Filter:
the first filter (sorted) on which the metric has a value. Per run, over the docs with a value:

* binary (every value 0 or 1): mean x/n with the Wilson (1927) score interval at z = Φ⁻¹(0.975)
  (``reports.stats.wilson_interval``);
* graded: mean ± t_{0.975, n−1}·s/√n (Student t interval; s = SD with ddof 1; a single doc: no interval).
"""
from __future__ import annotations

import math

import numpy as np
from scipy.stats import norm, t as t_dist

from latent_suite.reports.stats import wilson_interval

HEADLINES = {"latent_passk": "pass@1", "latent_flex": "reject", "latent_retention_mc": "acc",
             "latent_retention_gen": "match"}
LEVEL = 0.95


def headline_metric(run, task: str) -> tuple[str, str] | None:
    """(metric, filter) of a task's headline, or None when the task has no metric with a value."""
    metrics = list(run.tasks[task].metrics)
    wanted = HEADLINES.get(task)
    order = ([wanted] if wanted in metrics else []) + [m for m in metrics if m != wanted]
    rows = run.task_rows(task)
    for metric in order[:1] if wanted in metrics else order:
        if metric not in rows.columns:
            continue
        for flt in sorted(rows["filter"].astype(str).unique()):
            if rows.loc[rows["filter"] == flt, metric].notna().any():
                return metric, flt
    return None


def is_binary(values: np.ndarray) -> bool:
    return bool(np.isin(values, (0.0, 1.0)).all())


def interval(values: np.ndarray) -> dict:
    """Mean and 95% interval of one run's per-doc values (NaN already dropped)."""
    n = int(values.size)
    mean = float(values.mean())
    if is_binary(values):
        lo, hi = wilson_interval(values.sum(), n, norm.ppf(0.5 + LEVEL / 2))
        return {"kind": "binary", "method": "wilson", "n": n, "mean": mean, "lo": float(lo), "hi": float(hi)}
    if n < 2:
        return {"kind": "graded", "method": "t", "n": n, "mean": mean, "lo": None, "hi": None}
    half = float(t_dist.ppf(0.5 + LEVEL / 2, n - 1) * values.std(ddof=1) / math.sqrt(n))
    return {"kind": "graded", "method": "t", "n": n, "mean": mean, "lo": mean - half, "hi": mean + half}


def block(run, task: str, metric: str, flt: str):
    """(doc_id, doc_hash, value) arrays of a run's headline block, NaN values dropped, sorted by doc_id."""
    rows = run.task_rows(task, flt)
    rows = rows[rows[metric].notna()].sort_values("doc_id")
    return (rows["doc_id"].to_numpy(), rows["doc_hash"].astype(object).to_numpy(),
            rows[metric].to_numpy(dtype=float))
