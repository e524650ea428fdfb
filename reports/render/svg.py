"""Inline SVG plots for the HTML report, drawn from comparison.json fields only (no network, no JS).

* :func:`passk_curves` — both arms' mean pass@k (``sections[passk].tasks[].curve``) with their 95 % bands;
  k on a log₂ axis; the crossover k (if any) as a dashed line; a ``<title>`` tooltip per point.
* :func:`delta_curve` — Δ(k) = tuned − base with its band and the zero line.
* :func:`forest` — headline Δ with 95 % CI for every headline metric on the proportion scale.

Every piece of text (task names, labels, tooltips) goes through :func:`markupsafe.escape`; numbers are
formatted floats. The result is :class:`markupsafe.Markup`, safe to insert into the autoescaped template.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

W, H = 560, 300
PAD_L, PAD_R, PAD_T, PAD_B = 52, 16, 26, 40
BASE_COLOUR, TUNED_COLOUR, DIFF_COLOUR = "#1f77b4", "#d62728", "#6a3d9a"


def _scale(lo: float, hi: float, a: float, b: float):
    span = (hi - lo) or 1.0
    return lambda v: a + (v - lo) / span * (b - a)


def _nice_range(values: list[float], floor0: bool = False) -> tuple[float, float]:
    vals = [v for v in values if v is not None and math.isfinite(v)]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    lo, hi = math.floor(lo * 10) / 10, math.ceil(hi * 10) / 10
    if floor0:
        lo = min(lo, 0.0)
    if hi - lo < 0.1:
        hi = lo + 0.1
    return lo, hi


def _k_ticks(ks: list[int]) -> list[int]:
    kmax = ks[-1]
    ticks, k = [], 1
    while k < kmax:
        ticks.append(k)
        k *= 2
    ticks.append(kmax)
    if len(ticks) > 9:
        step = math.ceil(len(ticks) / 8)
        ticks = ticks[::step] + ([kmax] if ticks[::step][-1] != kmax else [])
    return ticks


def _frame(title: str, y_lo: float, y_hi: float, y_label: str, ks: list[int], xs) -> list[str]:
    ys = _scale(y_lo, y_hi, H - PAD_B, PAD_T)
    out = [f'<text x="{W / 2:.1f}" y="16" text-anchor="middle" class="svg-title">{escape(title)}</text>']
    for i in range(6):
        v = y_lo + (y_hi - y_lo) * i / 5
        y = ys(v)
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{v:.2f}</text>')
    for k in _k_ticks(ks):
        x = xs(k)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{H - PAD_B}" y2="{H - PAD_B + 4}" class="axis"/>')
        out.append(f'<text x="{x:.1f}" y="{H - PAD_B + 16}" text-anchor="middle" class="tick">{k}</text>')
    out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{H - PAD_B}" y2="{H - PAD_B}" class="axis"/>')
    out.append(f'<line x1="{PAD_L}" x2="{PAD_L}" y1="{PAD_T}" y2="{H - PAD_B}" class="axis"/>')
    out.append(f'<text x="{W / 2:.1f}" y="{H - 6}" text-anchor="middle" class="label">k (samples per problem, '
               f'log scale)</text>')
    out.append(f'<text x="14" y="{H / 2:.1f}" transform="rotate(-90 14 {H / 2:.1f})" text-anchor="middle" '
               f'class="label">{escape(y_label)}</text>')
    return out


def _x_scale(ks: list[int]):
    if len(ks) == 1:
        return lambda k: (PAD_L + W - PAD_R) / 2
    lo, hi = math.log2(ks[0]), math.log2(ks[-1])
    s = _scale(lo, hi, PAD_L + 8, W - PAD_R - 8)
    return lambda k: s(math.log2(k))


def _series(ks, band: dict, xs, ys, colour: str, name: str, cls: str) -> list[str]:
    pts = [(k, m, lo, hi) for k, m, lo, hi in zip(ks, band["mean"], band["lo"], band["hi"])
           if m is not None and lo is not None and hi is not None]
    if not pts:
        return []
    upper = " ".join(f"{xs(k):.1f},{ys(hi):.1f}" for k, _, _, hi in pts)
    lower = " ".join(f"{xs(k):.1f},{ys(lo):.1f}" for k, _, lo, _ in reversed(pts))
    line = " ".join(f"{xs(k):.1f},{ys(m):.1f}" for k, m, _, _ in pts)
    out = [f'<g class="{cls}"><polygon points="{upper} {lower}" fill="{colour}" fill-opacity="0.18" stroke="none"/>',
           f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>']
    every = max(1, len(pts) // 40)
    for k, m, lo, hi in pts[::every] + ([pts[-1]] if (len(pts) - 1) % every else []):
        tip = f"{name}, k = {k}: {m:.3f} [{lo:.3f}, {hi:.3f}]"
        out.append(f'<circle cx="{xs(k):.1f}" cy="{ys(m):.1f}" r="2.5" fill="{colour}"><title>{escape(tip)}</title>'
                   f'</circle>')
    out.append("</g>")
    return out


def _svg(parts: list[str], label: str, cls: str) -> Markup:
    body = "\n".join(parts)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="plot {cls}" width="{W}" height="{H}" '
                  f'viewBox="0 0 {W} {H}" role="img" aria-label="{escape(label)}">\n'
                  f'<title>{escape(label)}</title>\n{body}\n</svg>')


def _legend(items: list[tuple[str, str]]) -> list[str]:
    out = []
    x = PAD_L + 10
    for colour, name in items:
        out.append(f'<rect x="{x}" y="{PAD_T + 4}" width="12" height="4" fill="{colour}"/>')
        out.append(f'<text x="{x + 16}" y="{PAD_T + 10}" class="legend">{escape(name)}</text>')
        x += 16 + 8 * len(name) + 12
    return out


def passk_curves(block: dict) -> Markup:
    """Base and tuned mean pass@k with 95 % bands for one pass@k block (``sections[].tasks[]``)."""
    curve = block["curve"]
    ks = curve["k"]
    vals = curve["base"]["lo"] + curve["base"]["hi"] + curve["tuned"]["lo"] + curve["tuned"]["hi"]
    y_lo, y_hi = _nice_range(vals)
    y_lo, y_hi = max(0.0, y_lo), min(1.0, y_hi)
    if y_hi <= y_lo:
        y_lo, y_hi = max(0.0, y_hi - 0.1), max(y_hi, 0.1)
    xs, ys = _x_scale(ks), _scale(y_lo, y_hi, H - PAD_B, PAD_T)
    title = f"{block['task']}: mean pass@k, {block['n_problems']} problems, 95% bands"
    parts = _frame(title, y_lo, y_hi, "mean pass@k", ks, xs)
    parts += _series(ks, curve["base"], xs, ys, BASE_COLOUR, "base", "series-base")
    parts += _series(ks, curve["tuned"], xs, ys, TUNED_COLOUR, "tuned", "series-tuned")
    if block.get("crossover_k") is not None:
        x = xs(block["crossover_k"])
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_T}" y2="{H - PAD_B}" class="crossover">'
                     f'<title>crossover k = {int(block["crossover_k"])}</title></line>')
    parts += _legend([(BASE_COLOUR, "base"), (TUNED_COLOUR, "tuned")])
    return _svg(parts, title, "passk-curve")


def delta_curve(block: dict) -> Markup:
    """Δ(k) = tuned − base mean pass@k with its 95 % band and the zero line."""
    curve = block["curve"]
    ks = curve["k"]
    y_lo, y_hi = _nice_range(curve["diff"]["lo"] + curve["diff"]["hi"] + [0.0], floor0=False)
    xs, ys = _x_scale(ks), _scale(y_lo, y_hi, H - PAD_B, PAD_T)
    title = f"{block['task']}: tuned − base pass@k, 95% band"
    parts = _frame(title, y_lo, y_hi, "Δ pass@k", ks, xs)
    parts.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{ys(0.0):.1f}" y2="{ys(0.0):.1f}" class="zero"/>')
    parts += _series(ks, curve["diff"], xs, ys, DIFF_COLOUR, "tuned − base", "series-diff")
    return _svg(parts, title, "passk-delta")


def forest(headline: list[dict]) -> Markup | None:
    """Δ and 95 % CI of every headline metric on the proportion scale (entries outside [−1, 1] skipped)."""
    rows = [h for h in headline if h["stats"].get("delta") is not None and h["stats"].get("ci_lo") is not None
            and -1.0 <= h["stats"]["ci_lo"] <= 1.0 and -1.0 <= h["stats"]["ci_hi"] <= 1.0]
    if not rows:
        return None
    row_h, left, right = 24, 250, 24
    height = PAD_T + row_h * len(rows) + 34
    lo = min(min(h["stats"]["ci_lo"] for h in rows), 0.0)
    hi = max(max(h["stats"]["ci_hi"] for h in rows), 0.0)
    lo, hi = math.floor(lo * 10) / 10, math.ceil(hi * 10) / 10
    if hi - lo < 0.1:
        hi = lo + 0.1
    xs = _scale(lo, hi, left, W - right)
    title = "Headline: Δ (tuned − base) with 95% CI, proportion scale"
    parts = [f'<text x="{W / 2:.1f}" y="16" text-anchor="middle" class="svg-title">{escape(title)}</text>']
    bottom = PAD_T + row_h * len(rows)
    step = next(st for st in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0) if (hi - lo) / st <= 8)
    for i in range(int(math.floor(lo / step)), int(math.ceil(hi / step)) + 1):
        v = i * step
        if v < lo - 1e-9 or v > hi + 1e-9:
            continue
        x = xs(v)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{PAD_T}" y2="{bottom}" class="grid"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" class="tick">{100 * v:+.0f}</text>')
    parts.append(f'<text x="{(left + W - right) / 2:.1f}" y="{bottom + 30}" text-anchor="middle" class="label">'
                 f'Δ, percentage points</text>')
    parts.append(f'<line x1="{xs(0):.1f}" x2="{xs(0):.1f}" y1="{PAD_T}" y2="{bottom}" class="zero"/>')
    for i, h in enumerate(rows):
        s = h["stats"]
        y = PAD_T + row_h * i + row_h / 2
        label = h["label"] if len(h["label"]) <= 38 else h["label"][:37] + "…"
        colour = TUNED_COLOUR if h.get("significant_holm") else "#555"
        tip = (f"{h['label']}: Δ {100 * s['delta']:+.1f} pts, 95% CI [{100 * s['ci_lo']:+.1f}, "
               f"{100 * s['ci_hi']:+.1f}], n = {s['n']}")
        parts.append(f'<g class="forest-row"><title>{escape(tip)}</title>'
                     f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">{escape(label)}</text>'
                     f'<line x1="{xs(s["ci_lo"]):.1f}" x2="{xs(s["ci_hi"]):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{colour}" stroke-width="2"/>'
                     f'<circle cx="{xs(s["delta"]):.1f}" cy="{y:.1f}" r="4" fill="{colour}"/></g>')
    body = "\n".join(parts)
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="plot forest" width="{W}" height="{height}" '
                  f'viewBox="0 0 {W} {height}" role="img" aria-label="{escape(title)}">\n'
                  f'<title>{escape(title)}</title>\n{body}\n</svg>')
