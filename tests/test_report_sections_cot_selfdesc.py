"""CoT and self-description sections against hand-checkable synthetic runs."""
from __future__ import annotations

import pytest

from latent_suite.reports.render import render_html, render_markdown
from latent_suite.reports.sections import assign

from .test_comparison_sections import build, section
from .test_report_synthetic import row

EVIL = "<script>alert('x')</script>"


def probe_rows(aoc, curves, para, filler):
    out = []
    for i, (a, c, p, f) in enumerate(zip(aoc, curves, para, filler)):
        r = row(i, {"question": f"q{i} {EVIL}", "answer": "A"},
                {"aoc": a, "paraphrase_same_answer": p, "filler_accuracy": f, "cot_accuracy": 1.0,
                 "nocot_accuracy": 0.0}, response=f"because {EVIL}")
        r["truncation_curve"] = c
        out.append(r)
    return out


def stage1_rows(cot, nocot):
    return [row(i, {"question": f"q{i}", "answer": "A"}, {"cot_accuracy": c, "nocot_accuracy": n, "cot_answered": 1.0,
                                                          "cot_sentences": 2.0}) for i, (c, n) in enumerate(zip(cot, nocot))]


def test_registry_claims_cot_and_selfdesc():
    got = {m.FAMILY: t for m, t in assign(["latent_cot", "latent_cot_probes", "latent_cot_answer_first_probes",
                                            "latent_selfdesc_myopia"])}
    assert got == {"cot": ["latent_cot", "latent_cot_probes", "latent_cot_answer_first_probes"],
                   "selfdesc": ["latent_selfdesc_myopia"]}


def test_cot_section_paired_metrics_and_curve(tmp_path):
    # base: every CoT answer changes only at the end (curve 0→1 over L=1 or 0,0→1 over L=2); tuned: answer fixed early
    base = {"latent_cot_probes": probe_rows([0.5, 0.5, 0.5, 0.5], [[0, 1], [0, 1], [0, 0, 1], [1]],
                                            [1, 1, 0, 1], [0, 0, 0, 0]),
            "latent_cot": stage1_rows([1, 1, 0, 0], [0, 0, 0, 0])}
    tuned = {"latent_cot_probes": probe_rows([0.0, 0.0, 0.0, 0.0], [[1, 1], [1, 1], [1, 1, 1], [1]],
                                             [1, 1, 1, 1], [1, 1, 0, 0]),
             "latent_cot": stage1_rows([1, 1, 1, 1], [0, 0, 0, 0])}
    data = build(tmp_path, base, tuned)
    sec = section(data, "cot")
    assert not any(s["family"] == "generic" for s in data["sections"])
    probes = next(b for b in sec["tasks"] if b["task"] == "latent_cot_probes")
    m = probes["metrics"]
    assert m["aoc"]["delta"] == pytest.approx(-0.5) and m["aoc"]["kind"] == "graded"
    assert m["paraphrase_same_answer"]["delta"] == pytest.approx(0.25)
    assert m["filler_accuracy"]["delta"] == pytest.approx(0.5) and m["filler_accuracy"]["b"] == 0
    assert m["filler_accuracy"]["c"] == 2
    curve = probes["curve"]
    assert curve["n"] == 3  # the L = 0 CoT is left out
    # base at fraction .5: (.5 + .5 + 0) / 3; at 1: 1; tuned: 1 everywhere
    assert curve["base"][5] == pytest.approx(1 / 3) and curve["base"][10] == pytest.approx(1.0)
    assert curve["base"][0] == pytest.approx(0.0) and curve["tuned"] == pytest.approx([1.0] * 11)
    stage1 = next(b for b in sec["tasks"] if b["task"] == "latent_cot")
    assert stage1["curve"] is None and stage1["metrics"]["cot_accuracy"]["delta"] == pytest.approx(0.5)
    labels = {h["label"] for h in data["headline"]}
    assert {"latent_cot_probes aoc", "latent_cot_probes paraphrase_same_answer", "latent_cot cot_accuracy"} <= labels
    html = render_html(data)
    assert 'id="family-cot"' in html and 'id="family-generic"' not in html
    assert "<polyline" in html and "Early answering" in html
    assert "<script>alert" not in html
    md = "\n".join(render_markdown(data)) if isinstance(render_markdown(data), list) else render_markdown(data)
    assert "latent_cot_probes" in md


def selfdesc_rows(dim_values: dict) -> list[dict]:
    """dim_values: dimension → {form: [values]}; one row per (dimension, form, value), only its metric listed."""
    out, i = [], 0
    for dim, forms in dim_values.items():
        for form, values in forms.items():
            for j, v in enumerate(values):
                out.append(row(i, {"id": f"{dim}-{form}-{j}", "dimension": dim, "form": form}, {form: v},
                               response=f"I am {EVIL}"))
                i += 1
    return out


def test_selfdesc_shift_sign_agreement_and_escaping(tmp_path):
    base = {"latent_selfdesc_risk": selfdesc_rows({
        "risk": {"behaviour": [0.2, 0.4, 0.6, 0.8], "selfreport": [0.5, 0.5, 0.4, 0.6], "wordchoice": [0.5, 0.5]},
        EVIL: {"behaviour": [0.5, 0.5], "selfreport": [0.5, 0.5]}})}
    tuned = {"latent_selfdesc_risk": selfdesc_rows({
        "risk": {"behaviour": [0.4, 0.6, 0.8, 1.0], "selfreport": [0.6, 0.6, 0.5, 0.7], "wordchoice": [0.3, 0.3]},
        EVIL: {"behaviour": [0.7, 0.7], "selfreport": [0.4, 0.4]}})}
    data = build(tmp_path, base, tuned)
    sec = section(data, "selfdesc")
    dims = {d["dimension"]: d for d in sec["tasks"][0]["dimensions"]}
    risk = dims["risk"]
    assert risk["shifts"]["behaviour"]["delta"] == pytest.approx(0.2)
    assert risk["shifts"]["behaviour"]["n"] == 4 and risk["shifts"]["behaviour"]["kind"] == "graded"
    assert risk["shifts"]["selfreport"]["delta"] == pytest.approx(0.1)
    assert risk["shifts"]["wordchoice"]["delta"] == pytest.approx(-0.2) and risk["shifts"]["wordchoice"]["n"] == 2
    assert risk["sign_agreement"] is True and risk["wordchoice_sign_agreement"] is False
    assert risk["magnitude"]["behaviour"] == pytest.approx(0.2) and risk["ratio"] == pytest.approx(0.5)
    lo, hi = risk["shifts"]["behaviour"]["ci_lo"], risk["shifts"]["behaviour"]["ci_hi"]
    assert lo == pytest.approx(0.2) and hi == pytest.approx(0.2)  # every pair shifts by exactly .2
    evil = dims[EVIL]
    assert evil["sign_agreement"] is False and evil["wordchoice_sign_agreement"] is None
    html = render_html(data)
    assert 'id="family-selfdesc"' in html and 'id="family-generic"' not in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "same sign" in html and "opposite sign" in html
