"""Unit tests for latent_suite.reports.stats against hand-computed and published numbers."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats as sps

from latent_suite.reports.stats import (
    cluster_robust_se,
    compare_paired,
    holm,
    is_underpowered,
    mcnemar_exact,
    mcnemar_exact_p_from_counts,
    mde_multiplier,
    minimum_detectable_effect,
    newcombe_paired_diff_ci,
    newcombe_paired_diff_ci_from_counts,
    one_sided_bound,
    one_sided_p_drop,
    one_sided_p_noninferior,
    paired_bootstrap_ci,
    paired_cluster_diff,
    paired_t,
    wilson_interval,
)
from latent_suite.reports.stats.bootstrap import _jackknife, _replicates

Z975 = 1.959963984540054


def arrays_from_counts(a: int, b: int, c: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-item (base, tuned) 0/1 arrays for the paired table: a both ✓, b base only, c tuned only, d both ✗."""
    base = np.array([1] * a + [1] * b + [0] * c + [0] * d)
    tuned = np.array([1] * a + [0] * b + [1] * c + [0] * d)
    return base, tuned


# ---------------------------------------------------------------- McNemar


def test_mcnemar_hand_example():
    # b = 1, c = 6: p = 2·P(Bin(7, ½) ≤ 1) = 2·(1 + 7)/128 = 0.125
    base, tuned = arrays_from_counts(10, 1, 6, 3)
    res = mcnemar_exact(base, tuned)
    assert (res.b, res.c, res.n) == (1, 6, 20)
    assert res.p_value == pytest.approx(0.125, abs=1e-12)


@pytest.mark.parametrize(
    "b, c, expected",
    [
        (0, 0, 1.0),                         # no discordant pairs
        (0, 5, 2 / 32),                      # 2·(1/2^5)
        (2, 10, 2 * (1 + 12 + 66) / 4096),   # 2·(C(12,0)+C(12,1)+C(12,2))/2^12 = 0.0385742...
        (3, 3, 1.0),                         # 2·42/64 > 1, capped
        (6, 1, 0.125),                       # symmetric in b, c
    ],
)
def test_mcnemar_exact_counts(b, c, expected):
    assert float(mcnemar_exact_p_from_counts(b, c)) == pytest.approx(expected, abs=1e-12)


