"""``Comparison``: two runs paired row by row — the pure middle of Run → Comparison → comparison.json
(DESIGN.md §2). No I/O, no statistics: those are computed from it by ``reports.sections`` (one module per
family) and assembled by :func:`latent_suite.reports.comparison_json.build_comparison_dict`.

``compare_runs(base, tuned)`` pairs on (task, filter, doc_id) and refuses unusable pairs
(:mod:`.pairing`). The result holds the paired rows as three aligned tables of equal length —
``keys`` (task, filter, doc_id, doc), ``base_rows`` and ``tuned_rows`` (metric columns, ``response``,
``correct_vector``) — so row i of ``base_rows`` is paired with row i of ``tuned_rows``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .pairing import KEY, Pairing, pair_runs

UNIT_FIELDS = ("id", "item_id", "problem_id", "question_id")
"""Doc fields naming the unit a row belongs to; when a unit repeats among the rows of one comparison, the
statistics cluster on it (CR1, DESIGN §6)."""


@dataclass(frozen=True)
class RunSide:
    """Metadata of one arm, as shown in the report."""

    path: str
    model: str
    model_args: object
    model_name: str
    chat_template_sha: str | None
    system_instruction_sha: str | None
    lm_eval_version: str | None
    notes: tuple[str, ...]
    sidecar: dict
    n_rows: int

    @classmethod
    def from_run(cls, run) -> "RunSide":
        return cls(str(run.path), run.model, run.model_args, run.model_name, run.chat_template_sha,
                   run.system_instruction_sha, run.lm_eval_version, tuple(run.notes), dict(run.sidecar or {}),
                   int(len(run.rows)))

    def to_dict(self) -> dict:
        args = self.model_args
        if not (args is None or isinstance(args, (str, int, float, bool))):
            args = str(args)
        return {"path": self.path, "model": self.model, "model_args": args, "model_name": self.model_name,
                "chat_template_sha": self.chat_template_sha, "system_instruction_sha": self.system_instruction_sha,
                "lm_eval_version": self.lm_eval_version, "notes": list(self.notes), "n_rows": self.n_rows,
                "sidecar": {str(k): (v if isinstance(v, (str, int, float, bool)) or v is None else str(v))
                            for k, v in self.sidecar.items()}}


@dataclass(frozen=True)
class Comparison:
    base: RunSide
    tuned: RunSide
    pairing: Pairing
    keys: pd.DataFrame
    base_rows: pd.DataFrame
    tuned_rows: pd.DataFrame
    metrics: dict[str, tuple[str, ...]]
    higher_is_better: dict[str, dict]
    groups: dict[str, tuple[str, ...]]
    metrics_one_side: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    allow_prompt_change: bool = False
    seed: int = 0
    alpha: float = 0.05
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    # -- structure -------------------------------------------------------------------------------------
    @property
    def tasks(self) -> list[str]:
        """Tasks with at least one paired row, sorted."""
        return sorted({t for t, _ in self.blocks()})

    def blocks(self) -> dict[tuple[str, str], np.ndarray]:
        """(task, filter) → positions of its paired rows (computed once)."""
        if "blocks" not in self._cache:
            idx = self.keys.groupby(["task", "filter"], sort=True).indices
            self._cache["blocks"] = {(str(t), str(f)): np.asarray(p) for (t, f), p in idx.items()}
        return self._cache["blocks"]

    def filters(self, task: str) -> list[str]:
        return [f for t, f in self.blocks() if t == task]

    def block(self, task: str, filter_name: str) -> np.ndarray:
        return self.blocks().get((task, filter_name), np.empty(0, dtype=np.int64))

    # -- values ----------------------------------------------------------------------------------------
    def has_metric(self, task: str, metric: str) -> bool:
        return metric in self.metrics.get(task, ())

    def values(self, metric: str, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(base, tuned) float arrays of ``metric`` at paired positions ``pos`` (NaN where undefined)."""
        if metric not in self.base_rows.columns or metric not in self.tuned_rows.columns:
            nan = np.full(pos.size, np.nan)
            return nan, nan.copy()
        return (self.base_rows[metric].to_numpy(dtype=float)[pos],
                self.tuned_rows[metric].to_numpy(dtype=float)[pos])

    def docs(self, pos: np.ndarray) -> np.ndarray:
        return self.keys["doc"].to_numpy()[pos]

    def doc_field(self, pos: np.ndarray, name: str, default=None) -> np.ndarray:
        """One field of each doc at ``pos`` (object array; ``default`` where the doc lacks it)."""
        docs = self.docs(pos)
        out = np.empty(len(docs), dtype=object)  # filled element-wise: list values must not become a 2-D array
        out[:] = [d.get(name, default) if isinstance(d, dict) else default for d in docs]
        return out

    def responses(self, pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.base_rows["response"].to_numpy()[pos], self.tuned_rows["response"].to_numpy()[pos]

    def block_units(self, task: str, filter_name: str) -> np.ndarray | None:
        """Unit label of each row of a block: the first of ``UNIT_FIELDS`` its docs carry (None: no such
        field). One pass over the block's docs, cached."""
        cache = self._cache.setdefault("units", {})
        key = (task, filter_name)
        if key not in cache:
            docs = self.docs(self.block(task, filter_name))
            first = docs[0] if docs.size and isinstance(docs[0], dict) else {}
            name = next((f for f in UNIT_FIELDS if f in first), None)
            labels = None
            if name is not None:
                labels = np.empty(docs.size, dtype=object)
                labels[:] = [str(d.get(name)) if isinstance(d, dict) else "" for d in docs]
            cache[key] = labels
        return cache[key]

    def clusters(self, blocks: list[tuple[str, str]]) -> np.ndarray | None:
        """Cluster labels for the rows of ``blocks`` (concatenated in that order) when some unit repeats among
        them, else None: one row per unit (the usual case) needs no clustering (DESIGN §6)."""
        labels = [self.block_units(t, f) for t, f in blocks]
        if not labels or any(x is None for x in labels):
            return None
        lab = np.concatenate(labels)
        if lab.size < 2:
            return None
        _, uniques = pd.factorize(lab)
        return lab if len(uniques) < lab.size else None


def _metric_union(base, tuned, task: str) -> tuple[str, ...]:
    b, t = base.tasks[task].metrics, tuned.tasks[task].metrics
    return tuple(m for m in b if m in t)


def compare_runs(base, tuned, *, allow_prompt_change: bool = False, groups: dict | None = None,
                 seed: int = 0, alpha: float = 0.05) -> Comparison:
    """Pair two :class:`~latent_suite.run_reader.Run` objects into a :class:`Comparison` (or refuse)."""
    pairing = pair_runs(base, tuned, allow_prompt_change=allow_prompt_change)
    keys = base.rows.iloc[pairing.base_pos][KEY + ["doc"]].reset_index(drop=True)
    keep = ["response", "correct_vector"]
    common = sorted(pairing.tasks)
    metrics = {t: _metric_union(base, tuned, t) for t in common}
    metric_cols = sorted({m for ms in metrics.values() for m in ms})
    b_cols = [c for c in metric_cols + keep if c in base.rows.columns]
    t_cols = [c for c in metric_cols + keep if c in tuned.rows.columns]
    base_rows = base.rows.iloc[pairing.base_pos][b_cols].reset_index(drop=True)
    tuned_rows = tuned.rows.iloc[pairing.tuned_pos][t_cols].reset_index(drop=True)
    hib = {t: {**(tuned.tasks[t].higher_is_better or {}), **(base.tasks[t].higher_is_better or {})}
           for t in common}
    present = set(common)
    grp = {}
    for g, subs in (groups or {}).items():
        if g not in present and any(s in present for s in subs):
            grp[str(g)] = tuple(subs)  # every leaf the results list; sections keep those with paired rows
    one_side = {}
    for t in common:
        mb, mt = base.tasks[t].metrics, tuned.tasks[t].metrics
        ob, ot = tuple(m for m in mb if m not in mt), tuple(m for m in mt if m not in mb)
        if ob or ot:
            one_side[t] = (ob, ot)
    return Comparison(RunSide.from_run(base), RunSide.from_run(tuned), pairing, keys, base_rows, tuned_rows,
                      metrics, hib, grp, one_side, allow_prompt_change=allow_prompt_change, seed=int(seed),
                      alpha=float(alpha))
