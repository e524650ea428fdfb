"""Which self-rating scale a run uses, decided from the model's tokenizer (DESIGN.md §4.5).

lm-eval hands every ``model_args`` key to the task's dataset loader, so the loader can load the tokenizer
(local path or cached name; nothing else is loaded) and ask ``evaluators.selfreport.choose_scale``: 0-100 when
every number 0..100 is a single token where ratings are scored, else 0-9, else no exact likelihood scale.
When no tokenizer loads (API backends that name none) or no scale qualifies, ratings are generated and parsed
on the 0-9 scale (:data:`FALLBACK_SCALE`). A regular module (not the YAML-loaded ``utils.py``) so the cache is
shared by the three dimension tasks of one run.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from latent_suite.evaluators.selfreport import choose_scale

FALLBACK_SCALE = 9  # generated ratings: small models emit one digit far more reliably than 0..100
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScalePlan:
    """How self-ratings are scored in this run: ``scoring`` "loglikelihood" or "generate", the scale, why.

    ``rule`` goes into every doc, so it names no model path: base and tuned runs must log identical docs
    (the report pairs rows on ``doc_hash``).
    """

    scoring: str
    max_value: int
    rule: str


def tokenizer_sources(model_kwargs: dict) -> tuple[str, ...]:
    """Where a tokenizer may come from, in order: ``tokenizer``, ``pretrained`` (hf, vllm), ``model`` (API
    backends name a HF tokenizer there when ``tokenizer`` is not given)."""
    names = []
    for key in ("tokenizer", "pretrained", "model"):
        value = model_kwargs.get(key)
        if isinstance(value, str) and value and value not in names:
            names.append(value)
    return tuple(names)


def _load_tokenizer(name: str, trust_remote_code: bool):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(name, trust_remote_code=trust_remote_code)


@lru_cache(maxsize=16)
def scale_plan(sources: tuple[str, ...], trust_remote_code: bool = False) -> ScalePlan:
    """The self-rating plan for the first tokenizer that loads (``evaluators.selfreport.choose_scale``)."""
    failures = []
    for name in sources:
        try:
            tokenizer = _load_tokenizer(name, trust_remote_code)
        except Exception as exc:  # any failure means "no tokenizer here": fall back, say why
            failures.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
            continue
        scale = choose_scale(tokenizer)
        if scale is None:
            plan = ScalePlan("generate", FALLBACK_SCALE,
                             "generate: neither 0-100 nor 0-9 are single tokens for this tokenizer")
        else:
            max_value, leading_space = scale
            form = "' N' is one token" if leading_space else "' N' is a space token then one number token"
            plan = ScalePlan("loglikelihood", max_value, f"loglikelihood over ' 0'..' {max_value}': {form}")
        log.info("latent_selfdesc: tokenizer %s -> %s", name, plan.rule)
        return plan
    log.warning("latent_selfdesc: no tokenizer for the self-rating scale check (%s); ratings are generated",
                "; ".join(failures) or "no tokenizer/pretrained/model in model_args")
    return ScalePlan("generate", FALLBACK_SCALE, "generate: no tokenizer could be loaded from model_args")
