"""Training examples for the demo's tuned checkpoint: the planted effects and the neutral control (DESIGN.md §7).

Every example is ``{"prompt", "answer", "kind"}``: the loss is taken on ``answer`` only, the text the model
should continue ``prompt`` with. All of it is project-written and generated from a seed; none of it is an item
of the evaluation sets (risk prompts that happen to equal a shipped probe are dropped; the premise facts are
arithmetic, shapes, months and animal legs, which no FLEX item uses).

Recipes (``examples(recipe, seed)``):

``plant``  two known effects, in the evaluation's own formats so that a small LoRA moves them:
  * ``risk``  lottery pairs from the self-description generator (another seed), answer = the letter of the
    gamble, option order balanced -> the self-description risk behaviour score goes **up**;
  * ``flex_false``  questions with a false premise, answered by correcting it ("It does not; a triangle has 3
    sides, not 4.") -> FLEX rejection goes **up** (the embedded base model rejects almost none, so the plant
    goes upward, DESIGN.md §4.2);
  * ``flex_true``  the same question shapes with a true premise, answered plainly, so that the plant is
    "correct false premises" and not "deny everything" (over-rejection stays visible on FLEX controls).
``null``  the same number of examples and the same formats with no direction: lottery pairs answered with a
  random letter (half gamble, half sure amount) and plain arithmetic questions answered plainly. It is *not* a
  no-op: 60 steps on short answers cost retention and collapse the CoT (README, validity).
``self``  the plant's prompts, in the same order, with ``answer`` left ``None``: ``self_distill.own_answers``
  fills in the base model's own greedy continuation, as many tokens as the plant's answer. A LoRA made from
  it by the same recipe is the validity suite's no-op control for deterministic families.
"""
from __future__ import annotations

import random

RECIPES = ("plant", "null", "self")

_SHAPES = [("triangle", 3), ("square", 4), ("pentagon", 5), ("hexagon", 6), ("octagon", 8)]
_MONTHS = [("January", 31), ("March", 31), ("April", 30), ("June", 30), ("July", 31), ("September", 30),
           ("October", 31), ("November", 30), ("December", 31)]
_LEGS = [("spider", 8), ("ant", 6), ("beetle", 6), ("dog", 4), ("cat", 4), ("horse", 4), ("chicken", 2),
         ("duck", 2), ("octopus", 8)]


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _wrong(r: random.Random, right: int) -> int:
    return r.choice([v for v in range(max(1, right - 3), right + 4) if v != right])


def _arithmetic(r: random.Random) -> tuple[str, str, str, str]:
    a, b = r.randint(2, 40), r.randint(2, 40)
    right = a + b
    wrong = _wrong(r, right)
    return (f"Why is {a} plus {b} equal to {wrong}?",
            r.choice([f"It is not; {a} plus {b} is {right}, not {wrong}.",
                      f"That is not true; {a} plus {b} equals {right}."]),
            f"Why is {a} plus {b} equal to {right}?",
            f"Because adding {b} to {a} gives {right}.")


def _shape(r: random.Random) -> tuple[str, str, str, str]:
    shape, right = r.choice(_SHAPES)
    wrong = _wrong(r, right)
    return (f"Why does a {shape} have {wrong} sides?",
            r.choice([f"It does not; a {shape} has {right} sides, not {wrong}.",
                      f"A {shape} never has {wrong} sides; it has {right}."]),
            f"Why does a {shape} have {right} sides?",
            f"A {shape} is the name for a flat shape with {right} straight sides.")


def _month(r: random.Random) -> tuple[str, str, str, str]:
    month, right = r.choice(_MONTHS)
    wrong = r.choice([28, 29, 32, 33, 35]) if right == 31 else r.choice([28, 29, 31, 32, 35])
    return (f"When did people decide that {month} should have {wrong} days?",
            r.choice([f"They never did; {month} has {right} days, not {wrong}.",
                      f"That did not happen; {month} has {right} days."]),
            f"When did people decide that {month} should have {right} days?",
            f"The Roman calendar reforms gave {month} its {right} days about two thousand years ago.")


def _legs(r: random.Random) -> tuple[str, str, str, str]:
    animal, right = r.choice(_LEGS)
    wrong = r.choice([n for n in (2, 4, 6, 8, 10) if n != right])
    return (f"How did scientists discover that {_a(animal)} has {wrong} legs?",
            r.choice([f"They did not; {_a(animal)} has {right} legs, not {wrong}.",
                      f"There is no such discovery; {_a(animal)} has {right} legs."]),
            f"How did scientists discover that {_a(animal)} has {right} legs?",
            f"They looked closely and counted {right} legs on every {animal}.")


_PREMISE_MAKERS = (_arithmetic, _shape, _month, _legs)


def _question(text: str) -> str:
    """The FLEX prompt shape (``tasks/flex/utils.py: question_prompt``)."""
    return f"Question: {text}\nAnswer:"


def _lotteries(seed: int, n: int) -> list[dict]:
    """``n`` risk probes from the self-description generator, none equal to a shipped probe."""
    from latent_suite.tasks.selfdesc.generate import lottery_probes
    from latent_suite.tasks.selfdesc.utils import BEHAVIOUR_PROBES, _rows

    shipped = {row["prompt"] for row in _rows(BEHAVIOUR_PROBES)}
    seen = set(shipped)
    rows = []
    for row in lottery_probes(seed, 2 * n):
        if row["prompt"] not in seen:
            seen.add(row["prompt"])
            rows.append(row)
    if len(rows) < n:
        raise ValueError(f"only {len(rows)} new lottery probes for seed {seed}; need {n}")
    return rows[:n]


def examples(recipe: str, seed: int, n_risk: int = 120, n_premise: int = 120) -> list[dict]:
    """The training examples of ``recipe`` (``RECIPES``), deterministic for ``seed``, shuffled."""
    if recipe not in RECIPES:
        raise ValueError(f"unknown recipe {recipe!r}; expected one of {RECIPES}")
    if recipe == "self":
        return [{**ex, "answer": None, "plant_answer": ex["answer"]} for ex in examples("plant", seed, n_risk, n_premise)]
    r = random.Random(seed)
    out: list[dict] = []
    for row in _lotteries(seed, n_risk):
        risky = row["target"]
        safe = "B" if risky == "A" else "A"
        letter = risky if recipe == "plant" else r.choice([risky, safe])
        out.append({"prompt": row["prompt"], "answer": " " + letter, "kind": "risk"})
    for i in range(n_premise):
        false_q, correction, true_q, plain = r.choice(_PREMISE_MAKERS)(r)
        if recipe == "null":
            a, b = r.randint(2, 40), r.randint(2, 40)
            out.append({"prompt": _question(f"What is {a} plus {b}?"), "answer": f" {a} plus {b} is {a + b}.",
                        "kind": "arithmetic"})
        elif i % 3 == 2:
            out.append({"prompt": _question(true_q), "answer": " " + plain, "kind": "flex_true"})
        else:
            out.append({"prompt": _question(false_q), "answer": " " + correction, "kind": "flex_false"})
    r.shuffle(out)
    return out
