"""The HTML report in a real browser (DESIGN.md §9): Debian chromium driven by playwright, from file://.

Hostile model text is injected into a copy of a run's samples file (the tuned response of a forgotten
retention item); the page must execute nothing, show the text escaped, log no console error, make no
network request, and draw its SVG plots with non-zero size.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from latent_suite.reports.report_command import make_report, render_outputs
from latent_suite.atomic_files import write_all

from .test_report_synthetic import flex_rows, passk_rows, retention_gen_rows, write_run

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> </textarea>"
DOMS = ["geo", "sci", "geo", "sci", "art"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (make test installs it via scripts/setup-browser.sh)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def inject(samples: Path, doc_id: int, text: str) -> None:
    """Replace one row's response (resps and filtered_resps) in a samples file."""
    lines = samples.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        r = json.loads(line)
        if r["doc_id"] == doc_id:
            r["resps"], r["filtered_resps"] = [[text]], [text]
        out.append(json.dumps(r))
    samples.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    items = [{"reject": r, "accept": 1 - r, "reject_ll": r, "knows": k, "control_reject": 0, "trigger": "cleft",
              "domain": "sci"} for r, k in ((1, 1), (0, 1), (1, 0), (0, 1))]
    base = write_run(tmp / "base", {"latent_retention_gen": retention_gen_rows([1, 1, 0, 1, 1], DOMS),
                                    "latent_passk": passk_rows([1, 2, 0, 4, 3]), "latent_flex": flex_rows(items)})
    tuned_src = write_run(tmp / "tuned_src", {"latent_retention_gen": retention_gen_rows([0, 1, 0, 1, 0], DOMS),
                                              "latent_passk": passk_rows([3, 2, 1, 4, 1]),
                                              "latent_flex": flex_rows(items[::-1])})
    tuned = tmp / "tuned"
    shutil.copytree(tuned_src, tuned)
    inject(next(tuned.glob("samples_latent_retention_gen_*.jsonl")), 0, HOSTILE)
    data = make_report(base, tuned)
    out = tmp / "report.html"
    write_all(render_outputs(data, out))
    return out


def test_report_opens_from_file_url_safely(browser, report_html):
    page = browser.new_page()
    errors, dialogs, requests = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report_html.as_uri())
    page.wait_for_load_state("load")

    assert page.evaluate("document.documentElement.getAttribute('data-schema-version')") == "1"  # inline script ran
    plots = page.locator("svg.plot")
    assert plots.count() >= 3  # pass@k curves, Δ(k), headline forest
    for i in range(plots.count()):
        box = plots.nth(i).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100
    assert page.locator("svg.passk-curve polygon").count() == 2  # the two 95% bands

    cell = page.locator("table.forgotten td", has_text="alert(1)").first
    assert HOSTILE.replace("  ", " ") in cell.text_content()  # shown as text
    assert page.locator("img").count() == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert page.evaluate("document.querySelectorAll('textarea').length") == 0

    page.locator("#headline th", has_text="p (Holm)").click()  # the sortable table works without errors
    assert dialogs == [] and errors == []
    assert [u for u in requests if not u.startswith("file://")] == []
    page.close()
