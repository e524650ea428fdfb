"""The CI gate: policy parsing, verdicts, exit codes, outputs and refusals (DESIGN §3, §6)."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from latent_suite.reports.gate.gate_command import add_arguments, main
from .test_report_synthetic import retention_gen_rows, retention_mc_rows, write_run

N = 400
DOMAINS = ["geo", "sci"] * (N // 2)
POLICY = """mode = "regression"
alpha = 0.05

[[metric]]
task = "latent_retention_mc"
metric = "acc"
filter = "none"
margin = 0.02

[[metric]]
task = "latent_retention_gen"
metric = "match"
margin = 0.02
"""


def _correct(p: float, seed: int) -> list[int]:
    return (np.random.default_rng(seed).random(N) < p).astype(int).tolist()


def _run(folder: Path, mc: list[int], gen: list[int], **kw) -> Path:
    return write_run(folder, {"latent_retention_mc": retention_mc_rows(mc, DOMAINS),
                              "latent_retention_gen": retention_gen_rows(gen, DOMAINS)}, **kw)


@pytest.fixture()
def runs(tmp_path):
    mc, gen = _correct(0.7, 1), _correct(0.6, 2)
    base = _run(tmp_path / "base", mc, gen)
    same = _run(tmp_path / "same", mc, gen)
    dropped = list(mc)
    for i in [i for i, v in enumerate(mc) if v][:60]:  # 60 of 400 flipped to wrong: Δ = −0.15
        dropped[i] = 0
    drop = _run(tmp_path / "drop", dropped, gen)
    policy = tmp_path / "gate.toml"
    policy.write_text(POLICY, encoding="utf-8")
    return {"base": base, "same": same, "drop": drop, "policy": policy, "tmp": tmp_path}


def _args(baseline, candidate, policy, junit=None, markdown=None):
    argv = [str(baseline), str(candidate), "--policy", str(policy)]
    if junit:
        argv += ["--junit", str(junit)]
    if markdown:
        argv += ["--markdown", str(markdown)]
    return add_arguments(argparse.ArgumentParser()).parse_args(argv)


def test_identical_runs_pass(runs, capsys):
    junit, md = runs["tmp"] / "out.xml", runs["tmp"] / "out.md"
    assert main(_args(runs["base"], runs["same"], runs["policy"], junit, md)) == 0
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "0"
    assert len(suite.findall("testcase")) == 2 and not suite.findall("testcase/failure")
    text = md.read_text(encoding="utf-8")
    assert "PASS" in text and text.count("✅ pass") == 2
    assert "PASS" in capsys.readouterr().out


def test_planted_drop_fails(runs):
    junit, md = runs["tmp"] / "out.xml", runs["tmp"] / "out.md"
    assert main(_args(runs["base"], runs["drop"], runs["policy"], junit, md)) == 1
    cases = {c.get("classname").rsplit(".", 1)[1]: c for c in ET.parse(junit).getroot().iter("testcase")}
    failure = cases["latent_retention_mc"].find("failure")
    assert failure is not None and "delta=-0.1500" in failure.text and "p_holm=" in failure.text
    assert cases["latent_retention_gen"].find("failure") is None
    assert "FAIL" in md.read_text(encoding="utf-8")


def test_drop_within_margin_passes(runs, tmp_path):
    policy = tmp_path / "wide.toml"
    policy.write_text(POLICY.replace("margin = 0.02", "margin = 0.3"), encoding="utf-8")
    assert main(_args(runs["base"], runs["drop"], policy)) == 0


def test_subprocess_exit_codes(runs):
    cmd = [sys.executable, "-m", "latent_suite.reports.gate.gate_command", str(runs["base"])]
    env = dict(os.environ)
    fail = subprocess.run(cmd + [str(runs["drop"]), "--policy", str(runs["policy"])], capture_output=True,
                          text=True, env=env)
    assert fail.returncode == 1, fail.stderr
    assert "FAIL" in fail.stdout
    bad = subprocess.run(cmd + [str(runs["tmp"] / "nope"), "--policy", str(runs["policy"])], capture_output=True,
                         text=True, env=env)
    assert bad.returncode == 2
    assert bad.stderr.startswith("latent-suite: error: ") and bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr


def test_non_inferiority_modes(runs, tmp_path):
    ni = tmp_path / "ni.toml"
    # identical runs, n = 400: the lower bound of Δ is 0 for identical binary data → inside a 0.05 margin
    ni.write_text(POLICY.replace('mode = "regression"', 'mode = "non-inferiority"').replace("0.02", "0.05"),
                  encoding="utf-8")
    assert main(_args(runs["base"], runs["same"], ni)) == 0
    md = tmp_path / "ni.md"
    assert main(_args(runs["base"], runs["drop"], ni, markdown=md)) == 1
    assert "drop beyond the margin not excluded" in md.read_text(encoding="utf-8")


def test_non_inferiority_underpowered(tmp_path):
    # 20 items, candidate 1 item better and 1 worse: Δ̂ = 0 inside a 0.05 margin, but the bound cannot fit.
    mc = [1, 0] * 10
    cand = list(mc)
    cand[0], cand[1] = 0, 1
    dom = ["geo"] * 20
    b = write_run(tmp_path / "b", {"latent_retention_mc": retention_mc_rows(mc, dom)})
    c = write_run(tmp_path / "c", {"latent_retention_mc": retention_mc_rows(cand, dom)})
    policy = tmp_path / "p.toml"
    policy.write_text('mode = "non-inferiority"\n[[metric]]\ntask = "latent_retention_mc"\nmetric = "acc"\n'
                      "margin = 0.05\n", encoding="utf-8")
    md = tmp_path / "o.md"
    assert main(_args(b, c, policy, markdown=md)) == 1
    assert "inconclusive: underpowered" in md.read_text(encoding="utf-8")


_BAD_POLICIES = {
    "bad_toml": "mode = regression\n[[metric]",
    "unknown_metric": POLICY.replace('metric = "acc"', 'metric = "accuracy"'),
    "unknown_task": POLICY.replace('task = "latent_retention_mc"', 'task = "latent_nope"'),
    "unknown_filter": POLICY.replace('filter = "none"', 'filter = "strict"'),
    "negative_margin": POLICY.replace("margin = 0.02", "margin = -0.02", 1),
    "unknown_mode": POLICY.replace('"regression"', '"superiority"'),
    "bad_alpha": POLICY.replace("alpha = 0.05", "alpha = 1.5"),
    "string_margin": POLICY.replace("margin = 0.02", 'margin = "0.02"', 1),
    "unknown_key": POLICY + "\nthreshold = 3\n",
    "no_metrics": 'mode = "regression"\n',
    "binary_kind_on_graded": POLICY,  # handled below: graded values with kind = "binary"
}


@pytest.mark.parametrize("case", sorted(_BAD_POLICIES) + ["missing_dir", "version_mismatch", "missing_policy",
                                                          "doc_mismatch"])
def test_unusable_input_exit_2_and_no_output(runs, tmp_path, case, capsys):
    baseline, candidate, policy = runs["base"], runs["same"], tmp_path / "policy.toml"
    if case in _BAD_POLICIES:
        policy.write_text(_BAD_POLICIES[case], encoding="utf-8")
    else:
        policy = runs["policy"]
    if case == "binary_kind_on_graded":
        rows = retention_mc_rows(_correct(0.7, 1), DOMAINS)
        for r in rows:
            r["acc"] = 0.25
        candidate = write_run(tmp_path / "graded", {"latent_retention_mc": rows,
                                                     "latent_retention_gen": retention_gen_rows(_correct(0.6, 2), DOMAINS)})
        baseline = write_run(tmp_path / "graded_b", {"latent_retention_mc": rows,
                                                       "latent_retention_gen": retention_gen_rows(_correct(0.6, 2), DOMAINS)})
        policy.write_text(POLICY.replace("margin = 0.02", 'margin = 0.02\nkind = "binary"', 1), encoding="utf-8")
    elif case == "missing_dir":
        candidate = tmp_path / "does-not-exist"
    elif case == "missing_policy":
        policy = tmp_path / "nope.toml"
    elif case == "version_mismatch":
        candidate = _run(tmp_path / "v2", _correct(0.7, 1), _correct(0.6, 2), versions={"latent_retention_mc": 2.0})
    elif case == "doc_mismatch":
        candidate = write_run(tmp_path / "other", {
            "latent_retention_mc": retention_mc_rows(_correct(0.7, 1), DOMAINS, prompt="other system prompt"),
            "latent_retention_gen": retention_gen_rows(_correct(0.6, 2), DOMAINS)})
    out = tmp_path / "outputs"
    junit, md = out / "gate.xml", out / "gate.md"
    assert main(_args(baseline, candidate, policy, junit, md)) == 2
    err = capsys.readouterr().err
    assert err.startswith("latent-suite: error: ") and err.count("\n") == 1, err
    assert not out.exists() or not any(out.iterdir())
