"""Real model, real lm-eval runs, real report (slow): the embedded model run twice, without and with a system
instruction. The prompts differ, so the report refuses without --allow-prompt-change (exit 2) and, with it,
writes the HTML / JSON / markdown and shows what differs. Kept short: 1 doc per task, 24-token generations."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from latent_suite.run_reader import read_run

from .conftest import offline_env

pytestmark = pytest.mark.slow
SYSTEM = "You are a careful assistant. Answer briefly."


def lm_run(out, model, *extra):
    from latent_suite.runner import run

    run(["--model", "hf", "--model_args", f"pretrained={model}", "--tasks", "latent_retention,latent_passk",
         "--limit", "1", "--batch_size", "16", "--gen_kwargs", "max_gen_toks=24", "--output_path", str(out), *extra])
    return out


def report(*args):
    return subprocess.run([sys.executable, "-m", "latent_suite.reports.report_command", *map(str, args)],
                          capture_output=True, text=True, env=offline_env(), timeout=600)


def test_real_runs_with_and_without_system_instruction(tmp_path, embedded_model):
    base = lm_run(tmp_path / "base", embedded_model)
    tuned = lm_run(tmp_path / "tuned", embedded_model, "--system_instruction", SYSTEM)
    html, js, md = tmp_path / "r" / "report.html", tmp_path / "r" / "comparison.json", tmp_path / "r" / "summary.md"

    refused = report(base, tuned, "-o", html, "--json", js, "--markdown", md)
    assert refused.returncode == 2, refused.stderr[-2000:]
    lines = [ln for ln in refused.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "prompts differ" in lines[0] and "--allow-prompt-change" in lines[0]
    assert not html.exists() and not js.exists() and not md.exists()

    ok = report(base, tuned, "-o", html, "--json", js, "--markdown", md, "--allow-prompt-change")
    assert ok.returncode == 0, ok.stderr[-3000:]
    data = json.loads(js.read_text())
    rb, rt = read_run(base), read_run(tuned)
    assert data["schema_version"] == 1 and data["pairing"]["n_paired"] == len(rb.rows) == 3
    pr = data["pairing"]["prompt"]
    assert pr["allowed"] is True and pr["n_rows_differ"] == 3  # the system instruction is in every prompt
    assert pr["system_instruction_sha"]["base"] is None and pr["system_instruction_sha"]["differs"] is True
    assert {s["family"] for s in data["sections"]} == {"passk", "retention"}

    # every headline number traces back to the runs
    head = {h["id"]: h["stats"] for h in data["headline"]}
    mc = head["retention:latent_retention_mc:none:acc"]
    assert mc["base_mean"] == pytest.approx(rb.task_rows("latent_retention_mc")["acc"].mean())
    assert mc["tuned_mean"] == pytest.approx(rt.task_rows("latent_retention_mc")["acc"].mean())
    p1 = head["passk:latent_passk:keep_all:pass@1"]
    assert p1["base_mean"] == pytest.approx(rb.tasks["latent_passk"].results["pass@1,keep_all"])
    passk = next(s for s in data["sections"] if s["family"] == "passk")["tasks"][0]
    assert passk["k_max"] == 8 and passk["curve"]["k"] == list(range(1, 9)) and passk["delta_se"]["k_below_256"]

    page = html.read_text()
    assert 'class="plot passk-curve"' in page and "prompts differ on 3 of 3 paired rows" in page
    assert data["runs"]["tuned"]["system_instruction_sha"][:12] in page
    summary = md.read_text()
    assert "| latent\\_passk pass@1 |" in summary and "prompts differ on 3 of 3" in summary
