"""Agreement metrics (evaluators/calibration.py) against hand-computed values."""
import pytest

from latent_suite.evaluators.calibration import agreement

R, A, U = "reject", "accept", "unclear"


def test_hand_computed_example():
    true = [R, R, A, A, A, U]
    pred = [R, A, A, A, U, U]
    out = agreement(true, pred)
    # p_o = 4/6; marginals true (2,3,1)/6, pred (1,3,2)/6 -> p_e = (2*1 + 3*3 + 1*2)/36 = 13/36
    # kappa = (24/36 - 13/36) / (1 - 13/36) = 11/23
    assert out["n"] == 6
    assert out["accuracy"] == pytest.approx(4 / 6)
    assert out["kappa"] == pytest.approx(11 / 23)
    assert out["confusion"] == {
        R: {R: 1, A: 1, U: 0},
        A: {R: 0, A: 2, U: 1},
        U: {R: 0, A: 0, U: 1},
    }


def test_perfect_and_chance_level_agreement():
    labels = [R, A, U, A]
    assert agreement(labels, labels)["kappa"] == pytest.approx(1.0)
    # two raters who agree exactly as often as their marginals predict: p_o = p_e = 1/2 -> kappa 0
    out = agreement([R, R, A, A], [R, A, R, A])
    assert out["accuracy"] == pytest.approx(0.5)
    assert out["kappa"] == pytest.approx(0.0)


def test_systematic_disagreement_is_negative():
    out = agreement([R, A, R, A], [A, R, A, R])
    assert out["accuracy"] == 0.0
    assert out["kappa"] == pytest.approx(-1.0)  # p_e = 1/2 -> (0 - 1/2) / (1/2)


def test_degenerate_single_label():
    assert agreement([A, A, A], [A, A, A])["kappa"] == 1.0  # p_e = 1: defined as 1 when all agree
    out = agreement([A, A], [A, U])
    assert out["accuracy"] == 0.5
    assert out["kappa"] == pytest.approx(0.0)  # p_e = 1/2 here, (1/2 - 1/2) / (1/2)


def test_confusion_is_a_full_square():
    out = agreement([A], [A])
    assert set(out["confusion"]) == {R, A, U}
    assert all(set(row) == {R, A, U} for row in out["confusion"].values())
    assert sum(sum(row.values()) for row in out["confusion"].values()) == 1


def test_input_errors():
    with pytest.raises(ValueError, match="length"):
        agreement([R, A], [R])
    with pytest.raises(ValueError, match="no labels"):
        agreement([], [])
    with pytest.raises(ValueError, match="outside"):
        agreement([R, "maybe"], [R, A])


def test_custom_label_set():
    out = agreement(["yes", "no", "yes"], ["yes", "yes", "yes"], labels=("yes", "no"))
    # p_o = 2/3; p_e = (2/3)(3/3) + (1/3)(0) = 2/3 -> kappa 0
    assert out["accuracy"] == pytest.approx(2 / 3)
    assert out["kappa"] == pytest.approx(0.0)
    assert out["confusion"] == {"yes": {"yes": 2, "no": 0}, "no": {"yes": 1, "no": 0}}
