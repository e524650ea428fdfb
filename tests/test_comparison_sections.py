"""Family sections and the headline (DESIGN.md §4, §6) against hand-computed values."""
from __future__ import annotations

import math

import numpy as np
import pytest

from latent_suite.reports.comparison import compare_runs
from latent_suite.reports.comparison_json import build_comparison_dict, validate_comparison_dict
from latent_suite.reports.sections import assign, retention
from latent_suite.run_reader import read_run

from .test_report_synthetic import flex_rows, passk_rows, retention_gen_rows, row, write_run


def build(tmp_path, base_tasks, tuned_tasks, **kw):
    b = read_run(write_run(tmp_path / "base", base_tasks))
    t = read_run(write_run(tmp_path / "tuned", tuned_tasks))
    data = build_comparison_dict(compare_runs(b, t, **kw))
    validate_comparison_dict(data)
    return data


def section(data, family):
    return next(s for s in data["sections"] if s["family"] == family)


def test_registry_assigns_families_and_falls_back_to_generic():
    got = {mod.FAMILY: tasks for mod, tasks in assign(["latent_passk_n16", "latent_retention_mc", "latent_flex",
                                                        "latent_cot", "latent_selfdesc_risk", "gsm8k"])}
    assert got == {"passk": ["latent_passk_n16"], "retention": ["latent_retention_mc"], "flex": ["latent_flex"],
                   "cot": ["latent_cot"], "selfdesc": ["latent_selfdesc_risk"], "generic": ["gsm8k"]}


# -- pass@k ---------------------------------------------------------------------------------------------------
# n = 4; base c = [1, 1, 1, 0], tuned c = [3, 3, 0, 0]. pass@k(c) = 1 − C(4−c, k)/C(4, k):
# c=1: .25, .5, .75, 1;  c=3: .75, 1, 1, 1;  c=0: 0.
BASE_MEAN = [0.1875, 0.375, 0.5625, 0.75]
TUNED_MEAN = [0.375, 0.5, 0.5, 0.5]


@pytest.fixture
def passk_data(tmp_path):
    return build(tmp_path, {"latent_passk": passk_rows([1, 1, 1, 0])}, {"latent_passk": passk_rows([3, 3, 0, 0])})


def test_passk_curves_crossover_and_delta_se(passk_data):
    b = section(passk_data, "passk")["tasks"][0]
    assert b["k_max"] == 4 and b["n_problems"] == 4 and b["n_equal"] is True
    curve = b["curve"]
    assert curve["k"] == [1, 2, 3, 4]
    assert curve["base"]["mean"] == pytest.approx(BASE_MEAN)
    assert curve["tuned"]["mean"] == pytest.approx(TUNED_MEAN)
    assert curve["diff"]["mean"] == pytest.approx(np.subtract(TUNED_MEAN, BASE_MEAN))
    for arm in ("base", "tuned", "diff"):
        band = curve[arm]
        assert all(lo - 1e-12 <= m <= hi + 1e-12 for lo, m, hi in zip(band["lo"], band["mean"], band["hi"]))
    assert b["crossover_k"] == 3  # .1875 < .375, .375 < .5, .5625 >= .5
    assert b["pass_at_1"]["delta"] == pytest.approx(0.375 - 0.1875)
    assert b["at_k_max"]["delta"] == pytest.approx(0.5 - 0.75) and b["at_k_max"]["metric"] == "pass@4"
    dse = b["delta_se"]
    assert dse["k"] == 4 and dse["k_below_256"] is True
    assert dse["delta"] == pytest.approx(0.75 - 0.375)  # base pass@4 − tuned pass@1
    s = b["solved"]
    assert (s["both"], s["base_only"], s["tuned_only"], s["neither"]) == (2, 1, 0, 1)
    assert s["stats"]["b"] == 1 and s["stats"]["c"] == 0 and s["stats"]["p_value"] == 1.0
    lv = {r["label"]: r for r in b["levels"]}  # levels 1, 2, 3, 1
    assert lv["1"]["n"] == 2 and lv["1"]["pass@1"]["base_mean"] == pytest.approx(0.125)
    assert lv["1"]["pass@1"]["tuned_mean"] == pytest.approx(0.375) and lv["1"]["pass@1"]["kind"] == "graded"


def test_passk_headline_is_pass1_and_pass_at_n(passk_data):
    ids = [h["id"] for h in passk_data["headline"]]
    assert ids == ["passk:latent_passk:keep_all:pass@1", "passk:latent_passk:keep_all:pass@4"]


def test_passk_bands_are_seeded(tmp_path):
    a = build(tmp_path / "a", {"latent_passk": passk_rows([1, 2, 0, 4, 3])}, {"latent_passk": passk_rows([2, 2, 1, 4, 0])})
    b = build(tmp_path / "b", {"latent_passk": passk_rows([1, 2, 0, 4, 3])}, {"latent_passk": passk_rows([2, 2, 1, 4, 0])})
    c = build(tmp_path / "c", {"latent_passk": passk_rows([1, 2, 0, 4, 3])}, {"latent_passk": passk_rows([2, 2, 1, 4, 0])},
              seed=7)
    ca, cb, cc = (section(x, "passk")["tasks"][0]["curve"] for x in (a, b, c))
    assert ca == cb
    assert ca["diff"]["lo"] != cc["diff"]["lo"] or ca["base"]["hi"] != cc["base"]["hi"]


