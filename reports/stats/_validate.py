"""Input checks shared by the paired-statistics modules (pairing by position, 0/1 coding)."""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def as_pair(base: ArrayLike, tuned: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both arms as 1-D float arrays of equal length (item i of one is paired with item i of the other)."""
    b = np.asarray(base, dtype=float)
    t = np.asarray(tuned, dtype=float)
    if b.ndim != 1 or t.ndim != 1:
        raise ValueError("base and tuned must be 1-D arrays of per-item values")
    if b.shape != t.shape:
        raise ValueError(f"base and tuned must be paired by position: lengths {b.size} != {t.size}")
    return b, t


def as_binary_pair(base: ArrayLike, tuned: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both arms as 1-D bool arrays; every value must be 0 or 1 (True/False), no NaN."""
    b, t = as_pair(base, tuned)
    for name, x in (("base", b), ("tuned", t)):
        if not np.all((x == 0) | (x == 1)):
            raise ValueError(f"{name} must contain only 0/1 values (drop NaN pairs first)")
    return b.astype(bool), t.astype(bool)


def binary_counts(base: ArrayLike, tuned: ArrayLike) -> tuple[int, int, int, int]:
    """The paired 2x2 table (a, b, c, d): a = both correct, b = base correct & tuned wrong (forgotten),
    c = base wrong & tuned correct (gained), d = both wrong."""
    bb, tt = as_binary_pair(base, tuned)
    a = int(np.count_nonzero(bb & tt))
    b = int(np.count_nonzero(bb & ~tt))
    c = int(np.count_nonzero(~bb & tt))
    d = int(bb.size - a - b - c)
    return a, b, c, d


def check_alpha(alpha: float) -> float:
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be in (0, 1), got {alpha}")
    return alpha
