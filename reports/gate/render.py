"""Gate verdict dict → JUnit XML (one testcase per policy metric) and a markdown table."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from latent_suite.reports.render.markdown import md


def _numbers(r: dict) -> str:
    return (f"mode={r['mode']} kind={r['kind']} n={r['n']} (missing {r['n_missing']}) baseline={r['baseline']:.4f} "
            f"candidate={r['candidate']:.4f} delta={r['delta']:+.4f} {r['bound_side']}_bound={r['bound']:+.4f} "
            f"margin={r['margin']:g} alpha={r['alpha']:g} p={r['p_value']:.4g} p_holm={r['p_holm']:.4g}")


def render_junit(verdict: dict) -> str:
    rows = verdict["metrics"]
    suite = ET.Element("testsuite", name="latent-suite gate", tests=str(len(rows)),
                       failures=str(sum(r["status"] != "pass" for r in rows)), errors="0", skipped="0")
    for r in rows:
        case = ET.SubElement(suite, "testcase", classname=f"latent_suite.gate.{r['task']}",
                             name=f"{r['metric']}/{r['filter']}")
        if r["status"] != "pass":
            fail = ET.SubElement(case, "failure", message=r["reason"], type=r["mode"])
            fail.text = _numbers(r)
        else:
            ET.SubElement(case, "system-out").text = _numbers(r)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_markdown(verdict: dict) -> str:
    head = "PASS" if verdict["verdict"] == "pass" else "FAIL"
    lines = [f"## latent-suite gate: {head}", "",
             "| status | task | metric | filter | mode | n | baseline | candidate | Δ | bound | margin | p | p (Holm) | note |",
             "|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in verdict["metrics"]:
        lines.append("| " + " | ".join([
            "✅ pass" if r["status"] == "pass" else "❌ fail", md(r["task"]), md(r["metric"]), md(r["filter"]),
            r["mode"], str(r["n"]), f"{r['baseline']:.4f}", f"{r['candidate']:.4f}", f"{r['delta']:+.4f}",
            f"{r['bound_side']} {r['bound']:+.4f}", f"{r['margin']:g}", f"{r['p_value']:.3g}",
            f"{r['p_holm']:.3g}", md(r["reason"])]) + " |")
    lines += ["", f"One-sided tests at each metric's α, Holm-adjusted across the {verdict['n_metrics']} policy "
              "metric(s); bounds are unadjusted one-sided (1 − α) bounds of Δ = candidate − baseline."]
    return "\n".join(lines) + "\n"
