"""pass@k ceilings section (DESIGN.md §4.1; Yue et al. 2025, arXiv 2504.13837).

Per (task, filter) block with per-problem ``n`` and ``c`` in both runs (K = min n):

* ``curve`` — both arms' mean pass@k for k = 1..K with 95 % bootstrap bands over problems, and the band of
  Δ(k) = tuned − base (:func:`latent_suite.reports.passk_curves.curve_bands`);
* ``crossover_k`` — the smallest k with mean base pass@k ≥ mean tuned pass@k (None: the tuned model stays
  ahead up to K); ``at_k_max`` — the paired comparison of pass@K per problem (CI and p for Δ at k = n);
* ``delta_se`` — ΔSE(k) = base pass@k − tuned pass@1 at k = min(256, K), a paired comparison over problems
  (its ``delta`` is base pass@k − tuned pass@1; ``k_below_256`` says when K < 256, Yue's k);
* ``solved`` — problems solved at least once in n samples (c > 0, i.e. pass@n = 1): both / base-only /
  tuned-only / neither, with exact McNemar on base-only vs tuned-only;
* ``pass_at_1`` — the paired comparison of pass@1 = c/n; ``levels`` — per difficulty level (doc ``level``).

Headline: pass@1 and pass@K. Per-problem statistics are already the cluster level (repeats sit inside a row).
"""
from __future__ import annotations

import numpy as np

from latent_suite.evaluators.passk import pass_at_k_matrix

from ..metric_stats import breakdown, paired_stats
from ..passk_curves import curve_bands
from ._common import ci, code, delta, headline_entry, p_eq, summary

FAMILY = "passk"
TITLE = "pass@k ceilings"
YUE_K = 256


def claims(task: str) -> bool:
    return task.startswith("latent_passk")


def _n_c(cmp, pos: np.ndarray):
    """Per-problem (n_b, c_b, n_t, c_t): the ``n``/``c`` metric columns, else the correctness vectors."""
    nb, nt = cmp.values("n", pos)
    cb, ct = cmp.values("c", pos)
    if np.isnan(nb).all() and "correct_vector" in cmp.base_rows.columns:
        def from_vec(frame):
            vecs = frame["correct_vector"].to_numpy()[pos]
            n = np.array([len(v) if v else np.nan for v in vecs], dtype=float)
            c = np.array([sum(v) if v else np.nan for v in vecs], dtype=float)
            return n, c
        nb, cb = from_vec(cmp.base_rows)
        nt, ct = from_vec(cmp.tuned_rows)
    return nb, cb, nt, ct


