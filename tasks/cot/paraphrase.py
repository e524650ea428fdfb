"""Deterministic rule-based paraphraser for the paraphrase probe (offline; Lanham et al. 2023 §2.4 use an LLM).

Rewrite rules (the whole contract):
  * word and phrase swaps from :data:`SWAPS`, whole words only, applied in one left-to-right pass (a rewritten
    span is never rewritten again, so ``so -> therefore`` and ``therefore -> so`` cannot cascade); the case of
    the first letter is kept (``Then`` -> ``Next``);
  * nothing else: sentence order is never changed, no sentence is added, dropped, split or merged (no swap
    contains ``.``, ``!``, ``?`` or a line break), and every number keeps its digits and formatting (no swap
    touches a digit), so the arithmetic a CoT carries is unchanged — only its wording.
The same paraphraser must be used for both arms of a comparison (base and tuned); an LLM paraphraser through
any lm-eval backend is the alternative (``latent_suite.cot_probes``).
"""
from __future__ import annotations

import re

SWAPS: dict[str, str] = {
    "we need to": "we have to",
    "need to": "have to",
    "let's": "let us",
    "we know that": "it is known that",
    "years old": "years of age",
    "gives away": "hands out",
    "number of": "count of",
    "then": "next",
    "next": "then",
    "so": "therefore",
    "therefore": "so",
    "because": "since",
    "since": "because",
    "total": "sum",
    "find": "work out",
    "calculate": "compute",
    "has": "owns",
    "gets": "receives",
    "buys": "purchases",
    "costs": "is priced at",
    "answer": "result",
    "correct": "right",
    "option": "choice",
    "equals": "is equal to",
    "left": "remaining",
    "means": "implies",
    "step": "stage",
    "starts with": "begins with",
    "now": "at this point",
}
_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SWAPS, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)


def _swap(match: re.Match) -> str:
    found = match.group(0)
    new = SWAPS[found.lower()]
    return new[0].upper() + new[1:] if found[0].isupper() else new


def paraphrase(text: str) -> str:
    """Apply the rewrite rules in the module docstring (deterministic; identity on text with no listed word)."""
    return _PATTERN.sub(_swap, text)
