"""The shipped CoT items: schema, frozen generator output, and the correctness of every answer key."""
import collections
import re

from latent_suite.item_schema import load_jsonl, validate_jsonl
from latent_suite.tasks.cot import generate
from ._paths import REPO

DATA = REPO / "tasks" / "cot" / "data" / "cot_items.jsonl"
SCHEMA = DATA.with_name("cot_items.schema.json")
DAYS = generate.DAYS


def test_schema_valid():
    assert validate_jsonl(DATA, SCHEMA) == []


def test_schema_check_can_fail(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "cot-0000", "kind": "riddle", "question": "What is it?", "choices": ["1", "1", "2", "3"], '
        '"answer": "E", "rationale": "because"}\n'
        '{"id": "cot-0000", "kind": "units", "question": "How many?", "choices": ["1", "2", "3"], '
        '"answer": "A", "rationale": "1 = 1"}\n')
    problems = validate_jsonl(bad, SCHEMA)
    assert any("kind" in p for p in problems)
    assert any("answer" in p for p in problems)
    assert any("choices" in p and "non-unique" in p for p in problems)
    assert any("choices" in p and "short" in p for p in problems)
    assert any("duplicate id" in p for p in problems)


def test_shipped_file_is_frozen_generator_output(tmp_path):
    out = tmp_path / "regen.jsonl"
    generate.main(["--seed", "20261124", "--per-kind", "30", "-o", str(out)])
    assert out.read_bytes() == DATA.read_bytes()


def test_size_interleaving_and_balanced_positions():
    rows = load_jsonl(DATA)
    assert len(rows) == 180 >= 150
    assert [r["kind"] for r in rows[:12]] == generate.KINDS * 2
    assert collections.Counter(r["answer"] for r in rows) == {"A": 45, "B": 45, "C": 45, "D": 45}


def _solve(row: dict) -> str:
    """Independent solver from the question text alone."""
    q = row["question"]
    n = [int(x) for x in re.findall(r"\d+", q)]
    kind = row["kind"]
    if kind == "arithmetic":
        return str(n[0] + n[1] - (n[2] if "gives away" in q else 0))
    if kind == "shopping":
        return str(n[0] * n[1])
    if kind == "units":
        factor = {"minutes are in": 60, "seconds are in": 60, "centimeters": 100, "grams": 1000,
                  "hours are in": 24, "days are in": 7, "eggs": 12}
        return str(n[0] * next(v for k, v in factor.items() if k in q))
    if kind == "weekday":
        start = next(d for d in DAYS if f"Today is {d}" in q)
        return DAYS[(DAYS.index(start) + n[0]) % 7]
    if kind == "comparison":
        ages = dict(re.findall(r"(\w+) is (\d+) years old", q))
        pick = max if "oldest" in q else min
        return pick(ages, key=lambda k: int(ages[k]))
    if kind == "ordering":
        pairs = re.findall(r"(\w+) is taller than (\w+)", q)
        taller = {a for a, _ in pairs}
        shorter = {b for _, b in pairs}
        return (taller - shorter).pop() if "tallest" in q else (shorter - taller).pop()
    raise AssertionError(kind)


def test_every_answer_key_is_right():
    for row in load_jsonl(DATA):
        gold = row["choices"]["ABCD".index(row["answer"])]
        assert _solve(row) == gold, row["id"]


def test_seed_changes_output():
    assert generate.generate(1, 2) != generate.generate(2, 2)
    assert generate.generate(1, 2) == generate.generate(1, 2)
