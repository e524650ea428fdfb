"""CoT probe stage, files: find the stage-1 CoT tasks in an lm-eval output dir and write the probe tasks beside them.

Stage 1 is a plain lm-eval run of ``latent_cot`` (and variants, config ``metadata.cot_probes: true``); stage 2
(``cot_probes``) scores the probes. Its rows go into the same dir in lm-eval's own layout: one
``samples_<task>_probes_<ts>.jsonl`` per stage-1 task and one ``results_<ts>.json`` holding only the probe tasks
(the stage-1 model metadata and task configs copied, the summary metrics as lm-eval aggregates), with ``<ts>``
newer than every results file there (``derived_task.new_timestamp``), so the Run reader merges them like any task.
All files of one stage are written as a set (``atomic_files.write_all``: temp files, then renames).
"""
from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path

from latent_suite.run_reader import RESULTS_FILE
from latent_suite.tasks.cot.prompts import ANSWER_CUE

PROBE_SUFFIX = "_probes"
SUMMARY_METRICS = ("aoc", "paraphrase_same_answer", "filler_accuracy", "cot_accuracy", "nocot_accuracy",
                   "probe_accuracy", "probe_agreement", "cot_sentences", "cot_empty")
HIGHER_IS_BETTER = {"aoc": True, "paraphrase_same_answer": True, "filler_accuracy": False, "cot_accuracy": True,
                    "nocot_accuracy": True, "probe_accuracy": True, "probe_agreement": True, "cot_sentences": True,
                    "cot_empty": False}
_STAGE1_KEYS = ("results", "groups", "group_subtasks", "configs", "versions", "n-shot", "higher_is_better",
                "n-samples", "task_hashes", "samples")


def find_stage1(output_dir: Path) -> dict[str, tuple[Path, dict, Path]]:
    """Stage-1 CoT tasks in an lm-eval output dir: task -> (results file, its JSON, samples file).

    A stage-1 task is one whose config ``metadata`` has ``cot_probes: true`` (the ``latent_cot`` YAMLs); the
    newest results file naming it wins, with the samples file of the same timestamp (else the newest one).
    """
    found: dict[str, tuple[Path, dict, Path]] = {}
    results = sorted((p for p in output_dir.iterdir() if RESULTS_FILE.match(p.name)),
                     key=lambda p: RESULTS_FILE.match(p.name)["ts"])
    for res_path in results:
        data = json.loads(res_path.read_text(encoding="utf-8"))
        for task, cfg in (data.get("configs") or {}).items():
            if not (isinstance(cfg, dict) and (cfg.get("metadata") or {}).get("cot_probes")):
                continue
            ts = RESULTS_FILE.match(res_path.name)["ts"]
            samples = output_dir / f"samples_{task}_{ts}.jsonl"
            if not samples.exists():
                cands = sorted(output_dir.glob(f"samples_{task}_*.jsonl"))
                cands = [c for c in cands if re.fullmatch(rf"samples_{re.escape(task)}_\d{{4}}-.*\.jsonl", c.name)]
                if not cands:
                    continue
                samples = cands[-1]
            found[task] = (res_path, data, samples)
    return found


def read_samples(path: Path) -> list[dict]:
    """Stage-1 rows of the ``none`` filter (the only filter the CoT tasks have)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if row.get("filter", "none") == "none":
                    rows.append(row)
    return rows


def write_probe_results(output_dir: Path, probe_results: dict[str, tuple[list[dict], dict]],
                        stage1: dict[str, tuple[Path, dict, Path]]) -> Path:
    """Write one ``samples_<probe task>_<ts>.jsonl`` per probe task and one ``results_<ts>.json`` holding only the
    probe tasks (stage-1 model metadata copied), atomically; returns the results file.

    ``probe_results`` maps a stage-1 task to its (rows, summary) from :func:`run_probe_stage`.
    """
    from lm_eval.utils import hash_string

    from latent_suite.derived_task import new_timestamp
    from latent_suite.atomic_files import write_all

    output_dir = Path(output_dir)
    ts = new_timestamp(output_dir)
    files: dict[Path, str] = {}
    first = next(iter(stage1.values()))[1]
    out = {k: copy.deepcopy(v) for k, v in first.items() if k not in _STAGE1_KEYS}
    sections = {k: {} for k in ("results", "group_subtasks", "configs", "versions", "n-shot", "higher_is_better",
                                "n-samples", "task_hashes")}
    probes_meta = {}
    for task, (rows, summary) in probe_results.items():
        probe_task = task + PROBE_SUFFIX
        _, data, samples_path = stage1[task]
        lines = [json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows]
        files[output_dir / f"samples_{probe_task}_{ts}.jsonl"] = "".join(lines)
        res = {"alias": probe_task}
        for m in SUMMARY_METRICS:
            res[f"{m},none"] = summary[m]
            se = summary[f"{m}_stderr"]
            res[f"{m}_stderr,none"] = se if se == se else "N/A"
        sections["results"][probe_task] = res
        sections["group_subtasks"][probe_task] = []
        cfg = copy.deepcopy((data.get("configs") or {}).get(task, {}))
        cfg["task"] = probe_task
        cfg["metric_list"] = [{"metric": m, "aggregation": "mean", "higher_is_better": HIGHER_IS_BETTER[m]}
                              for m in SUMMARY_METRICS]
        cfg.setdefault("metadata", {})
        cfg["metadata"] = {**cfg["metadata"], "stage1_task": task, "cot_probes": False,
                           "stage1_samples": samples_path.name, "answer_cue": ANSWER_CUE,
                           "probe_method": summary.get("method"), "paraphraser": summary.get("paraphraser")}
        sections["configs"][probe_task] = cfg
        sections["versions"][probe_task] = (data.get("versions") or {}).get(task)
        sections["n-shot"][probe_task] = (data.get("n-shot") or {}).get(task, 0)
        sections["higher_is_better"][probe_task] = dict(HIGHER_IS_BETTER)
        original = ((data.get("n-samples") or {}).get(task) or {}).get("original", len(rows))
        sections["n-samples"][probe_task] = {"original": original, "effective": len(rows)}
        sections["task_hashes"][probe_task] = hash_string(
            "".join(f"{r['doc_hash']}{r['prompt_hash']}{r['target_hash']}" for r in rows))
        probes_meta[probe_task] = {k: summary[k] for k in ("n_cots", "n_excluded", "truncation_curve",
                                                             "aoc_by_length", "method", "paraphraser",
                                                             "n_probe_contexts", "n_loglikelihood_requests",
                                                             "build_seconds", "scoring_seconds")}
    out.update(sections)
    out["latent_cot_probes"] = probes_meta
    out["date"] = time.time()
    results_path = output_dir / f"results_{ts}.json"
    files[results_path] = json.dumps(out, indent=2, ensure_ascii=False, default=str)
    write_all(files, what="the CoT probe results")  # the samples first, the results file (what readers look for) last
    return results_path
