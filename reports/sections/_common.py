"""Helpers shared by the section modules: headline entries and the markdown key-line formatting."""
from __future__ import annotations

from ..render.format import ci, delta, p_eq, pct, val  # noqa: F401  (re-exported for the section modules)


def headline_entry(family: str, stats: dict, label: str, **extra) -> dict:
    """One headline metric: an id, labels, and the paired statistics dict it refers to."""
    key = ":".join(str(x) for x in (family, stats.get("task"), stats.get("filter"), stats.get("metric"),
                                     extra.get("variant", "")))
    return {"id": key.rstrip(":"), "family": family, "label": label,
            "task": stats.get("task"), "filter": stats.get("filter"), "metric": stats.get("metric"),
            "higher_is_better": stats.get("higher_is_better"), **extra,
            "stats": {k: v for k, v in stats.items() if k not in ("task", "filter", "metric", "higher_is_better")}}


def code(name) -> str:
    """A task/metric name as markdown inline code (backticks removed from the name)."""
    return "`" + str(name).replace("`", "'") + "`"


def summary(s: dict) -> str:
    """'base → tuned (Δ, 95% CI [..], p = ..)' for a stats dict, in its own scale (markdown key lines)."""
    sc = s.get("scale", s.get("kind"))
    return (f"{val(s['base_mean'], sc)} → {val(s['tuned_mean'], sc)} ({delta(s['delta'], sc)}, "
            f"95% CI {ci(s)}, {p_eq(s['p_value'])})")


def build_blocks(cmp, tasks: list[str], block, family: str, title: str, **extra) -> dict:
    """A section dict from one ``block(cmp, task, filter, headline)`` per (task, filter); blocks append their
    headline entries to the shared list."""
    headline: list = []
    blocks = [block(cmp, task, filt, headline) for task in tasks for filt in cmp.filters(task)]
    return {"family": family, "title": title, **extra, "tasks": blocks, "headline": headline}
