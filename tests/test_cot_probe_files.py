"""The CoT probe stage's files: written beside stage 1 in lm-eval's layout, read back by the Run reader."""
from __future__ import annotations

import json
import math

from latent_suite.cot_probe_files import (HIGHER_IS_BETTER, PROBE_SUFFIX, SUMMARY_METRICS, find_stage1,
                                          read_samples, write_probe_results)
from latent_suite.run_reader import read_run

STAGE1_TS = "2026-11-23T10-00-00.000001"


def _stage1(tmp_path):
    results = {"results": {"latent_cot": {"alias": "latent_cot", "cot_accuracy,none": 0.5}},
               "configs": {"latent_cot": {"task": "latent_cot", "metadata": {"cot_probes": True}},
                           "latent_other": {"task": "latent_other"}},
               "versions": {"latent_cot": 1.1}, "n-shot": {"latent_cot": 0},
               "n-samples": {"latent_cot": {"original": 40, "effective": 2}},
               "higher_is_better": {"latent_cot": {"cot_accuracy": True}},
               "model_name": "m", "config": {"model": "hf"}}
    (tmp_path / f"results_{STAGE1_TS}.json").write_text(json.dumps(results))
    rows = [{"doc_id": d, "doc": {"answer": "B"}, "filter": "none", "metrics": ["cot_accuracy"],
             "doc_hash": f"d{d}", "prompt_hash": f"p{d}", "target_hash": "t", "cot_accuracy": 1.0} for d in (0, 1)]
    (tmp_path / f"samples_latent_cot_{STAGE1_TS}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def _probe_rows(stage1_rows, aocs):
    out = []
    for src, aoc in zip(stage1_rows, aocs):
        metrics = {m: 0.0 for m in SUMMARY_METRICS} | {"aoc": aoc, "paraphrase_same_answer": math.nan}
        out.append({"doc_id": src["doc_id"], "doc": src["doc"], "filter": "none", "metrics": list(metrics),
                    "doc_hash": src["doc_hash"], "prompt_hash": src["prompt_hash"], "target_hash": "t", **metrics})
    return out


def test_probe_results_land_beside_stage1_and_read_back_as_a_task(tmp_path):
    stage1_rows = _stage1(tmp_path)
    stage1 = find_stage1(tmp_path)
    assert list(stage1) == ["latent_cot"]  # only the task whose config asks for probes
    assert [r["doc_id"] for r in read_samples(stage1["latent_cot"][2])] == [0, 1]
    summary = {m: 0.0 for m in SUMMARY_METRICS} | {f"{m}_stderr": math.nan for m in SUMMARY_METRICS}
    summary |= {"aoc": 0.25, "n_cots": 2, "n_excluded": 0, "truncation_curve": [], "aoc_by_length": {},
                "method": "plain", "paraphraser": "rules", "n_probe_contexts": 8, "n_loglikelihood_requests": 32,
                "build_seconds": 0.1, "scoring_seconds": 0.2}
    path = write_probe_results(tmp_path, {"latent_cot": (_probe_rows(stage1_rows, [0.5, 0.0]), summary)}, stage1)
    assert path.name > f"results_{STAGE1_TS}.json"  # newer, so the reader's per-task merge keeps both
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    data = json.loads(path.read_text())
    task = "latent_cot" + PROBE_SUFFIX
    assert list(data["results"]) == [task] and data["results"][task]["aoc,none"] == 0.25
    assert data["results"][task]["aoc_stderr,none"] == "N/A"  # NaN stderr written as lm-eval writes a missing one
    assert data["model_name"] == "m" and data["configs"][task]["metadata"]["stage1_task"] == "latent_cot"
    assert data["higher_is_better"][task] == HIGHER_IS_BETTER
    run = read_run(tmp_path)
    probes = run.task_rows(task)
    assert probes.sort_values("doc_id")["aoc"].tolist() == [0.5, 0.0]
    assert run.task_rows("latent_cot")["cot_accuracy"].tolist() == [1.0, 1.0]  # stage 1 still there
