"""CoT probe stage vs generation stage, measured in one run on the same items (DESIGN.md §4.3, §8).

Stage 1 = lm-eval's ``latent_cot`` (greedy CoT generation + the no-CoT loglikelihoods) through
``simple_evaluate`` on one loaded hf LM; stage 2 = ``latent_suite.cot_probes.run_probe_stage`` on its in-memory
samples with the same LM, once with prefix-tree reuse (the default on hf) and once as the plain lm-eval
loglikelihood pass. Prints ``name: value`` lines: absolute seconds and the ratios (goal: probe/generation ≤ 0.5).
Not a test (timings are never pass/fail). Example::

    .venv/bin/python benchmarks/bench_cot_probes.py --limit 16 --batch_size 16
"""
from __future__ import annotations

import argparse
import os
import time


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=16, help="items (default %(default)s)")
    ap.add_argument("--batch_size", type=int, default=16)
    ap.add_argument("--max_gen_toks", type=int, default=None, help="override the task's 128")
    ap.add_argument("--task", default="latent_cot")
    ap.add_argument("--pretrained", default=None, help="HF checkpoint (default: the embedded model)")
    ap.add_argument("--apply_chat_template", action="store_true", help="as lm-eval's flag")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    import lm_eval.models  # noqa: F401
    from lm_eval import simple_evaluate
    from lm_eval.api.registry import get_model
    from lm_eval.tasks import TaskManager

    from latent_suite.cot_probes import run_probe_stage
    from latent_suite.paths import tasks_dir

    pretrained = args.pretrained
    if pretrained is None:
        from latent_suite.embedded_model import model_path

        pretrained = str(model_path(progress=False))
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    lm = get_model("hf").create_from_arg_obj({"pretrained": pretrained}, {"batch_size": args.batch_size,
                                                                          "device": device})
    tm = TaskManager(include_defaults=False, include_path=str(tasks_dir()))
    gen_kwargs = f"max_gen_toks={args.max_gen_toks}" if args.max_gen_toks else None

    t0 = time.perf_counter()
    out = simple_evaluate(model=lm, tasks=[args.task], limit=args.limit, log_samples=True, task_manager=tm,
                          gen_kwargs=gen_kwargs, bootstrap_iters=0, apply_chat_template=args.apply_chat_template)
    stage1 = time.perf_counter() - t0
    samples = out["samples"][args.task]

    t0 = time.perf_counter()
    rows_tree, summary_tree = run_probe_stage(lm, samples, prefix_reuse="auto")
    tree = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows_plain, summary_plain = run_probe_stage(lm, samples, prefix_reuse=False)
    plain = time.perf_counter() - t0

    same = sum(a["truncation_answers"] == b["truncation_answers"] and a["filler_answer"] == b["filler_answer"]
               and a["paraphrase_answer"] == b["paraphrase_answer"] for a, b in zip(rows_tree, rows_plain))
    print(f"items: {len(samples)}")
    print(f"mean_cot_sentences: {summary_tree['cot_sentences']:.2f}")
    print(f"probe_contexts: {summary_tree['n_probe_contexts']}")
    print(f"stage1_generation_s: {stage1:.2f}")
    print(f"probe_method: {summary_tree['method']}")
    print(f"stage2_prefix_tree_s: {tree:.2f}")
    print(f"stage2_plain_loglikelihood_s: {plain:.2f}")
    print(f"ratio_probe_over_generation: {tree / stage1:.3f}")
    print(f"ratio_plain_probe_over_generation: {plain / stage1:.3f}")
    print(f"speedup_prefix_tree_vs_plain: {plain / tree:.2f}")
    print(f"identical_probe_answers: {same}/{len(rows_tree)}")
    print(f"aoc_prefix_tree: {summary_tree['aoc']:.4f}")
    print(f"aoc_plain: {summary_plain['aoc']:.4f}")
    print(f"torch_threads: {torch.get_num_threads()}")
    print(f"cpu_count: {os.cpu_count()}")
    print(f"loadavg_1min: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
