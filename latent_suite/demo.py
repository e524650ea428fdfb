"""``latent-suite demo``: the suite on the embedded model, end to end, offline (DESIGN.md §7).

Builds (or reuses) the cached SmolLM2-135M-Instruct checkpoint, runs the default group through
``latent-suite run`` with one model load, and prints headline numbers and where the outputs are.
Generative parts run on small subsets on CPU (``DEMO_LIMIT`` docs per task); full sets are for GPU users.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

DEMO_LIMIT = 15  # docs per task; pass@k: 3 problems per difficulty level (the shipped file interleaves levels)
DEMO_BATCH = 16


def main(args) -> int:
    from latent_suite.embedded_model import model_path
    from latent_suite.run_reader import read_run
    from latent_suite.runner import run
    from latent_suite.summary import headline_lines, passk_summary

    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    out = Path(args.output)
    limit = args.limit or DEMO_LIMIT
    started = time.perf_counter()
    checkpoint = model_path()
    outcome = run([
        "--model", "hf", "--model_args", f"pretrained={checkpoint}", "--tasks", "latent_suite",
        "--limit", str(limit), "--batch_size", str(DEMO_BATCH), "--apply_chat_template",
        "--output_path", str(out / "runs" / "base"), "--name", "smollm2-135m-instruct", "--seed", "0,1234,1234,1234",
    ])
    run_ = read_run(outcome.output_dir)
    summary = passk_summary(run_)
    print()
    print(f"latent-suite demo: embedded model SmolLM2-135M-Instruct, {summary['problems']} problems, "
          f"n = {summary['n']} samples each")
    print(f"  pass@1 = {summary['pass@1']:.3f}   pass@{summary['n']} = {summary['pass@n']:.3f}")
    for level, row in summary["by_level"].items():
        print(f"    level {level}: pass@1 = {row['pass@1']:.3f}  pass@{summary['n']} = {row['pass@n']:.3f}  "
              f"({row['problems']} problems)")
    for line in headline_lines(run_):
        print(line)
    print(f"  run dir: {outcome.output_dir}")
    print(f"  finished in {time.perf_counter() - started:.0f} s")
    return 0
