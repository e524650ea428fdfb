"""Answer extraction and equivalence for math problems.

Extraction rule (deterministic, documented because it decides pass@k):
  1. the content of the last non-empty ``\\boxed{...}`` (balanced braces), else
  2. the last number in the response (``-?\\d[\\d,]*(\\.\\d+)?``, thousands commas dropped), else no answer.
Equivalence: HuggingFace ``math-verify`` (``parse`` + ``verify``) on the extracted string vs the gold answer, so
``42``, ``42.0`` and ``\\frac{84}{2}`` all match gold ``42``.
Why not math-verify's own extraction: on free text it also extracts expressions, so a model that restates the
question ("15 + 8 - 11") is scored correct for gold 12. Found on SmolLM2-135M samples.
"""
from __future__ import annotations

import re

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def last_boxed(text: str) -> str | None:
    """Content of the last non-empty ``\\boxed{...}`` in ``text`` (nested braces allowed), or None."""
    found = None
    start = text.find("\\boxed{")
    while start != -1:
        i, depth = start + len("\\boxed{"), 1
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        if depth == 0:
            content = text[start + len("\\boxed{"): i - 1].strip()
            if content:
                found = content
        start = text.find("\\boxed{", start + 1)
    return found


def extract_answer(response: str) -> str | None:
    """The answer string by the rule in the module docstring, or None."""
    response = response or ""
    boxed = last_boxed(response)
    if boxed is not None:
        return boxed
    numbers = _NUMBER.findall(response)
    return numbers[-1].replace(",", "") if numbers else None


def equivalent(answer: str, gold: str) -> bool:
    """math-verify equivalence of two answer strings (each parsed as LaTeX math)."""
    from math_verify import parse, verify

    gold_parsed = parse(_as_latex(gold))
    pred_parsed = parse(_as_latex(answer))
    return bool(gold_parsed and pred_parsed and verify(gold_parsed, pred_parsed))


def is_correct(response: str, gold: str) -> bool:
    """True iff the extracted answer of ``response`` is math-verify-equivalent to ``gold``."""
    answer = extract_answer(response)
    return answer is not None and equivalent(answer, gold)


def _as_latex(text: str) -> str:
    text = str(text).strip()
    return text if text.startswith("$") else f"${text}$"
