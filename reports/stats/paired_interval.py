"""Newcombe's score interval for a difference of paired proportions (Newcombe 1998, "Improved confidence
intervals for the difference between binomial proportions based on paired data", Stat Med 17:2635-2650,
method 10; also Fagerland, Lydersen & Laake 2017, *Statistical Analysis of Contingency Tables*, §8.5,
"Newcombe square-and-add").

Cells (a, b, c, d) as in :mod:`.mcnemar`: a = both ✓, b = base✓tuned✗, c = base✗tuned✓, d = both ✗,
n = a + b + c + d. The target is Δ = p_tuned − p_base, estimated by Δ̂ = (c − b)/n, with marginals
p1 = p_tuned = (a + c)/n and p2 = p_base = (a + b)/n. (Newcombe's e, f, g, h are a, c, b, d here.)

1. Wilson score intervals (Wilson 1927, JASA 22:209) for each marginal, z = z_{1−α/2}:
       centre = (x + z²/2)/(n + z²),  half = z·√n/(n + z²)·√(p̂(1−p̂) + z²/(4n));   (l1,u1), (l2,u2).
2. The correlation of the marginals, with Newcombe's continuity correction on the phi coefficient:
       A = a·d − b·c;  A' = A − n/2 if A > n/2,  0 if 0 ≤ A ≤ n/2,  A if A < 0;
       φ = A' / √((a+b)(c+d)(a+c)(b+d)),   φ = 0 when any margin is 0.
3. Square-and-add:
       L = Δ̂ − √((p1 − l1)² − 2φ(p1 − l1)(u2 − p2) + (u2 − p2)²)
       U = Δ̂ + √((u1 − p1)² − 2φ(u1 − p1)(p2 − l2) + (p2 − l2)²)
   clipped to [−1, 1].

The tests reproduce the method-10 rows of Newcombe's Table III and the book's Cavo et al. example.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

from ._validate import binary_counts, check_alpha


def wilson_interval(x: ArrayLike, n: ArrayLike, z: float | ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson score interval for x successes in n trials at normal quantile z (Wilson 1927)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z = np.asarray(z, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z2 = z * z
        centre = (x + z2 / 2.0) / (n + z2)
        half = z * np.sqrt(n) / (n + z2) * np.sqrt(p * (1.0 - p) + z2 / (4.0 * n))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def newcombe_from_counts_z(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, z: float | ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe method-10 interval for Δ = (c − b)/n at an explicit normal quantile z (z ≥ 0).

    The two-sided level is 2Φ(z) − 1; each end alone is a one-sided bound at level Φ(z).
    """
    a, b, c, d = (np.asarray(v, dtype=float) for v in (a, b, c, d))
    if np.any(a < 0) or np.any(b < 0) or np.any(c < 0) or np.any(d < 0):
        raise ValueError("cell counts must be non-negative")
    n = a + b + c + d
    if np.any(n <= 0):
        raise ValueError("need at least one pair")
    p1 = (a + c) / n  # tuned
    p2 = (a + b) / n  # base
    l1, u1 = wilson_interval(a + c, n, z)
    l2, u2 = wilson_interval(a + b, n, z)
    num = a * d - b * c
    num = np.where(num > n / 2.0, num - n / 2.0, np.where(num >= 0.0, 0.0, num))
    den = np.sqrt((a + b) * (c + d) * (a + c) * (b + d))
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(den > 0.0, num / np.where(den > 0.0, den, 1.0), 0.0)
    dl1, du1 = p1 - l1, u1 - p1
    dl2, du2 = p2 - l2, u2 - p2
    delta = p1 - p2
    lo = delta - np.sqrt(np.maximum(dl1**2 - 2.0 * phi * dl1 * du2 + du2**2, 0.0))
    hi = delta + np.sqrt(np.maximum(du1**2 - 2.0 * phi * du1 * dl2 + dl2**2, 0.0))
    return np.maximum(lo, -1.0), np.minimum(hi, 1.0)


def newcombe_paired_diff_ci_from_counts(
    a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike, alpha: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised two-sided (1−α) Newcombe interval for Δ = p_tuned − p_base from paired 2x2 cells.

    a = both ✓, b = base✓tuned✗, c = base✗tuned✓, d = both ✗ (arrays broadcast together).
    """
    z = norm.ppf(1.0 - check_alpha(alpha) / 2.0)
    return newcombe_from_counts_z(a, b, c, d, z)


def newcombe_paired_diff_ci(base: ArrayLike, tuned: ArrayLike, alpha: float = 0.05) -> tuple[float, float]:
    """Two-sided (1−α) Newcombe (1998, method 10) interval for p_tuned − p_base from paired 0/1 arrays."""
    a, b, c, d = binary_counts(base, tuned)
    lo, hi = newcombe_paired_diff_ci_from_counts(a, b, c, d, alpha)
    return float(lo), float(hi)
