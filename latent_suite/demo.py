"""``latent-suite demo``: base vs a planted tuned checkpoint, end to end, offline (DESIGN.md §7).

1. builds (or reuses) the cached SmolLM2-135M-Instruct checkpoint and its planted LoRA fine-tune
   (``latent_suite.tuned_model``: risk-seeking lottery choices and correcting false premises);
2. runs the default group on both through ``latent-suite run`` (one model load each, CoT probes included);
3. writes the paired report (``report.html``, ``comparison.json``, ``summary.md``) and the leaderboard
   (``site/index.html``) into the output folder, and prints the headline and the paths.
On CPU the generative parts run on subsets (:data:`DEMO_SAMPLES` docs of those tasks, the same docs for both
arms); the loglikelihood-only self-description family runs in full, so its planted shift has the power to
show. Full sets are for GPU users (``latent-suite run`` without ``--limit``).
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

DEMO_SAMPLES = {  # docs per task (first N of the shipped order); tasks not named run in full
    "latent_passk": 15,          # 3 problems per difficulty level (the file interleaves levels), n = 8 each
    "latent_flex": 30,           # 2 generations + 4 forced-choice + 12 probe loglikelihoods per item
    "latent_retention_mc": 120,  # loglikelihood only
    "latent_retention_gen": 15,
    "latent_cot": 15,
    "latent_selfdesc_myopia": 30,     # not planted: 10 choice probes + 10 self-ratings + 10 word choices
    "latent_selfdesc_agreement": 30,  # (latent_selfdesc_risk, the planted dimension, runs in full: 70 docs)
}
DEMO_BATCH = 16
BASE_NAME = "smollm2-135m-instruct"
TUNED_NAME = "smollm2-135m-instruct-planted"


def run_args(checkpoint: Path, out: Path, name: str, limit: int | None, base: str | None = None) -> list[str]:
    """The ``latent-suite run`` arguments of one demo arm (identical for both arms but model and name)."""
    argv = ["--model", "hf", "--model_args", f"pretrained={checkpoint}", "--tasks", "latent_suite",
            "--batch_size", str(DEMO_BATCH), "--apply_chat_template", "--output_path", str(out), "--name", name,
            "--seed", "0,1234,1234,1234"]
    if limit:
        argv += ["--limit", str(limit)]
    else:
        argv += ["--samples", json.dumps({task: list(range(n)) for task, n in DEMO_SAMPLES.items()})]
    return argv + (["--base", base] if base else [])


def main(args) -> int:
    from latent_suite.embedded_model import model_path
    from latent_suite.leaderboards.leaderboard_command import site_from_runs
    from latent_suite.reports.report_command import render_outputs, report_from_runs
    from latent_suite.run_reader import read_run
    from latent_suite.atomic_files import check_targets, write_all
    from latent_suite.runner import run
    from latent_suite.tuned_model import tuned_model_path

    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    out = Path(args.output)
    targets = [out / "report.html", out / "comparison.json", out / "summary.md"]
    check_targets(targets)
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(label: str) -> None:
        timings[label] = time.perf_counter() - started - sum(timings.values())

    base_ckpt = model_path()
    lap("base model")
    tuned_ckpt = tuned_model_path("plant")
    lap("tuned model (LoRA)")
    dirs = {}
    for arm, ckpt, name, base in (("base", base_ckpt, BASE_NAME, None), ("tuned", tuned_ckpt, TUNED_NAME, BASE_NAME)):
        print(f"latent-suite demo: running the suite on {arm} ({ckpt})", file=sys.stderr)
        outcome = run(run_args(ckpt, out / "runs" / arm, name, args.limit, base))
        dirs[arm] = outcome.output_dir
        del outcome
        lap(f"suite on {arm}")
    runs = [read_run(dirs["base"]), read_run(dirs["tuned"])]  # read once: report and leaderboard share them
    data = report_from_runs(*runs)
    write_all(render_outputs(data, targets[0], targets[1], targets[2]))
    site_from_runs(runs, out / "site")
    lap("report + leaderboard")
    print_summary(data, timings)
    for path in (*targets, out / "site" / "index.html"):
        print(path)
    return 0


def print_summary(data: dict, timings: dict[str, float]) -> None:
    """The report's headline (base -> tuned, p, Holm-significant) and where the time went."""
    from latent_suite.reports.render.format import delta, p_eq, val

    print()
    print(f"latent-suite demo: {BASE_NAME} vs {TUNED_NAME} (planted: risk-seeking choices, correcting false "
          f"premises); {data['pairing']['n_paired']} paired rows")
    for h in data["headline"]:
        s = h["stats"]
        scale = s.get("scale", s.get("kind"))
        mark = "significant" if h.get("significant_holm") else "n.s."
        print(f"  {h['label']}: {val(s['base_mean'], scale)} -> {val(s['tuned_mean'], scale)} "
              f"({delta(s['delta'], scale)}, {p_eq(s['p_value'])}, {mark} after Holm)")
    print("  time: " + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
          + f"; total {sum(timings.values()):.0f} s")
