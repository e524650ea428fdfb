"""`lm_eval --tasks latent_suite` works after install with no --include_path (DESIGN.md §5.1, §5.3)."""
import subprocess
import sys
from pathlib import Path

import pytest

from latent_suite.paths import tasks_dir

from .conftest import offline_env
from ._paths import REPO

EXPECTED = {"latent_suite", "latent_passk", "latent_flex", "latent_retention", "latent_retention_mc",
            "latent_retention_gen", "latent_selfdesc", "latent_selfdesc_risk", "latent_selfdesc_myopia",
            "latent_selfdesc_agreement", "latent_cot", "latent_cot_answer_first", "latent_passk_n16", "latent_passk_n64", "latent_passk_n256",
            "latent_suite_hub", "latent_passk_gsm8k", "latent_passk_math500", "latent_passk_aime24"}


def _py(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, env=offline_env(),
                          timeout=300)


def test_pth_hook_is_installed_and_light(tmp_path):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "pass"], cwd=tmp_path, capture_output=True,
                          text=True)
    imported = proc.stderr
    assert "latent_suite._task_hook" in imported, "the .pth hook did not run at interpreter start"
    for heavy in ("torch", "lm_eval", "pandas", "numpy", "transformers"):
        assert f" {heavy}\n" not in imported and f" {heavy}." not in imported, f"hook imported {heavy}"


def test_default_task_manager_finds_suite_from_another_directory(tmp_path):
    proc = _py("from lm_eval.tasks import TaskManager; tm = TaskManager(); "
               "print(sorted(t for t in tm.all_tasks if t.startswith('latent_')))", tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = set(eval(proc.stdout.strip().splitlines()[-1]))  # noqa: S307 - our own printed list
    assert EXPECTED <= found


@pytest.mark.slow
def test_lm_eval_cli_lists_suite_from_root():
    proc = subprocess.run([str(Path(sys.executable).parent / "lm-eval"), "ls", "tasks"], cwd="/",
                          capture_output=True, text=True, env=offline_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "latent_suite" in proc.stdout and "latent_passk" in proc.stdout


def test_every_yaml_parses_and_builds():
    """A YAML that fails to parse is skipped silently by lm-eval (§5.3): load each one explicitly."""
    from lm_eval.tasks import TaskManager
    from lm_eval.tasks._yaml_loader import load_yaml

    yamls = sorted(tasks_dir().rglob("*.yaml"))
    assert len(yamls) >= 9
    for y in yamls:
        cfg = load_yaml(str(y), resolve_func=True)
        assert ("task" in cfg) or ("group" in cfg), y
    tm = TaskManager(include_defaults=False, include_path=str(tasks_dir()))
    assert EXPECTED <= set(tm.all_tasks)
    task = tm.load(["latent_passk"])["tasks"]["latent_passk"]
    assert task.config.repeats == 8
    assert task.config.generation_kwargs["do_sample"] is True
    assert len(list(task.test_docs())) == 200


def test_tasks_path_is_the_installed_task_folder():
    assert (tasks_dir() / "latent_suite.yaml").is_file()
    assert tasks_dir() == (REPO / "tasks").resolve() or "site-packages" in str(tasks_dir())
