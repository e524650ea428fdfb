"""Inline SVG trend chart: one family's headline over a checkpoint series, with its 95% interval band.

x = step (linear), y = headline mean; the band is the polygon through the per-run interval ends. All text is
HTML-escaped (markupsafe); numbers are formatted with fixed precision so the bytes are deterministic.
"""
from __future__ import annotations

from markupsafe import Markup, escape

W, H, L, R, T, B = 420, 200, 48, 12, 22, 30


def _nice(lo: float, hi: float) -> tuple[float, float]:
    if hi - lo < 1e-9:
        lo, hi = lo - 0.05, hi + 0.05
    pad = (hi - lo) * 0.1
    return lo - pad, hi + pad


def trend_chart(title: str, points: list[dict]) -> Markup:
    """points: dicts with step, mean, lo, hi (lo/hi may be None), ordered by step."""
    xs = [float(p["step"]) for p in points]
    ends = [v for p in points for v in (p["mean"], p["lo"], p["hi"]) if v is not None]
    y0, y1 = _nice(min(ends), max(ends))
    x0, x1 = (min(xs), max(xs)) if max(xs) > min(xs) else (min(xs) - 1, max(xs) + 1)

    def sx(x):
        return L + (x - x0) / (x1 - x0) * (W - L - R)

    def sy(y):
        return H - B - (y - y0) / (y1 - y0) * (H - T - B)

    parts = [f'<svg class="trend" xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
             f'viewBox="0 0 {W} {H}" role="img" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text x="{L}" y="14" font-size="12">{escape(title)}</text>',
             f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="#888"/>',
             f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="#888"/>']
    for y in (y0, (y0 + y1) / 2, y1):
        parts.append(f'<text x="{L - 4}" y="{sy(y) + 4:.1f}" font-size="10" text-anchor="end">{y:.3f}</text>')
    band = [p for p in points if p["lo"] is not None and p["hi"] is not None]
    if band:
        pts = [f"{sx(float(p['step'])):.1f},{sy(p['hi']):.1f}" for p in band]
        pts += [f"{sx(float(p['step'])):.1f},{sy(p['lo']):.1f}" for p in reversed(band)]
        parts.append(f'<polygon class="band" points="{" ".join(pts)}" fill="#4a7bd0" fill-opacity="0.2"/>')
    line = " ".join(f"{sx(x):.1f},{sy(p['mean']):.1f}" for x, p in zip(xs, points))
    parts.append(f'<polyline points="{line}" fill="none" stroke="#4a7bd0" stroke-width="2"/>')
    for x, p in zip(xs, points):
        parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(p["mean"]):.1f}" r="3" fill="#4a7bd0">'
                     f'<title>{escape(p.get("name", ""))} step {escape(p["step"])}: {p["mean"]:.3f}</title></circle>')
        parts.append(f'<text x="{sx(x):.1f}" y="{H - B + 14}" font-size="10" text-anchor="middle">'
                     f'{escape(p["step"])}</text>')
    parts.append(f'<text x="{(L + W - R) / 2:.1f}" y="{H - 2}" font-size="10" text-anchor="middle">step</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
