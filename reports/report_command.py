"""``latent-suite report BASE_DIR TUNED_DIR -o report.html [--json comparison.json] [--markdown summary.md]
[--allow-prompt-change | --allow-template-change]`` (DESIGN.md §3).

Flow: read both runs → pair and compare (pure) → comparison.json dict → validate → render HTML (and
markdown) from the dict → write every file atomically. Any bad input raises
:class:`~latent_suite.errors.LatentSuiteError` before a file is written (the CLI prints one line, exit 2).

Wired into ``latent_suite.cli`` with :func:`add_arguments` and :func:`main`; also runnable on its own:
``python -m latent_suite.reports.report_command BASE TUNED -o report.html``. Import-light: the heavy
modules load inside :func:`make_report`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXAMPLE = ("latent-suite report runs/base runs/tuned -o report.html --json comparison.json "
           "--markdown summary.md")
HELP = "paired base-vs-tuned report: HTML, plus comparison.json and a markdown summary"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("base_dir", metavar="BASE_DIR", help="lm-eval --output_path of the base model (--log_samples)")
    parser.add_argument("tuned_dir", metavar="TUNED_DIR", help="lm-eval --output_path of the tuned model")
    parser.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="the HTML report to write")
    parser.add_argument("--json", dest="json_path", metavar="COMPARISON.json",
                        help="also write comparison.json (schema_version 1; the HTML and markdown are rendered from it)")
    parser.add_argument("--markdown", dest="markdown_path", metavar="SUMMARY.md",
                        help="also write a markdown summary for a PR comment")
    parser.add_argument("--allow-prompt-change", "--allow-template-change", dest="allow_prompt_change",
                        action="store_true",
                        help="compare even when prompt_hash differs (system instruction, chat template, few-shot); "
                             "the report shows what differs")
    parser.add_argument("--seed", type=int, default=0, help="bootstrap seed (default %(default)s)")
    return parser


def make_report(base_dir, tuned_dir, *, allow_prompt_change: bool = False, seed: int = 0) -> dict:
    """Read, pair and compare two run dirs; the validated comparison.json dict."""
    from latent_suite.run_reader import read_run

    return report_from_runs(read_run(base_dir), read_run(tuned_dir), allow_prompt_change=allow_prompt_change,
                            seed=seed)


def report_from_runs(base, tuned, *, allow_prompt_change: bool = False, seed: int = 0) -> dict:
    """:func:`make_report` on two runs already read (``run_reader.Run``)."""
    from .comparison import compare_runs
    from .comparison_json import build_comparison_dict, validate_comparison_dict
    from .groups import read_groups

    cmp = compare_runs(base, tuned, allow_prompt_change=allow_prompt_change, groups=read_groups(base, tuned),
                       seed=seed)
    data = build_comparison_dict(cmp)
    validate_comparison_dict(data)
    return data


def render_outputs(data: dict, output: Path, json_path: Path | None = None,
                   markdown_path: Path | None = None) -> dict[Path, str]:
    """{path: text} for every requested output, all rendered from ``data``."""
    import json

    from .render import render_html, render_markdown

    files = {output: render_html(data)}
    if json_path is not None:
        files[json_path] = json.dumps(data, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    if markdown_path is not None:
        files[markdown_path] = render_markdown(data)
    return files


def main(args: argparse.Namespace) -> int:
    from latent_suite.atomic_files import check_targets, write_all

    outputs = [Path(args.output)] + [Path(p) for p in (args.json_path, args.markdown_path) if p]
    check_targets(outputs)
    data = make_report(args.base_dir, args.tuned_dir, allow_prompt_change=args.allow_prompt_change,
                       seed=args.seed)
    files = render_outputs(data, Path(args.output), Path(args.json_path) if args.json_path else None,
                           Path(args.markdown_path) if args.markdown_path else None)
    write_all(files)
    for path in files:
        print(path)
    n_sig = sum(1 for h in data["headline"] if h["significant_holm"])
    print(f"{data['pairing']['n_paired']} paired rows; {len(data['headline'])} headline metrics, "
          f"{n_sig} significant after Holm", file=sys.stderr)
    return 0


def run_cli(argv: list[str] | None = None) -> int:
    """Stand-alone entry (same behaviour as ``latent-suite report``)."""
    from latent_suite.errors import LatentSuiteError

    parser = argparse.ArgumentParser(prog="latent-suite report", description=HELP,
                                     epilog=f"example:\n  {EXAMPLE}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    args = add_arguments(parser).parse_args(argv)
    try:
        return main(args)
    except LatentSuiteError as exc:
        print(f"latent-suite: error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(run_cli())
