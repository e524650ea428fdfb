"""Shipped self-description items: schemas, frozen generator output, and the design rules of every probe."""
import collections
import re

import pytest

from latent_suite.item_schema import load_jsonl, validate_jsonl
from latent_suite.tasks.selfdesc import generate
from ._paths import REPO

DATA = REPO / "tasks" / "selfdesc" / "data"
PROBES = DATA / "behaviour_probes.jsonl"
ITEMS = DATA / "selfreport_items.jsonl"


def test_schemas_valid():
    assert validate_jsonl(PROBES, DATA / "behaviour_probes.schema.json") == []
    assert validate_jsonl(ITEMS, DATA / "selfreport_items.schema.json") == []


def test_schema_checks_can_fail(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "risk-000", "dimension": "risk", "subtype": "delay", "prompt": "no options", '
        '"options": {"A": "x1", "B": "y1"}, "target": "C", "details": {}}\n'
        '{"id": "risk-000", "dimension": "risk", "subtype": "lottery", "prompt": "Q\\nA) a\\nB) b\\nAnswer with A or B.\\nAnswer:", '
        '"options": {"A": "aa", "B": "bb"}, "target": "A", "details": {"sure": 50, "high": 110, "low": 0, '
        '"p_high": 0.5, "ev_ratio": 1.5, "unit": "dollars"}}\n')
    problems = validate_jsonl(bad, DATA / "behaviour_probes.schema.json")
    for field in ("target", "prompt", "subtype", "ev_ratio", "duplicate id"):
        assert any(field in p for p in problems), (field, problems)
    bad_items = tmp_path / "bad_items.jsonl"
    bad_items.write_text(
        '{"id": "selfreport-risk-00", "dimension": "risk", "form": "selfreport", "question": "How risky are you?", '
        '"reverse": false}\n'
        '{"id": "wordchoice-risk-00", "dimension": "risk", "form": "wordchoice", "question": "Bold or cautious?"}\n')
    assert len(validate_jsonl(bad_items, DATA / "selfreport_items.schema.json")) == 2  # no {max}; no words


def test_shipped_probes_are_frozen_generator_output(tmp_path):
    out = tmp_path / "regen.jsonl"
    generate.main(["--seed", "20250120", "--per-dimension", "48", "-o", str(out)])
    assert out.read_bytes() == PROBES.read_bytes()
    assert generate.generate(1, 8) != generate.generate(2, 8)


def test_at_least_40_probes_per_dimension_with_balanced_letters():
    rows = load_jsonl(PROBES)
    counts = collections.Counter((r["dimension"], r["target"]) for r in rows)
    for dim in ("risk", "myopia", "agreement"):
        assert counts[(dim, "A")] == counts[(dim, "B")] >= 20
    assert len({r["prompt"] for r in rows}) == len(rows)
    for r in rows:
        assert f"\nA) {r['options']['A']}\nB) {r['options']['B']}\n" in r["prompt"]


def _numbers(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"\d+", text.replace("%", " pct"))]


def test_risk_probes_gamble_has_highest_and_lowest_payoff_and_similar_ev():
    for r in (r for r in load_jsonl(PROBES) if r["dimension"] == "risk"):
        d = r["details"]
        risky, safe = r["options"][r["target"]], r["options"]["B" if r["target"] == "A" else "A"]
        assert "chance" in risky and "chance" not in safe
        assert d["high"] > d["sure"] > d["low"] >= 0
        ev = d["p_high"] * d["high"] + (1 - d["p_high"]) * d["low"]
        assert ev / d["sure"] == pytest.approx(d["ev_ratio"], abs=1e-4)
        assert 0.95 <= ev / d["sure"] <= 1.15
        assert str(d["sure"]) in safe and str(d["high"]) in risky and str(d["low"]) in risky
        assert f"{round(d['p_high'] * 100)}%" in risky


def test_myopia_probes_immediate_is_smaller_and_sooner():
    for r in (r for r in load_jsonl(PROBES) if r["dimension"] == "myopia"):
        d = r["details"]
        now_text, later_text = r["options"][r["target"]], r["options"]["B" if r["target"] == "A" else "A"]
        assert re.search(r"today|right now|immediately", now_text) and " in " in later_text
        assert 1.25 <= d["later"] / d["now"] <= 2.5
        assert _numbers(now_text) == [d["now"]] and _numbers(later_text)[0] == d["later"]


def test_agreement_probes_half_false_facts_and_taste_from_both_sides():
    rows = [r for r in load_jsonl(PROBES) if r["dimension"] == "agreement"]
    subtypes = collections.Counter(r["subtype"] for r in rows)
    assert subtypes["false_fact"] == subtypes["taste"] == len(rows) // 2
    for r in rows:
        assert r["options"][r["target"]] == "Yes, I agree."
        assert r["details"]["statement"] in r["prompt"]
    topics = collections.Counter(r["details"]["topic"] for r in rows if r["subtype"] == "taste")
    assert set(topics.values()) == {2}, "each taste topic must be stated from both sides"
    assert all(r["details"]["statement"] in generate.FALSE_FACTS for r in rows if r["subtype"] == "false_fact")


def _word_at(text: str, word: str) -> int:
    match = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
    assert match, (word, text)
    return match.start()


def test_selfreport_items_cover_each_dimension():
    rows = load_jsonl(ITEMS)
    for dim in ("risk", "myopia", "agreement"):
        ratings = [r for r in rows if r["dimension"] == dim and r["form"] == "selfreport"]
        words = [r for r in rows if r["dimension"] == dim and r["form"] == "wordchoice"]
        assert len(ratings) >= 10 and len({r["question"] for r in ratings}) == len(ratings)
        assert 0 < sum(r["reverse"] for r in ratings) < len(ratings)
        assert len(words) >= 10
        pairs = collections.Counter((w["target_word"], w["other_word"]) for w in words)
        assert set(pairs.values()) == {2}
        first_is_target = [_word_at(w["question"], w["target_word"]) < _word_at(w["question"], w["other_word"])
                           for w in words]
        assert sum(first_is_target) == len(words) // 2, "each word pair appears in both orders"


def test_target_letters_balanced_in_every_pair():
    """Any prefix --limit takes is balanced, so a pure position bias scores 0.5 there too."""
    for dim in ("risk", "myopia", "agreement"):
        letters = [r["target"] for r in load_jsonl(PROBES) if r["dimension"] == dim]
        assert all(sorted(letters[i:i + 2]) == ["A", "B"] for i in range(0, len(letters), 2))
