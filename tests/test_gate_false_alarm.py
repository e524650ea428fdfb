"""Simulated error rates of the gate's decision rule (DESIGN §6): under no change the regression gate's
false-alarm rate (family-wise, Holm over the policy's two metrics) is ≤ α; under a planted drop it fires.

Drives :func:`evaluate_gate` itself through a minimal stand-in for a Comparison (the pairing is tested
elsewhere). At margin 0 the one-sided test has size exactly α, so its rate is checked with 10,000 trials
against α + 2 Monte Carlo SE (DESIGN §6: at 2,000 trials the MC SE alone can fail a correct method); at a
policy-like margin (0.01) the rate must be ≤ α outright (2,000 trials)."""
from __future__ import annotations

import numpy as np

from latent_suite.reports.gate.evaluate import evaluate_gate
from latent_suite.reports.gate.policy import parse_policy

TRIALS = 2000
N = 300


class _PairedStub:
    """The slice of the Comparison API the gate uses, over given per-metric (base, tuned) arrays."""

    tasks = ["t"]
    metrics = {"t": ("bin", "graded")}

    def __init__(self, values: dict):
        self._values = values

    def filters(self, task):
        return ["none"]

    def has_metric(self, task, metric):
        return metric in self._values

    def block(self, task, filter_name):
        return np.arange(N)

    def values(self, metric, pos):
        return self._values[metric]

    def clusters(self, blocks):
        return None


def _policy(margin: float):
    return parse_policy({"mode": "regression", "alpha": 0.05, "metric": [
        {"task": "t", "metric": "bin", "margin": margin}, {"task": "t", "metric": "graded", "margin": margin}]})


def _rates(drop: float, margin: float = 0.0, trials: int = 2000, seed: int = 7) -> float:
    policy, TRIALS = _policy(margin), trials
    rng = np.random.default_rng(seed)
    # binary: correlated pairs with p = 0.6 in both arms (no change) — item ability shared by both runs
    ability = rng.random((TRIALS, N))
    base_bin = (ability < 0.6).astype(float)
    flip = rng.random((TRIALS, N)) < 0.15  # 15% of items re-drawn independently in the candidate
    tuned_bin = np.where(flip, (rng.random((TRIALS, N)) < 0.6 - drop), base_bin).astype(float)
    base_g = rng.beta(2, 2, (TRIALS, N))
    tuned_g = np.clip(base_g + rng.normal(-drop, 0.1, (TRIALS, N)), 0, 1)
    fails = 0
    for i in range(TRIALS):
        v = evaluate_gate(_PairedStub({"bin": (base_bin[i], tuned_bin[i]), "graded": (base_g[i], tuned_g[i])}),
                          policy)
        fails += v["exit_code"] == 1
    return fails / TRIALS


def test_no_change_false_alarm_rate_margin_0():
    trials = 10_000
    rate = _rates(drop=0.0, trials=trials)
    assert rate <= 0.05 + 2 * np.sqrt(0.05 * 0.95 / trials), rate
    assert rate > 0.02, rate  # not a gate that never fires: a size-α test at margin 0


def test_no_change_false_alarm_rate_with_margin_at_most_alpha():
    assert _rates(drop=0.0, margin=0.01) <= 0.05


def test_planted_drop_is_caught():
    assert _rates(drop=0.5) > 0.95  # Δ = −0.075 on the binary metric, −0.5·(clip) on the graded one
