"""One-sided bounds and p-values for Δ = mean(tuned) − mean(base), for the CI gate (DESIGN §6).

Bounds at confidence 1 − α:

* binary (0/1 per item): the Newcombe (1998, method 10) paired interval at two-sided level 1 − 2α; its
  lower (upper) end is the one-sided (1 − α) lower (upper) bound (see :mod:`.paired_interval`);
* graded: the t bound from the paired differences d_i (Student 1908), d̄ ∓ t_{1−α, n−1}·s_d/√n;
* either kind with ``clusters``: d̄ ∓ t_{1−α, G−1}·SE_CR1 (Cameron & Miller 2015; :mod:`.cluster`).

p-values for a margin m ≥ 0 (the gate's tolerance):

* ``one_sided_p_drop``: H0: Δ ≥ −m vs H1: Δ < −m (evidence of a regression beyond the margin);
* ``one_sided_p_noninferior``: H0: Δ ≤ −m vs H1: Δ > −m (evidence that any drop is within the margin).

Each p is the inversion of its bound, so ``p ≤ α`` exactly when the bound clears −m:
p_drop ≤ α ⇔ upper_{1−α} < −m, and p_noninferior ≤ α ⇔ lower_{1−α} > −m. Graded/cluster:
t = (d̄ + m)/SE, p_drop = F_t(t), p_noninferior = 1 − F_t(t) (SE = 0: p = 0 when the inequality holds
strictly in the observed d̄, else 1). Binary: with U(z), L(z) the Newcombe ends at normal quantile z,
p_drop = Φ(−z*) where U(z*) = −m if Δ̂ < −m, and p_drop = Φ(z*) where L(z*) = −m if Δ̂ > −m
(p = ½ at Δ̂ = −m); p_noninferior = 1 − p_drop (computed as Φ(±z*) directly); z* is found by Brent's
method on z ∈ [0, 40].

Measured error rates (tests/test_stats_simulation.py, α = 0.05): the binary upper bound's false-alarm rate
under no change is 4.4-5.0% at margin 0 and ≤ 1.1% at margin 0.02 (n = 200-500); the Newcombe lower bound
is slightly liberal under a true drop of exactly the margin (4.96-5.65% false passes, worst with few
discordant pairs), because the interval leans towards 0 when Δ < 0. The graded t bound is accurate for
exchangeable or symmetric differences; for strongly skewed d (e.g. χ²₁ − 1) it is liberal at small n.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.stats import norm, t as t_dist

from ._validate import as_pair, binary_counts, check_alpha
from .cluster import cluster_codes, cluster_robust_se
from .paired_interval import newcombe_from_counts_z, newcombe_paired_diff_ci_from_counts

_Z_MAX = 40.0
KINDS = ("binary", "graded")


def _check(kind: str, side: str | None = None) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be 'binary' or 'graded', got {kind!r}")
    if side is not None and side not in ("lower", "upper"):
        raise ValueError(f"side must be 'lower' or 'upper', got {side!r}")


def _t_parts(base: np.ndarray, tuned: np.ndarray, clusters: ArrayLike | None) -> tuple[float, float, int]:
    """(d̄, SE, df): paired t, or CR1 with G − 1 df when clusters are given."""
    d = tuned - base
    if clusters is not None:
        _, g = cluster_codes(clusters)
        return float(d.mean()), float(cluster_robust_se(d, clusters)), g - 1
    if d.size < 2:
        raise ValueError("a graded bound needs at least 2 pairs")
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size)), d.size - 1


def one_sided_bound(
    base: ArrayLike,
    tuned: ArrayLike,
    alpha: float = 0.05,
    kind: str = "binary",
    side: str = "lower",
    clusters: ArrayLike | None = None,
) -> float:
    """One-sided (1 − α) lower or upper confidence bound for Δ = tuned − base."""
    _check(kind, side)
    alpha = check_alpha(alpha)
    b, t = as_pair(base, tuned)
    if kind == "binary" and clusters is None:
        if not alpha < 0.5:
            raise ValueError("alpha must be < 0.5 for a one-sided bound")
        lo, hi = newcombe_paired_diff_ci_from_counts(*binary_counts(b, t), alpha=2.0 * alpha)
        return float(lo if side == "lower" else hi)
    diff, se, df = _t_parts(b, t, clusters)
    crit = float(t_dist.ppf(1.0 - alpha, df))
    return diff - crit * se if side == "lower" else diff + crit * se


def _binary_drop_z(base: np.ndarray, tuned: np.ndarray, margin: float) -> float:
    """Signed z* with p_drop = Φ(−z*) and p_noninferior = Φ(z*) (z* > 0 when Δ̂ < −margin)."""
    a, b, c, d = binary_counts(base, tuned)
    delta = (c - b) / (a + b + c + d)
    target = -margin
    if np.isclose(delta, target, rtol=0.0, atol=1e-12):
        return 0.0
    # Δ̂ below −m: grow z until the upper end U(z) rises to −m; above: until the lower end L(z) falls to −m.
    end = 1 if delta < target else 0

    def gap(z: float) -> float:
        return float(newcombe_from_counts_z(a, b, c, d, z)[end]) - target

    if np.sign(gap(_Z_MAX)) == np.sign(gap(0.0)):
        z_star = _Z_MAX
    else:
        z_star = brentq(gap, 0.0, _Z_MAX, xtol=1e-12)
    return z_star if delta < target else -z_star


def _one_sided_p(base, tuned, margin: float, kind: str, clusters, sign: int) -> float:
    """p-value for H1: sign·(Δ + margin) < 0 (sign +1: a drop beyond the margin; −1: non-inferiority)."""
    _check(kind)
    b, t = as_pair(base, tuned)
    margin = float(margin)
    if kind == "binary" and clusters is None:
        return float(norm.cdf(-sign * _binary_drop_z(b, t, margin)))
    diff, se, df = _t_parts(b, t, clusters)
    if se == 0.0:
        return 0.0 if sign * (diff + margin) < 0 else 1.0
    return float(t_dist.cdf(sign * (diff + margin) / se, df))


def one_sided_p_drop(
    base: ArrayLike,
    tuned: ArrayLike,
    margin: float = 0.0,
    kind: str = "binary",
    clusters: ArrayLike | None = None,
) -> float:
    """p-value for H0: Δ ≥ −margin against H1: Δ < −margin (a regression beyond the margin)."""
    return _one_sided_p(base, tuned, margin, kind, clusters, sign=+1)


def one_sided_p_noninferior(
    base: ArrayLike,
    tuned: ArrayLike,
    margin: float = 0.0,
    kind: str = "binary",
    clusters: ArrayLike | None = None,
) -> float:
    """p-value for H0: Δ ≤ −margin against H1: Δ > −margin (non-inferiority within the margin)."""
    return _one_sided_p(base, tuned, margin, kind, clusters, sign=-1)
