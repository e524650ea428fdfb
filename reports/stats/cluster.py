"""Cluster-robust standard error of a mean (Cameron & Miller 2015, "A Practitioner's Guide to
Cluster-Robust Inference", J. Human Resources 50:317-372, §II.B-C).

When several rows belong to one unit (a FLEX item's probes, repeats of one problem) they are not
independent. For the mean ȳ of N values in G clusters, with residuals e_i = y_i − ȳ and cluster sums
E_g = Σ_{i∈g} e_i, the CR1 variance is

    V̂(ȳ) = G/(G−1) · (N−1)/(N−K) · Σ_g E_g² / N²,   K = 1 regressor (the intercept), so (N−1)/(N−K) = 1,

i.e. the sandwich estimator with the small-sample factor G/(G−1). Inference uses t with G − 1 degrees of
freedom (Cameron & Miller §VI.C; Stata's default). With one row per cluster this is exactly s²/N, the
usual variance of a mean.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import t as t_dist

from ._validate import as_pair, check_alpha


class ClusterDiff(NamedTuple):
    diff: float
    se: float
    lo: float
    hi: float
    p: float


def cluster_codes(clusters: ArrayLike) -> tuple[np.ndarray, int]:
    """Integer codes 0..G−1 for any hashable labels, and G."""
    codes, uniques = pd.factorize(np.asarray(clusters, dtype=object).reshape(-1), use_na_sentinel=False)
    return codes, len(uniques)


def cluster_robust_se(values: ArrayLike, clusters: ArrayLike) -> float | np.ndarray:
    """CR1 standard error of the mean of ``values`` (shape (N,), or (T, N) for T data sets sharing one
    cluster layout, giving T standard errors). ``clusters``: N labels. Needs G ≥ 2 clusters."""
    y = np.asarray(values, dtype=float)
    codes, g = cluster_codes(clusters)
    if y.shape[-1] != codes.size:
        raise ValueError(f"values ({y.shape[-1]}) and clusters ({codes.size}) differ in length")
    if g < 2:
        raise ValueError("cluster-robust SE needs at least 2 clusters")
    n = codes.size
    e = y - y.mean(axis=-1, keepdims=True)
    rows = e.reshape(-1, n)
    keys = (np.arange(rows.shape[0])[:, None] * g + codes[None, :]).ravel()
    sums = np.bincount(keys, weights=rows.ravel(), minlength=rows.shape[0] * g)
    sums = sums.reshape(e.shape[:-1] + (g,))  # cluster sums of residuals
    var = g / (g - 1.0) * np.sum(sums**2, axis=-1) / n**2
    se = np.sqrt(var)
    return float(se) if se.ndim == 0 else se


def paired_cluster_diff(
    base: ArrayLike, tuned: ArrayLike, clusters: ArrayLike, alpha: float = 0.05
) -> ClusterDiff:
    """Mean paired difference d̄ = mean(tuned − base) with CR1 SE, a (1−α) t interval on G − 1 df and
    the two-sided p for d̄ = 0. se = 0 gives p = 1 if d̄ = 0 else 0."""
    b, t = as_pair(base, tuned)
    alpha = check_alpha(alpha)
    d = t - b
    _, g = cluster_codes(clusters)
    diff = float(d.mean())
    se = float(cluster_robust_se(d, clusters))
    crit = float(t_dist.ppf(1.0 - alpha / 2.0, g - 1))
    if se == 0.0:
        p = 1.0 if diff == 0.0 else 0.0
    else:
        p = float(2.0 * t_dist.sf(abs(diff) / se, g - 1))
    return ClusterDiff(diff, se, diff - crit * se, diff + crit * se, p)
