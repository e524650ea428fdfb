"""Make ``lm_eval --tasks latent_suite`` work after ``pip install`` with no ``--include_path``.

DESIGN.md §5.1: lm-eval 0.4.13 has no task entry point. A one-line ``latent_suite_tasks.pth`` in
site-packages imports this module at interpreter start. It installs a ``sys.meta_path`` finder that waits
for ``lm_eval.tasks`` to be imported, lets it run, then wraps ``TaskManager.__init__`` so the suite's task
folder is appended to ``include_path``. This module runs in every Python process, so it imports nothing
heavy (no lm_eval, torch or pandas) and does nothing until lm_eval.tasks is imported.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import sys

_TARGET = "lm_eval.tasks"


def _suite_tasks_dir() -> str:
    from latent_suite.paths import tasks_dir

    return str(tasks_dir())


def _patch_task_manager(module) -> None:
    manager_cls = getattr(module, "TaskManager", None)
    if manager_cls is None or getattr(manager_cls.__init__, "_latent_suite_patched", False):
        return
    original_init = manager_cls.__init__

    def __init__(self, *args, **kwargs):
        if args[1:2]:  # include_path given positionally (verbosity, include_path, ...)
            kwargs["include_path"] = args[1]
            args = args[:1]
        kwargs["include_path"] = with_suite_path(kwargs.get("include_path"))
        original_init(self, *args, **kwargs)

    __init__._latent_suite_patched = True
    manager_cls.__init__ = __init__


def with_suite_path(include_path):
    """Return ``include_path`` (None, str, Path or list) with the suite's task folder appended once."""
    from pathlib import Path

    suite = Path(_suite_tasks_dir()).resolve()
    if include_path is None:
        paths = []
    elif isinstance(include_path, (list, tuple)):
        paths = list(include_path)
    else:
        paths = [include_path]
    if not any(Path(p).resolve() == suite for p in paths):
        paths.append(str(suite))
    return paths


class _Loader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        self.inner.exec_module(module)
        try:
            _patch_task_manager(module)
        except Exception:  # never break lm_eval because of the hook
            pass


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname != _TARGET:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


def install() -> None:
    if _TARGET in sys.modules:
        _patch_task_manager(sys.modules[_TARGET])
    elif not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())


install()
