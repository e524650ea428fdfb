"""Pair two runs row by row and decide whether they may be compared (DESIGN.md §2, §5.11).

Rows pair on (task, filter, doc_id). The checks, in the order they refuse (each a one-line
:class:`LatentSuiteError`):

1. a task present in both runs has a different **version** (always a refusal);
2. no (task, filter, doc_id) is common to both runs (nothing to pair);
3. a paired row's ``doc_hash`` or ``target_hash`` differs (other documents / other gold answers);
4. a paired row's ``prompt_hash`` differs (system instruction, chat template or few-shot changed), unless
   ``allow_prompt_change`` — the decisive prompt check. A ``chat_template_sha`` difference with identical
   prompts is recorded, not refused (the foreign pair ``pyfade_gemma3_12b_mmlu_pro_plus`` differs by
   template whitespace only). A ``task_hash`` difference is explained (prompt change / different doc
   subsets) and never refuses by itself: lm-eval's task hash is a hash over every row's doc, prompt and
   target hashes, so it changes with the prompt or with ``--limit``.

Hashes missing on either side (older lm-eval) are not compared; the number of rows compared is recorded.
Pure: no I/O. Vectorised (one merge at most) so 10⁶ rows pair in well under a second.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from latent_suite.errors import LatentSuiteError

KEY = ["task", "filter", "doc_id"]


@dataclass(frozen=True)
class TaskPairing:
    """What pairing found for one task present in both runs."""

    task: str
    version: object
    n_paired: int
    n_base_only: int
    n_tuned_only: int
    n_prompt_differs: int
    task_hash_base: str | None
    task_hash_tuned: str | None
    task_hash_note: str | None  # None when equal; else why they differ

    def to_dict(self) -> dict:
        return {
            "task": self.task, "version": _jsonable_version(self.version), "n_paired": self.n_paired,
            "n_base_only": self.n_base_only, "n_tuned_only": self.n_tuned_only,
            "n_prompt_differs": self.n_prompt_differs, "task_hash_base": self.task_hash_base,
            "task_hash_tuned": self.task_hash_tuned, "task_hash_note": self.task_hash_note,
        }


@dataclass(frozen=True)
class Pairing:
    """Positions of the paired rows in each run's ``rows`` (same order: sorted by task, filter, doc_id)."""

    base_pos: np.ndarray
    tuned_pos: np.ndarray
    tasks: dict[str, TaskPairing]
    tasks_only_in_base: tuple[str, ...]
    tasks_only_in_tuned: tuple[str, ...]
    n_prompt_differs: int
    n_prompt_compared: int
    n_hash_compared: int


def _jsonable_version(v):
    return v if v is None or isinstance(v, (int, float, str, bool)) else str(v)


def _same_version(a, b) -> bool:
    if a == b:
        return True
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _short(sha: str | None) -> str:
    return "none" if not sha else str(sha)[:8]


def _same_column(a: pd.Series, b: pd.Series) -> bool:
    return bool(a.reset_index(drop=True).astype(object).equals(b.reset_index(drop=True).astype(object))) \
        if a.dtype != b.dtype else bool(a.reset_index(drop=True).equals(b.reset_index(drop=True)))


