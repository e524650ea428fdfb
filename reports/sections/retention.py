"""Knowledge-retention section (DESIGN.md §4.4; forgetting as in Liu et al. 2024, arXiv 2401.08565).

Per task (``latent_retention_mc``: acc, acc_norm; ``latent_retention_gen``: match, exact) and filter:

* ``metrics`` — every metric's paired comparison (:func:`..metric_stats.metric_comparison`: exact McNemar +
  Newcombe interval for 0/1 scores) plus ``retention_ratio`` = tuned accuracy / base accuracy;
* ``primary`` — acc (MC) or match (generative): the headline metric; its flips are b = **forgotten**
  (base ✓ tuned ✗) and c = **gained** (base ✗ tuned ✓), the McNemar discordant cells;
* ``domains`` — per doc ``domain``: the same paired comparison (accuracies, Δ, CI, flips b/c, McNemar p, MDE);
* ``forgotten`` — the forgotten items (question, gold answer, both responses), the first ``FORGOTTEN_CAP``
  in doc order, with ``n_forgotten`` the total. Model text is kept verbatim here; renderers escape it.
"""
from __future__ import annotations

import numpy as np

from ..metric_stats import breakdown, metric_comparison, ratio
from ._common import build_blocks, code, headline_entry, summary

FAMILY = "retention"
TITLE = "Knowledge retention"
FORGOTTEN_CAP = 200
PRIMARY = ("acc", "match", "exact_match", "exact")


def claims(task: str) -> bool:
    return task.startswith("latent_retention")


def _gold(doc: dict):
    if not isinstance(doc, dict):
        return None
    if "answer" in doc:
        return doc["answer"]
    choices, idx = doc.get("choices"), doc.get("answer_index")
    if isinstance(choices, list) and isinstance(idx, int) and 0 <= idx < len(choices):
        return choices[idx]
    return None


def _text(x, limit: int = 2000):
    """Text as logged (cut at ``limit`` characters); missing values (None, NaN) → None."""
    if x is None or (isinstance(x, float) and x != x):
        return None
    return str(x)[:limit]


def _forgotten(cmp, pos: np.ndarray, mask: np.ndarray) -> list[dict]:
    sel = pos[np.flatnonzero(mask)[:FORGOTTEN_CAP]]
    docs = cmp.docs(sel)
    rb, rt = cmp.responses(sel)
    ids = cmp.keys["doc_id"].to_numpy()[sel]
    out = []
    for doc, did, b, t in zip(docs, ids, rb, rt):
        d = doc if isinstance(doc, dict) else {}
        out.append({"doc_id": int(did), "id": _text(d.get("id")), "domain": _text(d.get("domain")),
                    "question": _text(d.get("question")), "gold": _text(_gold(d)),
                    "base_response": _text(b), "tuned_response": _text(t)})
    return out


def _block(cmp, task: str, filt: str, headline: list) -> dict:
    pos = cmp.block(task, filt)
    metrics = [m for m in cmp.metrics.get(task, ()) if m in cmp.base_rows.columns]
    comps = {}
    for m in metrics:
        c = metric_comparison(cmp, task, filt, m, pos, clusters=None)
        c["retention_ratio"] = ratio(c["tuned_mean"], c["base_mean"])
        comps[m] = c
    primary = next((m for m in PRIMARY if m in comps), metrics[0] if metrics else None)
    out = {"task": task, "filter": filt, "n_rows": int(pos.size), "primary": primary, "metrics": comps,
           "domains": None, "forgotten": [], "n_forgotten": None, "n_gained": None}
    if primary is None:
        return out
    p = comps[primary]
    headline.append(headline_entry(FAMILY, p, f"{task} {primary}"))
    b, t = cmp.values(primary, pos)
    if p["kind"] == "binary":
        forgot = (b == 1.0) & (t == 0.0)
        out["n_forgotten"] = int(forgot.sum())
        out["n_gained"] = int(((b == 0.0) & (t == 1.0)).sum())
        out["forgotten"] = _forgotten(cmp, pos, forgot)
    first = cmp.docs(pos[:1])
    if first.size and isinstance(first[0], dict) and "domain" in first[0]:
        out["domains"] = breakdown(cmp.doc_field(pos, "domain"), {primary: (b, t)}, seed=cmp.seed, alpha=cmp.alpha)
    return out


def build(cmp, tasks: list[str]) -> dict:
    return build_blocks(cmp, tasks, _block, FAMILY, TITLE, forgotten_cap=FORGOTTEN_CAP)


def markdown(section: dict) -> list[str]:
    lines = []
    for b in section["tasks"]:
        if b["primary"] is None:
            continue
        p = b["metrics"][b["primary"]]
        ratio_txt = "n/a" if p["retention_ratio"] is None else f"{p['retention_ratio']:.3f}"
        flips = "" if b["n_forgotten"] is None else f"; forgotten {b['n_forgotten']}, gained {b['n_gained']}"
        lines.append(f"- {code(b['task'])} {code(b['primary'])} ({p['n']} items): {summary(p)}, "
                     f"retention ratio {ratio_txt}{flips}.")
    return lines
