"""lm-eval's environment record without its wall-time cost: torch's ``get_pretty_env_info`` run in the background.

lm-eval 0.4.13's ``simple_evaluate`` ends with ``add_env_info(results)``, which calls
``torch.utils.collect_env.get_pretty_env_info()``. That spawns subprocesses (``pip list``, ``lscpu``,
``nvidia-smi``, ...) and costs 0.5-0.7 s here on every run, the largest fixed cost in ``bench_overhead.py``.
``env_info_prefetched()`` starts the same call in a daemon thread (it mostly waits on those subprocesses) while
the model loads and the tasks run, and for the duration of the block makes lm-eval's own ``add_env_info`` take
that string. The results file is the same key for key, and so is an error text if the call fails.
"""
from __future__ import annotations

import contextlib
import threading


class _Prefetch(threading.Thread):
    def __init__(self):
        super().__init__(name="latent-suite-env-info", daemon=True)
        self.value: str | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            from torch.utils.collect_env import get_pretty_env_info

            self.value = get_pretty_env_info()
        except BaseException as err:  # re-raised where lm-eval expects it (it stores str(err))
            self.error = err

    def result(self) -> str:
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


@contextlib.contextmanager
def env_info_prefetched():
    """Within the block, ``lm_eval.evaluator.add_env_info`` uses an env-info string computed in the background."""
    import lm_eval.evaluator as evaluator
    import torch.utils.collect_env as collect_env

    prefetch = _Prefetch()
    prefetch.start()
    original = evaluator.add_env_info

    def add_env_info(storage):
        own = collect_env.get_pretty_env_info
        collect_env.get_pretty_env_info = prefetch.result
        try:
            return original(storage)
        finally:
            collect_env.get_pretty_env_info = own

    evaluator.add_env_info = add_env_info
    try:
        yield prefetch
    finally:
        evaluator.add_env_info = original
