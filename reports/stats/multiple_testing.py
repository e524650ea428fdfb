"""Holm's step-down adjustment (Holm 1979, "A simple sequentially rejective multiple test procedure",
Scand J Stat 6:65-70), which controls the family-wise error rate under any dependence.

Sort the m p-values p_(1) ≤ … ≤ p_(m); the adjusted values are

    p̃_(j) = min(1, max_{k ≤ j} (m − k + 1)·p_(k)),

returned in the input order. Rejecting H_(j) when p̃_(j) ≤ α is Holm's procedure at level α. NaN entries
(undefined tests, e.g. n = 0) stay NaN and are not counted in m.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np


def holm(p_values: Sequence[float] | np.ndarray) -> np.ndarray:
    """Holm-adjusted p-values, same order as the input.

    >>> holm([0.01, 0.04, 0.03, 0.005]).tolist()
    [0.03, 0.06, 0.06, 0.02]
    """
    p = np.asarray(p_values, dtype=float).reshape(-1)
    ok = ~np.isnan(p)
    if np.any((p[ok] < 0) | (p[ok] > 1)):
        raise ValueError("p-values must lie in [0, 1]")
    out = np.full(p.shape, np.nan)
    q = p[ok]
    m = q.size
    if m == 0:
        return out
    order = np.argsort(q, kind="stable")
    scaled = (m - np.arange(m)) * q[order]
    adj = np.minimum(1.0, np.maximum.accumulate(scaled))
    res = np.empty(m)
    res[order] = adj
    out[ok] = res
    return out
