"""Exact McNemar test for paired binary outcomes (McNemar 1947, Psychometrika 12:153; exact form:
Agresti 2013, *Categorical Data Analysis*, 3rd ed., §11.1).

With the paired 2x2 table

                 tuned ✓   tuned ✗
    base ✓         a         b        b = forgotten (base right, tuned wrong)
    base ✗         c         d        c = gained    (base wrong, tuned right)

only the discordant pairs carry information about a change. Under H0 (no change, p_base = p_tuned) each
discordant pair is b or c with probability 1/2, so conditionally on m = b + c

    X = b ~ Bin(m, 1/2),    p = min(1, 2 · P(X ≤ min(b, c)))

(the two-sided exact binomial test, doubling the smaller tail). p = 1 when m = 0.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import binom

from ._validate import binary_counts


@dataclass(frozen=True)
class McNemarResult:
    """b = base✓tuned✗ (forgotten), c = base✗tuned✓ (gained), n = number of pairs, exact two-sided p."""

    b: int
    c: int
    n: int
    p_value: float


def mcnemar_exact_p_from_counts(b: ArrayLike, c: ArrayLike) -> np.ndarray:
    """Vectorised exact two-sided McNemar p-value ``min(1, 2·P(Bin(b+c, 1/2) ≤ min(b, c)))``.

    Works element-wise on arrays of discordant counts; p = 1 where b + c = 0.

    >>> float(mcnemar_exact_p_from_counts(1, 6))   # 2·(C(7,0)+C(7,1))/2^7 = 2·8/128
    0.125
    """
    b = np.asarray(b)
    c = np.asarray(c)
    if np.any(b < 0) or np.any(c < 0):
        raise ValueError("discordant counts must be non-negative")
    m = b + c
    # binom.cdf(k, 0, .5) = 1 for k >= 0, so m = 0 gives min(1, 2) = 1 without a special case.
    return np.minimum(1.0, 2.0 * binom.cdf(np.minimum(b, c), m, 0.5))


def mcnemar_exact(base: ArrayLike, tuned: ArrayLike) -> McNemarResult:
    """Exact McNemar test on paired 0/1 outcomes (base[i] is paired with tuned[i]).

    >>> mcnemar_exact([1, 0, 0, 0, 0, 0, 0, 1], [0, 1, 1, 1, 1, 1, 1, 1])
    McNemarResult(b=1, c=6, n=8, p_value=0.125)
    """
    a, b, c, d = binary_counts(base, tuned)
    p = float(mcnemar_exact_p_from_counts(b, c))
    return McNemarResult(b=b, c=c, n=a + b + c + d, p_value=p)
