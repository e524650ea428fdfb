"""Number formatting shared by the HTML and markdown renderers (values come from comparison.json as is).

Metrics on the proportion scale (``scale == "proportion"``: 0/1 rates, pass@k; ``kind == "binary"`` implies
it) are shown as percentages, their differences in percentage points. Other values get 4 significant digits. ``None`` (undefined) is shown as "n/a".
"""
from __future__ import annotations

NA = "n/a"


def pct(x, digits: int = 1) -> str:
    return NA if x is None else f"{100.0 * x:.{digits}f}%"


PROPORTION = ("proportion", "binary")


def val(x, scale: str | None = "proportion") -> str:
    if x is None:
        return NA
    return pct(x) if scale in PROPORTION else f"{x:.4g}"


def delta(x, scale: str | None = "proportion") -> str:
    if x is None:
        return NA
    return f"{100.0 * x:+.1f} pts" if scale in PROPORTION else f"{x:+.4g}"


def mde(x, scale: str | None = "proportion") -> str:
    """An unsigned effect size (MDE): percentage points on the proportion scale."""
    if x is None:
        return NA
    return f"{100.0 * x:.1f} pts" if scale in PROPORTION else f"{x:.4g}"


def ci(stats: dict) -> str:
    lo, hi = stats.get("ci_lo"), stats.get("ci_hi")
    if lo is None or hi is None:
        return NA
    if stats.get("scale", stats.get("kind")) in PROPORTION:
        return f"[{100.0 * lo:+.1f}, {100.0 * hi:+.1f}]"
    return f"[{lo:+.4g}, {hi:+.4g}]"


def pval(p) -> str:
    if p is None:
        return NA
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def p_eq(p) -> str:
    """'p = 0.123' / 'p < 0.001' / 'p n/a' for running text."""
    if p is None:
        return "p n/a"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def num(x, digits: int = 3) -> str:
    if x is None:
        return NA
    if isinstance(x, int):
        return str(x)
    return f"{x:.{digits}f}"


def sha(x) -> str:
    return "none" if not x else str(x)[:12]
