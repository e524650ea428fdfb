"""comparison.json dict → one self-contained HTML file (jinja2, autoescape on; inline CSS, SVG and a small
inline script; no network access, opens from file://).

Templates: ``reports/templates/report.html.j2`` (page, headline, pairing, runs) and one partial per family,
``reports/templates/sections/<family>.html.j2``, each drawing from its section dict only. All model and run
text is escaped by jinja2's autoescape; SVG text by :mod:`.svg`; the embedded comparison JSON by
:func:`.json_script.json_for_script`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from . import format as fmt
from . import svg
from .json_script import json_for_script

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(pct=fmt.pct, val=fmt.val, delta=fmt.delta, mde=fmt.mde, ci=fmt.ci, pval=fmt.pval, num=fmt.num,
                       sha=fmt.sha)
    env.globals.update(passk_curves=svg.passk_curves, delta_curve=svg.delta_curve, forest=svg.forest,
                       json_for_script=json_for_script)
    return env


def section_template(family: str) -> str:
    """The partial for a family: ``sections/<family>.html.j2``, else a raw (escaped) dump of its dict."""
    name = f"sections/{family}.html.j2"
    return name if (TEMPLATES / name).is_file() else "sections/_fallback.html.j2"


def render_html(data: dict) -> str:
    """The report page for a comparison.json dict."""
    env = environment()
    return env.get_template("report.html.j2").render(data=data, section_template=section_template)
