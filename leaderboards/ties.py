"""Tie groups of a leaderboard column (DESIGN.md §6): paired tests, Holm over the pairs, no interval overlap.

For one family, every pair of runs that share items — same (doc_id) in the headline block with equal
``doc_hash`` where both carry one — is compared on the shared items with ``reports.stats.compare_paired``
(exact McNemar for binary, seeded paired bootstrap for graded; two-sided). The p-values of all pairs are
Holm-adjusted together (Holm 1979); a pair is *separated* when its adjusted p < α = 0.05. Runs sharing fewer
than 2 items are never separated (no paired evidence).

Grouping rule (exact): order runs by mean, best first (ties in the mean by name). Walk down the list; a run
joins the current group when it is separated from **no** member of that group, otherwise it opens the next
group. So each group is a run of consecutive ranks none of which is significantly better than another, and
a new group starts exactly where the next run is separated from someone already in the group. The group
number (1, 2, …) is the shown rank; runs in one group share it.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from latent_suite.reports.stats import compare_paired, holm

ALPHA = 0.05


def shared(a: tuple, b: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Values of the items two blocks share: (doc_id, doc_hash, value) each, doc_hash must agree."""
    ids_a, hash_a, val_a = a
    ids_b, hash_b, val_b = b
    common, ia, ib = np.intersect1d(ids_a, ids_b, assume_unique=True, return_indices=True)
    ha, hb = hash_a[ia], hash_b[ib]
    same = np.array([x is None or y is None or x == y for x, y in zip(ha, hb)], dtype=bool)
    return val_a[ia][same], val_b[ib][same]


def pairwise(blocks: dict[str, tuple], seed: int = 0) -> list[dict]:
    """All pairs (sorted names) with their paired test and Holm-adjusted p (``separated`` at α)."""
    out = []
    for x, y in combinations(sorted(blocks), 2):
        vx, vy = shared(blocks[x], blocks[y])
        entry = {"a": x, "b": y, "n_shared": int(vx.size), "delta": None, "p": None}
        if vx.size >= 2:
            kind = "binary" if np.isin(vx, (0, 1)).all() and np.isin(vy, (0, 1)).all() else "graded"
            res = compare_paired(vx, vy, kind, alpha=ALPHA, seed=seed, n_boot=1000)
            if np.isfinite(res.p_value):
                entry.update(delta=float(res.delta), p=float(res.p_value))  # Δ = b − a
        out.append(entry)
    adjusted = holm([np.nan if e["p"] is None else e["p"] for e in out]) if out else []
    for e, p_adj in zip(out, adjusted):
        e["p_holm"] = None if np.isnan(p_adj) else float(p_adj)
        e["separated"] = e["p_holm"] is not None and e["p_holm"] < ALPHA
    return out


def tie_groups(means: dict[str, float], pairs: list[dict]) -> list[list[str]]:
    """Partition the runs into tie groups by the rule in the module docstring."""
    separated = {frozenset((p["a"], p["b"])) for p in pairs if p["separated"]}
    order = sorted(means, key=lambda r: (-means[r], r))
    groups: list[list[str]] = []
    for run in order:
        if groups and not any(frozenset((run, m)) in separated for m in groups[-1]):
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups
