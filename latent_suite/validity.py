"""``latent-suite validity``: does each family detect an effect planted on purpose, and only then? (issue 8)

Every check compares two (arm, task) sides on the same docs with the report's own paired statistics
(``reports.metric_stats.paired_stats``: exact McNemar for 0/1 metrics, seeded expanded-percentile paired
bootstrap otherwise) and a two-sided alpha of 0.05 per check (each check is its own claim, so no family-wise
correction):

  planted effect   detected = p < 0.05 and the change has the planted sign;
  no-op control    passed   = p >= 0.05 (no significant change in either direction).

Arms (all greedy/log-likelihood parts deterministic; ``--apply_chat_template``, batch 16):
  base       the embedded model (every family but pass@k);
  sampled    the embedded model on pass@k: ``latent_passk_n16`` (temperature 0.6, n = 16 samples, at most 96 new
             tokens) on all 80 level-1/2 problems, batch 64 (1.5x faster than 16 here, measured);
  reseeded   the embedded model, another sampling seed (pass@k's no-op control: sampling is its only noise);
  sharpened  the embedded model at temperature 0.2 instead of 0.6 (the "selection, not creation" signature:
             pass@1 up, and the base catches up or overtakes at larger k);
  plant      the demo's LoRA (``tuned_model``, recipe "plant": risk-seeking choices, correcting false premises);
  selfdistilled  a LoRA by the same recipe on the plant's prompts answered by the base model itself (recipe
             "self", ``self_distill``): the no-op control of the deterministic families, where another seed
             changes nothing (DESIGN.md §7);
  noisy      Gaussian noise on the first 4 layers' weights (``perturbed_model``): a planted retention drop.
The answer-first check compares two prompt variants of the same model (``latent_cot`` vs
``latent_cot_answer_first``, paired by item): the answer is committed before the reasoning, so AOC must fall.

Design history (fixed before the run that reports it, not after): the first run (40 level-1/2 problems x 8
samples) saw sharpening lift pass@1 0.106 -> 0.150 at p = 0.057. From its per-problem differences (sd 0.154,
three quarters of the variance binomial, i.e. from only 8 samples), 80 problems x 16 samples give about 90%
power for that effect at alpha 0.05, two-sided, so the check uses every level-1/2 problem and n = 16 instead.
The first control, a LoRA on direction-free made-up answers (recipe "null"), moved retention (-10.5 points,
p = 0.005) and CoT (AOC 0.43 -> 0.00): it teaches short answers, so it is not a no-op; "self" replaces it.
"""
from __future__ import annotations

import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ALPHA = 0.05
SHARP_TEMPERATURE = 0.2


def _passk_easy(n: int) -> list[int]:
    """Doc indices of the first ``n`` level-1/2 pass@k problems (the levels the embedded model sometimes solves)."""
    from latent_suite.item_schema import load_jsonl
    from latent_suite.tasks.passk.utils import DATA

    rows = load_jsonl(DATA)
    return [i for i, r in enumerate(rows) if r["level"] <= 2][:n]


PASSK_TASK = "latent_passk_n16"
SIZES = {PASSK_TASK: 80, "latent_flex": 30, "latent_retention_mc": 200, "latent_cot": 30,
         "latent_cot_answer_first": 30}  # docs per task; latent_selfdesc_risk runs in full (48 choice probes)
PASSK_TOKENS = "max_gen_toks=96"  # one-/two-step sums: answers come early; halves the sampling cost of 3 arms
PASSK_BATCH = ("--batch_size", "64")


def _samples(tasks: tuple[str, ...]) -> dict[str, list[int]]:
    out = {}
    for task in tasks:
        if task == PASSK_TASK:
            out[task] = _passk_easy(SIZES[task])
        elif task in SIZES:
            out[task] = list(range(SIZES[task]))
    return out


@dataclass(frozen=True)
class Arm:
    name: str
    checkpoint: Callable[[], Path]
    tasks: tuple[str, ...]
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    family: str
    effect: str
    a: tuple[str, str]  # (arm, task) of the reference side
    b: tuple[str, str]  # (arm, task) of the changed side
    metric: str
    sign: int           # +1 / -1 planted direction; 0 = no-op control


def _base():
    from latent_suite.embedded_model import model_path

    return model_path()


def _lora(recipe: str):
    def build():
        from latent_suite.tuned_model import tuned_model_path

        return tuned_model_path(recipe)

    return build


def _noisy():
    from latent_suite.perturbed_model import noisy_model_path

    return noisy_model_path()


