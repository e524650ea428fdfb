"""Real model, real lm-eval runs (slow): the embedded model on latent_retention_mc (--limit 10, loglikelihood
only), run as a base and as a "tuned" step-100 checkpoint of it (the same weights, so Δ = 0). The gate passes
in regression mode through the CLI module, and the leaderboard shows both runs, a series and a zero delta."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import offline_env

pytestmark = pytest.mark.slow


def lm_run(out, model, *extra):
    from latent_suite.runner import run

    run(["--model", "hf", "--model_args", f"pretrained={model}", "--tasks", "latent_retention_mc",
         "--limit", "10", "--batch_size", "16", "--output_path", str(out), *extra])
    return out


def test_gate_and_leaderboard_on_real_runs(tmp_path, embedded_model):
    base = lm_run(tmp_path / "base", embedded_model, "--name", "base")
    tuned = lm_run(tmp_path / "tuned", embedded_model, "--name", "tuned", "--base", "base", "--step", "100")
    policy = tmp_path / "gate.toml"
    policy.write_text('[[metric]]\ntask = "latent_retention_mc"\nmetric = "acc"\nmargin = 0.02\n', encoding="utf-8")
    junit = tmp_path / "gate.xml"
    gate = subprocess.run([sys.executable, "-m", "latent_suite.reports.gate.gate_command", str(base), str(tuned),
                           "--policy", str(policy), "--junit", str(junit)],
                          capture_output=True, text=True, env=offline_env(), timeout=600)
    assert gate.returncode == 0, gate.stderr[-2000:]
    assert 'failures="0"' in junit.read_text(encoding="utf-8")

    site = tmp_path / "site"
    lb = subprocess.run([sys.executable, "-m", "latent_suite.leaderboards.leaderboard_command", str(base), str(tuned),
                         "-o", str(site)], capture_output=True, text=True, env=offline_env(), timeout=600)
    assert lb.returncode == 0, lb.stderr[-2000:]
    data = json.loads((site / "data.json").read_text(encoding="utf-8"))
    runs = {r["name"]: r for r in data["runs"]}
    assert set(runs) == {"base", "tuned"} and data["series"]["base"][1] == {"slug": "tuned", "step": 100}
    assert runs["tuned"]["deltas"]["latent_retention_mc"]["delta"] == 0.0
    assert runs["base"]["headline"]["latent_retention_mc"]["n"] == 10
    assert (site / "runs" / "tuned.html").is_file() and "<svg" in (site / "index.html").read_text(encoding="utf-8")


def test_leaderboard_of_three_real_runs_in_chromium(tmp_path, embedded_model):
    """Three real runs of the embedded model (a base and two checkpoint steps) open in headless Chromium with no
    console errors; the table and the trend chart are present and a screenshot is taken."""
    from latent_suite.leaderboards.leaderboard_command import make_site

    from .test_leaderboard_browser import CHROMIUM, check_board_in_chromium

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} missing: apt-get update && apt-get install -y chromium")
    runs = [lm_run(tmp_path / "base", embedded_model, "--name", "base")]
    for step in (100, 200):
        runs.append(lm_run(tmp_path / f"s{step}", embedded_model, "--name", f"step{step}", "--base", "base",
                           "--step", str(step)))
    site = tmp_path / "site"
    make_site(runs, site)
    check_board_in_chromium(site, tmp_path, n_runs=3)
