"""Headline numbers of one Run, for the CLI (per-family summaries; the paired report lives in reports/)."""
from __future__ import annotations

from latent_suite.errors import RunError


def passk_summary(run, task: str = "latent_passk") -> dict:
    """Mean pass@1 and pass@n over problems, overall and per difficulty level (shipped problems carry ``level``)."""
    if task not in run.tasks:
        raise RunError(f"{run.path}: no {task} samples")
    rows = run.task_rows(task)
    n = int(rows["n"].max())
    top = f"pass@{n}"
    out = {"task": task, "problems": len(rows), "n": n, "pass@1": float(rows["pass@1"].mean()),
           "pass@n": float(rows[top].mean()), "by_level": {}}
    levels = rows["doc"].map(lambda d: d.get("level") if isinstance(d, dict) else None)
    for level in sorted(levels.dropna().unique()):
        sel = rows[levels == level]
        out["by_level"][int(level)] = {"problems": len(sel), "pass@1": float(sel["pass@1"].mean()),
                                       "pass@n": float(sel[top].mean())}
    return out