def _block(cmp, task: str, filt: str, headline: list) -> dict | None:
    pos = cmp.block(task, filt)
    nb, cb, nt, ct = _n_c(cmp, pos)
    ok = ~(np.isnan(nb) | np.isnan(cb) | np.isnan(nt) | np.isnan(ct)) & (nb > 0) & (nt > 0)
    base_info = {"task": task, "filter": filt, "n_rows": int(pos.size), "n_missing": int((~ok).sum())}
    if not ok.any():
        return None
    nb, cb, nt, ct = (x[ok].astype(np.int64) for x in (nb, cb, nt, ct))
    k_max = int(min(nb.min(), nt.min()))
    ks = np.arange(1, k_max + 1)
    seed, alpha = cmp.seed, cmp.alpha
    bands = curve_bands(nb, cb, nt, ct, ks, seed=seed, alpha=alpha)
    mean_b, mean_t = bands.base[0], bands.tuned[0]
    over = np.flatnonzero(mean_b >= mean_t - 1e-12)
    crossover = int(ks[over[0]]) if over.size else None

    lab = {"task": task, "filter": filt, "higher_is_better": True}
    p1_b, p1_t = cb / nb, ct / nt
    pk_b, pk_t = pass_at_k_matrix(nb, cb, k_max), pass_at_k_matrix(nt, ct, k_max)
    pass1 = {**lab, "metric": "pass@1", **paired_stats(p1_b, p1_t, seed=seed, alpha=alpha, kind="graded")}
    at_k = {**lab, "metric": f"pass@{k_max}", "k": k_max,
            **paired_stats(pk_b, pk_t, seed=seed, alpha=alpha, kind="graded")}
    k_se = min(YUE_K, k_max)
    se_b = pass_at_k_matrix(nb, cb, k_se)
    # compare_paired's Δ is mean(second) − mean(first): second = base pass@k, first = tuned pass@1.
    dse = {"k": k_se, "k_below_256": k_se < YUE_K, "definition": "base pass@k - tuned pass@1",
           **paired_stats(p1_t, se_b, seed=seed, alpha=alpha, kind="graded")}
    solved_b, solved_t = (cb > 0).astype(float), (ct > 0).astype(float)
    solved_stats = paired_stats(solved_b, solved_t, alpha=alpha, kind="binary")
    sb, st = cb > 0, ct > 0
    solved = {"both": int((sb & st).sum()), "base_only": int((sb & ~st).sum()),
              "tuned_only": int((~sb & st).sum()), "neither": int((~sb & ~st).sum()),
              "n_base": sorted({int(x) for x in np.unique(nb)}), "n_tuned": sorted({int(x) for x in np.unique(nt)}),
              "stats": solved_stats}
    levels = None
    first = cmp.docs(pos[ok][:1])[0]
    if isinstance(first, dict) and "level" in first:
        levels = breakdown(cmp.doc_field(pos[ok], "level"), {"pass@1": (p1_b, p1_t), f"pass@{k_max}": (pk_b, pk_t)},
                           seed=seed, alpha=alpha, kinds={"pass@1": "graded", f"pass@{k_max}": "graded"})
    headline.append(headline_entry(FAMILY, pass1, f"{task} pass@1"))
    headline.append(headline_entry(FAMILY, at_k, f"{task} pass@{k_max} (k = n)"))
    return {**base_info, "n_problems": int(ok.sum()), "k_max": k_max,
            "n_equal": bool(np.all(nb == k_max) and np.all(nt == k_max)),
            "curve": bands.to_dict(), "crossover_k": crossover, "pass_at_1": pass1, "at_k_max": at_k,
            "delta_se": dse, "solved": solved, "levels": levels}


def build(cmp, tasks: list[str]) -> dict:
    headline: list = []
    blocks = []
    skipped = []
    for task in tasks:
        for filt in cmp.filters(task):
            b = _block(cmp, task, filt, headline)
            if b is None:
                skipped.append({"task": task, "filter": filt, "reason": "no n/c per problem in both runs"})
            else:
                blocks.append(b)
    return {"family": FAMILY, "title": TITLE, "tasks": blocks, "skipped": skipped, "headline": headline}


def markdown(section: dict) -> list[str]:
    lines = []
    for b in section["tasks"]:
        p1, ak, dse, s = b["pass_at_1"], b["at_k_max"], b["delta_se"], b["solved"]
        cross = (f"base mean pass@k ≥ tuned from k = {b['crossover_k']}" if b["crossover_k"] is not None
                 else f"tuned stays ahead up to k = {b['k_max']}")
        lines.append(f"- {code(b['task'])} ({b['n_problems']} problems, n = {b['k_max']}): pass@1 {summary(p1)}; "
                     f"pass@{b['k_max']} {summary(ak)}; {cross}.")
        note = f" (k = {dse['k']} < 256: n is smaller than Yue et al.'s k)" if dse["k_below_256"] else ""
        lines.append(f"  ΔSE({dse['k']}) = base pass@{dse['k']} − tuned pass@1 = {delta(dse['delta'])} "
                     f"(95% CI {ci(dse)}){note}; solved at k = n: both {s['both']}, base-only {s['base_only']}, "
                     f"tuned-only {s['tuned_only']}, neither {s['neither']} (McNemar {p_eq(s['stats']['p_value'])}).")
    return lines
