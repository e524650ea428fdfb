"""Monte Carlo checks of the paired statistics (DESIGN §6): seeded, vectorised over trials.

Each grid cell uses >= 10,000 simulated data sets (MC SE of a 95% coverage = 0.22 points), except the
paired bootstrap, which calls the real resampling function once per trial: 2,000 trials there, and its band
is widened by 2 MC SE (0.49 points each). Run with ``-s`` to see the per-cell tables.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from latent_suite.reports.stats import (
    cluster_robust_se,
    mcnemar_exact_p_from_counts,
    newcombe_paired_diff_ci,
    newcombe_paired_diff_ci_from_counts,
    one_sided_bound,
    paired_bootstrap_ci,
    paired_cluster_diff,
)

TRIALS = 10_000
ALPHA = 0.05


def mc_se(p: float, trials: int) -> float:
    return math.sqrt(p * (1 - p) / trials)


def cell_probs(base_rate: float, forgotten: float, delta: float) -> list[float]:
    """Multinomial cell probabilities (a, b, c, d) of the paired table with P(base ✓) = base_rate,
    P(base ✓ tuned ✗) = forgotten and true Δ = P(tuned ✓) − P(base ✓) = delta."""
    a, b, c = base_rate - forgotten, forgotten, forgotten + delta
    d = 1.0 - a - b - c
    assert min(a, b, c, d) >= 0.0
    return [a, b, c, d]


def rng_for(*key: float) -> np.random.Generator:
    return np.random.default_rng([20240601, *(int(round(k * 1000)) for k in key)])


def newcombe_coverage(n: int, base_rate: float, forgotten: float, delta: float, trials: int = TRIALS) -> float:
    counts = rng_for(n, base_rate, forgotten, delta).multinomial(
        n, cell_probs(base_rate, forgotten, delta), size=trials)
    lo, hi = newcombe_paired_diff_ci_from_counts(*counts.T, alpha=ALPHA)
    return float(np.mean((lo <= delta) & (delta <= hi)))


# ------------------------------------------------------------------ (1) Newcombe coverage

GRID = [(n, p, f, dl) for n in (200, 500) for p in (0.5, 0.7) for f in (0.05, 0.10) for dl in (0.0, 0.05, 0.10)]


def test_newcombe_coverage_grid():
    """95% Newcombe (method 10) intervals cover the true Δ in [94%, 96%] in every cell: n ∈ {200, 500},
    base accuracy ∈ {0.5, 0.7}, forgotten rate ∈ {5%, 10%} (the correlation between the arms),
    true Δ ∈ {0, 0.05, 0.10}. Cells with very few expected discordant pairs are tested separately below."""
    rows = [(cell, newcombe_coverage(*cell)) for cell in GRID]
    print("\nNewcombe 95% coverage  (n, base rate, forgotten, true delta) -> coverage")
    for cell, cov in rows:
        print(f"  {cell} -> {cov:.4f}")
    worst = max(rows, key=lambda r: abs(r[1] - 0.95))
    print(f"  worst cell {worst[0]}: {worst[1]:.4f} (MC SE {mc_se(0.95, TRIALS):.4f})")
    bad = [(cell, cov) for cell, cov in rows if not 0.94 <= cov <= 0.96]
    assert not bad, bad


def test_newcombe_low_discordance_is_conservative_not_liberal():
    """With few expected discordant pairs (forgotten rate 2%: about 8 at n = 200) the interval is
    legitimately conservative (up to ~97%, from the continuity correction on φ and the discreteness);
    it must never undercover."""
    covs = {(n, p, dl): newcombe_coverage(n, p, 0.02, dl)
            for n in (200, 500) for p in (0.5, 0.8) for dl in (0.0, 0.05)}
    print("\nNewcombe low-discordance coverage:", {k: round(v, 4) for k, v in covs.items()})
    assert min(covs.values()) >= 0.94
    assert max(covs.values()) <= 0.975


def test_vectorised_newcombe_is_the_scalar_one():
    counts = rng_for(1).multinomial(200, cell_probs(0.6, 0.05, 0.05), size=5)
    lo, hi = newcombe_paired_diff_ci_from_counts(*counts.T)
    for k, (a, b, c, d) in enumerate(counts):
        base = np.r_[np.ones(a + b), np.zeros(c + d)]
        tuned = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)]
        assert newcombe_paired_diff_ci(base, tuned) == pytest.approx((lo[k], hi[k]), abs=1e-12)


# ------------------------------------------------------------------ (2) McNemar false alarms


@pytest.mark.parametrize("n", [100, 500])
@pytest.mark.parametrize("discordance", [0.05, 0.20])
def test_mcnemar_false_alarm_under_no_change(n, discordance):
    counts = rng_for(n, discordance, 2).multinomial(
        n, cell_probs(0.6, discordance / 2, 0.0), size=TRIALS)
    rate = float(np.mean(mcnemar_exact_p_from_counts(counts[:, 1], counts[:, 2]) < ALPHA))
    print(f"\nMcNemar false alarms n={n} discordance={discordance}: {rate:.4f}")
    assert rate <= ALPHA + 2 * mc_se(ALPHA, TRIALS)


# ------------------------------------------------------------------ (3) paired bootstrap coverage

BOOT_TRIALS = 2_000


def test_paired_bootstrap_percentile_coverage_graded():
    """Continuous, skewed per-item scores (base ~ Beta(2, 5); tuned = base + 0.05 + centred exponential
    noise), n = 200, 2,000 resamples each. 2,000 trials (each runs the real function), so the [94%, 96%]
    band is widened by 2 MC SE = 0.97 points: [93.03%, 96.97%]."""
    rng = np.random.default_rng(20240602)
    n, delta = 200, 0.05
    base = rng.beta(2, 5, (BOOT_TRIALS, n))
    tuned = base + delta + (rng.exponential(0.2, (BOOT_TRIALS, n)) - 0.2)
    hits = 0
    for i in range(BOOT_TRIALS):
        r = paired_bootstrap_ci(base[i], tuned[i], n_boot=2000, seed=i)
        hits += r.lo <= delta <= r.hi
    cov = hits / BOOT_TRIALS
    band = 2 * mc_se(0.95, BOOT_TRIALS)
    print(f"\npaired bootstrap percentile coverage (n={n}, {BOOT_TRIALS} trials): {cov:.4f}")
    assert 0.94 - band <= cov <= 0.96 + band


@pytest.mark.parametrize("n", [10, 30])
def test_expanded_bootstrap_keeps_false_alarms_at_alpha_for_small_n(n):
    """No change, symmetric per-item differences (base ~ U(0, 1), tuned = base + N(0, 0.2)), 4,000 trials of
    the real function (2,000 resamples each). The expanded percentile p (Hesterberg 2015) must keep false
    alarms <= 5% + 2 MC SE (5.69%) and its interval must cover 0 at 95% +- (1 point + 2 MC SE). The plain
    percentile p it replaces falsely alarmed 9.3% (n = 10) and 6.1% (n = 30) on these same data sets."""
    trials = 4_000
    rng = np.random.default_rng(20261123 + n)
    base = rng.uniform(0, 1, (trials, n))
    tuned = base + rng.normal(0, 0.2, (trials, n))
    expanded = [paired_bootstrap_ci(base[i], tuned[i], n_boot=2000, seed=i, method="expanded") for i in range(trials)]
    alarms = float(np.mean([r.p_value < ALPHA for r in expanded]))
    cover = float(np.mean([r.lo <= 0.0 <= r.hi for r in expanded]))
    print(f"\nno-change false alarms n={n}: expanded percentile {alarms:.4f}, coverage {cover:.4f}")
    band = 2 * mc_se(ALPHA, trials)
    assert alarms <= ALPHA + band
    assert 0.94 - band <= cover <= 0.96 + band


# ------------------------------------------------------------------ (4) cluster-robust coverage


def test_cluster_robust_coverage_g50():
    """G = 50 clusters of 1-8 rows (fixed layout, N = 270 here), d = Δ + u_g + e_i with cluster effect
    u_g ~ N(0, 0.3²) and row noise e_i ~ N(0, 0.5²). CR1 SE with t on G − 1 df covers Δ in [94%, 96%];
    the naive iid SE, ignoring the clusters, must undercover badly (shows the check has teeth)."""
    rng = np.random.default_rng(20240603)
    g, delta = 50, 0.03
    labels = np.repeat(np.arange(g), rng.integers(1, 9, g))
    u = rng.normal(0.0, 0.3, (TRIALS, g))[:, labels]
    d = delta + u + rng.normal(0.0, 0.5, (TRIALS, labels.size))
    mean = d.mean(axis=1)
    se = cluster_robust_se(d, labels)
    cov = float(np.mean(np.abs(mean - delta) <= sps.t.ppf(0.975, g - 1) * se))
    naive_se = d.std(axis=1, ddof=1) / math.sqrt(labels.size)
    naive = float(np.mean(np.abs(mean - delta) <= sps.t.ppf(0.975, labels.size - 1) * naive_se))
    print(f"\ncluster-robust coverage G={g}, N={labels.size}: CR1 {cov:.4f}, naive iid {naive:.4f}")
    assert 0.94 <= cov <= 0.96
    assert naive < 0.90
    # the batched SE is the scalar function's
    res = paired_cluster_diff(np.zeros(labels.size), d[0], labels)
    assert res.se == pytest.approx(se[0], rel=1e-12)


# ------------------------------------------------------------------ (5) one-sided gate bounds


@pytest.mark.parametrize("n", [200, 500])
@pytest.mark.parametrize("discordance", [0.05, 0.20])
def test_regression_bound_false_alarm_binary_no_change(n, discordance):
    """Regression gate: alarm when the upper (1−α) bound (Newcombe at 1 − 2α) is below −margin. Under no
    change the alarm rate is ≤ α: margin 0 is the boundary of H0 (rate ≈ α, allow 2 MC SE); with the
    policy-style margin 0.02 it must be ≤ α outright."""
    counts = rng_for(n, discordance, 5).multinomial(n, cell_probs(0.6, discordance / 2, 0.0), size=TRIALS)
    _, upper = newcombe_paired_diff_ci_from_counts(*counts.T, alpha=2 * ALPHA)
    at_zero = float(np.mean(upper < 0.0))
    at_margin = float(np.mean(upper < -0.02))
    print(f"\nregression false alarms n={n} disc={discordance}: margin 0 {at_zero:.4f}, margin .02 {at_margin:.4f}")
    assert at_zero <= ALPHA + 2 * mc_se(ALPHA, TRIALS)
    assert at_margin <= ALPHA
    a, b, c, d = counts[0]
    base = np.r_[np.ones(a + b), np.zeros(c + d)]
    tuned = np.r_[np.ones(a), np.zeros(b), np.ones(c), np.zeros(d)]
    assert one_sided_bound(base, tuned, ALPHA, "binary", "upper") == pytest.approx(upper[0], abs=1e-12)


@pytest.mark.parametrize("n", [50, 200])
def test_regression_bound_false_alarm_graded_no_change(n):
    """Graded, no change: both arms are the same item quality plus iid skewed (exponential) noise, so the
    pairs are exchangeable. The t upper bound's alarm rate is ≤ α (+ 2 MC SE at margin 0)."""
    rng = np.random.default_rng([20240604, n])
    quality = rng.beta(2, 5, (TRIALS, n))
    base = quality + rng.exponential(0.2, (TRIALS, n))
    tuned = quality + rng.exponential(0.2, (TRIALS, n))
    d = tuned - base
    upper = d.mean(axis=1) + sps.t.ppf(1 - ALPHA, n - 1) * d.std(axis=1, ddof=1) / math.sqrt(n)
    rate = float(np.mean(upper < 0.0))
    print(f"\ngraded regression false alarms n={n}: {rate:.4f}")
    assert rate <= ALPHA + 2 * mc_se(ALPHA, TRIALS)
    assert one_sided_bound(base[0], tuned[0], ALPHA, "graded", "upper") == pytest.approx(upper[0], abs=1e-12)