def _positions(b: pd.DataFrame, t: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Paired positions, plus per-task unpaired counts (columns task, base_only, tuned_only)."""
    if len(b) == len(t) and all(_same_column(b[c], t[c]) for c in KEY):
        pos = np.arange(len(b))
        return pos, pos.copy(), pd.DataFrame({"task": [], "base_only": [], "tuned_only": []})
    left = b[KEY].assign(_b=np.arange(len(b)))
    right = t[KEY].assign(_t=np.arange(len(t)))
    m = left.merge(right, on=KEY, how="outer", indicator=True, sort=True)
    both = m["_merge"].to_numpy() == "both"
    side = m.loc[~both, ["task", "_merge"]]
    unpaired = pd.DataFrame({
        "task": side["task"],
        "base_only": (side["_merge"] == "left_only").astype(int),
        "tuned_only": (side["_merge"] == "right_only").astype(int),
    }).groupby("task", as_index=False).sum()
    return (m.loc[both, "_b"].to_numpy(dtype=np.int64), m.loc[both, "_t"].to_numpy(dtype=np.int64), unpaired)


def _take(frame: pd.DataFrame, col: str, pos: np.ndarray, identity: bool) -> pd.Series:
    s = frame[col]
    return s.reset_index(drop=True) if identity else s.iloc[pos].reset_index(drop=True)


def _differs(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(differs, compared): element-wise inequality where both sides hold a hash (vectorised in pandas)."""
    compared = (a.notna() & b.notna()).to_numpy(dtype=bool)
    if a.dtype != b.dtype:
        a, b = a.astype(object), b.astype(object)
    ne = (a != b).to_numpy(dtype=bool)
    return ne & compared, compared


def _first_example(task: np.ndarray, doc_id: np.ndarray, mask: np.ndarray) -> str:
    i = int(np.flatnonzero(mask)[0])
    return f"e.g. {task[i]} doc_id {doc_id[i]}"


def pair_runs(base, tuned, allow_prompt_change: bool = False) -> Pairing:
    """Pair ``base`` and ``tuned`` (:class:`latent_suite.run_reader.Run`) or refuse (see module docstring)."""
    common = sorted(set(base.tasks) & set(tuned.tasks))
    only_b = tuple(sorted(set(base.tasks) - set(tuned.tasks)))
    only_t = tuple(sorted(set(tuned.tasks) - set(base.tasks)))
    bad = [t for t in common if not _same_version(base.tasks[t].version, tuned.tasks[t].version)]
    if bad:
        t = bad[0]
        raise LatentSuiteError(
            f"task version differs for {len(bad)} task(s), e.g. {t}: base {base.tasks[t].version} vs tuned "
            f"{tuned.tasks[t].version}; results of different task versions cannot be paired")
    if not common:
        raise LatentSuiteError(
            f"the runs share no task (base: {', '.join(sorted(base.tasks)) or 'none'}; tuned: "
            f"{', '.join(sorted(tuned.tasks)) or 'none'})")

    b_index = np.flatnonzero(base.rows["task"].isin(common).to_numpy())
    t_index = np.flatnonzero(tuned.rows["task"].isin(common).to_numpy())
    pb, pt, unpaired = _positions(base.rows.iloc[b_index].reset_index(drop=True),
                                  tuned.rows.iloc[t_index].reset_index(drop=True))
    if pb.size == 0:
        raise LatentSuiteError(
            "no (task, filter, doc_id) is common to both runs: the doc sets do not overlap "
            "(different --limit / --samples, or different filters?)")
    base_pos, tuned_pos = b_index[pb], t_index[pt]
    ident_b = base_pos.size == len(base.rows) and bool(np.all(base_pos == np.arange(base_pos.size)))
    ident_t = tuned_pos.size == len(tuned.rows) and bool(np.all(tuned_pos == np.arange(tuned_pos.size)))

    def both(col):
        return _take(base.rows, col, base_pos, ident_b), _take(tuned.rows, col, tuned_pos, ident_t)

    task = _take(base.rows, "task", base_pos, ident_b).to_numpy(dtype=object)
    doc_id = _take(base.rows, "doc_id", base_pos, ident_b).to_numpy()
    n_hash = 0
    for col, what in (("doc_hash", "different documents"), ("target_hash", "different gold answers")):
        diff, compared = _differs(*both(col))
        n_hash = max(n_hash, int(compared.sum()))
        if diff.any():
            raise LatentSuiteError(
                f"{col} differs on {int(diff.sum())} paired row(s) ({_first_example(task, doc_id, diff)}): "
                f"{what}, so the runs did not evaluate the same items")

    p_diff, p_compared = _differs(*both("prompt_hash"))
    per_task_prompt = (pd.Series(task[p_diff]).value_counts() if p_diff.any() else pd.Series(dtype=int))
    n_prompt = int(p_diff.sum())
    if n_prompt and not allow_prompt_change:
        items = sorted((str(t), int(k)) for t, k in per_task_prompt.items() if k)
        where = ", ".join(f"{t}: {k}" for t, k in items[:5]) + (f", … {len(items) - 5} more" if len(items) > 5 else "")
        sys_note = ""
        if base.system_instruction_sha != tuned.system_instruction_sha:
            sys_note = (f"; system_instruction_sha base {_short(base.system_instruction_sha)} vs tuned "
                        f"{_short(tuned.system_instruction_sha)}")
        elif base.chat_template_sha != tuned.chat_template_sha:
            sys_note = (f"; chat_template_sha base {_short(base.chat_template_sha)} vs tuned "
                        f"{_short(tuned.chat_template_sha)}")
        raise LatentSuiteError(
            f"prompts differ on {n_prompt} of {int(p_compared.sum())} paired rows ({where}){sys_note}; "
            "pass --allow-prompt-change to compare anyway")

    n_paired = pd.Series(task).value_counts()
    unpaired_by_task = {str(r.task): (int(r.base_only), int(r.tuned_only)) for r in unpaired.itertuples()}
    tasks = {}
    for t in common:
        nb, nt = unpaired_by_task.get(t, (0, 0))
        npd = int(per_task_prompt.get(t, 0))
        hb, ht = base.tasks[t].task_hash, tuned.tasks[t].task_hash
        note = None
        if hb and ht and hb != ht:
            if npd:
                note = f"prompt change ({npd} row(s) with a different prompt_hash)"
            elif nb or nt:
                note = "different doc subsets (unpaired docs)"
            else:
                note = ("unexplained: doc, target and prompt hashes of every paired row agree "
                        "(the task hash also covers rows missing from the samples)")
        tasks[t] = TaskPairing(t, base.tasks[t].version, int(n_paired.get(t, 0)), nb, nt, npd, hb, ht, note)
    return Pairing(base_pos, tuned_pos, tasks, only_b, only_t, n_prompt, int(p_compared.sum()), n_hash)
