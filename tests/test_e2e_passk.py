"""Real lm-eval runs of the pass@k task on the embedded model (no mocks): the CLI from another directory,
offline, and ``latent-suite run`` in process. Marked slow; part of the README test command."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from latent_suite.evaluators.passk import pass_at_k
from latent_suite.run_reader import read_run

from .conftest import offline_env

pytestmark = pytest.mark.slow
# Short generations keep the real run to about a minute on 2 cores; the task's own settings are unchanged.
FAST_GEN = "max_gen_toks=48"


def check_passk_rows(run, n_docs: int, repeats: int = 8):
    rows = run.task_rows("latent_passk")
    assert len(rows) == n_docs
    for _, row in rows.iterrows():
        vec = row["correct_vector"]
        assert vec is not None and len(vec) == repeats, "every repeat's correctness must be in the samples"
        assert row["n"] == repeats and row["c"] == sum(vec)
        for k in (1, 2, 4, 8):
            assert row[f"pass@{k}"] == pytest.approx(pass_at_k(repeats, int(row["c"]), k))
        assert len(row["doc"]["question"]) > 5


def test_lm_eval_cli_offline_from_tmp(tmp_path, embedded_model):
    out = tmp_path / "OUT"
    cmd = [str(Path(sys.executable).parent / "lm_eval"), "--model", "hf", "--model_args",
           f"pretrained={embedded_model}", "--tasks", "latent_passk", "--limit", "2", "--batch_size", "16",
           "--gen_kwargs", FAST_GEN, "--log_samples", "--output_path", str(out)]
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, env=offline_env(), timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    run = read_run(out)
    check_passk_rows(run, n_docs=2)
    raw = json.loads(Path(run.results_files[0]).read_text())
    assert raw["results"]["latent_passk"]["pass@1,keep_all"] == pytest.approx(run.rows["pass@1"].mean())


def test_latent_suite_run_writes_lm_eval_files_and_sidecar(tmp_path, embedded_model):
    from latent_suite.runner import run

    outcome = run(["--model", "hf", "--model_args", f"pretrained={embedded_model}", "--tasks", "latent_passk",
                   "--limit", "1", "--batch_size", "8", "--gen_kwargs", FAST_GEN,
                   "--output_path", str(tmp_path / "runs"), "--name", "base", "--step", "0"])
    assert outcome.lm is not None
    names = sorted(p.name.split("_20")[0] for p in outcome.output_dir.iterdir())
    assert names == ["latent_suite_run.json", "results", "samples_latent_passk"]
    run_ = read_run(tmp_path / "runs")
    check_passk_rows(run_, n_docs=1)
    assert run_.sidecar == {"name": "base", "base": None, "step": 0}
    assert run_.model == "hf"