def noninferiority_false_pass(n: int, discordance: float, margin: float, trials: int) -> float:
    """Share of trials whose lower (1−α) Newcombe bound is above −margin when the true Δ is −margin."""
    probs = [0.6 - discordance / 2, discordance / 2 + margin / 2, discordance / 2 - margin / 2,
             0.4 - discordance / 2]
    counts = rng_for(n, discordance, margin, 6).multinomial(n, probs, size=trials)
    lower, _ = newcombe_paired_diff_ci_from_counts(*counts.T, alpha=2 * ALPHA)
    return float(np.mean(lower > -margin))


NI_TRIALS = 40_000
NI_GRID = [(n, disc) for n in (200, 500) for disc in (0.05, 0.10, 0.20)]


def ni_rates() -> dict:
    return {(n, disc): noninferiority_false_pass(n, disc, 0.02, NI_TRIALS) for n, disc in NI_GRID}


def test_noninferiority_false_pass_at_margin_binary_bounded():
    """Non-inferiority gate, binary: pass when the lower (1−α) bound is above −margin. Under a true drop of
    exactly the margin (0.02) DESIGN §6 wants ≤ α; Newcombe's lower bound overshoots slightly (it leans
    towards 0 when Δ < 0 — the same lean makes the regression bound conservative). 40,000 trials per
    cell (MC SE 0.11 points). This test pins the measured excess at ≤ 1 point; the next one records
    that the ≤ α target itself is not met."""
    rates = ni_rates()
    print("\nnon-inferiority false passes at true delta = -0.02:", {k: round(v, 4) for k, v in rates.items()})
    assert max(rates.values()) <= ALPHA + 0.01


