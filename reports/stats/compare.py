"""The single entry point a report uses: one paired comparison of a metric, base vs tuned (DESIGN §6).

``compare_paired`` takes per-item values paired by position and returns a :class:`PairedComparison`:

* pairs where either side is NaN (a conditional metric undefined for that item) are dropped and counted
  in ``n_missing``;
* ``kind="binary"`` (0/1 items): exact McNemar p (:mod:`.mcnemar`) and the Newcombe (1998, method 10)
  interval (:mod:`.paired_interval`); b = forgotten, c = gained discordant counts;
* ``kind="graded"``: paired bootstrap interval and bootstrap p over items (:mod:`.bootstrap`), by default
  the *expanded* percentile (Hesterberg 2015), which keeps false alarms at α for small n where the plain
  percentile does not (9.3% at n = 10), with the paired-t p reported as a check (``p_value_t``);
* ``clusters`` given (several rows per unit): the cluster-robust CR1 t interval and p on G − 1 df
  (:mod:`.cluster`) for either kind (binary still reports b and c);
* ``mde``: (z_{1−α/2} + z_{0.8})·SD(d)/√n (:mod:`.power`); with clusters (z_{1−α/2} + z_{0.8})·SE_CR1.
  When SD(d) = 0 the planning SD is √(2p̄(1−p̄)) for binary (p̄ = mean of the two arms' rates) and
  √(Var(base) + Var(tuned)) for graded (its analogue for independent arms; if that is 0 too, the binary
  rule with p̄ = 0.5 is used). ``underpowered`` = not significant (p ≥ α) and |Δ| < MDE.

Quantities that are undefined (n = 0; graded n = 1) are NaN in the object and ``None`` in ``to_dict()``.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike

from ._validate import as_pair, binary_counts, check_alpha
from .bootstrap import paired_bootstrap_ci, paired_t
from .cluster import cluster_codes, cluster_robust_se, paired_cluster_diff
from .mcnemar import mcnemar_exact_p_from_counts
from .paired_interval import newcombe_paired_diff_ci_from_counts
from .power import is_underpowered, mde_multiplier, minimum_detectable_effect

NAN = float("nan")


@dataclass(frozen=True)
class PairedComparison:
    kind: str
    test: str
    n: int
    n_missing: int
    base_mean: float
    tuned_mean: float
    delta: float
    ci_lo: float
    ci_hi: float
    alpha: float
    p_value: float
    se: float
    mde: float
    underpowered: bool
    b: int | None = None
    c: int | None = None
    p_value_t: float | None = None
    n_clusters: int | None = None

    @property
    def significant(self) -> bool:
        return bool(self.p_value < self.alpha)

    def to_dict(self) -> dict:
        """JSON-ready (all fields plus ``significant``): NaN and ±inf become None."""
        out = {}
        for key, value in asdict(self).items():
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            out[key] = value
        out["significant"] = self.significant
        return out


def _test_name(kind: str, clusters: ArrayLike | None) -> str:
    if clusters is not None:
        return "cluster-robust-t"
    return "mcnemar-exact" if kind == "binary" else "paired-bootstrap"


def compare_paired(
    base: ArrayLike,
    tuned: ArrayLike,
    kind: str,
    alpha: float = 0.05,
    clusters: ArrayLike | None = None,
    seed: int = 0,
    *,
    n_boot: int = 2000,
    method: str = "expanded",
    power: float = 0.8,
) -> PairedComparison:
    """Paired comparison of one metric: Δ = mean(tuned) − mean(base) with interval, p, MDE (see module)."""
    if kind not in ("binary", "graded"):
        raise ValueError(f"kind must be 'binary' or 'graded', got {kind!r}")
    alpha = check_alpha(alpha)
    b_all, t_all = as_pair(base, tuned)
    keep = ~(np.isnan(b_all) | np.isnan(t_all))
    bv, tv = b_all[keep], t_all[keep]
    cl = None
    if clusters is not None:
        cl_all = np.asarray(clusters, dtype=object).reshape(-1)
        if cl_all.size != b_all.size:
            raise ValueError(f"clusters ({cl_all.size}) and values ({b_all.size}) differ in length")
        cl = cl_all[keep]
    n, n_missing = int(bv.size), int(b_all.size - bv.size)
    test = _test_name(kind, clusters)
    if n == 0:
        return PairedComparison(kind, test, 0, n_missing, NAN, NAN, NAN, NAN, NAN, alpha, NAN, NAN,
                                float("inf"), True)

    base_mean, tuned_mean = float(bv.mean()), float(tv.mean())
    delta = tuned_mean - base_mean
    d = tv - bv
    b_cnt = c_cnt = None
    p_t = None
    n_clusters = None
    if kind == "binary":
        a_cnt, b_cnt, c_cnt, d_cnt = binary_counts(bv, tv)
        p_bar = (base_mean + tuned_mean) / 2.0
        mde = minimum_detectable_effect(d, alpha, power, p_bar=p_bar)
    else:
        planning = float(np.sqrt(bv.var() + tv.var()))
        mde = minimum_detectable_effect(d, alpha, power, p_bar=None, planning_sd=planning)

    if cl is not None:
        n_clusters = cluster_codes(cl)[1]
        if n_clusters >= 2:
            res = paired_cluster_diff(bv, tv, cl, alpha)
            lo, hi, p, se = res.lo, res.hi, res.p, res.se
            if se > 0:
                mde = mde_multiplier(alpha, power) * se
        else:
            lo = hi = p = se = NAN
    elif kind == "binary":
        lo_a, hi_a = newcombe_paired_diff_ci_from_counts(a_cnt, b_cnt, c_cnt, d_cnt, alpha)
        lo, hi = float(lo_a), float(hi_a)
        p = float(mcnemar_exact_p_from_counts(b_cnt, c_cnt))
        se = float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else NAN
    elif n >= 2:
        boot = paired_bootstrap_ci(bv, tv, n_boot=n_boot, alpha=alpha, seed=seed, method=method)
        lo, hi, p, se = boot.lo, boot.hi, boot.p_value, boot.se
        p_t = paired_t(bv, tv).p
    else:
        lo = hi = p = se = NAN

    significant = bool(p < alpha)  # NaN compares False
    return PairedComparison(
        kind=kind, test=test, n=n, n_missing=n_missing, base_mean=base_mean, tuned_mean=tuned_mean,
        delta=delta, ci_lo=lo, ci_hi=hi, alpha=alpha, p_value=p, se=se, mde=mde,
        underpowered=is_underpowered(significant, delta, mde), b=b_cnt, c=c_cnt, p_value_t=p_t,
        n_clusters=n_clusters,
    )
