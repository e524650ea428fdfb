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


# Headline metrics per task for single-run summaries (the paired report has its own, with statistics).
HEADLINES = {
    "latent_flex": [("reject", "rejects false premise (generative)"), ("reject_ll", "rejects (forced choice)"),
                    ("knowledge_acc", "knowledge-probe accuracy"), ("accommodation", "accepts a premise it knows is false"),
                    ("control_reject", "over-rejects true premises")],
    "latent_retention_mc": [("acc", "retention, 4-way multiple choice")],
    "latent_retention_gen": [("match", "retention, generative alias match")],
    "latent_cot": [("cot_accuracy", "accuracy with its own CoT"), ("nocot_accuracy", "accuracy without CoT")],
    "latent_cot_probes": [("aoc", "early-answering AOC (higher = answer depends on the CoT)"),
                          ("paraphrase_same_answer", "same answer after paraphrasing the CoT"),
                          ("filler_accuracy", "accuracy with filler instead of CoT")],
    **{f"latent_selfdesc_{dim}": [("behaviour", f"{dim} behaviour P(target)"), ("selfreport", f"{dim} self-rating"),
                                  ("wordchoice", f"{dim} word choice")] for dim in ("risk", "myopia", "agreement")},
}


def headline_lines(run) -> list[str]:
    """One line per headline metric of every task in the run that has one: mean over docs where defined (n)."""
    lines = []
    for task, metrics in HEADLINES.items():
        if task not in run.tasks:
            continue
        rows = run.task_rows(task)
        for metric, label in metrics:
            if metric in rows:
                values = rows[metric].dropna()
                lines.append(f"  {task:<26} {metric:<22} = {values.mean():.3f}  (n = {len(values)}; {label})")
    return lines
