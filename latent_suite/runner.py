"""``latent-suite run``: lm-eval with one model load, the fast task index, and lm-eval's own output files.

Flags are lm-eval's own (its ``run`` parser is reused, so ``--model``, ``--model_args``, ``--batch_size``,
``--limit``, ``--apply_chat_template``, ``--system_instruction`` ... behave exactly as in ``lm_eval``), plus
``--name/--base/--step`` written to the sidecar ``latent_suite_run.json`` (DESIGN.md §3). ``--log_samples`` is
always on: the report needs the per-sample rows.

Flow: parse -> build the LM once (``get_model(name).create_from_arg_obj``, DESIGN.md §5.12) -> resolve tasks on
the fast index -> ``simple_evaluate(model=lm, ...)`` -> save with lm-eval's ``EvaluationTracker`` -> sidecar.
The CoT probe stage (``latent_suite.cot_probes``) then runs on the same loaded ``lm`` and writes its rows into the
same output dir; ``lm`` is also returned for callers that add further stages.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from latent_suite.errors import LatentSuiteError


SUITE_FLAGS = ("name", "base", "step", "cot_probes", "cot_prefix_reuse", "cot_paraphraser_model",
               "cot_paraphraser_model_args")


@dataclass
class RunOutcome:
    output_dir: Path  # <output_path>/<model_name_sanitized>
    results: dict
    lm: object


def lm_eval_run_parser() -> argparse.ArgumentParser:
    """lm-eval's own ``run`` argument parser, extended with the suite's flags."""
    from lm_eval._cli.run import Run

    top = argparse.ArgumentParser(prog="latent-suite")
    sub = top.add_subparsers(dest="command")
    Run.create(sub)
    parser = sub.choices["run"]
    parser.prog = "latent-suite run"
    parser.description = __doc__.split("\n\n")[0]
    parser.epilog = ("example:\n  latent-suite run --model hf --model_args pretrained=$(latent-suite model-path) "
                     "--tasks latent_suite --limit 5 --output_path runs/base --name base")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    group = parser.add_argument_group("latent-suite")
    group.add_argument("--name", help="run name for reports and the leaderboard (sidecar latent_suite_run.json)")
    group.add_argument("--base", help="name of the run this checkpoint was tuned from (leaderboard deltas)")
    group.add_argument("--step", type=int, help="training step of this checkpoint (leaderboard series)")
    group.add_argument("--no_cot_probes", dest="cot_probes", action="store_false",
                       help="skip the CoT probe stage (stage 2 of latent_cot)")
    group.add_argument("--cot_prefix_reuse", choices=["auto", "on", "off"], default="auto",
                       help="hf: score each CoT's probes from one packed prefix (default %(default)s)")
    group.add_argument("--cot_paraphraser_model", default=None,
                       help="lm-eval backend used as CoT paraphraser (default: the offline rule-based one)")
    group.add_argument("--cot_paraphraser_model_args", default=None, help="model_args of the paraphraser")
    return parser


def parse_run_args(argv: list[str]) -> argparse.Namespace:
    parser = lm_eval_run_parser()
    args = parser.parse_args(argv)
    if not args.output_path:
        raise LatentSuiteError("--output_path is required (the report reads lm-eval's output dir)")
    if not args.model_args and args.model == "hf":
        raise LatentSuiteError("--model_args is required, e.g. pretrained=$(latent-suite model-path)")
    args.log_samples = True
    return args


def build_lm(cfg):
    """Load the model once through lm-eval's backend registry (hf, vllm, local-completions, ...)."""
    import lm_eval.models  # noqa: F401  (registers the backends; DESIGN.md §5.12)
    from lm_eval.api.registry import get_model

    model_args = cfg.model_args if isinstance(cfg.model_args, dict) else {}
    extra = {"batch_size": cfg.batch_size, "max_batch_size": cfg.max_batch_size, "device": cfg.device}
    return get_model(cfg.model).create_from_arg_obj(model_args, {k: v for k, v in extra.items() if v is not None})


