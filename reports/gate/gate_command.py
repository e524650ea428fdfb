"""``latent-suite gate BASELINE_DIR CANDIDATE_DIR --policy gate.toml [--junit out.xml] [--markdown out.md]``.

Everything is read and validated before any file is written (policy, both runs, pairing, every metric);
outputs are then written atomically as a set. Exit 0 pass, 1 fail, 2 unusable input or policy (one line
``latent-suite: error: ...`` on stderr, no output file).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from latent_suite.errors import LatentSuiteError

EXAMPLE = "latent-suite gate runs/base runs/candidate --policy gate.toml --junit gate.xml --markdown gate.md"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("baseline_dir", metavar="BASELINE_DIR", help="lm-eval --output_path of the baseline")
    parser.add_argument("candidate_dir", metavar="CANDIDATE_DIR", help="lm-eval --output_path of the candidate")
    parser.add_argument("--policy", required=True, metavar="GATE.toml", help="gate policy (see README)")
    parser.add_argument("--junit", metavar="OUT.xml", help="write a JUnit XML report (one testcase per metric)")
    parser.add_argument("--markdown", metavar="OUT.md", help="write a markdown table (e.g. for a PR comment)")
    parser.add_argument("--allow-prompt-change", dest="allow_prompt_change", action="store_true",
                        help="pair rows even when prompt_hash differs")
    return parser


def run_gate(baseline_dir, candidate_dir, policy_path, *, allow_prompt_change: bool = False) -> dict:
    """Read, pair and evaluate; raises LatentSuiteError on unusable input (nothing written)."""
    from latent_suite.reports.comparison import compare_runs
    from latent_suite.run_reader import read_run

    from .evaluate import evaluate_gate
    from .policy import read_policy

    policy = read_policy(policy_path)
    cmp = compare_runs(read_run(baseline_dir), read_run(candidate_dir), allow_prompt_change=allow_prompt_change)
    return evaluate_gate(cmp, policy)


def main(args: argparse.Namespace) -> int:
    from latent_suite.atomic_files import check_targets, write_all

    from .render import render_junit, render_markdown

    try:
        targets = [Path(p) for p in (args.junit, args.markdown) if p]
        check_targets(targets)
        verdict = run_gate(args.baseline_dir, args.candidate_dir, args.policy,
                           allow_prompt_change=getattr(args, "allow_prompt_change", False))
        text = render_markdown(verdict)
        files = {}
        if args.junit:
            files[Path(args.junit)] = render_junit(verdict)
        if args.markdown:
            files[Path(args.markdown)] = text
        if files:
            write_all(files)
    except LatentSuiteError as exc:
        print(f"latent-suite: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(text, end="")
    return verdict["exit_code"]


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="latent-suite gate", epilog=f"example:\n  {EXAMPLE}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return main(add_arguments(parser).parse_args(argv))


if __name__ == "__main__":
    sys.exit(_cli())
