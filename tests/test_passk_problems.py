"""The shipped pass@k problem file: schema, frozen generator output, arithmetic of every answer."""
import re

import pytest

from latent_suite.item_schema import load_jsonl, validate_jsonl
from latent_suite.tasks.passk import generate
from ._paths import REPO

DATA = REPO / "tasks" / "passk" / "data" / "passk_problems.jsonl"
SCHEMA = DATA.with_name("passk_problems.schema.json")


def test_schema_valid():
    assert validate_jsonl(DATA, SCHEMA) == []


def test_schema_check_can_fail(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "passk-0000", "level": 9, "question": "", "answer": 3, "steps": []}\n'
                   '{"id": "passk-0000", "level": 1, "question": "q", "answer": "3", "steps": ["1 + 2 = 3"]}\n')
    problems = validate_jsonl(bad, SCHEMA)
    assert any("level" in p for p in problems)
    assert any("answer" in p for p in problems)
    assert any("duplicate id" in p for p in problems)


def test_shipped_file_is_frozen_generator_output(tmp_path):
    out = tmp_path / "regen.jsonl"
    generate.main(["--seed", "20261123", "--per-level", "40", "-o", str(out)])
    assert out.read_bytes() == DATA.read_bytes()


def test_levels_interleaved_and_answers_follow_steps():
    rows = load_jsonl(DATA)
    assert len(rows) == 200
    assert [r["level"] for r in rows[:10]] == [1, 2, 3, 4, 5] * 2
    for r in rows:
        value = None
        for step in r["steps"]:
            lhs, rhs = step.split("=")
            assert eval(lhs, {"__builtins__": {}}) == int(rhs), step  # noqa: S307 - our own arithmetic strings
            value = int(rhs)
        assert str(value) == r["answer"]
        assert len(r["steps"]) == {1: 1, 2: 2, 3: 2, 4: 3, 5: 4}[r["level"]]
        assert int(r["answer"]) >= 0


def test_numbers_in_question_cover_the_steps():
    rows = load_jsonl(DATA)
    for r in rows:
        numbers = set(re.findall(r"\d+", r["question"]))
        first_operands = set(re.findall(r"\d+", r["steps"][0].split("=")[0]))
        assert first_operands <= numbers, r["id"]


def test_seed_changes_output():
    assert generate.generate(1, 3) != generate.generate(2, 3)
    assert generate.generate(1, 3) == generate.generate(1, 3)