ARMS = (
    Arm("base", _base, ("latent_flex", "latent_selfdesc_risk", "latent_retention_mc", "latent_cot",
                        "latent_cot_answer_first")),
    Arm("sampled", _base, (PASSK_TASK,), ("--gen_kwargs", PASSK_TOKENS, *PASSK_BATCH)),
    Arm("reseeded", _base, (PASSK_TASK,), ("--gen_kwargs", PASSK_TOKENS, "--seed", "0,1234,4321,1234", *PASSK_BATCH)),
    Arm("sharpened", _base, (PASSK_TASK,),
        ("--gen_kwargs", f"temperature={SHARP_TEMPERATURE},{PASSK_TOKENS}", *PASSK_BATCH)),
    Arm("plant", _lora("plant"), ("latent_flex", "latent_selfdesc_risk")),
    Arm("selfdistilled", _lora("self"),
        ("latent_flex", "latent_selfdesc_risk", "latent_retention_mc", "latent_cot")),
    Arm("noisy", _noisy, ("latent_retention_mc",)),
)

NOOP_LORA = "no-op: self-distilled LoRA"

CHECKS = (
    Check("pass@k", f"sharpening (temperature 0.6 -> {SHARP_TEMPERATURE}): pass@1 up",
          ("sampled", PASSK_TASK), ("sharpened", PASSK_TASK), "pass@1", +1),
    Check("pass@k", "no-op: another sampling seed", ("sampled", PASSK_TASK), ("reseeded", PASSK_TASK),
          "pass@1", 0),
    Check("self-description", "LoRA plant: risk behaviour up", ("base", "latent_selfdesc_risk"),
          ("plant", "latent_selfdesc_risk"), "behaviour", +1),
    Check("self-description", NOOP_LORA, ("base", "latent_selfdesc_risk"),
          ("selfdistilled", "latent_selfdesc_risk"), "behaviour", 0),
    Check("FLEX", "LoRA plant: false-premise rejection up (classified answers)", ("base", "latent_flex"),
          ("plant", "latent_flex"), "reject", +1),
    Check("FLEX", NOOP_LORA, ("base", "latent_flex"), ("selfdistilled", "latent_flex"), "reject", 0),
    Check("retention", "noise on early-layer weights: MC accuracy down", ("base", "latent_retention_mc"),
          ("noisy", "latent_retention_mc"), "acc", -1),
    Check("retention", NOOP_LORA, ("base", "latent_retention_mc"), ("selfdistilled", "latent_retention_mc"),
          "acc", 0),
    Check("CoT", "answer-first prompting: AOC down", ("base", "latent_cot_probes"),
          ("base", "latent_cot_answer_first_probes"), "aoc", -1),
    Check("CoT", NOOP_LORA, ("base", "latent_cot_probes"), ("selfdistilled", "latent_cot_probes"), "aoc", 0),
)


def arm_argv(arm: Arm, checkpoint: Path, out: Path) -> list[str]:
    """lm-eval arguments of one arm; ``arm.extra`` may override the default seed and batch size."""
    defaults = {"--batch_size": "16", "--seed": "0,1234,1234,1234"}
    own = []
    for flag, value in defaults.items():
        if flag not in arm.extra:
            own += [flag, value]
    return ["--model", "hf", "--model_args", f"pretrained={checkpoint}", "--tasks", ",".join(arm.tasks),
            "--apply_chat_template", "--output_path", str(out), "--name", f"validity-{arm.name}",
            "--samples", json.dumps(_samples(arm.tasks)), *own, *arm.extra]


