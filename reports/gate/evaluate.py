"""Gate verdicts: policy × paired runs → a verdict dict (pure; DESIGN.md §6).

Per policy metric, on the paired rows of (task, filter) with both values present (NaN pairs dropped and
counted), Δ = mean(candidate) − mean(baseline) and, at the metric's α (one-sided, :mod:`..stats.one_sided`):

* **regression** — H0: Δ ≥ −margin vs H1: Δ < −margin. p = ``one_sided_p_drop``; the shown bound is the upper
  (1 − α) bound of Δ. After Holm across the policy's metrics, the metric **fails** when p_Holm < α (a drop
  beyond the margin is shown). Under no change the family-wise false-alarm rate is ≤ α.
* **non-inferiority** — H0: Δ ≤ −margin vs H1: Δ > −margin. p = ``one_sided_p_noninferior``; the shown bound
  is the lower (1 − α) bound. The metric **passes** only when p_Holm < α (the bound, Holm-adjusted, clears
  −margin); otherwise it fails — as "inconclusive: underpowered" when the point estimate Δ̂ lies inside the
  margin (Δ̂ > −margin) but the bound does not, else as "fail: drop not excluded".

Holm (1979) runs once over all the policy's metrics whatever their mode; each adjusted p is compared with its
own metric's α. The bound shown is the unadjusted one-sided bound. Binary vs graded: the policy's ``kind``,
else binary when every value is 0 or 1. Clustered rows (a unit repeating in a block) use the CR1 bound.
"""
from __future__ import annotations

import numpy as np

from latent_suite.errors import LatentSuiteError
from latent_suite.reports.stats import holm, one_sided_bound, one_sided_p_drop, one_sided_p_noninferior

from .policy import Policy


def _kind(rule, b: np.ndarray, t: np.ndarray) -> str:
    binary = bool(np.isin(b, (0.0, 1.0)).all() and np.isin(t, (0.0, 1.0)).all())
    if rule.kind == "binary" and not binary:
        raise LatentSuiteError(f"policy: {rule.name} has kind = \"binary\" but holds values other than 0 and 1")
    return rule.kind or ("binary" if binary else "graded")


def _values(cmp, rule):
    if rule.task not in cmp.tasks:
        raise LatentSuiteError(f"policy: unknown task {rule.task!r} (paired tasks: {', '.join(cmp.tasks)})")
    filters = cmp.filters(rule.task)
    if rule.filter not in filters:
        raise LatentSuiteError(f"policy: unknown filter {rule.filter!r} for task {rule.task!r} "
                               f"(filters: {', '.join(filters)})")
    if not cmp.has_metric(rule.task, rule.metric):
        raise LatentSuiteError(f"policy: unknown metric {rule.metric!r} for task {rule.task!r} "
                               f"(metrics: {', '.join(cmp.metrics.get(rule.task, ()))})")
    pos = cmp.block(rule.task, rule.filter)
    b, t = cmp.values(rule.metric, pos)
    ok = ~(np.isnan(b) | np.isnan(t))
    if ok.sum() < 2:
        raise LatentSuiteError(f"{rule.name}: fewer than 2 paired rows with a value in both runs "
                               f"({int(ok.sum())} of {pos.size})")
    clusters = cmp.clusters([(rule.task, rule.filter)])
    if clusters is not None:
        clusters = np.asarray(clusters)[ok]
    return b[ok], t[ok], int((~ok).sum()), clusters


def evaluate_gate(cmp, policy: Policy) -> dict:
    """The verdict dict for a :class:`~latent_suite.reports.comparison.Comparison` (see module docstring)."""
    rows = []
    for rule in policy.metrics:
        b, t, n_missing, clusters = _values(cmp, rule)
        kind = _kind(rule, b, t)
        if rule.mode == "regression":
            p = one_sided_p_drop(b, t, rule.margin, kind=kind, clusters=clusters)
            bound = one_sided_bound(b, t, rule.alpha, kind=kind, side="upper", clusters=clusters)
        else:
            p = one_sided_p_noninferior(b, t, rule.margin, kind=kind, clusters=clusters)
            bound = one_sided_bound(b, t, rule.alpha, kind=kind, side="lower", clusters=clusters)
        rows.append({"task": rule.task, "metric": rule.metric, "filter": rule.filter, "mode": rule.mode,
                     "kind": kind, "margin": rule.margin, "alpha": rule.alpha, "n": int(b.size),
                     "n_missing": n_missing, "baseline": float(b.mean()), "candidate": float(t.mean()),
                     "delta": float(t.mean() - b.mean()), "bound": float(bound),
                     "bound_side": "upper" if rule.mode == "regression" else "lower", "p_value": float(p)})
    adjusted = holm([r["p_value"] for r in rows])
    for r, p_adj in zip(rows, adjusted):
        r["p_holm"] = float(p_adj)
        significant = p_adj < r["alpha"]
        if r["mode"] == "regression":
            r["status"] = "fail" if significant else "pass"
            r["reason"] = (f"drop beyond the margin: upper bound {r['bound']:+.4f} < -{r['margin']:g}"
                           if significant else "no drop beyond the margin detected")
        elif significant:
            r["status"], r["reason"] = "pass", f"non-inferior: lower bound {r['bound']:+.4f} > -{r['margin']:g}"
        elif r["delta"] > -r["margin"]:
            r["status"], r["reason"] = "fail", ("inconclusive: underpowered (estimate within the margin, "
                                                "bound not)")
        else:
            r["status"], r["reason"] = "fail", "fail: drop beyond the margin not excluded"
    passed = all(r["status"] == "pass" for r in rows)
    return {"verdict": "pass" if passed else "fail", "exit_code": 0 if passed else 1,
            "multiple_testing": "holm", "n_metrics": len(rows), "metrics": rows}