@pytest.mark.xfail(strict=True, reason=(
    "Known limitation: the Newcombe (method 10) lower bound is liberal under a true drop of exactly the "
    "margin, most when the drop is large relative to the discordance (5% discordant, 2-point margin: "
    "~5.7% false passes). The regression gate's upper bound is conservative in the same cells."))
def test_noninferiority_false_pass_at_margin_binary_meets_alpha():
    rates = ni_rates()
    assert max(rates.values()) <= ALPHA + 2 * mc_se(ALPHA, NI_TRIALS)


@pytest.mark.parametrize("n", [50, 200])
def test_noninferiority_false_pass_at_margin_graded(n):
    """Graded: true drop of exactly the margin (tuned = base − 0.02 + symmetric noise); the t lower
    bound passes the gate ≤ α (+ 2 MC SE) of the time."""
    rng = np.random.default_rng([20240605, n])
    base = rng.beta(2, 5, (TRIALS, n))
    d = -0.02 + rng.normal(0, 0.1, (TRIALS, n)) + rng.laplace(0, 0.05, (TRIALS, n))
    lower = d.mean(axis=1) - sps.t.ppf(1 - ALPHA, n - 1) * d.std(axis=1, ddof=1) / math.sqrt(n)
    rate = float(np.mean(lower > -0.02))
    print(f"\ngraded non-inferiority false passes n={n}: {rate:.4f}")
    assert rate <= ALPHA + 2 * mc_se(ALPHA, TRIALS)
    assert one_sided_bound(base[0], base[0] + d[0], ALPHA, "graded", "lower") == pytest.approx(
        lower[0], abs=1e-12)
