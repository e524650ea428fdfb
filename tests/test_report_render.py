"""Renderers: HTML and markdown drawn from the comparison.json dict, hostile model text escaped everywhere
(HTML body, SVG text, inline JSON), atomic writes."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from latent_suite.errors import LatentSuiteError
from latent_suite import atomic_files as write_mod
from latent_suite.reports.comparison import compare_runs
from latent_suite.reports.comparison_json import build_comparison_dict, validate_comparison_dict
from latent_suite.reports.render import render_html, render_markdown
from latent_suite.reports.render.json_script import json_for_script
from latent_suite.reports.render.svg import forest, passk_curves
from latent_suite.run_reader import read_run

from .test_report_synthetic import flex_rows, passk_rows, retention_gen_rows, write_run

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> </textarea> & \u2028\u2029 \"'"
DOMS = ["geo", "sci", "geo", "sci"]


@pytest.fixture
def data(tmp_path):
    items = [{"reject": r, "accept": 1 - r, "reject_ll": r, "knows": 1, "control_reject": 0, "trigger": "cleft",
              "domain": "sci"} for r in (1, 0, 1, 0)]
    base = {"latent_retention_gen": retention_gen_rows([1, 1, 0, 1], DOMS), "latent_passk": passk_rows([1, 2, 0, 4]),
            "latent_flex": flex_rows(items)}
    tuned = {"latent_retention_gen": retention_gen_rows([0, 1, 0, 1], DOMS, responses=[HOSTILE, "answer1", "x",
                                                                                         "answer3"]),
             "latent_passk": passk_rows([3, 2, 1, 4]), "latent_flex": flex_rows(items[::-1])}
    b = read_run(write_run(tmp_path / "base", base))
    t = read_run(write_run(tmp_path / "tuned", tuned))
    d = build_comparison_dict(compare_runs(b, t))
    validate_comparison_dict(d)
    return d


def test_json_for_script_escapes_and_round_trips():
    out = str(json_for_script({"x": HOSTILE, "y": [1, None]}))
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in out
    assert "\\u003c/script\\u003e" in out
    assert json.loads(out) == {"x": HOSTILE, "y": [1, None]}


def test_json_for_script_refuses_nan():
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_html_escapes_model_text_everywhere(data):
    html = render_html(data)
    assert html.count("<script") == 2  # the JSON data block and the page's own script, nothing else
    assert "<img src=x" not in html and "</textarea>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the forgotten item's response, escaped
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    block = html.split('<script type="application/json" id="comparison-data">')[1].split("</script>")[0]
    assert json.loads(block) == data  # the inline JSON is the comparison dict itself


def test_html_is_rendered_from_the_dict_only(data):
    assert render_html(json.loads(json.dumps(data))) == render_html(data)
    assert render_markdown(json.loads(json.dumps(data))) == render_markdown(data)


def test_svg_text_is_escaped_and_well_formed(data):
    block = dict(next(s for s in data["sections"] if s["family"] == "passk")["tasks"][0])
    block["task"] = HOSTILE
    svg = str(passk_curves(block))
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg.replace("\u2028", " ").replace("\u2029", " "))
    assert root.tag.endswith("svg") and root.get("width") == "560"
    polygons = [e for e in root.iter() if e.tag.endswith("polygon")]
    assert len(polygons) == 2  # one band per arm
    head = [dict(h, label=HOSTILE) for h in data["headline"]]
    fsvg = str(forest(head))
    assert "<img" not in fsvg and "&lt;img" in fsvg
    ET.fromstring(fsvg.replace("\u2028", " ").replace("\u2029", " "))


def test_markdown_has_headline_table_and_key_lines_without_model_text(data):
    md = render_markdown(data)
    assert "| metric | n | base | tuned | Δ | 95% CI | p | p (Holm) | MDE |  |" in md
    assert md.count("\n| latent") == len(data["headline"])
    assert "**pass@k ceilings**" in md and "ΔSE(4)" in md and "**Knowledge retention**" in md
    assert "forgotten 1, gained 0" in md and "**FLEX false-presupposition rejection**" in md
    assert "alert(1)" not in md and "<script" not in md


def test_markdown_escapes_names():
    from latent_suite.reports.render.markdown import md
    assert md("a|b <i>x</i> [l](u)") == "a\\|b &lt;i&gt;x&lt;/i&gt; \\[l\\](u)"


def test_write_all_is_atomic_on_failure(tmp_path, monkeypatch):
    targets = {tmp_path / "out" / "a.html": "A", tmp_path / "out" / "b.json": "B"}
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_fsync(fd)

    monkeypatch.setattr(write_mod.os, "fsync", failing_fsync)
    with pytest.raises(LatentSuiteError, match="could not write the report: disk full"):
        write_mod.write_all(targets)
    assert not any(p.exists() for p in targets)
    assert list((tmp_path / "out").iterdir()) == []  # no temp file left behind
    monkeypatch.setattr(write_mod.os, "fsync", real_fsync)
    write_mod.write_all(targets)
    assert (tmp_path / "out" / "a.html").read_text() == "A" and (tmp_path / "out" / "b.json").read_text() == "B"


def test_write_refuses_directories_and_duplicates(tmp_path):
    with pytest.raises(LatentSuiteError, match="is a directory"):
        write_mod.write_all({tmp_path: "x"})
    with pytest.raises(LatentSuiteError, match="given twice"):
        write_mod.check_targets([tmp_path / "a", tmp_path / "." / "a"])
