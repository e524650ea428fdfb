"""The static leaderboard: determinism, incremental rebuilds, tie groups, escaping (DESIGN §2, §3, §6)."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from latent_suite.leaderboards.leaderboard_command import make_site
from latent_suite.leaderboards.site_data import build_site_data
from latent_suite.leaderboards.ties import pairwise, tie_groups
from latent_suite.run_reader import read_run

from .test_report_synthetic import passk_rows, retention_gen_rows, retention_mc_rows, write_run

N = 300
DOMAINS = ["geo", "sci"] * (N // 2)
HOSTILE = '<script>alert("x")</script>&'


def correct(p: float, seed: int, n: int = N) -> list[int]:
    return (np.random.default_rng(seed).random(n) < p).astype(int).tolist()


def make_run(folder: Path, p: float, seed: int, sidecar: dict | None = None, response: str | None = None) -> Path:
    gen = correct(p, seed + 1)
    responses = [response or ("answer%d" % i if ok else "wrong") for i, ok in enumerate(gen)] if response else None
    write_run(folder, {"latent_retention_mc": retention_mc_rows(correct(p, seed), DOMAINS),
                       "latent_retention_gen": retention_gen_rows(gen, DOMAINS, responses=responses),
                       "latent_passk": passk_rows([i % 5 for i in range(20)])}, model_name=f"model-{folder.name}")
    if sidecar is not None:
        (folder / "latent_suite_run.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return folder


def series(tmp_path: Path) -> list[Path]:
    return [make_run(tmp_path / "base", 0.5, 10, {"name": "base"}),
            make_run(tmp_path / "s100", 0.6, 20, {"name": "tuned-100", "base": "base", "step": 100}),
            make_run(tmp_path / "s200", 0.7, 30, {"name": "tuned-200", "base": "base", "step": 200})]


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_build_is_deterministic(tmp_path):
    runs = series(tmp_path)
    make_site(runs, tmp_path / "a")
    make_site(list(reversed(runs)), tmp_path / "b")  # order of the arguments does not matter either
    a, b = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert a == b
    assert set(a) == {"data.json", "index.html", "runs/base.html", "runs/tuned-100.html", "runs/tuned-200.html"}
    data = json.loads(a["data.json"])
    assert data["schema_version"] == 1 and [p["step"] for p in data["series"]["base"]] == [0, 100, 200]
    assert b"<svg" in a["index.html"]


def test_rebuild_is_incremental_and_adding_a_run(tmp_path):
    runs = series(tmp_path)
    site = tmp_path / "site"
    first = make_site(runs[:2], site)
    assert "runs/base.html" in first and "index.html" in first
    assert make_site(runs[:2], site) == []  # nothing changed, nothing written
    before = snapshot(site)
    added = make_site(runs, site)
    assert "runs/tuned-200.html" in added and "data.json" in added and "index.html" in added
    after = snapshot(site)
    assert set(after) == set(before) | {"runs/tuned-200.html"}
    assert len(json.loads(after["data.json"])["runs"]) == 3
    # dropping a run removes its page again
    assert "runs/tuned-200.html" in make_site(runs[:2], site)
    assert not (site / "runs" / "tuned-200.html").exists()


def test_base_deltas_and_intervals(tmp_path):
    data = build_site_data([read_run(p) for p in series(tmp_path)])
    runs = {r["slug"]: r for r in data["runs"]}
    h = runs["base"]["headline"]["latent_retention_mc"]
    assert h["metric"] == "acc" and h["kind"] == "binary" and h["lo"] < h["mean"] < h["hi"]
    assert runs["base"]["headline"]["latent_passk"]["metric"] == "pass@1"
    assert runs["base"]["headline"]["latent_retention_gen"]["metric"] == "match"
    d = runs["tuned-200"]["deltas"]["latent_retention_mc"]
    assert d["base"] == "base" and d["lo"] <= d["delta"] <= d["hi"] and d["delta"] > 0.1
    assert runs["base"]["deltas"] == {}


def _block(values: list[int]):
    ids = np.arange(len(values))
    return ids, np.array([f"h{i}" for i in ids], dtype=object), np.asarray(values, dtype=float)


def test_tie_groups_two_separated_two_tied():
    rng = np.random.default_rng(0)
    ability = rng.random(N)
    top = (ability < 0.9).astype(int)                     # ≈ 0.90
    low = (ability < 0.3).astype(int)                     # ≈ 0.30
    mid_a = (ability < 0.6).astype(int)                   # ≈ 0.60
    mid_b = mid_a.copy()
    flip = np.flatnonzero(mid_b)[:3]
    mid_b[flip] = 0                                       # 3 items apart from mid_a: not separable
    blocks = {"top": _block(top), "mid_a": _block(mid_a), "mid_b": _block(mid_b), "low": _block(low)}
    pairs = pairwise(blocks)
    means = {k: float(v[2].mean()) for k, v in blocks.items()}
    assert tie_groups(means, pairs) == [["top"], ["mid_a", "mid_b"], ["low"]]
    sep = {frozenset((p["a"], p["b"])): p["separated"] for p in pairs}
    assert not sep[frozenset(("mid_a", "mid_b"))] and sep[frozenset(("top", "low"))]
    # no shared items → never separated: all four collapse into one group
    apart = {k: (v[0] + 1000 * i, v[1], v[2]) for i, (k, v) in enumerate(blocks.items())}
    assert tie_groups(means, pairwise(apart)) == [["top", "mid_a", "mid_b", "low"]]


def test_hostile_names_and_text_are_escaped(tmp_path):
    runs = [make_run(tmp_path / "evil", 0.5, 1, {"name": HOSTILE, "base": HOSTILE + "b", "step": 1},
                     response=HOSTILE),
            make_run(tmp_path / "good", 0.5, 2, {"name": HOSTILE + "b"})]
    site = tmp_path / "site"
    make_site(runs, site)
    for rel, content in snapshot(site).items():
        text = content.decode()
        if rel.endswith(".html"):
            assert "<script>alert" not in text, rel
            assert "&lt;script&gt;alert" in text, rel
    data = json.loads((site / "data.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in data["runs"]} == {HOSTILE, HOSTILE + "b"}
    assert all(r["slug"].replace("-", "").isalnum() for r in data["runs"])


def test_unreadable_run_exits_2_and_writes_nothing(tmp_path, capsys):
    import argparse

    from latent_suite.leaderboards.leaderboard_command import add_arguments, main

    good = make_run(tmp_path / "good", 0.5, 1)
    site = tmp_path / "site"
    args = add_arguments(argparse.ArgumentParser()).parse_args([str(good), str(tmp_path / "missing"), "-o", str(site)])
    assert main(args) == 2
    assert capsys.readouterr().err.startswith("latent-suite: error: ")
    assert not site.exists()