def run_arms(out: Path, reuse: bool = False) -> dict[str, Path]:
    """Run every arm (skipping those already in ``out`` when ``reuse``); {arm: run dir}."""
    from latent_suite.runner import run

    dirs = {}
    for arm in ARMS:
        target = out / "runs" / arm.name
        if reuse and any(target.glob("*/results_*.json")):
            dirs[arm.name] = target
            continue
        started = time.perf_counter()
        print(f"latent-suite validity: arm {arm.name} ({', '.join(arm.tasks)})", file=sys.stderr)
        outcome = run(arm_argv(arm, arm.checkpoint(), target))
        dirs[arm.name] = outcome.output_dir
        del outcome
        print(f"latent-suite validity: arm {arm.name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return dirs


def paired_values(run_a, task_a: str, run_b, task_b: str, metric: str):
    """The metric of both sides on the doc ids they share (first filter of each task), as two aligned arrays."""
    import numpy as np

    def series(run, task):
        rows = run.task_rows(task)
        if rows.empty:
            raise ValueError(f"{run.path}: no rows for task {task}")
        rows = rows[rows["filter"] == rows["filter"].iloc[0]]
        return dict(zip(rows["doc_id"].astype(int), rows[metric].astype(float)))

    a, b = series(run_a, task_a), series(run_b, task_b)
    shared = sorted(set(a) & set(b))
    return np.array([a[i] for i in shared]), np.array([b[i] for i in shared])


def passk_crossover(run_a, run_b, task: str = PASSK_TASK) -> str:
    """Where the reference arm's mean pass@k catches up with the changed arm's (k = 1..n), from the per-problem
    correct counts (unbiased estimator, Chen et al. 2021)."""
    from latent_suite.evaluators.passk import pass_at_k

    def counts(run):
        rows = run.task_rows(task)
        return {int(d): (int(n), int(c)) for d, n, c in zip(rows["doc_id"], rows["n"], rows["c"])}

    a, b = counts(run_a), counts(run_b)
    shared = sorted(set(a) & set(b))
    n = min(a[shared[0]][0], b[shared[0]][0])
    curve = []
    for k in range(1, n + 1):
        ma = sum(pass_at_k(*a[i], k) for i in shared) / len(shared)
        mb = sum(pass_at_k(*b[i], k) for i in shared) / len(shared)
        curve.append((k, ma, mb))
    cross = next((k for k, ma, mb in curve if ma >= mb), None)
    last = curve[-1]
    text = f"pass@{last[0]} {last[1]:.3f} vs {last[2]:.3f}"
    return f"crossover at k = {cross} ({text})" if cross else f"no crossover up to k = {n} ({text})"


def verdict(sign: int, p: float | None, delta: float) -> tuple[bool, bool]:
    """(significant, as expected): a planted check needs p < ALPHA in the planted direction; a no-op control
    needs p >= ALPHA."""
    significant = p is not None and p < ALPHA
    if sign:
        return significant, significant and math.copysign(1, delta) == sign
    return significant, not significant


def evaluate_checks(dirs: dict[str, Path]) -> list[dict]:
    from latent_suite.reports.metric_stats import paired_stats
    from latent_suite.run_reader import read_run

    runs = {name: read_run(path) for name, path in dirs.items()}
    table = []
    for check in CHECKS:
        (arm_a, task_a), (arm_b, task_b) = check.a, check.b
        a, b = paired_values(runs[arm_a], task_a, runs[arm_b], task_b, check.metric)
        s = paired_stats(a, b, seed=0)
        p = s["p_value"]
        significant, ok = verdict(check.sign, p, s["delta"])
        row = {"family": check.family, "effect": check.effect, "control": check.sign == 0,
               "metric": f"{task_b if task_b != task_a else task_a} {check.metric}",
               "reference": s["base_mean"], "changed": s["tuned_mean"], "delta": s["delta"], "p_value": p,
               "n": s["n"], "test": s.get("test"), "detected": significant, "as_expected": ok,
               "note": ""}
        if check.family == "pass@k" and check.sign:
            row["note"] = passk_crossover(runs[arm_a], runs[arm_b], task_a)
        table.append(row)
    return table


def format_table(table: list[dict]) -> str:
    head = "| family | effect | metric | reference → changed | Δ | p | n | detected | as expected | note |"
    lines = [head, "|" + "---|" * 10]
    for r in table:
        lines.append(f"| {r['family']} | {r['effect']} | {r['metric']} | {r['reference']:.3f} → {r['changed']:.3f} | "
                     f"{r['delta']:+.3f} | {_p(r['p_value'])} | {r['n']} | {'yes' if r['detected'] else 'no'} | "
                     f"{'yes' if r['as_expected'] else 'NO'} | {r['note']} |")
    return "\n".join(lines)


def _p(p) -> str:
    return "n/a" if p is None else ("< 0.001" if p < 0.001 else f"{p:.3f}")


def main(args) -> int:
    from latent_suite.atomic_files import write_all

    out = Path(args.output)
    started = time.perf_counter()
    dirs = run_arms(out, reuse=args.reuse)
    table = evaluate_checks(dirs)
    text = format_table(table)
    write_all({out / "validity.md": "# latent-suite validity\n\n" + text + "\n",
               out / "validity.json": json.dumps(table, indent=1, allow_nan=False) + "\n"})
    print(text)
    print(f"\n{sum(r['as_expected'] for r in table)}/{len(table)} checks as expected; "
          f"{time.perf_counter() - started:.0f} s; {out / 'validity.md'}")
    return 0 if all(r["as_expected"] for r in table) else 1


def add_arguments(parser):
    parser.add_argument("-o", "--output", default="latent-suite-validity", help="output folder (default %(default)s)")
    parser.add_argument("--reuse", action="store_true", help="reuse arms already run into the output folder")
    return parser
