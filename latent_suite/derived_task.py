"""Write rows computed *after* an lm-eval run (CoT probes, FLEX judge verdicts) into the same output dir, in
lm-eval's own format, so the Run reader, report, gate and leaderboard read them like any task.

Layout written: ``results_<ts>.json`` holding only the derived task (``results``, ``versions``, ``task_hashes``,
``n-samples``, ``higher_is_better``, plus the source run's model/config provenance) and
``samples_<task>_<ts>.jsonl`` with one row per doc (``doc_id, doc, filter, metrics, doc_hash, prompt_hash,
target_hash`` + metric values). ``<ts>`` is newer than every existing file, so per-task merging in
``run_reader`` picks it up. Both files are written as a set (``atomic_files.write_all``: temp files, then
renames; nothing half-written).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
from pathlib import Path

PROVENANCE_KEYS = ("config", "model_name", "model_name_sanitized", "model_source", "chat_template",
                   "chat_template_sha", "system_instruction", "system_instruction_sha", "fewshot_as_multiturn",
                   "lm_eval_version", "transformers_version", "git_hash")


TS_FORMAT = "%Y-%m-%dT%H-%M-%S.%f"  # lm-eval's file timestamp, e.g. 2026-11-23T12-22-29.331604


def new_timestamp(output_dir: Path) -> str:
    """lm-eval's timestamp format, strictly newer than every results file already in ``output_dir``."""
    stamp = _dt.datetime.now()
    for p in Path(output_dir).glob("results_*.json"):
        try:
            existing = _dt.datetime.strptime(p.stem[len("results_"):], TS_FORMAT)
        except ValueError:
            continue
        stamp = max(stamp, existing + _dt.timedelta(microseconds=1))
    return stamp.strftime(TS_FORMAT)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _mean(values: list[float]) -> float:
    vals = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(vals) / len(vals) if vals else math.nan


def write_derived_task(output_dir: Path, task: str, rows: list[dict], metrics: dict[str, bool], *,
                       source_results: dict, version: float = 1.0) -> tuple[Path, Path]:
    """Write ``rows`` (each with ``doc_id`` and the metric values) as task ``task``.

    ``metrics`` maps metric name -> higher_is_better. Missing hashes are derived from the row's ``doc``.
    Aggregates are the mean over rows where the metric is defined (a metric that is NaN for a row, e.g. a
    conditional one, is excluded and stays NaN in the samples row).
    """
    output_dir = Path(output_dir)
    ts = new_timestamp(output_dir)
    samples = []
    for row in sorted(rows, key=lambda r: r["doc_id"]):
        doc_json = json.dumps(row.get("doc"), sort_keys=True, ensure_ascii=False, default=str)
        sample = {"doc_id": row["doc_id"], "doc": row.get("doc"), "filter": "none", "metrics": list(metrics),
                  "doc_hash": row.get("doc_hash") or _hash(doc_json),
                  "prompt_hash": row.get("prompt_hash") or _hash(task + doc_json),
                  "target_hash": row.get("target_hash") or _hash(str(row.get("target", "")))}
        sample.update({k: v for k, v in row.items() if k not in sample})
        samples.append(sample)
    agg = {"alias": task}
    for m in metrics:
        agg[f"{m},none"] = _mean([s.get(m) for s in samples])
        agg[f"{m}_stderr,none"] = "N/A"
    task_hash = _hash("".join(s["doc_hash"] + s["prompt_hash"] + s["target_hash"] for s in samples))
    results = {"results": {task: agg}, "group_subtasks": {task: []}, "configs": {task: {"task": task}},
               "versions": {task: version}, "n-shot": {task: 0}, "higher_is_better": {task: metrics},
               "n-samples": {task: {"original": len(samples), "effective": len(samples)}},
               "task_hashes": {task: task_hash}}
    results.update({k: source_results[k] for k in PROVENANCE_KEYS if k in source_results})
    samples_path = output_dir / f"samples_{task}_{ts}.jsonl"
    results_path = output_dir / f"results_{ts}.json"
    from latent_suite.atomic_files import write_all

    write_all({samples_path: "".join(json.dumps(s, ensure_ascii=False, default=str) + "\n" for s in samples),
               results_path: json.dumps(results, indent=2, ensure_ascii=False, default=str)}, what=f"derived task {task}")
    return results_path, samples_path
