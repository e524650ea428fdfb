"""data.json dict → the site's HTML pages (jinja2, autoescape on; inline CSS, SVG and a few lines of inline
JS, no network access, works from file://). Pages: ``index.html`` and ``runs/<slug>.html``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from .trend_svg import trend_chart

TEMPLATES = Path(__file__).resolve().parent / "templates"


def fmt(x, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def signed(x, digits: int = 3) -> str:
    return "–" if x is None else f"{x:+.{digits}f}"


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(f=fmt, signed=signed)
    return env


def _charts(data: dict) -> list[dict]:
    by_slug = {r["slug"]: r for r in data["runs"]}
    out = []
    for base, members in data["series"].items():
        for fam in data["families"]:
            pts = []
            for m in members:
                h = by_slug[m["slug"]]["headline"].get(fam["task"])
                if h is not None:
                    pts.append({"step": m["step"], "name": by_slug[m["slug"]]["name"], "mean": h["mean"],
                                "lo": h["lo"], "hi": h["hi"]})
            if len(pts) >= 2:
                title = f"{fam['task']} {fam['metric']} — series of {base}"
                out.append({"base": base, "task": fam["task"], "svg": trend_chart(title, pts)})
    return out


def render_index(data: dict) -> str:
    return environment().get_template("index.html.j2").render(data=data, charts=_charts(data))


def render_run_page(data: dict, slug: str) -> str:
    run = next(r for r in data["runs"] if r["slug"] == slug)
    return environment().get_template("run.html.j2").render(data=data, run=run)


def render_site(data: dict) -> dict[str, str]:
    """{relative path: text} for every page of the site."""
    pages = {"index.html": render_index(data)}
    for r in data["runs"]:
        pages[f"runs/{r['slug']}.html"] = render_run_page(data, r["slug"])
    return pages


__all__ = ["Markup", "render_index", "render_run_page", "render_site"]