def test_no_crossover_when_tuned_stays_ahead(tmp_path):
    data = build(tmp_path, {"latent_passk": passk_rows([0, 1, 0])}, {"latent_passk": passk_rows([4, 4, 1])})
    b = section(data, "passk")["tasks"][0]
    assert b["crossover_k"] is None


# -- retention ------------------------------------------------------------------------------------------------
RET_DOMS = ["geo", "geo", "sci", "sci", "sci", "geo"]


def test_retention_flips_ratio_domains_and_forgotten_list(tmp_path, monkeypatch):
    monkeypatch.setattr(retention, "FORGOTTEN_CAP", 1)
    base = retention_gen_rows([1, 1, 1, 0, 0, 1], RET_DOMS)
    tuned = retention_gen_rows([0, 1, 1, 1, 0, 0], RET_DOMS, responses=["no idea", "answer1", "answer2", "answer3",
                                                                         "wrong", "still no idea"])
    data = build(tmp_path, {"latent_retention_gen": base}, {"latent_retention_gen": tuned})
    b = section(data, "retention")["tasks"][0]
    m = b["metrics"]["match"]
    assert b["primary"] == "match"
    assert (m["base_mean"], m["tuned_mean"]) == (pytest.approx(4 / 6), pytest.approx(3 / 6))
    assert m["retention_ratio"] == pytest.approx(0.75)
    assert (m["b"], m["c"]) == (2, 1) and (b["n_forgotten"], b["n_gained"]) == (2, 1)
    assert m["p_value"] == pytest.approx(1.0)  # 2·P(X ≤ 1), X ~ Bin(3, ½) = 2·(1/8 + 3/8)
    dom = {r["label"]: r["match"] for r in b["domains"]}
    assert (dom["geo"]["base_mean"], dom["geo"]["tuned_mean"]) == (pytest.approx(1.0), pytest.approx(1 / 3))
    assert (dom["geo"]["b"], dom["geo"]["c"], dom["geo"]["n"]) == (2, 0, 3)  # forgotten, gained
    assert dom["geo"]["p_value"] == pytest.approx(0.5)  # 2·P(X ≤ 0), X ~ Bin(2, ½)
    assert (dom["sci"]["b"], dom["sci"]["c"], dom["sci"]["p_value"]) == (0, 1, 1.0)
    assert dom["geo"]["mde"] > 0 and dom["geo"]["underpowered"] is True
    # capped list, total kept
    assert len(b["forgotten"]) == 1
    f = b["forgotten"][0]
    assert f == {"doc_id": 0, "id": "ret-0000", "domain": "geo", "question": "Question number 0?", "gold": "answer0",
                 "base_response": "answer0", "tuned_response": "no idea"}


# -- FLEX -------------------------------------------------------------------------------------------------------
def flex_item(reject, accept, knows, n_probes=3, **kw):
    it = {"reject": reject, "accept": accept, "reject_ll": reject, "knows": knows, "control_reject": 0,
          "trigger": kw.get("trigger", "cleft"), "domain": kw.get("domain", "sci"), "n_probes": n_probes}
    return it


def test_flex_accommodation_on_items_both_know(tmp_path):
    # item: (base reject, accept, knows) / (tuned ...)
    base = [flex_item(0, 1, 1), flex_item(0, 1, 1), flex_item(1, 0, 0), flex_item(1, 0, 1, n_probes=2, trigger="factive")]
    tuned = [flex_item(1, 0, 1), flex_item(0, 1, 0), flex_item(0, 1, 1), flex_item(0, 1, 1, n_probes=2, trigger="factive")]
    data = build(tmp_path, {"latent_flex": flex_rows(base)}, {"latent_flex": flex_rows(tuned)})
    b = section(data, "flex")["tasks"][0]
    acc = b["accommodation"]["accommodation"]
    both = acc["both_know"]
    assert both["n"] == 2 and both["n_missing"] == 2  # items 0 and 3 are known by both arms
    assert (both["base_mean"], both["tuned_mean"]) == (pytest.approx(0.5), pytest.approx(0.5))
    assert acc["base_own"] == {"n": 3, "rate": pytest.approx(2 / 3)}
    assert acc["tuned_own"] == {"n": 3, "rate": pytest.approx(2 / 3)}
    assert b["chance_knows"] == pytest.approx((3 / 64 + 1 / 16) / 4)
    r = b["rates"]["reject"]
    assert (r["base_mean"], r["tuned_mean"], r["b"], r["c"]) == (0.5, 0.25, 2, 1)
    trig = {x["label"]: x for x in b["by_trigger"]}
    assert trig["factive"]["n"] == 1 and trig["factive"]["reject"]["b"] == 1
    assert trig["cleft"]["accommodation"]["n"] == 1  # only item 0 of the cleft items is known by both
    assert trig["cleft"]["accommodation"]["n_missing"] == 2
    labels = [h["label"] for h in data["headline"]]
    assert labels == ["latent_flex reject", "latent_flex reject_ll", "latent_flex accommodation (items both know)"]


