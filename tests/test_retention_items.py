"""Shipped knowledge-retention items (DESIGN.md §4.4): schema, size, domain coverage, internal consistency."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from latent_suite.evaluators.answer_match import normalize_answer
from latent_suite.item_schema import load_jsonl, validate_jsonl

DATA = Path(__file__).resolve().parents[1] / "tasks" / "retention" / "data"
ITEMS = DATA / "retention_items.jsonl"
SCHEMA = DATA / "retention_items.schema.json"


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return load_jsonl(ITEMS)


def test_schema_passes():
    assert validate_jsonl(ITEMS, SCHEMA) == []


def test_at_least_300_items(items):
    assert len(items) >= 300


def test_at_least_8_domains_of_30(items):
    counts = Counter(it["domain"] for it in items)
    assert len(counts) >= 8
    assert min(counts.values()) >= 30, counts


def test_ids_are_sequential(items):
    assert [it["id"] for it in items] == [f"ret-{i:04d}" for i in range(1, len(items) + 1)]


def test_answer_is_the_indexed_choice(items):
    bad = [it["id"] for it in items if it["choices"][it["answer_index"]] != it["answer"]]
    assert bad == []


def test_answer_is_first_alias(items):
    bad = [it["id"] for it in items if not it["aliases"] or it["aliases"][0] != it["answer"]]
    assert bad == []


def test_choices_are_four_distinct(items):
    bad = [it["id"] for it in items if len(it["choices"]) != 4 or len(set(it["choices"])) != 4]
    assert bad == []


def test_answer_positions_not_degenerate(items):
    counts = Counter(it["answer_index"] for it in items)
    assert set(counts) == {0, 1, 2, 3}
    assert min(counts.values()) >= 0.15 * len(items), counts


def test_every_alias_survives_normalisation(items):
    bad = [(it["id"], a) for it in items for a in it["aliases"] if not normalize_answer(a)]
    assert bad == []


def test_no_distractor_is_an_accepted_answer(items):
    bad = []
    for it in items:
        accepted = {normalize_answer(a) for a in it["aliases"]}
        wrong = [c for i, c in enumerate(it["choices"]) if i != it["answer_index"]]
        bad += [(it["id"], c) for c in wrong if normalize_answer(c) in accepted]
    assert bad == []


def test_no_alias_is_given_away_by_the_question(items):
    """A model that merely restates the question must not be scored correct by alias_match."""
    bad = []
    for it in items:
        question = f" {normalize_answer(it['question'])} "
        bad += [(it["id"], a) for a in it["aliases"] if f" {normalize_answer(a)} " in question]
    assert bad == []


def test_questions_are_unique(items):
    counts = Counter(it["question"] for it in items)
    assert [q for q, n in counts.items() if n > 1] == []


def test_broken_item_is_reported(tmp_path, items):
    good = dict(items[0])
    broken = dict(items[1], choices=["Paris", "Paris", "Lyon"], answer_index=7, difficulty="trivial")
    del broken["aliases"]
    duplicate = dict(items[2], id=good["id"])
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (good, broken, duplicate)) + "\n", encoding="utf-8")

    problems = validate_jsonl(path, SCHEMA)

    line2 = [p for p in problems if p.startswith("broken.jsonl:2:")]
    assert any("aliases" in p and "required" in p for p in line2), problems
    assert any(p.startswith("broken.jsonl:2: choices:") for p in line2), problems
    assert any(p.startswith("broken.jsonl:2: answer_index:") for p in line2), problems
    assert any(p.startswith("broken.jsonl:2: difficulty:") for p in line2), problems
    assert any(p.startswith("broken.jsonl:3: id:") and "duplicate" in p for p in problems), problems
    assert not any(p.startswith("broken.jsonl:1:") for p in problems), problems
