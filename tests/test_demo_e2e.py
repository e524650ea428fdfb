"""`latent-suite demo` end to end on the real embedded model and its planted LoRA checkpoint (slow).

Kept short with ``--limit 2`` (the README's `make demo` uses the demo's own sizes); on a fresh machine the first
run also builds the tuned checkpoint (a few CPU minutes), later runs reuse the cache.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import offline_env

pytestmark = pytest.mark.slow


def test_demo_writes_report_and_leaderboard_for_base_vs_planted(tmp_path, embedded_model):
    out = tmp_path / "demo"
    proc = subprocess.run([sys.executable, "-m", "latent_suite.cli", "demo", "-o", str(out), "--limit", "2"],
                          capture_output=True, text=True, env=offline_env(), timeout=3000)
    assert proc.returncode == 0, proc.stderr[-3000:]
    printed = [Path(line) for line in proc.stdout.splitlines() if line.startswith(str(out))]
    expected = [out / "report.html", out / "comparison.json", out / "summary.md", out / "site" / "index.html"]
    assert printed == expected
    assert all(p.is_file() and p.stat().st_size > 0 for p in expected)
    data = json.loads((out / "comparison.json").read_text())
    assert data["runs"]["base"]["sidecar"]["name"] == "smollm2-135m-instruct"
    assert data["runs"]["tuned"]["sidecar"] == {"name": "smollm2-135m-instruct-planted", "base": "smollm2-135m-instruct",
                                        "step": None}
    assert "smollm2-135m-instruct-plant-" in str(data["runs"]["tuned"]["model_args"])
    families = {s["family"] for s in data["sections"]}
    assert {"passk", "flex", "retention", "cot", "selfdesc"} <= families, families
    assert "after Holm" in proc.stdout  # the headline lines
    site = json.loads((out / "site" / "data.json").read_text())
    assert "smollm2-135m-instruct-planted" in (out / "site" / "index.html").read_text()
    assert sorted(r["name"] for r in site["runs"]) == ["smollm2-135m-instruct", "smollm2-135m-instruct-planted"]
