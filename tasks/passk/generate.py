"""Seeded procedural generator of multi-step arithmetic word problems with difficulty levels 1-5.

Contamination-free and difficulty-controlled (DESIGN.md §4.1). The shipped file ``data/passk_problems.jsonl``
is frozen output of this generator; regenerate (byte-identical) with::

    python -m latent_suite.tasks.passk.generate --seed 20261123 --per-level 40 -o tasks/passk/data/passk_problems.jsonl

Levels (number of arithmetic steps and magnitude grow together):
  1  one addition or subtraction of small numbers          ("What is 7 + 5?")
  2  two steps, small numbers, bare arithmetic               ("What is 12 + 9 - 4?")
  3  two-step word problem (add then subtract)
  4  three-step word problem with a multiplication
  5  four-step word problem (two products, a sum, change from a payment)
Problems are interleaved by level (1,2,3,4,5,1,2,...) so ``--limit 5`` already covers every level.
"""
from __future__ import annotations

import random

from latent_suite.frozen_items import generator_main

NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Mo", "Nia",
         "Omar", "Pia", "Raj", "Sara", "Tom", "Uma", "Vik", "Wen", "Yara", "Zoe"]
THINGS = ["apples", "marbles", "stickers", "pencils", "cookies", "stamps", "shells", "cards", "books", "coins"]
CONTAINERS = [("box", "boxes"), ("bag", "bags"), ("pack", "packs"), ("jar", "jars"), ("crate", "crates")]
ITEMS = [("notebook", "notebooks"), ("pen", "pens"), ("sandwich", "sandwiches"), ("ticket", "tickets"),
         ("toy car", "toy cars"), ("cup of tea", "cups of tea")]


def _level1(r: random.Random) -> tuple[str, int, list[str]]:
    a, b = r.randint(2, 20), r.randint(2, 20)
    if r.random() < 0.5:
        return f"What is {a} + {b}?", a + b, [f"{a} + {b} = {a + b}"]
    a, b = max(a, b), min(a, b)
    return f"What is {a} - {b}?", a - b, [f"{a} - {b} = {a - b}"]


def _level2(r: random.Random) -> tuple[str, int, list[str]]:
    a, b = r.randint(5, 30), r.randint(2, 20)
    c = r.randint(1, a + b - 1)
    return (f"What is {a} + {b} - {c}?", a + b - c,
            [f"{a} + {b} = {a + b}", f"{a + b} - {c} = {a + b - c}"])


def _level3(r: random.Random) -> tuple[str, int, list[str]]:
    name, thing = r.choice(NAMES), r.choice(THINGS)
    a, b = r.randint(5, 40), r.randint(3, 30)
    c = r.randint(1, a + b - 1)
    q = (f"{name} has {a} {thing}. {name} gets {b} more {thing} and then gives {c} {thing} to a friend. "
         f"How many {thing} does {name} have now?")
    return q, a + b - c, [f"{a} + {b} = {a + b}", f"{a + b} - {c} = {a + b - c}"]


def _level4(r: random.Random) -> tuple[str, int, list[str]]:
    name, thing = r.choice(NAMES), r.choice(THINGS)
    one, many = r.choice(CONTAINERS)
    per, k, extra = r.randint(3, 12), r.randint(2, 9), r.randint(1, 20)
    total = per * k + extra
    give = r.randint(1, total - 1)
    q = (f"A {one} holds {per} {thing}. {name} buys {k} {many} and already had {extra} {thing}. "
         f"Then {name} gives away {give} {thing}. How many {thing} does {name} have left?")
    return q, total - give, [f"{per} * {k} = {per * k}", f"{per * k} + {extra} = {total}", f"{total} - {give} = {total - give}"]


def _level5(r: random.Random) -> tuple[str, int, list[str]]:
    name = r.choice(NAMES)
    (i1, i1s), (i2, i2s) = r.sample(ITEMS, 2)
    p1, p2 = r.randint(2, 15), r.randint(2, 15)
    n1, n2 = r.randint(2, 8), r.randint(2, 8)
    cost = p1 * n1 + p2 * n2
    paid = (cost // 10 + 1 + r.randint(0, 3)) * 10
    q = (f"A shop sells a {i1} for ${p1} and a {i2} for ${p2}. {name} buys {n1} {i1s} and {n2} {i2s} "
         f"and pays with ${paid}. How many dollars of change does {name} get?")
    steps = [f"{p1} * {n1} = {p1 * n1}", f"{p2} * {n2} = {p2 * n2}", f"{p1 * n1} + {p2 * n2} = {cost}",
             f"{paid} - {cost} = {paid - cost}"]
    return q, paid - cost, steps


LEVELS = {1: _level1, 2: _level2, 3: _level3, 4: _level4, 5: _level5}


def generate(seed: int, per_level: int) -> list[dict]:
    """``per_level`` problems per level, interleaved by level, deterministic for a seed."""
    r = random.Random(seed)
    by_level = {lvl: [] for lvl in LEVELS}
    seen: set[str] = set()
    for lvl, make in LEVELS.items():
        while len(by_level[lvl]) < per_level:
            q, answer, steps = make(r)
            if q in seen:
                continue
            seen.add(q)
            by_level[lvl].append((q, answer, steps))
    rows = []
    for i in range(per_level):
        for lvl in LEVELS:
            q, answer, steps = by_level[lvl][i]
            rows.append({"id": f"passk-{len(rows):04d}", "level": lvl, "question": q, "answer": str(answer),
                         "steps": steps})
    return rows


def main(argv: list[str] | None = None) -> None:
    generator_main(argv, doc=__doc__, generate=generate, seed=20261123, count_flag="per-level", count=40,
                   noun="problems")


if __name__ == "__main__":
    main()
