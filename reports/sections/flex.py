"""FLEX false-presupposition section (DESIGN.md §4.2; Sieker, Lachenmaier & Zarrieß 2025, arXiv 2505.22354).

Per task and filter, from the per-item 0/1 metrics of ``latent_suite.evaluators.flex``:

* ``rates`` — paired comparisons (exact McNemar + Newcombe; knowledge_acc is graded → paired bootstrap) of
  rejection (generative ``reject``, likelihood ``reject_ll``), accept / unclear, knowledge accuracy,
  ``knows`` (all probes right) and over-rejection on true-premise controls (``control_reject[_ll]``);
* ``accommodation`` — knowledge-controlled accommodation P(accept | knows), generative and likelihood.
  The metric is NaN where an arm does not know the item, so the conditioning sets differ between arms:
  ``both_know`` is the paired comparison on items BOTH arms know (n = that set; the others are counted in
  ``n_missing``), and ``base_own`` / ``tuned_own`` are each arm's rate on its own known set with its n;
* ``chance_knows`` — the mean over items of Π_probes 1/len(choices) (the rate at which a guessing model
  "knows" an item: 1/64 for three 4-way probes);
* ``by_trigger`` / ``by_domain`` — the paired comparisons per trigger / domain of rejection, over-rejection and
  accommodation on both-known items.

Headline: reject, reject_ll, accommodation on items both arms know.
"""
from __future__ import annotations

import numpy as np

from ..metric_stats import breakdown, metric_comparison
from ._common import build_blocks, code, headline_entry, pct, summary

FAMILY = "flex"
TITLE = "FLEX false-presupposition rejection"
RATES = (
    ("reject", "rejection of the false premise (generative)"),
    ("reject_ll", "rejection of the false premise (likelihood)"),
    ("accept", "accepts the false premise (generative)"),
    ("unclear", "unclear response (generative)"),
    ("knowledge_acc", "knowledge accuracy (probes)"),
    ("knows", "knows the fact (all probes right)"),
    ("control_reject", "over-rejection on true-premise controls (generative)"),
    ("control_reject_ll", "over-rejection on true-premise controls (likelihood)"),
)
ACCOMMODATION = (("accommodation", "generative"), ("accommodation_ll", "likelihood"))
HEADLINE = ("reject", "reject_ll")


def claims(task: str) -> bool:
    return task.startswith("latent_flex")


def _own_rate(x: np.ndarray) -> dict:
    ok = ~np.isnan(x)
    n = int(ok.sum())
    return {"n": n, "rate": float(x[ok].mean()) if n else None}


def _chance(cmp, pos: np.ndarray) -> float | None:
    total, n = 0.0, 0
    for ps in cmp.doc_field(pos, "knowledge_probes"):
        if isinstance(ps, list) and ps:
            v = 1.0
            for p in ps:
                v /= max(1, len(p.get("choices") or ()))
            total += v
            n += 1
    return total / n if n else None


def _block(cmp, task: str, filt: str, headline: list) -> dict:
    pos = cmp.block(task, filt)
    have = set(cmp.metrics.get(task, ()))
    rates = {m: {**metric_comparison(cmp, task, filt, m, pos, clusters=None), "description": desc}
             for m, desc in RATES if m in have}
    acc = {}
    for m, how in ACCOMMODATION:
        if m not in have:
            continue
        b, t = cmp.values(m, pos)
        acc[m] = {"how": how, "both_know": metric_comparison(cmp, task, filt, m, pos, clusters=None),
                  "base_own": _own_rate(b), "tuned_own": _own_rate(t)}
    for m in HEADLINE:
        if m in rates:
            headline.append(headline_entry(FAMILY, rates[m], f"{task} {m}"))
    if "accommodation" in acc:
        headline.append(headline_entry(FAMILY, acc["accommodation"]["both_know"],
                                       f"{task} accommodation (items both know)"))
    cols = {m: cmp.values(m, pos) for m in ("reject", "reject_ll", "control_reject", "accommodation") if m in have}
    first = cmp.docs(pos[:1])
    first = first[0] if first.size and isinstance(first[0], dict) else {}
    by = {f"by_{f}": (breakdown(cmp.doc_field(pos, f), cols, seed=cmp.seed, alpha=cmp.alpha)
                      if f in first and cols else None) for f in ("trigger", "domain")}
    return {"task": task, "filter": filt, "n_items": int(pos.size), "rates": rates, "accommodation": acc,
            "chance_knows": _chance(cmp, pos) if "knowledge_probes" in first else None, **by}


def build(cmp, tasks: list[str]) -> dict:
    return build_blocks(cmp, tasks, _block, FAMILY, TITLE)


def markdown(section: dict) -> list[str]:
    lines = []
    for b in section["tasks"]:
        parts = [f"{code(m)} {summary(b['rates'][m])}" for m in ("reject", "reject_ll", "control_reject")
                 if m in b["rates"]]
        a = b["accommodation"].get("accommodation")
        if a:
            bk = a["both_know"]
            parts.append(f"accommodation on items both know (n = {bk['n']}) {summary(bk)}; on each arm's own known "
                         f"items: base {pct(a['base_own']['rate'])} (n = {a['base_own']['n']}), tuned "
                         f"{pct(a['tuned_own']['rate'])} (n = {a['tuned_own']['n']})")
        lines.append(f"- {code(b['task'])} ({b['n_items']} items): " + "; ".join(parts) + ".")
    return lines
