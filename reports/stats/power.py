"""Minimum detectable effect of a paired comparison (normal approximation; Cohen 1988, *Statistical Power
Analysis for the Behavioral Sciences*, ch. 2; Chow, Shao & Wang 2008, *Sample Size Calculations in
Clinical Research*, §3.1, paired design).

For per-item differences d_i (i = 1..n) and a two-sided test at level α, the smallest true mean
difference detected with probability ``power`` is

    MDE = (z_{1−α/2} + z_{power}) · SD(d) / √n          (SD with ddof = 1).

If SD(d) = 0 (e.g. identical runs: every d_i = 0) the MDE would collapse to 0 and every null result
would look conclusive. Then the planning SD of a paired binary difference with independent arms,
√(2·p̄(1−p̄)) (p̄ = mean of the two arms' rates), is used instead. If p̄ is 0 or 1 as well, or not given,
p̄ = 0.5 is used (SD = 1/√2, the largest binary planning SD: a deliberately conservative MDE).
A caller with a better planning SD (graded metrics) passes ``planning_sd``.

A result is *underpowered* when it is not significant and |Δ| < MDE: the data could not have told a
true effect of that size from no effect.
"""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

from ._validate import check_alpha


def mde_multiplier(alpha: float = 0.05, power: float = 0.8) -> float:
    """z_{1−α/2} + z_{power} (2.8016 at α = 0.05, power = 0.8)."""
    alpha = check_alpha(alpha)
    if not 0.0 < power < 1.0:
        raise ValueError(f"power must be in (0, 1), got {power}")
    return float(norm.ppf(1.0 - alpha / 2.0) + norm.ppf(power))


def planning_sd_binary(p_bar: float | None) -> float:
    """√(2·p̄(1−p̄)), with p̄ = 0.5 when p̄ is None, 0 or 1."""
    if p_bar is None or not 0.0 < p_bar < 1.0:
        p_bar = 0.5
    return float(np.sqrt(2.0 * p_bar * (1.0 - p_bar)))


def minimum_detectable_effect(
    d: ArrayLike,
    alpha: float = 0.05,
    power: float = 0.8,
    p_bar: float | None = None,
    planning_sd: float | None = None,
) -> float:
    """(z_{1−α/2} + z_power)·SD(d)/√n, with the planning-SD fallback when SD(d) = 0 (or n = 1).

    ``planning_sd`` (if given and > 0) takes precedence over the p̄ rule. n = 0 gives +inf.
    """
    d = np.asarray(d, dtype=float).reshape(-1)
    mult = mde_multiplier(alpha, power)
    n = d.size
    if n == 0:
        return float("inf")
    sd = float(d.std(ddof=1)) if n > 1 else 0.0
    if not sd > 0.0:
        sd = float(planning_sd) if planning_sd is not None and planning_sd > 0 else planning_sd_binary(p_bar)
    return mult * sd / float(np.sqrt(n))


def is_underpowered(significant: bool, delta: float, mde: float) -> bool:
    """Not significant and |Δ| < MDE."""
    return (not significant) and abs(delta) < mde
