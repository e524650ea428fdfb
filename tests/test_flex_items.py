"""Shipped FLEX data (tasks/flex/data): schema validation plus semantic checks on items and calibration file."""
import collections
import json

import pytest

from latent_suite.item_schema import load_jsonl, validate_jsonl

from ._paths import REPO

DATA = REPO / "tasks" / "flex" / "data"
ITEMS, ITEMS_SCHEMA = DATA / "flex_items.jsonl", DATA / "flex_items.schema.json"
CAL, CAL_SCHEMA = DATA / "calibration.jsonl", DATA / "calibration.schema.json"


@pytest.fixture(scope="module")
def items():
    return load_jsonl(ITEMS)


@pytest.fixture(scope="module")
def calibration():
    return load_jsonl(CAL)


def test_items_match_schema():
    assert validate_jsonl(ITEMS, ITEMS_SCHEMA) == []


def test_calibration_matches_schema():
    assert validate_jsonl(CAL, CAL_SCHEMA) == []


def test_coverage(items):
    assert len(items) >= 200
    assert len({it["domain"] for it in items}) >= 6
    assert len({it["trigger"] for it in items}) >= 5
    # no domain or trigger is a token presence
    assert min(collections.Counter(it["domain"] for it in items).values()) >= 20
    assert min(collections.Counter(it["trigger"] for it in items).values()) >= 20


def test_ids_and_questions_unique(items):
    assert len({it["id"] for it in items}) == len(items)
    assert len({it["question"] for it in items}) == len(items)
    assert len({it["control_question"] for it in items}) == len(items)
    assert all(it["question"] != it["control_question"] for it in items)


def test_probes(items):
    positions = collections.Counter()
    for it in items:
        probes = it["knowledge_probes"]
        assert len(probes) >= 3, it["id"]
        for p in probes:
            assert len(p["choices"]) == 4, it["id"]
            assert len(set(p["choices"])) == 4, (it["id"], p["choices"])
            assert 0 <= p["answer"] < len(p["choices"]), it["id"]
            positions[p["answer"]] += 1
        assert len({p["question"] for p in probes}) == len(probes), it["id"]
    # the right answer is not always in the same slot: every slot is used for roughly a quarter of the probes
    n = sum(positions.values())
    assert len(positions) == 4
    assert all(0.15 * n <= c <= 0.35 * n for c in positions.values()), positions


def test_continuation_pairs_have_similar_length(items):
    # forced choice compares per-character log-likelihoods; keep the two sides of a pair comparable
    for it in items:
        for a, b in (("accept_continuation", "correct_continuation"),
                     ("control_accept_continuation", "control_reject_continuation")):
            la, lb = len(it[a].split()), len(it[b].split())
            assert max(la, lb) <= 2 * min(la, lb), (it["id"], a, la, lb)
            assert it[a] != it[b]


def test_entities(items):
    for it in items:
        assert it["false_entity"].strip(), it["id"]
        assert it["correct_entity"] is None or it["correct_entity"].strip(), it["id"]
    # most items name a correct replacement, a minority (changes of state that never happened, ...) do not
    assert sum(it["correct_entity"] is not None for it in items) > len(items) / 2


def test_calibration_rows_point_at_items(items, calibration):
    by_id = {it["id"]: it for it in items}
    assert len(calibration) >= 80
    sources = collections.Counter(r["source"] for r in calibration)
    assert sources["smollm2-135m"] >= 60 and sources["hand-written"] >= 20
    assert {r["label"] for r in calibration} == {"reject", "accept", "unclear"}
    for r in calibration:
        item = by_id[r["item_id"]]
        expected = item["question"] if r["kind"] == "false_premise" else item["control_question"]
        assert r["question"] == expected, r["id"]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_broken_items_are_reported(items, tmp_path):
    good = items[0]
    bad_answer = json.loads(json.dumps(good))
    bad_answer["id"] = "flex-9001"
    bad_answer["knowledge_probes"][0]["answer"] = 4
    bad_choices = json.loads(json.dumps(good))
    bad_choices["id"] = "flex-9002"
    bad_choices["knowledge_probes"][1]["choices"] = ["a", "a", "b", "c"]
    missing = {k: v for k, v in good.items() if k != "control_question"}
    missing["id"] = "flex-9003"
    bad_trigger = dict(good, id="flex-9004", trigger="rhetorical")
    few_probes = dict(good, id="flex-9005", knowledge_probes=good["knowledge_probes"][:2])
    duplicate = dict(good)  # same id as the first row
    path = tmp_path / "broken.jsonl"
    _write(path, [good, bad_answer, bad_choices, missing, bad_trigger, few_probes, duplicate])
    problems = validate_jsonl(path, ITEMS_SCHEMA)
    joined = "\n".join(problems)
    assert not any(p.startswith("broken.jsonl:1:") for p in problems)  # the valid row is clean
    assert "broken.jsonl:2: knowledge_probes/0/answer" in joined
    assert "broken.jsonl:3: knowledge_probes/1/choices" in joined
    assert "broken.jsonl:4:" in joined and "control_question" in joined
    assert "broken.jsonl:5: trigger" in joined
    assert "broken.jsonl:6: knowledge_probes" in joined
    assert "broken.jsonl:7: id: duplicate id" in joined


def test_broken_calibration_row_is_reported(calibration, tmp_path):
    row = dict(calibration[0], id="cal-999", label="maybe")
    path = tmp_path / "cal.jsonl"
    _write(path, [calibration[0], row])
    problems = validate_jsonl(path, CAL_SCHEMA)
    assert len(problems) == 1 and problems[0].startswith("cal.jsonl:2: label")
