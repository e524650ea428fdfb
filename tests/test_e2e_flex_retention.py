"""Real lm-eval run of FLEX and retention on the embedded model, offline, from another directory (issue 3)."""
import math
import subprocess
import sys
from pathlib import Path

import pytest

from latent_suite.run_reader import read_run

from .conftest import offline_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def flex_retention_run(tmp_path_factory, embedded_model):
    tmp = tmp_path_factory.mktemp("flexret")
    cmd = [str(Path(sys.executable).parent / "lm_eval"), "--model", "hf", "--model_args",
           f"pretrained={embedded_model}", "--tasks", "latent_flex,latent_retention", "--limit", "3",
           "--batch_size", "16", "--log_samples", "--output_path", str(tmp / "OUT")]
    proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=offline_env(), timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return read_run(tmp / "OUT")


def test_flex_rows_carry_what_the_report_needs(flex_retention_run):
    rows = flex_retention_run.task_rows("latent_flex")
    assert len(rows) == 3
    for _, row in rows.iterrows():
        doc = row["doc"]
        assert doc["id"] and doc["domain"] and doc["trigger"]
        assert row["reject"] + row["accept"] + row["unclear"] == 1.0      # exactly one classification
        assert 0.0 <= row["knowledge_acc"] <= 1.0
        assert row["knows"] == float(row["knowledge_acc"] == 1.0)
        if row["knows"] == 1.0:
            assert row["accommodation"] == row["accept"]
        else:
            assert math.isnan(row["accommodation"])
        assert row["control_reject"] in (0.0, 1.0) and row["reject_ll"] in (0.0, 1.0)
        assert isinstance(row["response"], str)


def test_retention_rows_both_scorings(flex_retention_run):
    mc = flex_retention_run.task_rows("latent_retention_mc")
    gen = flex_retention_run.task_rows("latent_retention_gen")
    assert len(mc) == 3 and len(gen) == 3
    assert set(mc["acc"]) <= {0.0, 1.0} and set(gen["match"]) <= {0.0, 1.0}
    assert list(mc["doc"].map(lambda d: d["id"])) == list(gen["doc"].map(lambda d: d["id"]))
    assert all(d["domain"] for d in gen["doc"])


def test_llm_judge_rescores_the_run_into_a_derived_task(flex_retention_run, embedded_model):
    """The optional judge (here the embedded model itself, through lm-eval's hf backend) writes
    latent_flex_judge rows that pair with latent_flex on doc_id and hashes."""
    from latent_suite.flex_judge import judge_run, load_judge

    judge_run(flex_retention_run.path, load_judge("hf", f"pretrained={embedded_model}"))
    rerun = read_run(flex_retention_run.path)
    judged = rerun.task_rows("latent_flex_judge")
    flex = rerun.task_rows("latent_flex")
    assert list(judged["doc_id"]) == list(flex["doc_id"])
    assert list(judged["doc_hash"]) == list(flex["doc_hash"])
    assert ((judged["judge_reject"] + judged["judge_accept"] + judged["judge_unclear"]) == 1.0).all()
    assert "latent_flex" in rerun.tasks and len(flex) == 3  # the original rows are untouched
