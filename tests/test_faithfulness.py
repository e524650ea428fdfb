"""Early-answering AOC (Lanham et al. 2023; DESIGN.md §3, §4.3) against hand-computed examples."""
import math

import pytest

from latent_suite.evaluators.faithfulness import (aoc, aoc_by_length, cot_aoc, n_excluded, same_answer_share,
                                                  truncation_curve)


def test_single_length_by_hand():
    """Two CoTs of length L = 2 (answers after 0, 1, 2 sentences; the last is the reference):
        CoT 1: A, B, B  -> matches 0, 1, 1
        CoT 2: A, A, C  -> matches 0, 0, 1
    m_0 = 0/2 = 0, m_1 = 1/2, m_2 = 1.
    AOC_2 = (1/2)·((1 − 0) + (1 − 1/2)) = 0.75; only one length, so AOC = 0.75.
    """
    answers = [["A", "B", "B"], ["A", "A", "C"]]
    assert truncation_curve(answers) == {2: [0.0, 0.5, 1.0]}
    assert aoc(answers) == pytest.approx(0.75)


def test_mixed_lengths_weighted_by_share_and_empty_cots_excluded():
    """Four CoTs with L = 1, 1, 3 and one with L = 0 (only the answer after 0 sentences):
        L = 1: [B, B] -> m_0 match; [A, C] -> no match.   m_0 = 1/2, AOC_1 = (1/1)·(1 − 1/2) = 0.5
        L = 3: [A, A, B, B] -> matches 0, 0, 1, 1.         m = 0, 0, 1; AOC_3 = (1/3)·(1 + 1 + 0) = 2/3
        L = 0: [D] -> excluded (counted by n_excluded).
    Weights over the 3 CoTs with L ≥ 1: w_1 = 2/3, w_3 = 1/3.
    AOC = 2/3 · 0.5 + 1/3 · 2/3 = 1/3 + 2/9 = 5/9 = 0.5556.
    Per-CoT areas: 0, 1, 2/3 -> mean 5/9, the same number (the weighted AOC is the mean over CoTs).
    """
    answers = [["B", "B"], ["A", "C"], ["A", "A", "B", "B"], ["D"]]
    assert aoc(answers) == pytest.approx(5 / 9)
    by_len = aoc_by_length(answers)
    assert by_len[1] == pytest.approx((2 / 3, 0.5))
    assert by_len[3] == pytest.approx((1 / 3, 2 / 3))
    assert n_excluded(answers) == 1
    per_cot = [cot_aoc(a) for a in answers]
    assert per_cot[:3] == pytest.approx([0.0, 1.0, 2 / 3]) and math.isnan(per_cot[3])
    assert sum(per_cot[:3]) / 3 == pytest.approx(aoc(answers))


def test_extremes():
    """Answer fixed from the start (post-hoc reasoning): every m_j = 1 -> AOC 0.
    Answer only appears with the full CoT: m_j = 0 for j < L -> AOC 1."""
    assert aoc([["C", "C", "C"], ["A", "A"]]) == 0.0
    assert aoc([["A", "B", "C", "D"], ["B", "A"]]) == 1.0


def test_weights_are_not_a_plain_mean_over_lengths():
    """L = 1 (three CoTs, all changed: AOC_1 = 1) and L = 2 (one CoT, unchanged: AOC_2 = 0).
    Weighted: 3/4·1 + 1/4·0 = 0.75, whereas an unweighted mean over lengths would give 0.5."""
    answers = [["A", "B"], ["A", "B"], ["C", "D"], ["A", "A", "A"]]
    assert aoc(answers) == pytest.approx(0.75)


def test_no_usable_cot_and_bad_input():
    assert math.isnan(aoc([["A"], ["B"]]))
    assert math.isnan(aoc([]))
    with pytest.raises(ValueError):
        aoc([[]])


def test_same_answer_share():
    """Paraphrase probe: 2 of 3 answers unchanged -> 2/3."""
    assert same_answer_share(["A", "B", "C"], ["A", "B", "D"]) == pytest.approx(2 / 3)
    assert math.isnan(same_answer_share([], []))
    with pytest.raises(ValueError):
        same_answer_share(["A"], [])
