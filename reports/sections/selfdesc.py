"""Self-description section: does the model's description of itself track its behaviour (DESIGN.md §4;
behavioural self-awareness as in Betley et al. 2025, arXiv 2501.11120).

Tasks ``latent_selfdesc_risk`` / ``_myopia`` / ``_agreement`` log three graded metrics, each NaN on the rows of
the other forms: ``behaviour`` (what the model does), ``selfreport`` (what it says it is like) and
``wordchoice`` (the word it picks for itself). Docs carry ``dimension``, ``id``, ``form``.

Per task, filter and dimension: the base → tuned shift of each metric as a paired comparison
(``compare_paired`` kind="graded": seeded paired bootstrap; n counts the docs of that form), then
``sign_agreement`` (does the self-report shift have the sign of the behaviour shift; None when either shift is
undefined or exactly 0), the same for word choice, and the magnitudes |Δ| with ``ratio`` = Δ selfreport /
Δ behaviour.

Headline: the behaviour and self-report shifts per dimension.
"""
from __future__ import annotations

import numpy as np

from ..metric_stats import paired_stats, ratio
from ._common import build_blocks, code, delta, headline_entry

FAMILY = "selfdesc"
TITLE = "Self-description vs behaviour"
METRICS = ("behaviour", "selfreport", "wordchoice")


def claims(task: str) -> bool:
    return task.startswith("latent_selfdesc")


def sign_agreement(a: float | None, b: float | None) -> bool | None:
    if a is None or b is None or a == 0 or b == 0:
        return None
    return (a > 0) == (b > 0)


def _dimension(cmp, task: str, filt: str, dim: str, pos: np.ndarray, headline: list) -> dict:
    shifts = {}
    for m in METRICS:
        if not cmp.has_metric(task, m):
            continue
        b, t = cmp.values(m, pos)
        st = {"task": task, "filter": filt, "metric": m,
              "higher_is_better": cmp.higher_is_better.get(task, {}).get(m)}
        st.update(paired_stats(b, t, seed=cmp.seed, alpha=cmp.alpha, kind="graded"))
        shifts[m] = st
    d = {m: (s["delta"] if s["n"] else None) for m, s in shifts.items()}
    beh = d.get("behaviour")
    out = {"dimension": dim, "n_items": int(pos.size), "shifts": shifts,
           "magnitude": {m: (abs(v) if v is not None else None) for m, v in d.items()},
           "sign_agreement": sign_agreement(beh, d.get("selfreport")),
           "wordchoice_sign_agreement": sign_agreement(beh, d.get("wordchoice")),
           "ratio": ratio(d.get("selfreport"), beh),
           "wordchoice_ratio": ratio(d.get("wordchoice"), beh)}
    for m in ("behaviour", "selfreport"):
        if m in shifts and shifts[m]["n"]:
            headline.append(headline_entry(FAMILY, shifts[m], f"{task} {dim} {m}", variant=dim))
    return out


def _block(cmp, task: str, filt: str, headline: list) -> dict:
    pos = cmp.block(task, filt)
    dims = cmp.doc_field(pos, "dimension")
    labels = np.array([str(x) if x is not None else "(none)" for x in dims], dtype=object)
    dimensions = [_dimension(cmp, task, filt, dim, pos[labels == dim], headline) for dim in sorted(set(labels))]
    return {"task": task, "filter": filt, "n_items": int(pos.size), "dimensions": dimensions}


def build(cmp, tasks: list[str]) -> dict:
    return build_blocks(cmp, tasks, _block, FAMILY, TITLE)


def _agree(x) -> str:
    return "n/a" if x is None else ("yes" if x else "no")


def markdown(section: dict) -> list[str]:
    lines = []
    for b in section["tasks"]:
        for d in b["dimensions"]:
            parts = [f"Δ {m} {delta(s['delta'], s.get('scale'))}" for m, s in d["shifts"].items() if s["n"]]
            parts.append(f"sign agreement {_agree(d['sign_agreement'])}")
            lines.append(f"- {code(b['task'])} {code(d['dimension'])}: " + "; ".join(parts) + ".")
    return lines
