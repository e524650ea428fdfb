"""lm-eval glue for FLEX false-presupposition rejection (DESIGN.md §4.2).

One sample row per item, from one multi-prompt doc (``latent_suite.multi_prompt_task``):
  0  generate  the false-premise question            -> classified reject / accept / unclear
  1  generate  the true-premise control question     -> over-rejection
  2,3 loglik   question + accepting vs correcting continuation  (forced choice, no judge)
  4,5 loglik   control + answering vs wrongly-denying continuation
  6.. loglik   each knowledge probe x its 4 choices
Scoring rules live in ``latent_suite.evaluators.presupposition`` (classifier) and
``latent_suite.evaluators.flex`` (forced choice, probes, conditional metrics).
"""
from __future__ import annotations

import os
from pathlib import Path

from latent_suite.evaluators.flex import flex_item_metrics
from latent_suite.multi_prompt_task import MultiPromptTask, Request, doc_text_or_prompt

DATA = Path(__file__).parent / "data" / "flex_items.jsonl"


def load(**kwargs):
    """The shipped FLEX items; ``LATENT_SUITE_FLEX_ITEMS`` may point at another file with the same schema."""
    from latent_suite.task_data import load_split

    return load_split(os.environ.get("LATENT_SUITE_FLEX_ITEMS") or DATA)


def question_prompt(question: str) -> str:
    return f"Question: {question}\nAnswer:"


doc_to_text = doc_text_or_prompt(lambda doc: question_prompt(doc["question"]))


def doc_to_target(doc: dict) -> str:
    return doc["correct_fact"]


def plan(doc: dict, render) -> list[Request]:
    q = render(question_prompt(doc["question"]))
    cq = render(question_prompt(doc["control_question"]))
    requests = [
        Request("generate", q),
        Request("generate", cq),
        Request("loglikelihood", q, " " + doc["accept_continuation"]),
        Request("loglikelihood", q, " " + doc["correct_continuation"]),
        Request("loglikelihood", cq, " " + doc["control_accept_continuation"]),
        Request("loglikelihood", cq, " " + doc["control_reject_continuation"]),
    ]
    for probe in doc["knowledge_probes"]:
        p = render(question_prompt(probe["question"]))
        requests.extend(Request("loglikelihood", p, " " + choice) for choice in probe["choices"])
    return requests


class FlexTask(MultiPromptTask):
    plan = staticmethod(plan)


def process_results(doc: dict, results: list) -> dict[str, float]:
    return flex_item_metrics(doc, results)


def mean_defined(values) -> float:
    """Mean over docs where the metric is defined (conditional metrics are NaN elsewhere).

    A custom function, not lm-eval's ``nanmean``, which would trigger its 100k-iteration bootstrap (§5.8).
    """
    vals = [v for v in values if v == v]
    return sum(vals) / len(vals) if vals else float("nan")
