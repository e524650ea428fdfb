"""Shared fixtures: the embedded model path, paths to shared fixtures, an offline environment."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from ._paths import FOREIGN_RUNS

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def offline_env(**extra) -> dict:
    env = dict(os.environ, HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def embedded_model() -> Path:
    """The embedded checkpoint (built by `make test` before pytest; built here if missing)."""
    from latent_suite.embedded_model import model_path

    return model_path(progress=False)


@pytest.fixture(scope="session")
def foreign_runs() -> Path:
    if not FOREIGN_RUNS.is_dir():
        pytest.skip(f"shared fixtures not found at {FOREIGN_RUNS}")
    return FOREIGN_RUNS
