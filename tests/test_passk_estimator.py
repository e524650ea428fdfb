"""pass@k estimator against exact combinatorics (Chen et al. 2021, eq. 1)."""
import math
import random
from fractions import Fraction

import numpy as np
import pytest

from latent_suite.evaluators.passk import k_values, pass_at_k, pass_at_k_curve, pass_at_k_matrix


def exact(n, c, k):
    return float(1 - Fraction(math.comb(n - c, k), math.comb(n, k)))


def test_worked_example_from_issue():
    # 1 - C(7,4)/C(10,4) = 1 - 35/210 = 5/6
    assert pass_at_k(10, 3, 4) == pytest.approx(5 / 6, abs=1e-15)


def test_matches_exact_combinatorics_on_random_triples():
    rng = random.Random(7)
    for _ in range(2000):
        n = rng.randint(1, 300)
        c = rng.randint(0, n)
        k = rng.randint(1, n)
        assert pass_at_k(n, c, k) == pytest.approx(exact(n, c, k), rel=1e-9, abs=1e-12), (n, c, k)


def test_edges():
    assert pass_at_k(8, 0, 8) == 0.0
    assert pass_at_k(8, 8, 1) == 1.0
    assert pass_at_k(8, 1, 1) == pytest.approx(1 / 8)
    assert pass_at_k(8, 5, 4) == 1.0  # n - c = 3 < k
    assert pass_at_k(1024, 1, 1024) == 1.0


@pytest.mark.parametrize("bad", [(0, 0, 1), (5, 6, 1), (5, -1, 1), (5, 2, 0), (5, 2, 6)])
def test_rejects_invalid(bad):
    with pytest.raises(ValueError):
        pass_at_k(*bad)


def test_k_grid():
    assert k_values(8) == [1, 2, 4, 8]
    assert k_values(10) == [1, 2, 4, 8, 10]
    assert k_values(1) == [1]
    assert pass_at_k_curve(4, 1) == {1: 0.25, 2: 0.5, 4: 1.0}


def test_vectorised_matches_scalar():
    rng = np.random.default_rng(3)
    n = rng.choice([8, 64, 256], size=500)
    c = np.array([rng.integers(0, nn + 1) for nn in n])
    for k in (1, 4, 8, 64):
        got = pass_at_k_matrix(n, c, k)
        want = np.array([pass_at_k(a, b, k) if k <= a else np.nan for a, b in zip(n, c)])
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
