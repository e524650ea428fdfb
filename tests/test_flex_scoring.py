"""FLEX per-item scoring (evaluators/flex.py) on hand-built request results."""
import math

import pytest

from latent_suite.evaluators.flex import chance_knows, flex_item_metrics, prefers, probe_correct

ITEM = {
    "id": "t-1",
    "accept_continuation": "He discovered it by accident in his lab.",           # 40 chars
    "correct_continuation": "Einstein did not; Alexander Fleming discovered it.",  # 50 chars
    "control_accept_continuation": "He noticed mould killing bacteria.",
    "control_reject_continuation": "Fleming never discovered penicillin.",
    "false_entity": "Einstein",
    "correct_entity": "Alexander Fleming",
    "knowledge_probes": [{"question": "q1", "choices": ["a", "b", "c", "d"], "answer": 1},
                         {"question": "q2", "choices": ["a", "b", "c", "d"], "answer": 0},
                         {"question": "q3", "choices": ["a", "b", "c", "d"], "answer": 3}],
}
REJECT = "Einstein did not discover penicillin; Fleming did."
ACCEPT = "Einstein discovered penicillin in 1928 because he noticed mould killing bacteria in his lab."


def results(answer, control, forced, probes):
    out = [answer, control] + [(x, False) for x in forced]
    for lls in probes:
        out += [(x, False) for x in lls]
    return out


KNOWS = [[-5, -1, -4, -3], [-1, -2, -3, -4], [-4, -3, -2, -1]]
MISSES_ONE = [[-5, -1, -4, -3], [-2, -1, -3, -4], [-4, -3, -2, -1]]


def test_chance_rate():
    assert chance_knows(3) == pytest.approx(1 / 64)
    assert chance_knows(2) == pytest.approx(1 / 16)


def test_prefers_is_per_character():
    # sums -40 over 40 chars (-1.0/char) vs -45 over 50 chars (-0.9/char): the longer one wins per char
    assert prefers(-45, 50, -40, 40)
    assert not prefers(-40, 40, -45, 50)


def test_probe_correct_needs_a_strict_maximum():
    assert probe_correct([-3, -1, -2, -4], 1)
    assert not probe_correct([-1, -1, -2, -4], 1)  # tie
    assert not probe_correct([-3, -1, -2, -4], 0)


def test_knowing_model_that_accepts_is_accommodation():
    m = flex_item_metrics(ITEM, results(ACCEPT, "He saw mould kill bacteria.", [-40, -60, -20, -50], KNOWS))
    assert m["accept"] == 1.0 and m["reject"] == 0.0
    assert m["knows"] == 1.0 and m["knowledge_acc"] == 1.0
    assert m["accommodation"] == 1.0
    # forced choice: accept -40/40 = -1.0 vs correct -60/50 = -1.2 -> accepting continuation wins
    assert m["reject_ll"] == 0.0 and m["accommodation_ll"] == 1.0
    assert m["control_reject_ll"] == 0.0  # -50/36 < -20/34


def test_rejecting_model_and_undefined_accommodation():
    m = flex_item_metrics(ITEM, results(REJECT, "He saw mould kill bacteria.", [-60, -40, -20, -50], MISSES_ONE))
    assert m["reject"] == 1.0 and m["reject_ll"] == 1.0
    assert m["knows"] == 0.0 and m["knowledge_acc"] == pytest.approx(2 / 3)
    assert math.isnan(m["accommodation"]) and math.isnan(m["accommodation_ll"])


def test_wrong_number_of_probe_results_is_an_error():
    with pytest.raises(ValueError, match="probe results"):
        flex_item_metrics(ITEM, results(REJECT, "x", [-1, -1, -1, -1], KNOWS[:2]))
