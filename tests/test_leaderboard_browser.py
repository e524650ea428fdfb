"""The leaderboard in a real browser (Debian chromium via playwright, DESIGN §9): loads from file://, no
console errors, sorting by a column header works, the table and the trend chart SVG render."""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest

from latent_suite.leaderboards.leaderboard_command import make_site

from .test_leaderboard_site import series

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"{CHROMIUM} missing: apt-get update && apt-get install -y chromium"),
]


@contextmanager
def open_board(site):
    """A Chromium page on site/index.html (file://); on exit, no console or page error may have been logged."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright python package is not installed")
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((site / "index.html").as_uri())
            yield page
        finally:
            browser.close()
    assert errors == []


def assert_board(page, tmp_path, n_runs: int) -> None:
    """n_runs table rows, at least one trend chart of non-zero size, and a screenshot of the page."""
    assert page.locator("#board tbody tr").count() == n_runs
    charts = page.locator("svg.trend")
    assert charts.count() >= 1
    box = charts.first.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    shot = tmp_path / "leaderboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 1000


def check_board_in_chromium(site, tmp_path, n_runs: int) -> None:
    """The board opens with no console errors and shows its table, trend chart and a screenshot."""
    with open_board(site) as page:
        assert_board(page, tmp_path, n_runs)


def test_index_in_chromium(tmp_path):
    site = tmp_path / "site"
    make_site(series(tmp_path), site)
    with open_board(site) as page:
        assert_board(page, tmp_path, 3)

        def names():
            return page.locator("#board tbody tr td:first-child a").all_inner_texts()

        header = page.locator("#board thead th").nth(1)  # step
        header.click()
        assert names() == ["base", "tuned-100", "tuned-200"]
        header.click()
        assert names() == ["tuned-200", "tuned-100", "base"]
        page.locator("#board thead th").nth(0).click()
        assert names() == ["base", "tuned-100", "tuned-200"]
        page.locator("#board tbody tr td:first-child a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "base"
