"""comparison.json dict → a markdown summary for a PR comment: the headline table and each family's key
lines (``reports.sections.<family>.markdown``), drawn from the dict only.

No model text goes into the markdown (the forgotten items stay in the HTML). Names from the runs (tasks,
metrics, labels) are escaped for markdown tables and for the HTML that GitHub renders inside markdown.
"""
from __future__ import annotations

from . import format as fmt

_MD = str.maketrans({"|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "`": "'", "*": "\\*", "_": "\\_",
                     "[": "\\[", "]": "\\]", "\n": " ", "\r": " "})


def md(text) -> str:
    """Plain text safe inside a markdown table cell (no HTML, no emphasis, no links, one line)."""
    return str(text).translate(_MD)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def headline_table(data: dict) -> list[str]:
    lines = [_row(["metric", "n", "base", "tuned", "Δ", "95% CI", "p", "p (Holm)", "MDE", ""]),
             _row(["---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---"])]
    for h in data["headline"]:
        s = h["stats"]
        flag = []
        if h["significant_holm"]:
            flag.append("**significant**")
        if s["underpowered"]:
            flag.append("underpowered")
        sc = s.get("scale", s["kind"])
        lines.append(_row([md(h["label"]), str(s["n"]), fmt.val(s["base_mean"], sc),
                           fmt.val(s["tuned_mean"], sc), fmt.delta(s["delta"], sc), fmt.ci(s),
                           fmt.pval(s["p_value"]), fmt.pval(h["p_holm"]), fmt.mde(s["mde"], sc),
                           ", ".join(flag)]))
    return lines


def render_markdown(data: dict) -> str:
    """The PR-comment summary for a comparison.json dict."""
    from ..sections import module_for

    runs = data["runs"]
    out = ["## latent-suite: base vs tuned", "",
           f"base `{md(runs['base']['model_name'] or runs['base']['path'])}` → tuned "
           f"`{md(runs['tuned']['model_name'] or runs['tuned']['path'])}` · {data['pairing']['n_paired']} paired "
           f"rows · Δ = tuned − base · p (Holm) over {data['multiple_testing']['m']} headline metrics", ""]
    for w in data["pairing"]["warnings"]:
        out.append(f"> ⚠ {md(w)}")
    if data["pairing"]["warnings"]:
        out.append("")
    out += headline_table(data)
    for section in data["sections"]:
        try:
            lines = module_for(section["family"]).markdown(section)
        except KeyError:
            lines = []
        if lines:
            out += ["", f"**{md(section['title'])}**", ""] + lines
    out += ["", f"<sub>comparison.json schema {data['schema_version']} · {md(data['generator']['name'])} "
                f"{md(data['generator']['version'])} · seed {data['settings']['seed']}</sub>", ""]
    return "\n".join(out)
