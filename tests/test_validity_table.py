"""The validity suite's pieces that need no model: pairing across arms/tasks, the verdict, the pass@k crossover."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from latent_suite.validity import ARMS, CHECKS, format_table, paired_values, passk_crossover, verdict


def _run(rows: list[dict]):
    frame = pd.DataFrame(rows)
    return SimpleNamespace(path="mem", task_rows=lambda task: frame[frame["task"] == task])


def test_paired_values_align_on_shared_doc_ids_across_tasks():
    a = _run([{"task": "t1", "filter": "none", "doc_id": d, "aoc": v} for d, v in [(0, 0.5), (1, 0.2), (3, 0.9)]])
    b = _run([{"task": "t2", "filter": "none", "doc_id": d, "aoc": v} for d, v in [(3, 0.1), (0, 0.0), (2, 1.0)]])
    x, y = paired_values(a, "t1", b, "t2", "aoc")
    assert x.tolist() == [0.5, 0.9] and y.tolist() == [0.0, 0.1]


def test_verdict_planted_needs_significance_in_the_planted_direction():
    assert verdict(+1, 0.01, 0.2) == (True, True)
    assert verdict(+1, 0.01, -0.2) == (True, False)  # significant, wrong direction
    assert verdict(-1, 0.20, -0.2) == (False, False)  # right direction, not significant
    assert verdict(0, 0.20, 0.05) == (False, True)  # control: no significant change
    assert verdict(0, 0.01, -0.05) == (True, False)  # control: a false detection


def test_passk_crossover_by_hand():
    # problem 0: reference arm 2/4 correct, sharpened 4/4; problem 1: reference 2/4, sharpened 0/4.
    # mean pass@1: 0.5 vs 0.5 -> caught up already at k = 1.
    a = _run([{"task": "latent_passk", "doc_id": 0, "n": 4, "c": 2}, {"task": "latent_passk", "doc_id": 1, "n": 4, "c": 2}])
    b = _run([{"task": "latent_passk", "doc_id": 0, "n": 4, "c": 4}, {"task": "latent_passk", "doc_id": 1, "n": 4, "c": 0}])
    assert passk_crossover(a, b, "latent_passk").startswith("crossover at k = 1")
    # sharpened 3/4 and 1/4: pass@1 0.5 vs 0.5 again; make it 4/4 and 1/4 -> pass@1 0.5 vs 0.625;
    # pass@2: reference 1 - C(2,2)/C(4,2) = 5/6 each -> 0.8333; sharpened (1 + 0.5)/2 = 0.75 -> crossover at k = 2.
    b = _run([{"task": "latent_passk", "doc_id": 0, "n": 4, "c": 4}, {"task": "latent_passk", "doc_id": 1, "n": 4, "c": 1}])
    text = passk_crossover(a, b, "latent_passk")
    assert text.startswith("crossover at k = 2"), text
    assert "pass@4 1.000 vs 1.000" in text


def test_every_check_names_arms_that_run_its_task():
    tasks = {arm.name: set(arm.tasks) for arm in ARMS}
    for check in CHECKS:
        for arm, task in (check.a, check.b):
            assert task.removesuffix("_probes") in tasks[arm], (check, arm, task)
    planted = [c for c in CHECKS if c.sign]
    assert {c.family for c in planted} == {c.family for c in CHECKS if not c.sign}  # every family has a control


def test_format_table_marks_failures():
    row = {"family": "FLEX", "effect": "e", "metric": "m", "reference": 0.1, "changed": 0.5, "delta": 0.4,
           "p_value": 0.0001, "n": 40, "detected": True, "as_expected": False, "note": ""}
    text = format_table([row])
    assert "| < 0.001 | 40 | yes | NO |" in text


def test_demo_arms_differ_only_in_model_and_names():
    import json as _json
    from pathlib import Path

    from latent_suite.demo import DEMO_SAMPLES, run_args

    base = run_args(Path("/m/base"), Path("out/base"), "b", None)
    tuned = run_args(Path("/m/tuned"), Path("out/tuned"), "t", None, base="b")
    differing = [(x, y) for x, y in zip(base, tuned) if x != y]
    assert differing == [("pretrained=/m/base", "pretrained=/m/tuned"), ("out/base", "out/tuned"), ("b", "t")]
    assert tuned[len(base):] == ["--base", "b"]
    samples = _json.loads(base[base.index("--samples") + 1])
    assert samples == {task: list(range(n)) for task, n in DEMO_SAMPLES.items()}
    assert "latent_selfdesc_risk" not in samples  # the planted dimension runs in full
    assert run_args(Path("/m"), Path("o"), "b", 3)[-2:] == ["--limit", "3"]


def test_validity_passk_docs_are_the_easy_levels():
    from latent_suite.item_schema import load_jsonl
    from latent_suite.tasks.passk.utils import DATA
    from latent_suite.validity import _passk_easy

    levels = [r["level"] for r in load_jsonl(DATA)]
    docs = _passk_easy(40)
    assert len(docs) == 40 and all(levels[i] <= 2 for i in docs) and docs == sorted(docs)
    from latent_suite.validity import PASSK_TASK, SIZES

    assert len(_passk_easy(SIZES[PASSK_TASK])) == sum(level <= 2 for level in levels) == 80  # every easy problem


def test_arm_argv_lets_an_arm_override_batch_size_and_seed_once():
    from pathlib import Path

    from latent_suite.validity import arm_argv

    by_name = {arm.name: arm for arm in ARMS}
    base = arm_argv(by_name["base"], Path("/m"), Path("/o"))
    assert base[base.index("--batch_size") + 1] == "16" and base[base.index("--seed") + 1] == "0,1234,1234,1234"
    reseeded = arm_argv(by_name["reseeded"], Path("/m"), Path("/o"))
    assert reseeded.count("--batch_size") == reseeded.count("--seed") == 1
    assert reseeded[reseeded.index("--batch_size") + 1] == "64"
    assert reseeded[reseeded.index("--seed") + 1] == "0,1234,4321,1234"