def test_mcnemar_vectorised_matches_scalar_and_validates():
    p = mcnemar_exact_p_from_counts(np.array([1, 0, 2]), np.array([6, 0, 10]))
    np.testing.assert_allclose(p, [0.125, 1.0, 158 / 4096])
    with pytest.raises(ValueError):
        mcnemar_exact([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError):
        mcnemar_exact([0, 1], [0, 1, 1])
    with pytest.raises(ValueError):
        mcnemar_exact([0, np.nan], [0, 1])


# ---------------------------------------------------------------- Wilson / Newcombe


def test_wilson_matches_newcombe_1998a_table():
    """Wilson score intervals (method 3) for the examples of Newcombe 1998a, "Two-sided confidence intervals
    for the single proportion", Stat Med 17:857-872, Table I; 0/20's upper limit is also z²/(n+z²) by hand."""
    cases = [((81, 263), (0.2553, 0.3662)), ((15, 148), (0.0624, 0.1605)),
             ((0, 20), (0.0, 0.1611)), ((1, 29), (0.0061, 0.1718))]
    for (x, n), (lo, hi) in cases:
        l, u = wilson_interval(x, n, Z975)
        assert float(l) == pytest.approx(lo, abs=6e-5) and float(u) == pytest.approx(hi, abs=6e-5)
    assert float(wilson_interval(0, 20, Z975)[1]) == pytest.approx(Z975**2 / (20 + Z975**2), abs=1e-12)


# Newcombe 1998b (Stat Med 17:2635-2650) Table III, method 10, cells in Newcombe's order (e, f, g, h):
# e = both +, f = first + only, g = second + only, h = both −; θ = (f − g)/n = "first − second".
# Here "first" is tuned: e = a, f = c (gained), g = b (forgotten), h = d.
# The paper itself was not available offline; the rows are as transcribed in public code that
# reproduces Table III, and they are corroborated by the independent Fagerland et al. example below
# and by the step-by-step hand computation of the first row.
NEWCOMBE_TABLE_III_M10 = [
    ((36, 12, 2, 0), (0.0569, 0.3404)),
    ((20, 12, 2, 16), (0.0562, 0.3292)),
    ((18, 12, 2, 18), (0.0562, 0.3290)),
    ((36, 14, 0, 0), (0.1528, 0.4167)),
    ((35, 14, 0, 1), (0.1461, 0.4175)),
    ((18, 14, 0, 18), (0.1441, 0.3963)),
    ((2, 97, 1, 0), (0.8721, 0.9854)),
    ((1, 97, 1, 1), (0.8736, 0.9850)),  # we get 0.87367: the printed value looks truncated, not rounded
    ((0, 29, 1, 0), (0.6666, 0.9882)),
    ((2, 98, 0, 0), (0.9178, 0.9945)),
    ((1, 98, 0, 1), (0.9171, 0.9916)),
    ((0, 30, 0, 0), (0.8395, 1.0)),
    ((54, 0, 0, 0), (-0.0664, 0.0664)),
]


@pytest.mark.parametrize("efgh, expected", NEWCOMBE_TABLE_III_M10)
def test_newcombe_table_iii_method_10(efgh, expected):
    e, f, g, h = efgh
    base, tuned = arrays_from_counts(e, g, f, h)
    lo, hi = newcombe_paired_diff_ci(base, tuned)
    assert lo == pytest.approx(expected[0], abs=1e-4)
    assert hi == pytest.approx(expected[1], abs=1e-4)


def test_newcombe_fagerland_cavo_example():
    """Fagerland, Lydersen & Laake 2017, *Statistical Analysis of Contingency Tables*, ch. 8: complete
    response before/after consolidation therapy (Cavo et al. 2012), table [[59, 6], [16, 80]]; the
    Newcombe square-and-add interval is printed as estimate −0.0621 (95% CI −0.1186 to −0.0046).
    Rows = first variable (here: tuned), so a = 59, gained c = 6, forgotten b = 16, d = 80."""
    lo, hi = newcombe_paired_diff_ci_from_counts(59, 16, 6, 80)
    assert float(lo) == pytest.approx(-0.1186, abs=5e-5)
    assert float(hi) == pytest.approx(-0.0046, abs=5e-5)


def test_newcombe_hand_computation_first_row():
    """(e, f, g, h) = (36, 12, 2, 0), n = 50, θ̂ = (12 − 2)/50 = 0.2, written out step by step."""
    n, z = 50, Z975
    p1, p2 = 48 / 50, 38 / 50            # tuned (e + f), base (e + g)

    def wilson(x):
        p = x / n
        centre = (x + z * z / 2) / (n + z * z)
        half = z * math.sqrt(n) / (n + z * z) * math.sqrt(p * (1 - p) + z * z / (4 * n))
        return centre - half, centre + half

    l1, u1 = wilson(48)                  # ≈ (0.8654, 0.9890)
    l2, u2 = wilson(38)                  # ≈ (0.6261, 0.8573)
    # A = e·h − f·g = 0 − 24 < 0, so no continuity correction: φ = −24/√(38·12·48·2)
    phi = -24 / math.sqrt(38 * 12 * 48 * 2)
    assert phi == pytest.approx(-0.11471, abs=1e-5)
    lo = 0.2 - math.sqrt((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
    hi = 0.2 + math.sqrt((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2)
    assert (round(lo, 4), round(hi, 4)) == (0.0569, 0.3404)
    got = newcombe_paired_diff_ci(*arrays_from_counts(36, 2, 12, 0))
    assert got == pytest.approx((lo, hi), abs=1e-12)


def test_newcombe_vectorised_matches_scalar():
    rng = np.random.default_rng(1)
    counts = rng.multinomial(80, [0.5, 0.1, 0.15, 0.25], size=25)
    lo, hi = newcombe_paired_diff_ci_from_counts(*counts.T, alpha=0.1)
    for k, row in enumerate(counts):
        assert newcombe_paired_diff_ci(*arrays_from_counts(*row), alpha=0.1) == pytest.approx(
            (lo[k], hi[k]), abs=1e-12)


# ---------------------------------------------------------------- Holm


def test_holm_hand_example():
    # sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 -> max(0.06, 0.04) = 0.06
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02], atol=1e-15)


def test_holm_caps_keeps_order_and_nan():
    np.testing.assert_allclose(holm([0.6, 0.5]), [1.0, 1.0])
    np.testing.assert_allclose(holm([0.02]), [0.02])
    out = holm([0.04, np.nan, 0.01])        # m = 2: 0.01·2 = 0.02, then max(0.02, 0.04) = 0.04
    assert np.isnan(out[1])
    np.testing.assert_allclose(out[[0, 2]], [0.04, 0.02])
    with pytest.raises(ValueError):
        holm([1.2])


# ---------------------------------------------------------------- power / MDE


def test_mde_formula():
    assert mde_multiplier() == pytest.approx(1.959964 + 0.841621, abs=1e-6)
    d = np.array([1.0, -1.0, 1.0, -1.0])   # SD (ddof 1) = √(4/3), n = 4
    assert minimum_detectable_effect(d) == pytest.approx(2.801585 * math.sqrt(4 / 3) / 2, abs=1e-6)


def test_mde_planning_sd_when_no_spread():
    d = np.zeros(100)
    # √(2·0.8·0.2) = 0.565685; × 2.801585 / 10
    assert minimum_detectable_effect(d, p_bar=0.8) == pytest.approx(0.158482, abs=1e-6)
    # p̄ = 1 (or None) -> p̄ = 0.5: √0.5 = 0.707107
    assert minimum_detectable_effect(d, p_bar=1.0) == pytest.approx(0.198102, abs=1e-6)
    assert minimum_detectable_effect(d) == pytest.approx(0.198102, abs=1e-6)
    assert minimum_detectable_effect(d, planning_sd=0.3) == pytest.approx(2.801585 * 0.03, abs=1e-6)
    assert minimum_detectable_effect([]) == math.inf


def test_is_underpowered():
    assert is_underpowered(False, 0.01, 0.05)
    assert not is_underpowered(True, 0.01, 0.05)
    assert not is_underpowered(False, -0.06, 0.05)


# ---------------------------------------------------------------- cluster-robust


def test_cr1_tiny_hand_example():
    # mean 3.5; residual sums per cluster: −4, 0, 4 -> Σ = 32; V = 3/2 · 32/36 = 4/3
    se = cluster_robust_se([1, 2, 3, 4, 5, 6], ["a", "a", "b", "b", "c", "c"])
    assert se == pytest.approx(math.sqrt(4 / 3), abs=1e-12)


def test_cr1_singletons_equal_iid_se_and_batches():
    x = np.random.default_rng(0).normal(size=(3, 20))
    got = cluster_robust_se(x, np.arange(20))
    np.testing.assert_allclose(got, x.std(axis=1, ddof=1) / math.sqrt(20), rtol=1e-12)
    assert cluster_robust_se(x[1], np.arange(20)) == pytest.approx(got[1], rel=1e-12)
    with pytest.raises(ValueError):
        cluster_robust_se([1.0, 2.0], ["a", "a"])


def test_paired_cluster_diff_hand_example():
    # d = 1..6, same clusters as above: d̄ = 3.5, se = √(4/3), G − 1 = 2 df.
    # t_{2} has closed forms: quantile t_{.975,2} = 4.302653, sf(t) = ½(1 − t/√(t² + 2)).
    res = paired_cluster_diff(np.zeros(6), np.arange(1, 7), list("aabbcc"))
    tstat = 3.5 / math.sqrt(4 / 3)
    assert res.diff == 3.5 and res.se == pytest.approx(math.sqrt(4 / 3))
    assert res.lo == pytest.approx(3.5 - 4.302653 * math.sqrt(4 / 3), abs=1e-5)
    assert res.p == pytest.approx(1 - tstat / math.sqrt(tstat**2 + 2), abs=1e-10)


# ---------------------------------------------------------------- bootstrap / paired t


def _graded(n=150, seed=3):
    rng = np.random.default_rng(seed)
    base = rng.beta(2, 5, n)
    return base, base + 0.04 + rng.normal(0, 0.15, n)


def test_bootstrap_deterministic_with_seed():
    base, tuned = _graded()
    r1 = paired_bootstrap_ci(base, tuned, seed=7)
    r2 = paired_bootstrap_ci(base, tuned, seed=7)
    r3 = paired_bootstrap_ci(base, tuned, seed=8)
    assert r1 == r2
    assert r1.lo != r3.lo
    assert r1.estimate == pytest.approx(np.mean(tuned - base))
    assert r1.lo < r1.estimate < r1.hi


def test_bootstrap_se_matches_plugin_se():
    # The bootstrap SE of a mean converges to the plug-in SE √(Σ(d − d̄)²/n)/√n.
    base, tuned = _graded(n=400)
    d = tuned - base
    r = paired_bootstrap_ci(base, tuned, n_boot=20000, seed=1)
    assert r.se == pytest.approx(d.std(ddof=0) / math.sqrt(d.size), rel=0.03)


def test_bootstrap_multinomial_path_for_binary():
    # 0/1 items: d ∈ {−1, 0, 1} is resampled as multinomial counts (exact, O(3) per resample).
    base, tuned = arrays_from_counts(500, 40, 70, 390)
    d = (tuned - base).astype(float)
    r = paired_bootstrap_ci(base, tuned, n_boot=20000, seed=2)
    assert r.estimate == pytest.approx(30 / 1000)
    assert r.se == pytest.approx(d.std(ddof=0) / math.sqrt(d.size), rel=0.03)


def test_bootstrap_custom_stat_and_bca_jackknife():
    base, tuned = _graded()
    def stat(b, t):
        return t.mean(axis=-1) - b.mean(axis=-1)
    fast = paired_bootstrap_ci(base, tuned, method="bca", seed=4)
    slow = paired_bootstrap_ci(base, tuned, stat=stat, method="bca", seed=4)
    assert (slow.lo, slow.hi, slow.se) == pytest.approx((fast.lo, fast.hi, fast.se), abs=1e-12)
    d = tuned - base
    brute = np.array([np.delete(d, i).mean() for i in range(d.size)])
    np.testing.assert_allclose(_jackknife(base, tuned, None, 1 << 22), brute, atol=1e-12)
    np.testing.assert_allclose(_jackknife(base, tuned, stat, 1000), brute, atol=1e-12)


def test_expanded_percentile_by_hand():
    """Hesterberg (2015): quantiles α'/2 = Φ(−√(n/(n−1))·t_{0.975, n−1}); n = 10 → t = 2.2622, √(10/9)·t =
    2.3846, α'/2 = Φ(−2.3846) = 0.00855. The p inverts that map: p = 2·T_9(−√(9/10)·|Φ⁻¹(f)|)."""
    from scipy.stats import norm, t as t_dist

    base, tuned = _graded(n=10)
    plain = paired_bootstrap_ci(base, tuned, n_boot=4000, seed=3)
    wide = paired_bootstrap_ci(base, tuned, n_boot=4000, seed=3, method="expanded")
    half = norm.cdf(-math.sqrt(10 / 9) * t_dist.ppf(0.975, 9))
    assert half == pytest.approx(0.00855, abs=5e-5)
    assert wide.lo < plain.lo and wide.hi > plain.hi and wide.se == plain.se  # same resamples, wider quantiles
    b, t = np.asarray(base, float), np.asarray(tuned, float)
    reps = _replicates(b, t, None, 4000, np.random.default_rng(3), 1 << 22)  # the resamples both calls drew
    assert (wide.lo, wide.hi) == pytest.approx(tuple(np.quantile(reps, [half, 1 - half])), abs=1e-12)
    assert (plain.lo, plain.hi) == pytest.approx(tuple(np.quantile(reps, [0.025, 0.975])), abs=1e-12)
    f = plain.p_value / 2
    assert wide.p_value == pytest.approx(2 * t_dist.cdf(-math.sqrt(0.9) * abs(norm.ppf(f)), 9), rel=1e-9)
    assert wide.p_value > plain.p_value
    big_b, big_t = _graded(n=4000)
    a = paired_bootstrap_ci(big_b, big_t, n_boot=2000, seed=1)
    b = paired_bootstrap_ci(big_b, big_t, n_boot=2000, seed=1, method="expanded")
    assert (b.hi - b.lo) / (a.hi - a.lo) == pytest.approx(1.0, abs=0.01)  # the correction vanishes as n grows


def test_expanded_p_is_not_floored_by_the_number_of_resamples():
    """n = 10, a large effect: no resample reaches 0, so the count alone gives f = 1/2001 and an expanded p of
    2·T_9(−√0.9·3.29) = 0.012 at best. The normal tail of the resamples resolves it instead: p ≈ paired t p."""
    rng = np.random.default_rng(5)
    base = rng.uniform(0, 1, 10)
    tuned = base + 0.5 + rng.normal(0, 0.1, 10)
    plain = paired_bootstrap_ci(base, tuned, n_boot=2000, seed=0)
    wide = paired_bootstrap_ci(base, tuned, n_boot=2000, seed=0, method="expanded")
    assert plain.p_value == pytest.approx(2 / 2001)  # the plain percentile's own floor
    t_p = paired_t(base, tuned).p
    assert t_p < 1e-6
    assert wide.p_value < 1e-5  # far below the count-based floor of 0.012
    assert math.log10(wide.p_value) == pytest.approx(math.log10(t_p), abs=0.5)


def test_bootstrap_degenerate_and_work_cap():
    r = paired_bootstrap_ci(np.zeros(10), np.full(10, 0.5), n_boot=999)
    assert (r.lo, r.hi, r.se) == (0.5, 0.5, 0.0)
    assert r.p_value == pytest.approx(2 / 1000)
    base, tuned = _graded(n=1000)
    capped = paired_bootstrap_ci(base, tuned, n_boot=2000, max_draws=100_000)
    assert capped.n_boot == 200
    small_chunks = paired_bootstrap_ci(base, tuned, n_boot=300, chunk_elems=1000)
    assert small_chunks.n_boot == 300 and small_chunks.lo < small_chunks.estimate < small_chunks.hi


def test_paired_t_matches_scipy():
    base, tuned = _graded()
    res = paired_t(base, tuned)
    ref = sps.ttest_rel(tuned, base)
    assert res.p == pytest.approx(ref.pvalue, rel=1e-10)
    assert res.diff / res.se == pytest.approx(ref.statistic, rel=1e-10)


# ---------------------------------------------------------------- one-sided bounds / p-values


def test_one_sided_binary_is_newcombe_at_two_alpha():
    base, tuned = arrays_from_counts(36, 2, 12, 0)
    lo90, hi90 = newcombe_paired_diff_ci(base, tuned, alpha=0.10)
    assert one_sided_bound(base, tuned, 0.05, "binary", "lower") == lo90
    assert one_sided_bound(base, tuned, 0.05, "binary", "upper") == hi90


def test_one_sided_graded_t_bound_and_p():
    base, tuned = _graded(n=60)
    d = tuned - base
    se = d.std(ddof=1) / math.sqrt(60)
    crit = sps.t.ppf(0.95, 59)
    assert one_sided_bound(base, tuned, 0.05, "graded", "upper") == pytest.approx(d.mean() + crit * se)
    assert one_sided_bound(base, tuned, 0.05, "graded", "lower") == pytest.approx(d.mean() - crit * se)
    p_drop = one_sided_p_drop(base, tuned, 0.02, "graded")
    p_ni = one_sided_p_noninferior(base, tuned, 0.02, "graded")
    assert p_drop == pytest.approx(sps.t.cdf((d.mean() + 0.02) / se, 59))
    assert p_drop + p_ni == pytest.approx(1.0)


def test_one_sided_p_inverts_the_bound():
    """p_drop ≤ α exactly when the upper (1−α) bound is below −m; p_noninferior ≤ α exactly when the lower
    bound is above −m (binary: the p-values come from root-finding on the Newcombe ends)."""
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(60):
        n = int(rng.integers(20, 300))
        base = (rng.random(n) < rng.uniform(0.2, 0.9)).astype(float)
        flip = rng.random(n) < rng.uniform(0.02, 0.3)
        tuned = np.where(flip, rng.random(n) < rng.uniform(0.1, 0.9), base).astype(float)
        m = float(rng.choice([0.0, 0.02, 0.05]))
        for kind in ("binary", "graded"):
            p_drop = one_sided_p_drop(base, tuned, m, kind)
            p_ni = one_sided_p_noninferior(base, tuned, m, kind)
            for alpha in (0.01, 0.05, 0.2):
                up = one_sided_bound(base, tuned, alpha, kind, "upper")
                lo = one_sided_bound(base, tuned, alpha, kind, "lower")
                assert (p_drop <= alpha) == (up < -m)
                assert (p_ni <= alpha) == (lo > -m)
                checked += 1
    assert checked == 360


def test_one_sided_binary_p_values_at_extremes():
    # Identical runs: Δ̂ = 0 > −m, so no drop evidence (p_drop > ½) and some non-inferiority evidence.
    base, tuned = arrays_from_counts(300, 0, 0, 200)
    assert one_sided_p_drop(base, tuned, 0.02) > 0.5
    assert one_sided_p_noninferior(base, tuned, 0.02) < 0.05
    # 30 forgotten, none gained, n = 100: a clear regression beyond a 2-point margin.
    base, tuned = arrays_from_counts(50, 30, 0, 20)
    assert one_sided_p_drop(base, tuned, 0.02) < 1e-6


# ---------------------------------------------------------------- compare_paired


def test_compare_binary_matches_parts():
    base, tuned = arrays_from_counts(120, 9, 21, 50)
    res = compare_paired(base, tuned, "binary")
    assert (res.test, res.n, res.n_missing, res.b, res.c) == ("mcnemar-exact", 200, 0, 9, 21)
    assert res.delta == pytest.approx(12 / 200)
    assert res.p_value == mcnemar_exact(base, tuned).p_value
    assert (res.ci_lo, res.ci_hi) == newcombe_paired_diff_ci(base, tuned)
    assert res.mde == pytest.approx(minimum_detectable_effect(tuned - base))
    assert res.underpowered == (res.p_value >= 0.05 and abs(res.delta) < res.mde)


def test_compare_drops_nan_pairs_and_serialises():
    base = np.array([1, 0, 1, np.nan, 1, 0, 1, 1, 0, 1], dtype=float)
    tuned = np.array([1, 1, 1, 1, np.nan, 0, np.nan, 0, 1, 1], dtype=float)
    res = compare_paired(base, tuned, "binary")
    keep = ~(np.isnan(base) | np.isnan(tuned))
    clean = compare_paired(base[keep], tuned[keep], "binary")
    assert (res.n, res.n_missing) == (7, 3)
    assert res.to_dict() == {**clean.to_dict(), "n_missing": 3}
    assert (res.b, res.c) == (1, 2)

    g_base, g_tuned = _graded(n=50)
    g_tuned[[3, 9]] = np.nan
    g_base[20] = np.nan
    g = compare_paired(g_base, g_tuned, "graded", seed=5)
    assert (g.test, g.n, g.n_missing) == ("paired-bootstrap", 47, 3)
    assert g.p_value_t == pytest.approx(paired_t(g_base[~np.isnan(g_base + g_tuned)],
                                                 g_tuned[~np.isnan(g_base + g_tuned)]).p)

    empty = compare_paired([np.nan, 1.0], [0.0, np.nan], "graded")
    d = empty.to_dict()
    assert (d["n"], d["n_missing"], d["delta"], d["p_value"], d["mde"]) == (0, 2, None, None, None)
    json.dumps(d, allow_nan=False)
    json.dumps(g.to_dict(), allow_nan=False)


def test_compare_identical_runs_are_underpowered_not_zero_mde():
    base, tuned = arrays_from_counts(30, 0, 0, 20)
    res = compare_paired(base, tuned, "binary")
    assert res.delta == 0.0 and res.p_value == 1.0
    # SD(d) = 0 -> planning SD √(2·0.6·0.4) = 0.69282; MDE = 2.801585·0.69282/√50
    assert res.mde == pytest.approx(2.801585 * math.sqrt(0.48) / math.sqrt(50), abs=1e-6)
    assert res.underpowered


def test_compare_clusters_and_validation():
    rng = np.random.default_rng(2)
    base = rng.random(60)
    tuned = base + 0.05 + rng.normal(0, 0.1, 60)
    clusters = np.repeat(np.arange(20), 3)
    res = compare_paired(base, tuned, "graded", clusters=clusters)
    ref = paired_cluster_diff(base, tuned, clusters)
    assert (res.test, res.n_clusters) == ("cluster-robust-t", 20)
    assert (res.ci_lo, res.ci_hi, res.p_value) == pytest.approx((ref.lo, ref.hi, ref.p))
    assert res.mde == pytest.approx(mde_multiplier() * ref.se)
    with pytest.raises(ValueError):
        compare_paired([0, 1, 2], [0, 1, 1], "binary")
    with pytest.raises(ValueError):
        compare_paired([0, 1], [0, 1], "ordinal")
    with pytest.raises(ValueError):
        compare_paired([0, 1], [0, 1, 1], "binary")
