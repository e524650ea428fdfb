"""The CI gate (DESIGN.md §3, §6): ``latent-suite gate BASELINE CANDIDATE --policy gate.toml``.

Run pair → :func:`evaluate_gate` (pure: one-sided bounds and p-values per policy metric, Holm across the
policy) → verdict dict → JUnit XML / markdown renderers. Exit 0 pass, 1 fail, 2 unusable input or policy.
"""
from .evaluate import evaluate_gate
from .policy import MetricRule, Policy, parse_policy, read_policy
from .render import render_junit, render_markdown

__all__ = ["MetricRule", "Policy", "evaluate_gate", "parse_policy", "read_policy", "render_junit",
           "render_markdown"]
