"""Build the static site folder, deterministically and incrementally.

``data.json`` is serialised with sorted keys, 1-space indent and no NaN; the pages are rendered from the
parsed data.json (never from the Run objects). Incremental: the previous ``data.json`` in the folder tells
which run pages are current — a run page is re-rendered only when its run entry (or the page-wide fields)
changed or the file is missing; ``index.html`` and ``data.json`` are written only when their bytes change;
pages of runs no longer on the board (listed in the previous data.json) are removed. All changed files are
rendered and validated first, then written atomically as a set (``atomic_files.write_all``).
"""
from __future__ import annotations

import json
from pathlib import Path

from latent_suite.errors import LatentSuiteError
from latent_suite.atomic_files import write_all

from .render import render_index, render_run_page

PAGE_WIDE = ("schema_version", "level", "alpha")


def dump(data: dict) -> str:
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _previous(out: Path) -> dict:
    try:
        return json.loads((out / "data.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build_site(data: dict, out: str | Path) -> list[str]:
    """Write the site for a data.json dict into ``out``; returns the relative paths written or removed."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise LatentSuiteError(f"output path is not a folder: {out}")
    text = dump(data)
    data = json.loads(text)  # the site is rendered from data.json only
    prev = _previous(out)
    prev_runs = {r.get("slug"): r for r in prev.get("runs", []) if isinstance(r, dict)}
    wide_same = all(prev.get(k) == data.get(k) for k in PAGE_WIDE)

    files: dict[Path, str] = {}

    def stage(rel: str, content: str) -> None:
        path = out / rel
        try:
            if path.read_text(encoding="utf-8") == content:
                return
        except (OSError, UnicodeDecodeError):
            pass
        files[path] = content

    stage("data.json", text)
    stage("index.html", render_index(data))
    for run in data["runs"]:
        rel = f"runs/{run['slug']}.html"
        if wide_same and prev_runs.get(run["slug"]) == run and (out / rel).is_file():
            continue
        stage(rel, render_run_page(data, run["slug"]))
    current = {r["slug"] for r in data["runs"]}
    stale = [out / "runs" / f"{s}.html" for s in sorted(set(prev_runs) - current) if isinstance(s, str)]
    if files:
        write_all(files)
    removed = []
    for p in stale:
        if p.is_file():
            p.unlink()
            removed.append(p)
    return sorted(str(p.relative_to(out)) for p in list(files) + removed)
