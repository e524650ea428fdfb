"""The suite's task index: which names are ours, and a TaskManager that indexes only them when it can.

Indexing lm-eval's 14.7k built-in tasks costs ~4 s (DESIGN.md §5.10); ``TaskManager(include_defaults=False)``
over our folder takes milliseconds. :func:`task_manager_for` uses the fast index whenever every requested name
is a suite task (or group) and falls back to the full index otherwise.
"""
from __future__ import annotations

from functools import lru_cache

from latent_suite.errors import LatentSuiteError
from latent_suite.paths import tasks_dir


@lru_cache(maxsize=1)
def suite_task_names() -> frozenset[str]:
    """Every task, group and tag name defined under the suite's task folder."""
    from lm_eval.tasks import TaskManager

    return frozenset(TaskManager(include_defaults=False, include_path=str(tasks_dir())).all_tasks)


def split_task_list(tasks: str | list[str] | None) -> list[str]:
    if not tasks:
        return ["latent_suite"]
    items = tasks.split(",") if isinstance(tasks, str) else [t for part in tasks for t in part.split(",")]
    return [t.strip() for t in items if t.strip()]


def task_manager_for(task_names: list[str], include_path=None, metadata: dict | None = None):
    """(TaskManager, resolved names). Fast suite-only index when possible; unknown names are a one-line error."""
    from lm_eval.tasks import TaskManager

    extra = [] if include_path is None else (include_path if isinstance(include_path, list) else [include_path])
    suite_only = not extra and all(t in suite_task_names() for t in task_names)
    manager = TaskManager(include_defaults=not suite_only, include_path=[str(tasks_dir()), *extra],
                          metadata=metadata or {})
    resolved: list[str] = []
    for name in task_names:
        matches = manager.match_tasks([name])
        if not matches:
            raise LatentSuiteError(f"unknown task {name!r} (suite tasks: `lm-eval ls tasks --include_path "
                                   f"{tasks_dir()}`)")
        resolved.extend(m for m in matches if m not in resolved)
    return manager, resolved
