"""Generic section: any task no family claims (foreign lm-eval tasks, and the families still being built).

* ``tasks`` — for every (task, filter) and every metric logged in both runs: base, tuned, Δ, CI, p, n,
  n_missing, MDE, underpowered (:func:`..metric_stats.metric_comparison`; binary → exact McNemar + Newcombe,
  graded → paired bootstrap);
* ``pooled`` — for each lm-eval group (results files' ``group_subtasks``) whose leaf tasks here are all
  generic and at least two: every (filter, metric) shared by all of them, compared on the pooled rows
  (e.g. ``mmlu_pro_plus`` over the subtasks that have samples; ``n_listed`` = leaves the group lists).

Headline: per maximal pooled group, and per task outside every pooled group, its first metric per filter.
"""
from __future__ import annotations

import numpy as np

from ..metric_stats import metric_comparison
from ._common import code, headline_entry, summary

FAMILY = "generic"
TITLE = "Other tasks"


def claims(task: str) -> bool:
    return True


def _shared(cmp, leaves: list[str]) -> list[tuple[str, str]]:
    """(filter, metric) pairs present in every leaf, in the first leaf's order."""
    first = leaves[0]
    out = []
    for f in cmp.filters(first):
        for m in cmp.metrics.get(first, ()):
            if all(f in cmp.filters(t) and m in cmp.metrics.get(t, ()) for t in leaves[1:]):
                out.append((f, m))
    return out


def _pooled(cmp, tasks: list[str]) -> list[dict]:
    mine = set(tasks)
    present = set(cmp.tasks)
    pooled = []
    for group, leaves in sorted(cmp.groups.items()):
        here = [t for t in leaves if t in present]
        if len(here) < 2 or not set(here) <= mine:
            continue
        pairs = _shared(cmp, here)
        if not pairs:
            continue
        comps = []
        for f, m in pairs:
            pos = np.concatenate([cmp.block(t, f) for t in here])
            comps.append(metric_comparison(cmp, group, f, m, pos, clusters=cmp.clusters([(t, f) for t in here])))
        pooled.append({"group": group, "tasks": here, "n_listed": len(leaves), "metrics": comps})
    return pooled


def build(cmp, tasks: list[str]) -> dict:
    blocks = []
    for task in tasks:
        for f in cmp.filters(task):
            metrics = [metric_comparison(cmp, task, f, m) for m in cmp.metrics.get(task, ())]
            blocks.append({"task": task, "filter": f, "n_rows": int(cmp.block(task, f).size), "metrics": metrics})
    pooled = _pooled(cmp, tasks)
    headline = []
    leaf_sets = [set(p["tasks"]) for p in pooled]
    covered: set[str] = set()
    for p, s in zip(pooled, leaf_sets):
        if any(s < other for other in leaf_sets):
            continue  # a bigger pooled group holds it
        covered |= s
        seen = set()
        for c in p["metrics"]:
            if c["filter"] not in seen:
                seen.add(c["filter"])
                headline.append(headline_entry(FAMILY, c, f"{p['group']} ({len(p['tasks'])} tasks pooled) "
                                               f"{c['metric']} [{c['filter']}]", pooled_over=p["tasks"]))
    for b in blocks:
        if b["task"] not in covered and b["metrics"]:
            c = b["metrics"][0]
            headline.append(headline_entry(FAMILY, c, f"{b['task']} {c['metric']} [{b['filter']}]"))
    return {"family": FAMILY, "title": TITLE, "tasks": blocks, "pooled": pooled, "headline": headline}


def markdown(section: dict) -> list[str]:
    lines = []
    for p in section["pooled"]:
        for c in p["metrics"]:
            lines.append(f"- {code(p['group'])} pooled over {len(p['tasks'])} of {p['n_listed']} subtasks, "
                         f"{code(c['metric'])} / {code(c['filter'])} ({c['n']} docs): {summary(c)}.")
    for b in section["tasks"]:
        for c in b["metrics"][:1]:
            lines.append(f"- {code(b['task'])} {code(c['metric'])} / {code(b['filter'])} ({c['n']} docs): "
                         f"{summary(c)}.")
    return lines
