"""FLEX per-item scoring (DESIGN.md §4.2; Sieker, Lachenmaier & Zarrieß 2025, arXiv 2505.22354, 2506.08952).

Inputs per item, in request order (see ``tasks/flex/utils.py``): the generated answer to the false-premise
question, the generated answer to the control, four forced-choice loglikelihoods, then 4 loglikelihoods per
knowledge probe. Rules:

* generative rejection: ``classify_response(answer, item)`` (rule-based, ``presupposition.py``).
* likelihood rejection: the correcting continuation wins the forced choice when its loglikelihood per
  character is higher than the accepting one's (length-normalised like lm-eval's ``acc_norm``, since the two
  continuations differ in length).
* probe correct: the gold choice has the highest summed loglikelihood among the 4 choices (lm-eval ``acc``).
* ``knows`` = all probes correct. With k 4-way probes a model that knows nothing passes by chance with
  probability (1/4)^k (1/64 for 3 probes): :func:`chance_knows`.
* knowledge-controlled accommodation = P(accept | knows): defined (0/1) only for items the model knows,
  NaN elsewhere — accepting a premise the model demonstrably knows is false is not ignorance.
* over-rejection: the control (true premise) answer is classified reject / the wrongly-denying
  continuation wins the control forced choice.
"""
from __future__ import annotations

import math

from latent_suite.evaluators.presupposition import as_control, classify_response

FORCED_CHOICE = 4  # loglikelihood results after the two generations
CHOICES_PER_PROBE = 4


def chance_knows(n_probes: int, n_choices: int = CHOICES_PER_PROBE) -> float:
    """Probability that a guessing model answers all ``n_probes`` probes right: (1/n_choices)^n_probes."""
    return (1.0 / n_choices) ** n_probes


def prefers(ll_a: float, len_a: int, ll_b: float, len_b: int) -> bool:
    """True when continuation a beats b on loglikelihood per character."""
    return ll_a / max(len_a, 1) > ll_b / max(len_b, 1)


def probe_correct(lls: list[float], answer: int) -> bool:
    """The gold choice strictly has the highest loglikelihood (ties count as wrong)."""
    best = max(lls)
    return lls[answer] == best and sum(1 for x in lls if x == best) == 1


def _ll(result) -> float:
    return float(result[0] if isinstance(result, (list, tuple)) else result)


def flex_item_metrics(item: dict, results: list) -> dict[str, float]:
    """All per-item FLEX metrics (0/1 floats; conditional ones NaN where undefined)."""
    answer, control_answer = results[0], results[1]
    acc_ll, cor_ll, c_acc_ll, c_rej_ll = (_ll(r) for r in results[2:2 + FORCED_CHOICE])
    label = classify_response(answer, item)
    control_label = classify_response(control_answer, as_control(item))
    reject_ll = prefers(cor_ll, len(item["correct_continuation"]), acc_ll, len(item["accept_continuation"]))
    control_reject_ll = prefers(c_rej_ll, len(item["control_reject_continuation"]),
                                c_acc_ll, len(item["control_accept_continuation"]))
    probe_lls = [_ll(r) for r in results[2 + FORCED_CHOICE:]]
    probes = item["knowledge_probes"]
    if len(probe_lls) != CHOICES_PER_PROBE * len(probes):
        raise ValueError(f"{item.get('id')}: expected {CHOICES_PER_PROBE * len(probes)} probe results, "
                         f"got {len(probe_lls)}")
    correct = [probe_correct(probe_lls[i * 4:(i + 1) * 4], p["answer"]) for i, p in enumerate(probes)]
    knows = all(correct)
    nan = math.nan
    return {
        "reject": float(label == "reject"),
        "accept": float(label == "accept"),
        "unclear": float(label == "unclear"),
        "reject_ll": float(reject_ll),
        "knowledge_acc": sum(correct) / len(correct),
        "knows": float(knows),
        "accommodation": float(label == "accept") if knows else nan,
        "accommodation_ll": float(not reject_ll) if knows else nan,
        "control_reject": float(control_label == "reject"),
        "control_reject_ll": float(control_reject_ll),
    }