# -- generic ----------------------------------------------------------------------------------------------------
def generic_rows(values, ids=None, filter_name="none"):
    out = []
    for i, (acc, score) in enumerate(values):
        doc = {"id": ids[i] if ids else f"g{i}", "q": i}
        out.append(row(i, doc, {"acc": acc, "score": score}, response="x", filter_name=filter_name))
    return out


def test_generic_kinds_nan_counting_and_clusters(tmp_path):
    base = generic_rows([(1.0, 0.2), (0.0, math.nan), (1.0, 0.9), (0.0, 0.4)])
    tuned = generic_rows([(1.0, 0.3), (1.0, 0.5), (0.0, 0.8), (1.0, 0.6)])
    cl_b = generic_rows([(1.0, 0.1), (0.0, 0.2), (1.0, 0.3), (0.0, 0.4)], ids=["u1", "u1", "u2", "u2"])
    cl_t = generic_rows([(1.0, 0.2), (1.0, 0.2), (1.0, 0.5), (1.0, 0.4)], ids=["u1", "u1", "u2", "u2"])
    data = build(tmp_path, {"foreign_task": base, "clustered": cl_b}, {"foreign_task": tuned, "clustered": cl_t})
    g = section(data, "generic")
    by = {(b["task"], c["metric"]): c for b in g["tasks"] for c in b["metrics"]}
    acc = by[("foreign_task", "acc")]
    assert acc["kind"] == "binary" and acc["test"] == "mcnemar-exact" and (acc["b"], acc["c"]) == (1, 2)
    score = by[("foreign_task", "score")]
    assert score["kind"] == "graded" and score["test"] == "paired-bootstrap"
    assert score["n"] == 3 and score["n_missing"] == 1
    assert score["delta"] == pytest.approx(np.mean([0.3, 0.8, 0.6]) - np.mean([0.2, 0.9, 0.4]))
    cl = by[("clustered", "acc")]
    assert cl["test"] == "cluster-robust-t" and cl["n_clusters"] == 2
    for c in by.values():
        assert c["mde"] is not None and c["mde"] > 0 and isinstance(c["underpowered"], bool)


def test_holm_over_headline(tmp_path):
    base = {"t1": generic_rows([(1.0, 0.0)] * 12), "t2": generic_rows([(1.0, 0.0)] * 6 + [(0.0, 0.0)] * 6)}
    tuned = {"t1": generic_rows([(0.0, 0.0)] * 12), "t2": generic_rows([(1.0, 0.0)] * 6 + [(1.0, 0.0)] * 6)}
    data = build(tmp_path, base, tuned)
    h = {e["task"]: e for e in data["headline"]}
    assert set(h) == {"t1", "t2"} and data["multiple_testing"]["m"] == 2
    p1, p2 = h["t1"]["stats"]["p_value"], h["t2"]["stats"]["p_value"]
    assert p1 == pytest.approx(2 * 0.5 ** 12) and p2 == pytest.approx(2 * 0.5 ** 6)
    # Holm, m = 2: smallest p times 2, then max(previous, p times 1)
    assert h["t1"]["p_holm"] == pytest.approx(2 * p1)
    assert h["t2"]["p_holm"] == pytest.approx(max(2 * p1, p2))
    assert h["t1"]["significant_holm"] and h["t2"]["significant_holm"]


def test_passk_falls_back_to_correctness_vectors(tmp_path):
    def strip(rows):  # a pass@k task that logs only the per-repeat correctness, not n / c
        out = []
        for r in rows:
            r = {k: v for k, v in r.items() if k not in ("n", "c")}
            r["metrics"] = [m for m in r["metrics"] if m not in ("n", "c")]
            out.append(r)
        return out
    data = build(tmp_path, {"latent_passk": strip(passk_rows([1, 1, 1, 0]))},
                 {"latent_passk": strip(passk_rows([3, 3, 0, 0]))})
    b = section(data, "passk")["tasks"][0]
    assert b["k_max"] == 4 and b["curve"]["base"]["mean"] == pytest.approx(BASE_MEAN)
    assert b["crossover_k"] == 3


def test_metric_undefined_everywhere_is_reported_not_dropped(tmp_path):
    rows_b = generic_rows([(1.0, math.nan), (0.0, math.nan)])
    rows_t = generic_rows([(1.0, math.nan), (1.0, math.nan)])
    data = build(tmp_path, {"foreign_task": rows_b}, {"foreign_task": rows_t})
    score = next(c for c in section(data, "generic")["tasks"][0]["metrics"] if c["metric"] == "score")
    assert score["n"] == 0 and score["n_missing"] == 2 and score["p_value"] is None and score["delta"] is None
