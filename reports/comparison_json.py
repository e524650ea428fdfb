"""Comparison → the ``comparison.json`` dict (schema_version 1), from which the HTML and markdown are rendered.

Assembly only — every number comes from a section module (``reports.sections``) or from the pairing
(``reports.pairing``); this module adds the one cross-family statistic, **Holm's adjustment** over the
report's headline metrics (Holm 1979; :func:`latent_suite.reports.stats.holm`): each headline entry keeps its
raw ``stats.p_value`` and gets ``p_holm`` and ``significant_holm`` (p_holm < α).

Layout (``comparison.schema.json`` is the contract; :func:`validate_comparison_dict` checks it):
``schema_version, generator, settings, runs{base, tuned}, pairing, headline[], multiple_testing, sections[]``.
JSON-ready: NaN/inf → null, numpy scalars → Python numbers, tuples → lists.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from latent_suite import __version__
from latent_suite.errors import LatentSuiteError

from .sections import build_sections
from .stats import holm

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("comparison.schema.json")


def to_jsonable(x):
    """Recursively: NaN/±inf → None, numpy scalars/arrays → Python, tuples → lists, keys → str."""
    if isinstance(x, dict):
        return {str(k): to_jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return [to_jsonable(v) for v in x.tolist()]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return x if math.isfinite(x) else None
    return x


def _sha(a, b) -> dict:
    return {"base": a, "tuned": b, "differs": a != b}


def pairing_dict(cmp) -> dict:
    """What was paired, what was not, and what differs between the arms' prompts (with human warnings)."""
    p = cmp.pairing
    tasks = [p.tasks[t].to_dict() for t in sorted(p.tasks)]
    for t in tasks:
        ob, ot = cmp.metrics_one_side.get(t["task"], ((), ()))
        t["metrics_only_in_base"], t["metrics_only_in_tuned"] = list(ob), list(ot)
    sys_sha = _sha(cmp.base.system_instruction_sha, cmp.tuned.system_instruction_sha)
    tpl_sha = _sha(cmp.base.chat_template_sha, cmp.tuned.chat_template_sha)
    warnings = []
    if p.n_prompt_differs:
        warnings.append(f"prompts differ on {p.n_prompt_differs} of {p.n_prompt_compared} paired rows "
                        "(compared because --allow-prompt-change was given): differences may come from the "
                        "prompt, not from tuning")
    if tpl_sha["differs"] and not p.n_prompt_differs:
        warnings.append("chat_template_sha differs between the runs but every paired prompt_hash is identical: "
                        "the rendered prompts are the same (shown, not refused)")
    if sys_sha["differs"]:
        warnings.append("system_instruction_sha differs between the runs")
    n_b = sum(t["n_base_only"] for t in tasks)
    n_t = sum(t["n_tuned_only"] for t in tasks)
    if n_b or n_t:
        warnings.append(f"unpaired docs: {n_b} only in base, {n_t} only in tuned (left out of every statistic)")
    if p.tasks_only_in_base or p.tasks_only_in_tuned:
        warnings.append(f"tasks in one run only: base {list(p.tasks_only_in_base)}, "
                        f"tuned {list(p.tasks_only_in_tuned)} (not compared)")
    for t in tasks:
        if t["metrics_only_in_base"] or t["metrics_only_in_tuned"]:
            warnings.append(f"{t['task']}: metrics logged by one run only (not compared): base "
                            f"{t['metrics_only_in_base']}, tuned {t['metrics_only_in_tuned']}")
        if t["task_hash_note"] and t["task_hash_note"].startswith("unexplained"):
            warnings.append(f"{t['task']}: task_hash differs, {t['task_hash_note']}")
    if p.n_hash_compared < len(cmp.keys):
        warnings.append(f"doc/target hashes were missing on {len(cmp.keys) - p.n_hash_compared} paired rows "
                        "(not checked)")
    return {
        "n_paired": int(len(cmp.keys)), "n_base_only": n_b, "n_tuned_only": n_t, "tasks": tasks,
        "tasks_only_in_base": list(p.tasks_only_in_base), "tasks_only_in_tuned": list(p.tasks_only_in_tuned),
        "n_hash_compared": p.n_hash_compared,
        "prompt": {"n_rows_differ": p.n_prompt_differs, "n_rows_compared": p.n_prompt_compared,
                   "allowed": bool(cmp.allow_prompt_change), "system_instruction_sha": sys_sha,
                   "chat_template_sha": tpl_sha},
        "groups": {g: list(v) for g, v in sorted(cmp.groups.items())},
        "warnings": warnings,
    }


def build_comparison_dict(cmp) -> dict:
    """The full comparison.json dict for a :class:`~latent_suite.reports.comparison.Comparison`."""
    sections = build_sections(cmp)
    headline = [entry for s in sections for entry in s.pop("headline")]
    raw = [np.nan if e["stats"].get("p_value") is None else e["stats"]["p_value"] for e in headline]
    adjusted = holm(raw) if raw else np.array([])
    for e, a in zip(headline, adjusted):
        e["p_holm"] = None if np.isnan(a) else float(a)
        e["significant_holm"] = bool(not np.isnan(a) and a < cmp.alpha)
    data = {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "latent-suite report", "version": __version__},
        "settings": {"alpha": cmp.alpha, "seed": cmp.seed, "power": 0.8, "n_boot": 2000,
                     "bootstrap": "expanded-percentile", "allow_prompt_change": bool(cmp.allow_prompt_change)},
        "runs": {"base": cmp.base.to_dict(), "tuned": cmp.tuned.to_dict()},
        "pairing": pairing_dict(cmp),
        "headline": headline,
        "multiple_testing": {"method": "holm", "over": "headline metrics",
                             "m": int(np.count_nonzero(~np.isnan(np.asarray(raw, dtype=float))))},
        "sections": sections,
    }
    return to_jsonable(data)


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate_comparison_dict(data: dict) -> None:
    """Raise :class:`LatentSuiteError` unless ``data`` is a valid comparison.json dict (schema + strict JSON)."""
    import jsonschema

    try:
        jsonschema.validate(data, _schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(root)"
        raise LatentSuiteError(f"comparison.json invalid at {where}: {exc.message[:200]}") from None
    try:
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise LatentSuiteError(f"comparison.json is not strict JSON: {exc}") from None
