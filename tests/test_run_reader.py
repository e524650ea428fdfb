"""Run reader: real foreign lm-eval output, layouts, merging, and every malformed case (DESIGN.md §2, §5.13)."""
import json
import math

import pytest

from latent_suite.errors import RunError
from latent_suite.run_reader import read_run, resolve_run_dir

TS1 = "2026-01-01T10-00-00.000001"
TS2 = "2026-01-02T10-00-00.000001"


def write_run(folder, task="t1", rows=None, ts=TS1, results_extra=None, raw_lines=None):
    folder.mkdir(parents=True, exist_ok=True)
    rows = rows if rows is not None else [
        {"doc_id": i, "filter": "none", "metrics": ["acc"], "acc": float(i % 2), "doc_hash": f"d{i}",
         "prompt_hash": f"p{i}", "target_hash": f"t{i}", "doc": {"q": i}, "resps": [[f"r{i}"]],
         "filtered_resps": [f"r{i}"]} for i in range(4)]
    results = {"results": {task: {"acc,none": 0.5}}, "versions": {task: 1.0}, "task_hashes": {task: "h"},
               "n-samples": {task: {"original": 4, "effective": len(rows)}}, "config": {"model": "hf"},
               "model_name": "m", "chat_template_sha": None}
    results.update(results_extra or {})
    (folder / f"results_{ts}.json").write_text(json.dumps(results))
    body = raw_lines if raw_lines is not None else "".join(json.dumps(r) + "\n" for r in rows)
    (folder / f"samples_{task}_{ts}.jsonl").write_text(body)
    return folder


def test_reads_foreign_vllm_run_with_its_quirks(foreign_runs):
    run = read_run(foreign_runs / "pyfade_gemma3_12b_mmlu_pro_plus" / "gemma-3-12b-it-base")
    assert run.model == "vllm"
    assert sorted(run.tasks) == ["mmlu_pro_plus_chemistry", "mmlu_pro_plus_health", "mmlu_pro_plus_psychology"]
    assert len(run.rows) == 9
    assert set(run.rows["filter"]) == {"custom-extract"}
    assert run.chat_template_sha.startswith("7de1c58e")
    assert any("trimmed" in n for n in run.notes)           # samples hold 3 docs, results say 100
    assert any("11 task(s) with no samples" in n for n in run.notes)
    chem = run.task_rows("mmlu_pro_plus_chemistry")
    assert list(chem["doc_id"]) == [0, 6, 7]


def test_reads_foreign_chat_completions_run(foreign_runs):
    run = read_run(foreign_runs / "pyfade_gemma3_12b_gsm8k" / "gemma3_12b-u1")
    assert run.model == "local-chat-completions"
    rows = run.task_rows("gsm8k")
    assert list(rows["filter"].unique()) == ["strict-match"]  # one filter kept of two
    assert rows["exact_match"].tolist() == [1.0, 0.0, 0.0]
    assert run.tasks["gsm8k"].version == 3.0


def test_parent_with_one_model_folder(tmp_path):
    write_run(tmp_path / "out" / "model_a")
    assert resolve_run_dir(tmp_path / "out") == tmp_path / "out" / "model_a"
    assert len(read_run(tmp_path / "out").rows) == 4


def test_parent_with_two_model_folders_is_refused(tmp_path):
    write_run(tmp_path / "out" / "a")
    write_run(tmp_path / "out" / "b")
    with pytest.raises(RunError, match="2 model folders"):
        read_run(tmp_path / "out")


def test_newest_results_per_task_wins(tmp_path):
    d = write_run(tmp_path / "r", ts=TS1)
    newer = [{"doc_id": 0, "filter": "none", "metrics": ["acc"], "acc": 1.0, "doc_hash": "d0",
              "prompt_hash": "p0", "target_hash": "t0"}]
    write_run(d, rows=newer, ts=TS2)
    run = read_run(d)
    assert len(run.rows) == 1 and run.rows["acc"].tolist() == [1.0]
    assert any("supersedes" in n for n in run.notes)


def test_nan_metric_is_kept_as_missing(tmp_path):
    d = write_run(tmp_path / "r", raw_lines='{"doc_id": 0, "filter": "none", "metrics": ["acc"], "acc": NaN}\n'
                                            '{"doc_id": 1, "filter": "none", "metrics": ["acc"], "acc": 1.0}\n')
    run = read_run(d)
    assert math.isnan(run.rows["acc"].iloc[0]) and run.rows["acc"].iloc[1] == 1.0


def test_passk_correct_vector_is_found(tmp_path):
    vec = [json.dumps({"answer": "3", "correct": c}) for c in (1, 0, 1, 1)]
    d = write_run(tmp_path / "r", rows=[{"doc_id": 0, "filter": "keep_all", "metrics": ["c"], "c": 3.0,
                                         "filtered_resps": [vec]}])
    assert read_run(d).rows["correct_vector"].iloc[0] == (1, 0, 1, 1)


@pytest.mark.parametrize("case,message", [
    ("missing", "run dir not found"),
    ("empty", "no results_"),
    ("no_samples", "no samples_"),
    ("truncated", "not valid JSON"),
    ("duplicate", "duplicate (task, filter, doc_id)"),
    ("bad_metric", "is not a number"),
    ("bad_results", "not a readable JSON"),
])
def test_malformed_runs_raise_one_clear_error(tmp_path, case, message):
    d = tmp_path / "r"
    if case == "empty":
        d.mkdir()
    elif case == "no_samples":
        write_run(d)
        next(d.glob("samples_*")).unlink()
    elif case == "truncated":
        write_run(d, raw_lines='{"doc_id": 0, "filter": "none", "metrics": ["acc"], "acc": 1.0}\n{"doc_id": 1, "fi')
    elif case == "duplicate":
        write_run(d, raw_lines='{"doc_id": 0, "filter": "none", "metrics": [], "x": 1}\n'
                               '{"doc_id": 0, "filter": "none", "metrics": [], "x": 2}\n')
    elif case == "bad_metric":
        write_run(d, raw_lines='{"doc_id": 0, "filter": "none", "metrics": ["acc"], "acc": "high"}\n')
    elif case == "bad_results":
        write_run(d)
        next(d.glob("results_*")).write_text("{not json")
    with pytest.raises(RunError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        read_run(d)
    assert "\n" not in str(info.value)


def test_headline_lines_average_defined_values_only(tmp_path):
    from latent_suite.summary import headline_lines

    rows = [{"doc_id": i, "filter": "none", "metrics": ["reject", "accommodation"], "reject": float(i == 0),
             "accommodation": [1.0, None, 0.0][i]} for i in range(3)]
    d = write_run(tmp_path / "r", task="latent_flex", rows=rows)
    lines = headline_lines(read_run(d))
    assert any("reject " in ln and "= 0.333" in ln and "n = 3" in ln for ln in lines)
    assert any("accommodation" in ln and "= 0.500" in ln and "n = 2" in ln for ln in lines)
