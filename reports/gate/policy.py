"""The gate policy file (``gate.toml``, read with :mod:`tomllib`), validated strictly before anything runs.

::

    mode = "regression"        # or "non-inferiority"; default "regression"
    alpha = 0.05               # one-sided level per metric, before Holm; default 0.05

    [[metric]]
    task = "latent_retention_mc"   # lm-eval task name
    metric = "acc"                 # lm-eval metric name
    filter = "none"                # lm-eval filter name; default "none"
    margin = 0.02                  # tolerated drop (absolute, metric units), >= 0; default 0
    # alpha = 0.05                 # optional per-metric override
    # mode = "non-inferiority"     # optional per-metric override
    # kind = "binary"              # "binary" | "graded"; default: binary when every value is 0 or 1

Unknown keys, wrong types, a negative margin, α outside (0, 0.5), an unknown mode or kind, no ``[[metric]]``
and a repeated (task, metric, filter) are all refused with one :class:`LatentSuiteError` line (exit 2).
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from latent_suite.errors import LatentSuiteError

MODES = ("regression", "non-inferiority")
KINDS = ("binary", "graded")
_TOP_KEYS = {"mode", "alpha", "metric"}
_METRIC_KEYS = {"task", "metric", "filter", "margin", "alpha", "mode", "kind"}


@dataclass(frozen=True)
class MetricRule:
    task: str
    metric: str
    filter: str
    margin: float
    alpha: float
    mode: str
    kind: str | None  # None: inferred from the values

    @property
    def name(self) -> str:
        return f"{self.task}/{self.metric}/{self.filter}"


@dataclass(frozen=True)
class Policy:
    mode: str
    alpha: float
    metrics: tuple[MetricRule, ...]


def _num(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise LatentSuiteError(f"policy: {where} must be a finite number, got {value!r}")
    return float(value)


def _alpha(value, where: str) -> float:
    a = _num(value, where)
    if not 0.0 < a < 0.5:
        raise LatentSuiteError(f"policy: {where} must lie in (0, 0.5), got {a}")
    return a


def _choice(value, options: tuple[str, ...], where: str) -> str:
    if value not in options:
        raise LatentSuiteError(f"policy: {where} must be one of {', '.join(map(repr, options))}, got {value!r}")
    return value


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise LatentSuiteError(f"policy: {where} must be a non-empty string, got {value!r}")
    return value


def parse_policy(data: dict) -> Policy:
    """Validate a parsed TOML document (see module docstring)."""
    extra = sorted(set(data) - _TOP_KEYS)
    if extra:
        raise LatentSuiteError(f"policy: unknown top-level key(s) {', '.join(extra)} (expected mode, alpha, [[metric]])")
    mode = _choice(data.get("mode", "regression"), MODES, "mode")
    alpha = _alpha(data.get("alpha", 0.05), "alpha")
    entries = data.get("metric")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise LatentSuiteError("policy: needs at least one [[metric]] table with task, metric and margin")
    rules, seen = [], set()
    for i, e in enumerate(entries, 1):
        where = f"[[metric]] #{i}"
        extra = sorted(set(e) - _METRIC_KEYS)
        if extra:
            raise LatentSuiteError(f"policy: {where}: unknown key(s) {', '.join(extra)}")
        for key in ("task", "metric"):
            if key not in e:
                raise LatentSuiteError(f"policy: {where}: missing {key!r}")
        margin = _num(e.get("margin", 0.0), f"{where} margin")
        if margin < 0:
            raise LatentSuiteError(f"policy: {where} margin must be >= 0 (a tolerated drop), got {margin}")
        kind = e.get("kind")
        rule = MetricRule(
            task=_text(e["task"], f"{where} task"), metric=_text(e["metric"], f"{where} metric"),
            filter=_text(e.get("filter", "none"), f"{where} filter"), margin=margin,
            alpha=_alpha(e.get("alpha", alpha), f"{where} alpha"),
            mode=_choice(e.get("mode", mode), MODES, f"{where} mode"),
            kind=None if kind is None else _choice(kind, KINDS, f"{where} kind"))
        if rule.name in seen:
            raise LatentSuiteError(f"policy: {rule.name} is listed twice")
        seen.add(rule.name)
        rules.append(rule)
    return Policy(mode, alpha, tuple(rules))


def read_policy(path: str | Path) -> Policy:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LatentSuiteError(f"policy file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LatentSuiteError(f"cannot read policy {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LatentSuiteError(f"policy {path} is not valid TOML: {exc}") from None
    return parse_policy(data)
