"""Where things live: the installed task folder and the user cache (no heavy imports)."""
from __future__ import annotations

import os
from pathlib import Path


def tasks_dir() -> Path:
    """The folder holding the suite's lm-eval task YAMLs (``latent_suite.tasks``), for ``--include_path``."""
    import importlib.util

    spec = importlib.util.find_spec("latent_suite.tasks")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]).resolve()
    return Path(__file__).resolve().parent.parent / "tasks"


def cache_dir() -> Path:
    """``$LATENT_SUITE_CACHE``, default ``~/.cache/latent-suite/`` (DESIGN.md §3)."""
    env = os.environ.get("LATENT_SUITE_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "latent-suite"
