"""The background env-info prefetch changes nothing in lm-eval's results record, only when it is computed."""
from __future__ import annotations

import lm_eval.evaluator as evaluator
import torch.utils.collect_env as collect_env

from latent_suite.env_info_prefetch import env_info_prefetched


def test_add_env_info_gets_the_prefetched_string_and_the_same_keys():
    original = evaluator.add_env_info
    plain: dict = {}
    original(plain)
    with env_info_prefetched() as prefetch:
        assert evaluator.add_env_info is not original
        fast: dict = {}
        evaluator.add_env_info(fast)
    assert evaluator.add_env_info is original  # restored
    assert collect_env.get_pretty_env_info.__module__ == "torch.utils.collect_env"
    assert fast.keys() == plain.keys()
    assert fast["pretty_env_info"] == prefetch.value == plain["pretty_env_info"]
    assert "PyTorch version" in fast["pretty_env_info"]


def test_a_failing_env_report_is_stored_as_lm_eval_stores_it(monkeypatch):
    def boom():
        raise RuntimeError("no pip here")

    monkeypatch.setattr(collect_env, "get_pretty_env_info", boom)
    with env_info_prefetched():
        storage: dict = {}
        evaluator.add_env_info(storage)
    assert storage["pretty_env_info"] == "no pip here"
    assert collect_env.get_pretty_env_info is boom  # the block put back what it found
