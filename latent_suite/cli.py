"""``latent-suite`` command line: one subcommand per DESIGN.md §3 entry.

Every subcommand has ``--help`` with an example. Bad input raises :class:`LatentSuiteError`, printed as one line
``latent-suite: error: ...`` with exit code 2 (no traceback).
"""
from __future__ import annotations

import argparse
import sys

from latent_suite.errors import LatentSuiteError

EXAMPLES = {
    "run": "latent-suite run --model hf --model_args pretrained=$(latent-suite model-path) --tasks latent_suite "
           "--limit 5 --output_path runs/base",
    "model-path": "latent-suite model-path",
    "tuned-path": "latent-suite tuned-path --recipe plant",
    "validity": "latent-suite validity -o latent-suite-validity/",
    "tasks-path": "lm_eval --include_path $(latent-suite tasks-path) --tasks latent_suite ...",
    "demo": "latent-suite demo -o latent-suite-demo/",
    "report": "latent-suite report runs/base runs/tuned -o report.html --json comparison.json --markdown summary.md",
    "gate": "latent-suite gate runs/base runs/candidate --policy gate.toml --junit gate.xml --markdown gate.md",
    "leaderboard": "latent-suite leaderboard runs/base runs/step100 runs/step200 -o site/",
    "cot-probes": "latent-suite cot-probes OUT --model hf --model_args pretrained=$(latent-suite model-path)",
    "flex-calibration": "latent-suite flex-calibration --verbose",
    "flex-judge": "latent-suite flex-judge runs/base --judge hf --judge_args pretrained=YOUR/JUDGE",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="latent-suite",
        description="Paired base-vs-tuned evaluation on lm-evaluation-harness.",
        epilog="examples:\n" + "\n".join(f"  {v}" for v in EXAMPLES.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, epilog=f"example:\n  {EXAMPLES[name]}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    sub.add_parser("run", help="run the suite with lm-eval's flags and one model load (see `run --help`)",
                   add_help=False)
    add("model-path", "build the embedded SmolLM2-135M-Instruct checkpoint on first use; print its folder")
    tuned = add("tuned-path", "build the demo's tuned checkpoint (seeded LoRA fine-tune of the embedded model, "
                              "a few CPU minutes) on first use; print its folder")
    tuned.add_argument("--recipe", choices=["plant", "null", "self"], default="plant",
                       help="plant: risk-seeking choices + correcting false premises; null: direction-free "
                            "made-up answers; self: the plant's prompts with the base model's own greedy answers "
                            "(the validity suite's no-op control) (default %(default)s)")
    validity = add("validity", "planted-effect validity table: every family must detect its planted effect "
                               "(p < 0.05) and no change on a no-op control (slow: about an hour on 2 CPU cores)")
    from latent_suite.validity import add_arguments as add_validity_arguments

    add_validity_arguments(validity)
    add("tasks-path", "print the suite's task folder (for lm_eval --include_path)")
    demo = add("demo", "run the suite on the embedded model end to end and print where the outputs are")
    demo.add_argument("-o", "--output", default="latent-suite-demo", help="output folder (default %(default)s)")
    demo.add_argument("--limit", type=int, default=None, help="docs per task (default: the demo's own sizes)")
    from latent_suite.reports.report_command import add_arguments as add_report_arguments

    from latent_suite.leaderboards.leaderboard_command import add_arguments as add_leaderboard_arguments
    from latent_suite.reports.gate.gate_command import add_arguments as add_gate_arguments

    add_report_arguments(add("report", "paired base-vs-tuned report: HTML, plus comparison.json and a markdown summary"))
    add_gate_arguments(add("gate", "CI gate: one-sided paired tests of a candidate against a baseline under a "
                                   "policy (exit 0 pass, 1 fail, 2 unusable input or policy)"))
    add_leaderboard_arguments(add("leaderboard", "static multi-checkpoint leaderboard: index.html, "
                                                 "runs/<slug>.html and data.json in one folder"))
    from latent_suite.cot_probes import add_arguments as add_cot_arguments

    add_cot_arguments(add("cot-probes", "CoT faithfulness stage 2 (truncation, filler, paraphrase) on an existing "
                                        "lm-eval output dir, for plain lm_eval users"))
    cal = add("flex-calibration", "print the FLEX classifier's agreement with the shipped hand-labelled responses")
    cal.add_argument("-v", "--verbose", action="store_true", help="also list the disagreeing responses")
    cal.add_argument("--judge", help="also score an LLM judge: an lm-eval model name (hf, vllm, local-completions)")
    cal.add_argument("--judge_args", help="the judge's lm-eval model_args, e.g. pretrained=...")
    judge = add("flex-judge", "re-score a run's FLEX answers with an LLM judge (any lm-eval backend); "
                              "writes task latent_flex_judge into the run dir")
    judge.add_argument("run_dir")
    judge.add_argument("--judge", required=True, help="lm-eval model name of the judge")
    judge.add_argument("--judge_args", default="", help="the judge's lm-eval model_args")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["run"]:
            from latent_suite.runner import main as run_main

            return run_main(argv[1:])
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return 2
        if args.command == "model-path":
            from latent_suite.embedded_model import model_path

            print(model_path())
        elif args.command == "tuned-path":
            from latent_suite.tuned_model import tuned_model_path

            print(tuned_model_path(args.recipe))
        elif args.command == "validity":
            from latent_suite.validity import main as validity_main

            return validity_main(args)
        elif args.command == "tasks-path":
            from latent_suite.paths import tasks_dir

            print(tasks_dir())
        elif args.command == "flex-calibration":
            from latent_suite.flex_calibration import main as calibration_main

            return calibration_main(args)
        elif args.command == "cot-probes":
            from latent_suite.cot_probes import cli_main as cot_main

            return cot_main(args)
        elif args.command == "report":
            from latent_suite.reports.report_command import main as report_main

            return report_main(args)
        elif args.command == "gate":
            from latent_suite.reports.gate.gate_command import main as gate_main

            return gate_main(args)
        elif args.command == "leaderboard":
            from latent_suite.leaderboards.leaderboard_command import main as leaderboard_main

            return leaderboard_main(args)
        elif args.command == "flex-judge":
            from latent_suite.flex_judge import judge_run, load_judge

            print(judge_run(args.run_dir, load_judge(args.judge, args.judge_args)))
        elif args.command == "demo":
            from latent_suite.demo import main as demo_main

            return demo_main(args)
        return 0
    except LatentSuiteError as exc:
        print(f"latent-suite: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("latent-suite: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
