"""CLI surface: --help with an example everywhere, one-line errors with exit code 2."""
import subprocess
import sys

import pytest

from .conftest import offline_env


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "latent_suite.cli", *args], capture_output=True, text=True,
                          env=offline_env(), cwd=cwd, timeout=300)


@pytest.mark.parametrize("sub", ["model-path", "tasks-path", "demo", "run", "report", "gate", "leaderboard", "cot-probes", "flex-calibration", "flex-judge"])
def test_help_has_an_example(sub):
    proc = cli(sub, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "example" in proc.stdout.lower() and "latent-suite" in proc.stdout


def test_run_help_keeps_lm_eval_flags():
    out = cli("run", "--help").stdout
    for flag in ("--model_args", "--batch_size", "--apply_chat_template", "--system_instruction", "--name"):
        assert flag in out


@pytest.mark.parametrize("args,needle", [
    (["run", "--model", "hf", "--model_args", "pretrained=x", "--tasks", "latent_passk"], "--output_path"),
    (["run", "--model", "hf", "--model_args", "pretrained=x", "--tasks", "no_such_task_xyz",
      "--output_path", "OUT"], "unknown task"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, args, needle):
    proc = cli(*args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("latent-suite: error:")]
    assert len(lines) == 1 and needle in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "OUT").exists()


def test_tasks_path_prints_one_folder():
    proc = cli("tasks-path")
    assert proc.returncode == 0
    assert proc.stdout.strip().endswith("tasks") and len(proc.stdout.strip().splitlines()) == 1


def test_model_path_prints_only_the_checkpoint(embedded_model):
    proc = cli("model-path")
    assert proc.returncode == 0
    assert proc.stdout.strip() == str(embedded_model)
    assert (embedded_model / "config.json").is_file()


def test_flex_calibration_prints_agreement():
    proc = cli("flex-calibration")
    assert proc.returncode == 0, proc.stderr
    line = next(ln for ln in proc.stdout.splitlines() if "agreement =" in ln)
    agreement = float(line.split("agreement =")[1].split()[0])
    assert agreement >= 0.90 and "n = 110" in line
