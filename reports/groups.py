"""lm-eval task groups of a run, read from its results files (``group_subtasks``), flattened to leaf tasks.

The report pools a group's leaf tasks that share a metric and filter (e.g. the 14 ``mmlu_pro_plus_*``
subtasks). This is the only place the report reads a file besides :func:`latent_suite.run_reader.read_run`;
it runs before the pure :func:`latent_suite.reports.comparison.compare_runs`.
"""
from __future__ import annotations

import json
from pathlib import Path


def flatten_groups(group_subtasks: dict) -> dict[str, tuple[str, ...]]:
    """{group: direct subtasks} → {group: leaf tasks} (nested groups expanded, order kept, cycles cut)."""

    def leaves(name: str, seen: frozenset) -> list[str]:
        subs = group_subtasks.get(name) or []
        if not subs or name in seen:
            return [name]
        out: list[str] = []
        for s in subs:
            for leaf in leaves(str(s), seen | {name}):
                if leaf not in out:
                    out.append(leaf)
        return out

    return {str(g): tuple(leaves(str(g), frozenset())) for g, subs in group_subtasks.items() if subs}


def read_groups(*runs) -> dict[str, tuple[str, ...]]:
    """Union over the runs' results files of their flattened ``group_subtasks`` (unreadable files: skipped;
    the run reader has already validated them)."""
    merged: dict[str, list[str]] = {}
    for run in runs:
        for path in getattr(run, "results_files", ()):
            try:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            gs = data.get("group_subtasks") if isinstance(data, dict) else None
            if not isinstance(gs, dict):
                continue
            for g, leaves in flatten_groups(gs).items():
                cur = merged.setdefault(g, [])
                cur.extend(x for x in leaves if x not in cur)
    return {g: tuple(v) for g, v in merged.items()}
