"""Read an lm-eval output directory into a typed :class:`Run` (DESIGN.md §2, §5.11, §5.13).

A run dir is the folder holding ``results_*.json`` + ``samples_*.jsonl``, or its parent with exactly one model
subfolder (lm-eval's ``<output_path>/<model>/`` layout). Several invocations may share a folder: files are
merged by task and, per task, the newest results file wins (its samples file with the same timestamp, else the
newest samples file for that task); every such choice is recorded in ``Run.notes``.

``Run.rows`` has one row per (task, filter, doc_id) with columns ``task, filter, doc_id, doc_hash,
prompt_hash, target_hash`` plus one float column per metric (NaN where the metric is undefined for the doc,
or not a metric of that task), ``correct_vector`` (per-repeat 0/1 tuple for pass@k rows, else None),
``doc`` (the logged document) and ``response`` (first response text).

Malformed input raises :class:`RunError` with one line: missing dir, no results file, no samples at all, a line
that is not JSON, a duplicate (task, filter, doc_id), a metric that is not a number or NaN.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from latent_suite.errors import RunError

RESULTS_FILE = re.compile(r"^results_(?P<ts>.+)\.json$")
_SAMPLES = re.compile(r"^samples_(?P<task>.+)_(?P<ts>\d{4}-\d{2}-\d{2}T[\d\-:.]+)\.jsonl$")
KEY_COLUMNS = ["task", "filter", "doc_id"]


@dataclass(frozen=True)
class TaskInfo:
    """What the results file says about one task."""

    name: str
    version: object
    task_hash: str | None
    metrics: tuple[str, ...]
    higher_is_better: dict
    n_effective: int | None
    results: dict  # "metric,filter" -> aggregated value, as lm-eval wrote it


@dataclass(frozen=True)
class Run:
    """One model's evaluation: per-sample rows plus run metadata."""

    path: Path
    rows: "object"  # pandas.DataFrame; typed loosely to keep this module import-light
    tasks: dict[str, TaskInfo]
    model: str
    model_args: object
    model_name: str
    chat_template_sha: str | None
    system_instruction_sha: str | None
    lm_eval_version: str | None
    results_files: tuple[str, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    sidecar: dict = field(default_factory=dict)

    def metric_columns(self, task: str) -> list[str]:
        return list(self.tasks[task].metrics)

    def task_rows(self, task: str, filter_name: str | None = None):
        rows = self.rows[self.rows["task"] == task]
        return rows if filter_name is None else rows[rows["filter"] == filter_name]


def resolve_run_dir(path: str | Path) -> Path:
    """The folder with the results files: ``path`` itself or its single model subfolder."""
    path = Path(path)
    if not path.exists():
        raise RunError(f"run dir not found: {path}")
    if not path.is_dir():
        raise RunError(f"not a directory: {path}")
    if any(RESULTS_FILE.match(p.name) for p in path.iterdir()):
        return path
    subdirs = [p for p in path.iterdir() if p.is_dir() and any(RESULTS_FILE.match(q.name) for q in p.iterdir())]
    if len(subdirs) == 1:
        return subdirs[0]
    if len(subdirs) > 1:
        names = ", ".join(sorted(p.name for p in subdirs))
        raise RunError(f"{path} holds {len(subdirs)} model folders ({names}); pass one of them")
    raise RunError(f"no results_*.json in {path} (is this an lm-eval --output_path with --log_samples?)")


def read_run(path: str | Path) -> Run:
    """Load an lm-eval output dir as a :class:`Run` (see module docstring)."""
    import pandas as pd

    run_dir = resolve_run_dir(path)
    notes: list[str] = []
    results_by_task, used_results = _pick_results(run_dir, notes)
    samples_files = _pick_samples(run_dir, results_by_task, notes)
    if not samples_files:
        raise RunError(f"no samples_*.jsonl in {run_dir}: re-run lm-eval with --log_samples")

    tasks: dict[str, TaskInfo] = {}
    records: list[dict] = []
    for task, sample_path in sorted(samples_files.items()):
        res_file, res = results_by_task.get(task, (None, None))
        task_records, metrics = _read_samples(sample_path, task)
        records.extend(task_records)
        tasks[task] = _task_info(task, res, metrics)
        if res is not None:
            n_eff = tasks[task].n_effective
            n_docs = len({r["doc_id"] for r in task_records})
            if n_eff is not None and n_docs != n_eff:
                notes.append(f"{task}: samples hold {n_docs} docs but the results file reports {n_eff} "
                             "(trimmed samples?); statistics use the samples")
    listed_without_samples = sorted(t for t in results_by_task if t not in samples_files and
                                    not _is_group(results_by_task[t][1], t))
    if listed_without_samples:
        notes.append(f"results list {len(listed_without_samples)} task(s) with no samples file: "
                     + ", ".join(listed_without_samples))

    rows = pd.DataFrame.from_records(records)
    dup = rows.duplicated(KEY_COLUMNS, keep=False)
    if dup.any():
        first = rows.loc[dup, KEY_COLUMNS].iloc[0].tolist()
        raise RunError(f"duplicate (task, filter, doc_id) {tuple(first)} in {run_dir}")
    rows = rows.sort_values(KEY_COLUMNS, kind="stable").reset_index(drop=True)

    newest = json.loads(Path(used_results[-1]).read_text(encoding="utf-8")) if used_results else {}
    config = newest.get("config", {})
    sidecar_path = run_dir / "latent_suite_run.json"
    if not sidecar_path.exists():
        sidecar_path = Path(path) / "latent_suite_run.json"
    sidecar = _read_json(sidecar_path) if sidecar_path.exists() else {}
    return Run(
        path=run_dir,
        rows=rows,
        tasks=tasks,
        model=str(config.get("model", "")),
        model_args=config.get("model_args"),
        model_name=str(newest.get("model_name", "")),
        chat_template_sha=newest.get("chat_template_sha"),
        system_instruction_sha=newest.get("system_instruction_sha"),
        lm_eval_version=newest.get("lm_eval_version"),
        results_files=tuple(str(p) for p in used_results),
        notes=tuple(notes),
        sidecar=sidecar,
    )


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunError(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise RunError(f"{path}: expected a JSON object")
    return data


def _pick_results(run_dir: Path, notes: list[str]):
    files = sorted((p for p in run_dir.iterdir() if RESULTS_FILE.match(p.name)),
                   key=lambda p: RESULTS_FILE.match(p.name)["ts"])
    by_task: dict[str, tuple[Path, dict]] = {}
    for f in files:
        data = _read_json(f)
        if not isinstance(data.get("results"), dict):
            raise RunError(f"{f}: no 'results' section (not an lm-eval results file?)")
        for task in data["results"]:
            if task in by_task:
                notes.append(f"{task}: {f.name} supersedes {by_task[task][0].name} (newest results file wins)")
            by_task[task] = (f, data)
    used = sorted({f for f, _ in by_task.values()}, key=lambda p: RESULTS_FILE.match(p.name)["ts"])
    return by_task, used


def _pick_samples(run_dir: Path, results_by_task: dict, notes: list[str]) -> dict[str, Path]:
    candidates: dict[str, list[tuple[str, Path]]] = {}
    for p in run_dir.iterdir():
        m = _SAMPLES.match(p.name)
        if m:
            candidates.setdefault(m["task"], []).append((m["ts"], p))
    chosen = {}
    for task, files in candidates.items():
        files.sort()
        pick = files[-1][1]
        if task in results_by_task:
            res_ts = RESULTS_FILE.match(results_by_task[task][0].name)["ts"]
            same = [p for ts, p in files if ts == res_ts]
            if same:
                pick = same[0]
            else:
                notes.append(f"{task}: no samples file from the run of {results_by_task[task][0].name}; "
                             f"using {pick.name}")
        if len(files) > 1:
            notes.append(f"{task}: {len(files)} samples files; using {pick.name}")
        chosen[task] = pick
    return chosen


def _is_group(res: dict | None, task: str) -> bool:
    return bool(res) and task in (res.get("group_subtasks") or {}) and bool(res["group_subtasks"][task])


def _task_info(task: str, res: dict | None, metrics: tuple[str, ...]) -> TaskInfo:
    res = res or {}
    n_samples = (res.get("n-samples") or {}).get(task) or {}
    return TaskInfo(
        name=task,
        version=(res.get("versions") or {}).get(task),
        task_hash=(res.get("task_hashes") or {}).get(task),
        metrics=metrics,
        higher_is_better=(res.get("higher_is_better") or {}).get(task, {}),
        n_effective=n_samples.get("effective"),
        results=(res.get("results") or {}).get(task, {}),
    )


def _loads(line: str):
    """orjson when the line has no bare NaN/Infinity (which lm-eval writes and orjson rejects), else stdlib."""
    if "NaN" not in line and "Infinity" not in line:
        try:
            import orjson
        except ImportError:
            return json.loads(line)
        return orjson.loads(line)
    return json.loads(line)


def _read_samples(path: Path, task: str) -> tuple[list[dict], tuple[str, ...]]:
    records: list[dict] = []
    metric_names: dict[str, None] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = _loads(line)
            except ValueError:  # json.JSONDecodeError and orjson.JSONDecodeError are ValueErrors
                raise RunError(f"{path.name}:{lineno}: not valid JSON (truncated file?)") from None
            if not isinstance(raw, dict) or "doc_id" not in raw:
                raise RunError(f"{path.name}:{lineno}: not an lm-eval sample row (no doc_id)")
            metrics = raw.get("metrics") or []
            rec = {
                "task": task,
                "filter": str(raw.get("filter", "none")),
                "doc_id": int(raw["doc_id"]),
                "doc_hash": raw.get("doc_hash"),
                "prompt_hash": raw.get("prompt_hash"),
                "target_hash": raw.get("target_hash"),
                "doc": raw.get("doc"),
                "response": _first_response(raw.get("resps")),
                "correct_vector": _correct_vector(raw.get("filtered_resps")),
            }
            for m in metrics:
                rec[m] = _metric_value(raw.get(m), m, path, lineno)
                metric_names[m] = None
            records.append(rec)
    return records, tuple(metric_names)


def _metric_value(value, name: str, path: Path, lineno: int) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if value is None:
        return math.nan
    raise RunError(f"{path.name}:{lineno}: metric {name!r} is not a number: {str(value)[:40]!r}")


def _first_response(resps) -> str | None:
    while isinstance(resps, list) and resps:
        resps = resps[0]
    return resps if isinstance(resps, str) else None


def _correct_vector(filtered) -> tuple[int, ...] | None:
    """Per-repeat correctness written by the pass@k keep-all filter (JSON strings with a "correct" key)."""
    if not (isinstance(filtered, list) and filtered and isinstance(filtered[0], list) and filtered[0]):
        return None
    out = []
    for item in filtered[0]:
        if not (isinstance(item, str) and item.startswith("{") and '"correct"' in item):
            return None
        try:
            out.append(int(json.loads(item)["correct"]))
        except (ValueError, KeyError, TypeError):
            return None
    return tuple(out)
