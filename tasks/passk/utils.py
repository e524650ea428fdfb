"""lm-eval glue for the pass@k family (DESIGN.md §4.1). Scoring lives in ``latent_suite.evaluators``."""
from __future__ import annotations

import json
from pathlib import Path

from latent_suite.evaluators.answer_check import equivalent, extract_answer
from latent_suite.evaluators.passk import k_values, pass_at_k

DATA = Path(__file__).parent / "data" / "passk_problems.jsonl"

PROMPT = (
    "Solve the following problem. Reason step by step, then give the final answer in \\boxed{{}}.\n\n"
    "Problem: {question}\n\nSolution:"
)


def load(**kwargs):
    """Shipped, frozen procedural problems (``generate.py``); kwargs from lm-eval's metadata are ignored."""
    from latent_suite.task_data import load_split

    return load_split(DATA)


def doc_to_text(doc: dict) -> str:
    """Zero-shot prompt, identical for base and tuned; hub docs name the field ``problem`` (MATH-500, AIME)."""
    return PROMPT.format(question=doc.get("question") or doc["problem"])


def score_samples(resps, docs):
    """Keep-all filter: every repeat survives, each scored as ``{"answer", "correct"}``.

    lm-eval's default filter keeps only the first of the ``repeats`` samples (DESIGN.md §5.4). This filter
    keeps all of them and records, per sample, a JSON string ``{"answer": ..., "correct": 0|1}`` in
    ``filtered_resps`` (lm-eval stringifies dicts there), so the Run reader finds the correctness vector.
    """
    out = []
    for samples, doc in zip(resps, docs):
        gold = gold_answer(doc)
        out.append([_scored(s, gold) for s in samples])
    return out


def _scored(response: str, gold: str) -> str:
    answer = extract_answer(response)
    correct = int(answer is not None and equivalent(answer, gold))
    return json.dumps({"answer": answer, "correct": correct}, ensure_ascii=False)


def gold_answer(doc: dict) -> str:
    """Gold answer of a shipped or hub doc (shipped/MATH-500/AIME: ``answer``; GSM8K: after ``####``)."""
    answer = str(doc["answer"])
    return answer.split("####")[-1].strip().replace(",", "") if "####" in answer else answer


def process_results(doc: dict, results: list) -> dict[str, float]:
    """n, c and pass@k for k = 1, 2, 4, ..., n (unbiased estimator, ``evaluators.passk``)."""
    scored = [json.loads(s) for s in results[0]]
    n = len(scored)
    c = sum(s["correct"] for s in scored)
    metrics = {"n": float(n), "c": float(c)}
    metrics.update({f"pass@{k}": pass_at_k(n, c, k) for k in k_values(n)})
    return metrics
