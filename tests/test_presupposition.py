"""Rule-based FLEX response classifier (evaluators/presupposition.py): hand-written cases, agreement with the
shipped hand-labelled calibration file, and a held-out check on the items' own authored continuations."""
import pytest

from latent_suite.evaluators.calibration import agreement
from latent_suite.evaluators.presupposition import CLASSIFIER_VERSION, LABELS, as_control, classify_response
from latent_suite.item_schema import load_jsonl

from ._paths import REPO

DATA = REPO / "tasks" / "flex" / "data"

PENICILLIN = {
    "id": "t-1",
    "question": "Why did Einstein discover penicillin in 1928?",
    "false_presupposition": "Einstein discovered penicillin in 1928.",
    "correct_fact": "Alexander Fleming discovered penicillin in 1928.",
    "false_entity": "Einstein",
    "correct_entity": "Alexander Fleming",
    "control_question": "Why did Alexander Fleming discover penicillin in 1928?",
}
LIGHTNING = {
    "question": "How did people discover that lightning never strikes the same place twice?",
    "false_presupposition": "Lightning never strikes the same place twice.",
    "correct_fact": "Lightning often strikes the same place.",
    "false_entity": "never strikes the same place twice",
    "correct_entity": "myth",
}
PILOTS = {
    "question": "When did passenger aeroplanes stop needing pilots?",
    "false_presupposition": "Passenger aeroplanes no longer need pilots.",
    "correct_fact": "Passenger flights still carry trained pilots in the cockpit.",
    "false_entity": "stopped needing pilots",
    "correct_entity": "pilots",
}


def test_version_and_labels():
    assert isinstance(CLASSIFIER_VERSION, str) and CLASSIFIER_VERSION
    assert LABELS == ("reject", "accept", "unclear")


def test_brief_examples_without_item():
    assert classify_response("Einstein did not discover penicillin; Fleming did.") == "reject"
    accept = "Einstein discovered penicillin in 1928 because he noticed mould killing bacteria in his lab."
    assert classify_response(accept) == "accept"
    assert classify_response(accept, PENICILLIN) == "accept"
    assert classify_response("Einstein did not discover penicillin; Fleming did.", PENICILLIN) == "reject"


CASES = [
    # (response, item, expected) - written for this test, not taken from the calibration file
    ("Einstein discovered penicillin because he did not clean his dishes.", None, "accept"),
    ("Einstein discovered penicillin because he did not clean his dishes.", PENICILLIN, "accept"),
    ("Einstein discovered penicillin in 1928, not in 1930, after a long holiday.", PENICILLIN, "accept"),
    ("Einstein did discover penicillin, and he never regretted it.", PENICILLIN, "accept"),
    ("He found it in 1928. It is not a mistake that it happened in a messy lab.", None, "accept"),
    ("", None, "unclear"),
    ("Yes.", None, "unclear"),
    ("I'm not sure. I don't have information about that.", None, "unclear"),
    ("As an AI, I cannot browse the internet to check this.", PENICILLIN, "unclear"),
    ("Bacteria are tiny living things. Many of them live in soil and in water.", PENICILLIN, "unclear"),
    ("No. Einstein was a physicist; penicillin was discovered by Fleming.", None, "reject"),
    ("That is a common misconception: penicillin was discovered by Alexander Fleming.", None, "reject"),
    ("That's not true. Penicillin was found by Fleming.", None, "reject"),
    ("It wasn't Einstein; it was Alexander Fleming.", None, "reject"),
    ("Actually, it was Alexander Fleming who discovered penicillin, in 1928.", PENICILLIN, "reject"),
    ("Penicillin was discovered by Alexander Fleming in 1928.", PENICILLIN, "reject"),
    ("I'm not sure, but I believe Einstein never discovered penicillin.", PENICILLIN, "reject"),
    ("Penicillin has an interesting history. However, Einstein was not involved in it.", None, "reject"),
    ("People noticed that lightning never strikes the same tree twice.", LIGHTNING, "accept"),
    ("It is a myth: lightning often hits the same tall tower many times a year.", LIGHTNING, "reject"),
    ("Passenger aeroplanes still need pilots; two usually sit in the cockpit.", PILOTS, "reject"),
    ("They stopped needing pilots in 2015, when autopilots took over.", PILOTS, "accept"),
]


@pytest.mark.parametrize("response,item,expected", CASES)
def test_hand_written_cases(response, item, expected):
    assert classify_response(response, item) == expected


def test_control_view_flags_over_rejection():
    control = as_control(PENICILLIN)
    assert control["question"] == PENICILLIN["control_question"]
    assert control["false_entity"] == "Alexander Fleming" and control["correct_entity"] == "Einstein"
    assert "false_presupposition" not in control
    assert classify_response("Fleming never discovered penicillin; Einstein did.", control) == "reject"
    assert classify_response("Fleming noticed mould killing the bacteria in a dish he had left out.", control) == "accept"


def _predict(row: dict, items: dict) -> str:
    item = items[row["item_id"]]
    return classify_response(row["response"], as_control(item) if row["kind"] == "control" else item)


def test_calibration_agreement():
    items = {it["id"]: it for it in load_jsonl(DATA / "flex_items.jsonl")}
    rows = load_jsonl(DATA / "calibration.jsonl")
    result = agreement([r["label"] for r in rows], [_predict(r, items) for r in rows])
    model_rows = [r for r in rows if r["source"] == "smollm2-135m"]
    on_model = agreement([r["label"] for r in model_rows], [_predict(r, items) for r in model_rows])
    print(
        f"\nFLEX classifier {CLASSIFIER_VERSION} vs hand labels: n={result['n']} "
        f"accuracy={result['accuracy']:.3f} kappa={result['kappa']:.3f} "
        f"(model responses only: n={on_model['n']} accuracy={on_model['accuracy']:.3f} kappa={on_model['kappa']:.3f})"
    )
    print("confusion (true -> predicted):", result["confusion"])
    assert result["accuracy"] >= 0.90
    assert result["kappa"] >= 0.75


def test_authored_continuations_held_out():
    """Each item's continuations were written before the classifier: they must come out as intended."""
    items = load_jsonl(DATA / "flex_items.jsonl")
    checks = {
        "accept_continuation": (False, "accept"),
        "correct_continuation": (False, "reject"),
        "control_accept_continuation": (True, "accept"),
        "control_reject_continuation": (True, "reject"),
    }
    rates = {}
    for field, (control, want) in checks.items():
        hits = sum(classify_response(it[field], as_control(it) if control else it) == want for it in items)
        rates[field] = hits / len(items)
    print("\ncontinuations classified as intended:", {k: round(v, 3) for k, v in rates.items()})
    assert all(rate >= 0.95 for rate in rates.values()), rates


def test_judge_verdict_parsing():
    from latent_suite.flex_judge import parse_verdict

    assert parse_verdict(" REJECT.") == "reject"
    assert parse_verdict("Accept") == "accept"
    assert parse_verdict("I think it is unclear, or reject") == "unclear"
    assert parse_verdict("acceptable") == "unclear"  # whole words only
    assert parse_verdict("") == "unclear"
