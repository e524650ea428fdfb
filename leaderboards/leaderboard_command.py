"""``latent-suite leaderboard RUN_DIR... -o site/``: a static multi-checkpoint site (DESIGN.md §2, §3, §6).

Reads every run dir (any unreadable one: exit 2, nothing written), builds ``data.json``
(:mod:`.site_data`) and renders ``index.html`` + ``runs/<slug>.html`` from it (:mod:`.build`). Rebuilding is
deterministic and incremental; prints what it wrote.
"""
from __future__ import annotations

import argparse
import sys

from latent_suite.errors import LatentSuiteError

EXAMPLE = "latent-suite leaderboard runs/base runs/step100 runs/step200 -o site/"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR",
                        help="lm-eval --output_path folders (--log_samples); a sidecar latent_suite_run.json "
                             "with name/base/step gives names, base-vs-tuned deltas and checkpoint series")
    parser.add_argument("-o", "--output", required=True, metavar="SITE_DIR", help="the site folder to (re)build")
    return parser


def make_site(run_dirs, output) -> list[str]:
    from latent_suite.run_reader import read_run

    return site_from_runs([read_run(d) for d in run_dirs], output)


def site_from_runs(runs, output) -> list[str]:
    """:func:`make_site` on runs already read (``run_reader.Run``); the files it updated."""
    from .build import build_site
    from .site_data import build_site_data

    return build_site(build_site_data(runs), output)


def main(args: argparse.Namespace) -> int:
    try:
        written = make_site(args.run_dirs, args.output)
    except LatentSuiteError as exc:
        print(f"latent-suite: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(f"{args.output}/index.html ({len(written)} file(s) updated)")
    return 0


def _cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="latent-suite leaderboard", epilog=f"example:\n  {EXAMPLE}",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return main(add_arguments(parser).parse_args(argv))


if __name__ == "__main__":
    sys.exit(_cli())
