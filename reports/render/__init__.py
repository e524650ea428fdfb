"""Renderers: comparison.json dict → HTML page / markdown summary (never from the Comparison object)."""
from .html import render_html
from .markdown import render_markdown

__all__ = ["render_html", "render_markdown"]
