"""pass@k: the unbiased estimator of Chen et al. 2021 (arXiv 2107.03374, Codex paper, eq. 1).

For one problem with n samples of which c are correct,

    pass@k = 1 - C(n-c, k) / C(n, k)

the probability that at least one of k samples drawn without replacement from the n is correct.
Computed stably as ``1 - prod_{i=n-c+1}^{n} (1 - k/i)`` (Chen et al.'s numpy snippet), which avoids the huge
binomials; it is exactly 1.0 when n - c < k. The suite's pass@k per task is the mean over problems
(Yue et al. 2025, arXiv 2504.13837, use the same estimator with n up to 1024).
"""
from __future__ import annotations

import numpy as np
from scipy.special import gammaln


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem: ``1 - C(n-c,k)/C(n,k)``.

    >>> round(pass_at_k(10, 3, 4), 6)   # 1 - C(7,4)/C(10,4) = 1 - 35/210
    0.833333
    """
    n, c, k = int(n), int(c), int(k)
    if n < 1 or not 0 <= c <= n:
        raise ValueError(f"need n >= 1 and 0 <= c <= n, got n={n}, c={c}")
    if not 1 <= k <= n:
        raise ValueError(f"need 1 <= k <= n, got k={k}, n={n}")
    if n - c < k:
        return 1.0
    return float(1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def k_values(n: int) -> list[int]:
    """The k grid reported for n samples: 1, 2, 4, ... (powers of two below n) and n itself."""
    ks, k = [], 1
    while k < n:
        ks.append(k)
        k *= 2
    ks.append(n)
    return ks


def pass_at_k_curve(n: int, c: int, ks: list[int] | None = None) -> dict[int, float]:
    """pass@k for every k in ``ks`` (default :func:`k_values`) for one problem."""
    return {k: pass_at_k(n, c, k) for k in (ks or k_values(n))}


def pass_at_k_matrix(n: np.ndarray, c: np.ndarray, k: int) -> np.ndarray:
    """Vectorised pass@k over problems (arrays ``n``, ``c`` of equal length); NaN where k > n."""
    n = np.asarray(n, dtype=np.int64)
    c = np.asarray(c, dtype=np.int64)
    out = np.full(n.shape, np.nan)
    for nn in np.unique(n):
        if k > nn:
            continue
        sel = n == nn
        # C(n-c, k) / C(n, k) through log-gamma: vectorised, relative error ~1e-12
        cc = c[sel]
        fail = nn - cc
        ok = fail >= k
        ratio = np.zeros(cc.shape)
        f = fail[ok]
        ratio[ok] = np.exp(gammaln(f + 1) - gammaln(f - k + 1) - gammaln(nn + 1) + gammaln(nn - k + 1))
        out[sel] = 1.0 - ratio
    return out
