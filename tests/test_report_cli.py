"""``latent-suite report``: outputs on good input; exit 2, one error line and no output file on bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import offline_env
from .test_report_synthetic import retention_gen_rows, write_run

DOMS = ["geo", "sci", "geo"]


def report(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "latent_suite.reports.report_command", *map(str, args)],
                          capture_output=True, text=True, env=offline_env(), cwd=cwd, timeout=300)


def one_error_line(proc) -> str:
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("latent-suite: error: "), proc.stderr
    return lines[0]


@pytest.fixture
def runs(tmp_path):
    rows = retention_gen_rows([1, 1, 0], DOMS)
    return {
        "base": write_run(tmp_path / "base", {"latent_retention_gen": rows}),
        "tuned": write_run(tmp_path / "tuned", {"latent_retention_gen": retention_gen_rows([1, 0, 0], DOMS)}),
        "v2": write_run(tmp_path / "v2", {"latent_retention_gen": rows}, versions={"latent_retention_gen": 2.0}),
        "sys": write_run(tmp_path / "sys", {"latent_retention_gen": retention_gen_rows([1, 1, 1], DOMS, prompt="S")},
                         system_instruction_sha="5e5e5e5e5e5e"),
    }


def outputs(tmp_path):
    return [tmp_path / "out" / "report.html", tmp_path / "out" / "comparison.json", tmp_path / "out" / "summary.md"]


def flags(tmp_path):
    html, js, md = outputs(tmp_path)
    return ["-o", html, "--json", js, "--markdown", md]


@pytest.mark.parametrize("case,needle", [
    ("missing", "run dir not found"),
    ("version", "task version differs"),
    ("prompt", "prompts differ on 3 of 3 paired rows"),
])
def test_bad_input_exit_2_one_line_no_output(tmp_path, runs, case, needle):
    tuned = {"missing": tmp_path / "nope", "version": runs["v2"], "prompt": runs["sys"]}[case]
    line = one_error_line(report(runs["base"], tuned, *flags(tmp_path)))
    assert needle in line
    assert not any(p.exists() for p in outputs(tmp_path))
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_prompt_change_with_flag_writes_all_outputs(tmp_path, runs):
    proc = report(runs["base"], runs["sys"], *flags(tmp_path), "--allow-template-change")  # the alias
    assert proc.returncode == 0, proc.stderr
    html, js, md = outputs(tmp_path)
    data = json.loads(js.read_text())
    assert data["schema_version"] == 1 and data["pairing"]["prompt"]["n_rows_differ"] == 3
    assert data["pairing"]["prompt"]["system_instruction_sha"]["tuned"] == "5e5e5e5e5e5e"
    assert "5e5e5e5e5e5e" in html.read_text() and "prompts differ on 3 of 3" in md.read_text()
    assert proc.stdout.split() == [str(p) for p in outputs(tmp_path)]


def test_output_path_that_is_a_directory(tmp_path, runs):
    line = one_error_line(report(runs["base"], runs["tuned"], "-o", tmp_path))
    assert "is a directory" in line


def test_foreign_pair_reports(tmp_path, foreign_runs):
    d = foreign_runs / "pyfade_gemma3_12b_mmlu_pro_plus"
    proc = report(d / "gemma-3-12b-it-base", d / "gemma3_12b_u2", *flags(tmp_path))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(outputs(tmp_path)[1].read_text())
    assert data["headline"][0]["stats"]["p_value"] == pytest.approx(0.25)


def test_help_has_an_example():
    proc = report("--help")
    assert proc.returncode == 0 and "example" in proc.stdout and "--allow-prompt-change" in proc.stdout


def test_wired_into_latent_suite_cli(tmp_path, runs):
    from latent_suite.cli import _parser

    if "report" not in _parser()._subparsers._group_actions[0].choices:
        pytest.skip("latent_suite.cli does not register the 'report' subcommand yet (three lines to add)")
    proc = subprocess.run([sys.executable, "-m", "latent_suite.cli", "report", str(runs["base"]), str(runs["v2"]),
                           "-o", str(tmp_path / "r.html")], capture_output=True, text=True, env=offline_env())
    assert "task version differs" in one_error_line(proc)
    assert not (tmp_path / "r.html").exists()