def run(argv: list[str]) -> RunOutcome:
    """Run the suite as ``lm_eval`` would, with one model load; returns the loaded LM for further stages."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args = parse_run_args(argv)
    from lm_eval.config.evaluate_config import EvaluatorConfig
    from lm_eval.loggers import EvaluationTracker
    from lm_eval.utils import make_table

    from latent_suite.suite_tasks import split_task_list, task_manager_for

    names = split_task_list(args.tasks)
    args.tasks = ",".join(names)
    lm_eval_args = argparse.Namespace(**{k: v for k, v in vars(args).items() if k not in SUITE_FLAGS})
    try:
        cfg = EvaluatorConfig.from_cli(lm_eval_args)
    except ValueError as exc:
        raise LatentSuiteError(str(exc).splitlines()[0]) from None
    task_manager, cfg.tasks = task_manager_for(names, cfg.include_path, cfg.metadata)
    tracker = EvaluationTracker(**{**cfg.hf_hub_log_args, "output_path": cfg.output_path})
    from lm_eval import simple_evaluate

    from latent_suite.env_info_prefetch import env_info_prefetched

    with env_info_prefetched():  # torch's env report (0.5-0.7 s of subprocesses) overlaps the model load and run
        lm = build_lm(cfg)
        results = simple_evaluate(
            model=lm, model_args=cfg.model_args, tasks=cfg.tasks, num_fewshot=cfg.num_fewshot,
            batch_size=cfg.batch_size, max_batch_size=cfg.max_batch_size, device=cfg.device,
            use_cache=cfg.use_cache, limit=cfg.limit, samples=cfg.samples, check_integrity=cfg.check_integrity,
            write_out=cfg.write_out, log_samples=True, evaluation_tracker=tracker,
            system_instruction=cfg.system_instruction, apply_chat_template=cfg.apply_chat_template,
            fewshot_as_multiturn=cfg.fewshot_as_multiturn, gen_kwargs=cfg.gen_kwargs, task_manager=task_manager,
            predict_only=cfg.predict_only,
            random_seed=cfg.seed[0] if cfg.seed else 0, numpy_random_seed=cfg.seed[1] if cfg.seed else 1234,
            torch_random_seed=cfg.seed[2] if cfg.seed else 1234, fewshot_random_seed=cfg.seed[3] if cfg.seed else 1234,
            confirm_run_unsafe_code=cfg.confirm_run_unsafe_code, metadata=cfg.metadata,
        )
    if results is None:  # non-zero rank in data parallel
        return RunOutcome(Path(cfg.output_path), {}, lm)
    # Same provenance lm_eval writes when it loads the model itself.
    results["config"]["model"] = cfg.model
    tracker.general_config_tracker.model_source = cfg.model
    samples = results.pop("samples")
    tracker.save_results_aggregated(results=results, samples=samples)
    for task_name in results["configs"]:
        tracker.save_results_samples(task_name=task_name, samples=samples[task_name])
    out_dir = Path(cfg.output_path) / tracker.general_config_tracker.model_name_sanitized
    write_sidecar(out_dir, args)
    from latent_suite.cot_probes import after_stage1

    after_stage1(RunOutcome(out_dir, results, lm), args)  # CoT stage 2 with the same loaded model
    print(make_table(results))
    if "groups" in results:
        print(make_table(results, "groups"))
    return RunOutcome(out_dir, results, lm)


def write_sidecar(out_dir: Path, args: argparse.Namespace) -> None:
    """``latent_suite_run.json``: name/base/step for the leaderboard (written atomically)."""
    sidecar = {"name": args.name, "base": args.base, "step": args.step}
    if not any(v is not None for v in sidecar.values()):
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / ".latent_suite_run.json.tmp"
    tmp.write_text(json.dumps(sidecar, indent=2) + "\n", encoding="utf-8")
    tmp.replace(out_dir / "latent_suite_run.json")


def main(argv: list[str]) -> int:
    outcome = run(argv)
    print(f"latent-suite: wrote {outcome.output_dir}", file=sys.stderr)
    return 0
