"""Mean pass@k curves of both arms with 95 % bands, bootstrapping over problems (DESIGN.md §4.1, §6).

Per problem i the unbiased pass@k (Chen et al. 2021, arXiv 2107.03374, eq. 1;
:func:`latent_suite.evaluators.passk.pass_at_k_matrix`) depends only on (n_i, c_i). The curve of an arm is
the mean over problems, k = 1..K with K = min n over both arms (Yue et al. 2025, arXiv 2504.13837, Fig. 1).

Band: percentile bootstrap over problems (Efron & Tibshirani 1993, eq. 13.5), resampling problems as
*pairs* (base and tuned together), so the same replicates give both arms' bands and the band of
Δ(k) = tuned − base. Vectorised and exact at any number of problems P: a resample of P problems is a
multinomial draw of counts over the U distinct (n_b, c_b, n_t, c_t) tuples (U ≤ (n+1)² however large P is),
so B replicates of all K points are one (B × U) @ (U × K) product. B is reduced (never below 200) when
B·U·K would exceed ``max_work``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from latent_suite.evaluators.passk import pass_at_k_matrix


@dataclass(frozen=True)
class CurveBands:
    ks: np.ndarray
    base: np.ndarray  # (3, K): mean, lo, hi
    tuned: np.ndarray
    diff: np.ndarray  # tuned − base
    n_boot: int

    def to_dict(self) -> dict:
        def arm(a):
            return {"mean": a[0].tolist(), "lo": a[1].tolist(), "hi": a[2].tolist()}
        return {"k": self.ks.tolist(), "base": arm(self.base), "tuned": arm(self.tuned), "diff": arm(self.diff),
                "n_boot": self.n_boot, "band": "95% percentile bootstrap over problems"}


def unique_tuples(*cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of the stacked integer columns and their counts (one int64 code per row)."""
    stacked = np.stack([np.asarray(c, dtype=np.int64) for c in cols], axis=1)
    base = int(stacked.max()) + 1 if stacked.size else 1
    code = np.zeros(stacked.shape[0], dtype=np.int64)
    for j in range(stacked.shape[1]):
        code = code * base + stacked[:, j]
    _, first, counts = np.unique(code, return_index=True, return_counts=True)
    return stacked[first], counts


def curve_values(n: np.ndarray, c: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """(len(n), K) matrix of pass@k for each (n, c) row and each k in ``ks``."""
    return np.stack([pass_at_k_matrix(n, c, int(k)) for k in ks], axis=1)


def curve_bands(n_b: np.ndarray, c_b: np.ndarray, n_t: np.ndarray, c_t: np.ndarray, ks: np.ndarray, *,
                n_boot: int = 2000, seed: int = 0, alpha: float = 0.05, max_work: float = 4e8) -> CurveBands:
    """Means and (1−α) percentile bands of both arms' pass@k curves and of their difference."""
    ks = np.asarray(ks, dtype=np.int64)
    tuples, counts = unique_tuples(n_b, c_b, n_t, c_t)
    vb = curve_values(tuples[:, 0], tuples[:, 1], ks)
    vt = curve_values(tuples[:, 2], tuples[:, 3], ks)
    p_total = int(counts.sum())
    u = counts.size
    b_eff = int(max(200, min(n_boot, max_work // max(1, u * ks.size))))
    rng = np.random.default_rng(seed)
    w = rng.multinomial(p_total, counts / p_total, size=b_eff).astype(float)  # (B, U)
    q = [alpha / 2.0, 1.0 - alpha / 2.0]

    def summarise(values: np.ndarray) -> np.ndarray:
        mean = counts @ values / p_total
        reps = w @ values / p_total  # (B, K)
        lo, hi = np.quantile(reps, q, axis=0)
        return np.stack([mean, lo, hi])

    return CurveBands(ks, summarise(vb), summarise(vt), summarise(vt - vb), b_eff)
