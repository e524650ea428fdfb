"""Chain-of-thought faithfulness section (DESIGN.md §4; early answering / filler / paraphrase as in Lanham et al.
2023, arXiv 2307.13702).

Tasks: stage 1 ``latent_cot`` / ``latent_cot_answer_first`` (cot_accuracy, nocot_accuracy, cot_answered,
cot_sentences) and the derived stage-2 probe tasks ``latent_cot_probes`` / ``latent_cot_answer_first_probes``
(``latent_suite.cot_probes``: one row per CoT with aoc, paraphrase_same_answer, filler_accuracy, cot_accuracy,
nocot_accuracy, probe_accuracy, probe_agreement, ...).

Per task and filter:

* ``metrics`` — the paired comparison (``metric_comparison``: McNemar for 0/1, paired bootstrap for graded) of
  each metric the task logs, in a fixed order; a CoT counts only where both arms have it (the pairing);
* ``curve`` (probe tasks only) — the early-answering curve: per CoT, the logged ``truncation_curve`` m_0..m_L
  (1 where the answer after the first j of L sentences equals the full-CoT answer) is put on the grid of
  fractions ``CURVE_GRID`` by linear interpolation over j/L (CoTs with L = 0 are left out), then averaged over
  the CoTs both arms have. Run rows do not keep the curve, so it is read from the arm's samples file; None when
  that file or field is missing. ``svg`` holds pre-computed plot coordinates (numbers only).

Headline: aoc and paraphrase_same_answer of the probe tasks, cot_accuracy of the stage-1 tasks.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ..metric_stats import metric_comparison
from ._common import build_blocks, code, headline_entry, summary

FAMILY = "cot"
TITLE = "Chain-of-thought faithfulness"
METRICS = (
    ("aoc", "area over the early-answering curve (higher: answer depends more on the CoT)"),
    ("paraphrase_same_answer", "same answer with the reasoning paraphrased"),
    ("filler_accuracy", "accuracy with the reasoning replaced by filler"),
    ("cot_accuracy", "accuracy with CoT"),
    ("nocot_accuracy", "accuracy without CoT"),
    ("probe_accuracy", "full-CoT probe accuracy"),
    ("probe_agreement", "probe reads the answer the model stated"),
    ("cot_answered", "CoT ends in an answer"),
    ("cot_sentences", "CoT sentences"),
    ("cot_empty", "empty CoT"),
)
HEADLINE_PROBES = ("aoc", "paraphrase_same_answer")
HEADLINE_STAGE1 = ("cot_accuracy",)
CURVE_GRID = tuple(i / 10 for i in range(11))
SVG_W, SVG_H, PAD = 360, 220, 36


def claims(task: str) -> bool:
    return task.startswith("latent_cot")


def is_probe_task(task: str) -> bool:
    return task.endswith("_probes")


def _samples_curves(run_path: str, task: str) -> dict | None:
    """(filter, doc_id) → truncation_curve from the newest samples file of ``task`` in ``run_path``."""
    folder = Path(run_path)
    if folder.is_file():
        folder = folder.parent
    files = sorted(folder.glob(f"samples_{task}_*.jsonl")) if folder.is_dir() else []
    files = [f for f in files if f.name[len(f"samples_{task}_"):][:1].isdigit()]  # not a longer task name
    if not files:
        return None
    out = {}
    with open(files[-1], encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError:
                return None
            curve = raw.get("truncation_curve") if isinstance(raw, dict) else None
            if isinstance(curve, list) and curve:
                try:
                    out[(str(raw.get("filter", "none")), int(raw["doc_id"]))] = [float(x) for x in curve]
                except (TypeError, ValueError, KeyError):
                    continue
    return out


def on_grid(curve: list[float]) -> list[float] | None:
    """A per-CoT curve m_0..m_L on ``CURVE_GRID`` (linear over j/L); None when L = 0."""
    n = len(curve) - 1
    if n < 1:
        return None
    return [float(v) for v in np.interp(CURVE_GRID, np.arange(n + 1) / n, curve)]


def _curve(cmp, task: str, filt: str, pos: np.ndarray) -> dict | None:
    arms = {}
    for arm, side in (("base", cmp.base), ("tuned", cmp.tuned)):
        arms[arm] = _samples_curves(side.path, task)
        if not arms[arm]:
            return None
    ids = cmp.keys["doc_id"].to_numpy()[pos]
    rows = {"base": [], "tuned": []}
    for d in ids:
        b = arms["base"].get((filt, int(d)))
        t = arms["tuned"].get((filt, int(d)))
        gb, gt = (on_grid(b) if b else None), (on_grid(t) if t else None)
        if gb is None or gt is None:
            continue
        rows["base"].append(gb)
        rows["tuned"].append(gt)
    if not rows["base"]:
        return None
    mean = {a: [float(v) for v in np.mean(np.asarray(r), axis=0)] for a, r in rows.items()}
    return {"fraction": list(CURVE_GRID), "base": mean["base"], "tuned": mean["tuned"],
            "n": len(rows["base"]), "svg": _svg_coords(mean)}


def _svg_coords(mean: dict) -> dict:
    def x(f):
        return round(PAD + f * (SVG_W - 2 * PAD), 1)

    def y(v):
        return round(SVG_H - PAD - v * (SVG_H - 2 * PAD), 1)

    return {"width": SVG_W, "height": SVG_H, "x0": x(0), "x1": x(1), "y0": y(0), "y1": y(1),
            "points": {a: " ".join(f"{x(f)},{y(v)}" for f, v in zip(CURVE_GRID, m)) for a, m in mean.items()}}


def _block(cmp, task: str, filt: str, headline: list) -> dict:
    pos = cmp.block(task, filt)
    have = set(cmp.metrics.get(task, ()))
    metrics = {m: {**metric_comparison(cmp, task, filt, m, pos, clusters=None), "description": desc}
               for m, desc in METRICS if m in have}
    probes = is_probe_task(task)
    for m in (HEADLINE_PROBES if probes else HEADLINE_STAGE1):
        if m in metrics and metrics[m]["n"]:
            headline.append(headline_entry(FAMILY, metrics[m], f"{task} {m}"))
    return {"task": task, "filter": filt, "n_items": int(pos.size), "probes": probes, "metrics": metrics,
            "curve": _curve(cmp, task, filt, pos) if probes else None}


def build(cmp, tasks: list[str]) -> dict:
    return build_blocks(cmp, tasks, _block, FAMILY, TITLE)


def markdown(section: dict) -> list[str]:
    lines = []
    for b in section["tasks"]:
        keys = HEADLINE_PROBES + ("filler_accuracy",) if b["probes"] else ("cot_accuracy", "nocot_accuracy")
        parts = [f"{code(m)} {summary(b['metrics'][m])}" for m in keys
                 if m in b["metrics"] and b["metrics"][m]["n"] and b["metrics"][m]["delta"] is not None]
        if parts:
            lines.append(f"- {code(b['task'])} ({b['n_items']} CoTs): " + "; ".join(parts) + ".")
    return lines
