"""Runs → the leaderboard's ``data.json`` dict (pure; the site is rendered from this dict only).

Per run: name (sidecar ``name``, else the model name, else the folder name; a name shared by several runs
gets the folder name appended), a file-safe unique ``slug``,
sidecar ``base``/``step``, and per family the headline mean with its 95% interval (:mod:`.headline`).
Per family: tie groups (:mod:`.ties`). Series: runs whose sidecar names the same ``base`` and carries a
``step``, ordered by step, plus the base run itself at step 0 when it is on the board (trend charts).
Deltas: a run whose sidecar ``base`` names a run on the board gets, per family, Δ = run − base on their
shared items with a paired 95% interval and two-sided p (``reports.stats.compare_paired``: Newcombe +
exact McNemar for binary, seeded paired bootstrap for graded).

Deterministic: runs are ordered by name then folder; no timestamps and no absolute paths are stored.
"""
from __future__ import annotations

import math
import re

import numpy as np

from latent_suite.errors import LatentSuiteError
from latent_suite.reports.stats import compare_paired

from .headline import block, headline_metric, interval
from .ties import ALPHA, pairwise, shared, tie_groups

SCHEMA_VERSION = 1


def _name(run) -> str:
    side = run.sidecar or {}
    return str(side.get("name") or run.model_name or run.path.name)


def slugify(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "run"
    slug, i = base, 2
    while slug in taken:
        slug, i = f"{base}-{i}", i + 1
    taken.add(slug)
    return slug


def _clean(x):
    """Floats rounded to 12 significant digits (stable across platforms), NaN → None."""
    if isinstance(x, float):
        return None if not math.isfinite(x) else float(f"{x:.12g}")
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    return x


def _step(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return int(value)
        except (TypeError, ValueError):
            raise LatentSuiteError(f"sidecar step must be a number, got {value!r}") from None
    return value


def build_site_data(runs: list) -> dict:
    """The data.json dict for runs (:class:`latent_suite.run_reader.Run`); see module docstring."""
    if not runs:
        raise LatentSuiteError("no runs given")
    runs = sorted(runs, key=lambda r: (_name(r), str(r.path)))
    counts: dict[str, int] = {}
    for run in runs:
        counts[_name(run)] = counts.get(_name(run), 0) + 1
    taken: set[str] = set()
    entries, blocks = [], {}
    for run in runs:
        side = run.sidecar or {}
        name = _name(run) if counts[_name(run)] == 1 else f"{_name(run)} ({run.path.name})"
        slug = slugify(name, taken)
        entry = {"slug": slug, "name": name, "folder": run.path.name, "model": run.model,
                 "model_name": run.model_name, "base": side.get("base"), "step": _step(side.get("step")),
                 "lm_eval_version": run.lm_eval_version, "notes": list(run.notes), "headline": {}, "deltas": {}}
        for task in sorted(run.tasks):
            hm = headline_metric(run, task)
            if hm is None:
                continue
            ids, hashes, values = block(run, task, *hm)
            blocks[(slug, task)] = (ids, hashes, values)
            entry["headline"][task] = {"metric": hm[0], "filter": hm[1], **interval(values)}
        entries.append(entry)
    by_name = {e["name"]: e for e in entries}

    families = sorted({t for e in entries for t in e["headline"]})
    fam_data = []
    for task in families:
        members = {e["slug"]: blocks[(e["slug"], task)] for e in entries if task in e["headline"]}
        metrics = sorted({(e["headline"][task]["metric"], e["headline"][task]["filter"])
                          for e in entries if task in e["headline"]})
        pairs = pairwise(members)
        means = {e["slug"]: e["headline"][task]["mean"] for e in entries if task in e["headline"]}
        groups = tie_groups(means, pairs)
        for rank, group in enumerate(groups, 1):
            for slug in group:
                next(e for e in entries if e["slug"] == slug)["headline"][task]["tie_group"] = rank
        fam_data.append({"task": task, "metric": metrics[0][0], "filter": metrics[0][1],
                         "tie_groups": groups, "pairs": pairs})

    for e in entries:
        base = by_name.get(e["base"]) if e["base"] else None
        if base is None or base is e:
            continue
        for task in e["headline"]:
            if task not in base["headline"]:
                continue
            vb, vt = shared(blocks[(base["slug"], task)], blocks[(e["slug"], task)])
            if vb.size < 2:
                continue
            kind = "binary" if np.isin(vb, (0, 1)).all() and np.isin(vt, (0, 1)).all() else "graded"
            res = compare_paired(vb, vt, kind, alpha=ALPHA, seed=0, n_boot=2000)
            e["deltas"][task] = {"base": base["slug"], "n": res.n, "delta": res.delta, "lo": res.ci_lo,
                                 "hi": res.ci_hi, "p": res.p_value, "test": res.test}

    series = {}
    for base_name in sorted({e["base"] for e in entries if e["base"] and e["step"] is not None}):
        points = sorted((e for e in entries if e["base"] == base_name and e["step"] is not None),
                        key=lambda e: (e["step"], e["name"]))
        if base_name in by_name and by_name[base_name]["step"] is None:
            points = [by_name[base_name]] + points
        series[base_name] = [{"slug": e["slug"], "step": 0 if e["step"] is None else e["step"]} for e in points]

    return _clean({"schema_version": SCHEMA_VERSION, "level": 0.95, "alpha": ALPHA, "families": fam_data,
                   "runs": entries, "series": series})
