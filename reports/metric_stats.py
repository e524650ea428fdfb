"""Per-metric paired statistics for the report: a thin, JSON-ready layer over ``reports.stats`` (DESIGN §6).

* kind: **binary** when every defined value of both arms is 0 or 1, else **graded**; scale: **proportion**
  when every defined value is in [0, 1] (renderers show % and percentage points), else **value**;
* binary → exact McNemar + Newcombe interval; graded → seeded paired bootstrap (expanded percentile) with the paired
  t as a check; rows sharing a unit (:meth:`Comparison.clusters`) → CR1 cluster-robust t. NaN pairs are excluded
  per metric and counted (``n_missing``); n, MDE at 80 % power and ``underpowered`` come with every result.
  All of it is :func:`latent_suite.reports.stats.compare_paired`; this module only chooses the kind and adds
  labels.
* :func:`breakdown` — the same paired comparison per label (domain, trigger, level).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .stats import compare_paired


def metric_kind(base: np.ndarray, tuned: np.ndarray) -> str:
    """'binary' when all non-NaN values of both arms are 0 or 1, else 'graded'."""
    for x in (base, tuned):
        ok = ~np.isnan(x)
        v = x[ok]
        if not np.all((v == 0.0) | (v == 1.0)):
            return "graded"
    return "binary"


def paired_stats(base: np.ndarray, tuned: np.ndarray, *, seed: int = 0, alpha: float = 0.05,
                 clusters: np.ndarray | None = None, kind: str | None = None) -> dict:
    """``compare_paired(...).to_dict()`` with the kind chosen by :func:`metric_kind` (JSON-ready)."""
    base = np.asarray(base, dtype=float)
    tuned = np.asarray(tuned, dtype=float)
    kind = kind or metric_kind(base, tuned)
    out = compare_paired(base, tuned, kind=kind, alpha=alpha, clusters=clusters, seed=seed).to_dict()
    out["scale"] = value_scale(base, tuned)
    return out


def value_scale(base: np.ndarray, tuned: np.ndarray) -> str:
    """'proportion' when every defined value lies in [0, 1] (rates, pass@k: shown as %), else 'value'."""
    both = np.concatenate([base, tuned])
    v = both[~np.isnan(both)]
    return "proportion" if np.all((v >= 0.0) & (v <= 1.0)) else "value"


def metric_comparison(cmp, task: str, filter_name: str, metric: str, pos: np.ndarray | None = None,
                      clusters="auto", **labels) -> dict:
    """One metric of one (task, filter) block, labelled: {task, filter, metric, higher_is_better, ...stats}.

    ``clusters``: "auto" = :meth:`Comparison.clusters` of the block (rows sharing a doc id cluster), None =
    one row per unit (what the family sections know of their own tasks), or explicit labels for ``pos``.
    """
    if isinstance(clusters, str):
        clusters = cmp.clusters([(task, filter_name)])
    pos = cmp.block(task, filter_name) if pos is None else pos
    b, t = cmp.values(metric, pos)
    out = {"task": task, "filter": filter_name, "metric": metric,
           "higher_is_better": cmp.higher_is_better.get(task, {}).get(metric)}
    out.update(labels)
    out.update(paired_stats(b, t, seed=cmp.seed, alpha=cmp.alpha, clusters=clusters))
    return out


def ratio(num: float | None, den: float | None) -> float | None:
    """num/den, None when undefined (den 0 or missing)."""
    if num is None or den is None or not math.isfinite(num) or not math.isfinite(den) or den == 0:
        return None
    return float(num) / float(den)


MAX_LABELS = 200


def breakdown(labels: np.ndarray, metrics: dict[str, tuple[np.ndarray, np.ndarray]], *, seed: int = 0,
              alpha: float = 0.05, kinds: dict[str, str] | None = None) -> list[dict] | None:
    """Per label (sorted; None → "(none)"): ``{label, n, <metric>: paired stats}`` — the same
    :func:`paired_stats` dict as everywhere (n, Δ, CI, p, MDE, underpowered; b/c = the flips for 0/1 metrics),
    on that label's rows. One pass to group the rows, then one comparison per label and metric (labels are
    few: domains, triggers, levels). More than ``MAX_LABELS`` labels: None (not a breakdown)."""
    labels = pd.Series(labels, dtype=object).fillna("(none)").astype(str).to_numpy()
    codes, uniques = pd.factorize(labels, sort=True)
    if len(uniques) > MAX_LABELS:
        return None
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    rows = []
    for i, u in enumerate(uniques):
        idx = order[bounds[i]:bounds[i + 1]]
        r = {"label": str(u), "n": int(idx.size)}
        for name, (b, t) in metrics.items():
            kind = (kinds or {}).get(name)
            r[name] = paired_stats(b[idx], t[idx], seed=seed, alpha=alpha, kind=kind)
        rows.append(r)
    return rows
