"""Suite overhead vs raw ``transformers.generate`` on identical prompts and token counts (DESIGN.md §7, §8).

Suite side: ``latent_suite.runner.run`` -- the code path of ``latent-suite run`` (lm-eval's hf backend, task
building, filters, metrics, output files, the CoT-stage hook, the results table) -- in this process on the
embedded model, on a generate-only suite task, greedy, with ``--gen_kwargs`` forcing exactly ``--new-tokens``
tokens per request (``min_new_tokens`` = ``max_gen_toks``, a stop string that cannot occur). The model load and
one warm-up ``generate`` are excluded (they are timed and printed apart): ``suite_s`` = runner.run wall time
minus the load. Raw side: the prompts lm-eval actually batched (recorded from ``HFLM.tok_batch_encode``), in the
same batches, tokenized with the same tokenizer and left padding, ``model.generate(max_new_tokens=N,
min_new_tokens=N, do_sample=False)`` on the same loaded weights, then ``batch_decode`` -- ``raw_s`` covers
tokenize + generate + decode. New-token counts of both sides are counted from the generate outputs and printed;
``identical_generations`` compares the generated token ids. ``suite_outside_generate_until_s`` is the suite's
fixed cost per run (task building, lm-eval's ``add_env_info`` subprocesses, metrics, files, table); it is
amortised over the run, so the ratio falls as ``--limit`` grows. Prints ``name: value`` lines; never a test.

    .venv/bin/python benchmarks/bench_overhead.py [--task latent_retention_gen] [--limit 32] [--batch_size 8]
        [--new-tokens 32] [--rounds 1]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time

NEVER = "\u241e<never-stops>\u241e"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--task", default="latent_retention_gen",
                    help="a generate_until-only suite task (default %(default)s; e.g. latent_passk: 8 repeats/doc)")
    ap.add_argument("--limit", type=int, default=32, help="docs (default %(default)s)")
    ap.add_argument("--batch_size", type=int, default=8, help="both sides (default %(default)s)")
    ap.add_argument("--new-tokens", type=int, default=32, help="exact new tokens per request (default %(default)s)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="suite-then-raw pairs, each with a fresh model load; medians (default %(default)s)")
    ap.add_argument("--pretrained", default=None, help="HF checkpoint (default: the embedded model)")
    ap.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's own)")
    ap.add_argument("--apply_chat_template", action="store_true", help="as lm-eval's flag")
    args = ap.parse_args(argv)
    for k, v in {"HF_DATASETS_OFFLINE": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}.items():
        os.environ.setdefault(k, v)

    import torch

    import latent_suite.runner as runner

    if args.threads:
        torch.set_num_threads(args.threads)

    pretrained = args.pretrained
    if pretrained is None:
        from latent_suite.embedded_model import model_path

        pretrained = str(model_path(progress=False))
    n_new = args.new_tokens
    state: dict = {}

    def build_lm_instrumented(cfg):
        """runner.build_lm + warm-up + recorders; its time is subtracted from the suite's."""
        t0 = time.perf_counter()
        lm = original_build_lm(cfg)
        model, tok = lm.model, lm.tokenizer
        side, tok.padding_side = tok.padding_side, "left"
        warm = tok([("Warm up the kernels. " * (1 + i % 3)) for i in range(args.batch_size)], padding="longest",
                   return_tensors="pt")  # same batch size, padded, with an attention mask
        tok.padding_side = side
        with torch.no_grad():
            model.generate(**warm, max_new_tokens=4, min_new_tokens=4, do_sample=False,
                           pad_token_id=tok.pad_token_id)
        batches, gens = [], []
        state.update(lm=lm, batches=batches, gens=gens, generate=model.generate)
        inner_encode, inner_generate, inner_until = lm.tok_batch_encode, model.generate, lm.generate_until

        def tok_batch_encode(strings, *a, **k):
            batches.append(list(strings))
            return inner_encode(strings, *a, **k)

        def generate(*a, **k):
            out = inner_generate(*a, **k)
            n_in = k["input_ids"].shape[1]
            gens.append(out[:, n_in:].tolist())
            state.setdefault("suite_gen_kwargs", {kk: v for kk, v in k.items()
                                                  if kk not in ("input_ids", "attention_mask", "stopping_criteria")})
            return out

        def generate_until(*a, **k):
            t = time.perf_counter()
            try:
                return inner_until(*a, **k)
            finally:
                state["generate_until_s"] = state.get("generate_until_s", 0.0) + time.perf_counter() - t

        lm.tok_batch_encode, lm.generate_until = tok_batch_encode, generate_until
        model.generate = generate
        state["load_s"] = time.perf_counter() - t0
        return lm

    original_build_lm = runner.build_lm
    runner.build_lm = build_lm_instrumented

    def suite_once(out_dir: str) -> float:
        state.pop("generate_until_s", None)
        argv_run = ["--model", "hf", "--model_args", f"pretrained={pretrained}", "--tasks", args.task,
                    "--limit", str(args.limit), "--batch_size", str(args.batch_size), "--device", "cpu",
                    "--output_path", out_dir, "--no_cot_probes",
                    "--gen_kwargs", "do_sample=False", "temperature=0", "top_p=1.0", f"max_gen_toks={n_new}",
                    f"min_new_tokens={n_new}", f"until=[{NEVER!r}]"]
        if args.apply_chat_template:
            argv_run.append("--apply_chat_template")
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):  # the results table
            runner.run(argv_run)
        return time.perf_counter() - t0 - state["load_s"]

    def raw_once() -> tuple[float, list]:
        lm, generate = state["lm"], state["generate"]
        tok, model = lm.tokenizer, lm.model
        outs, prompt_tokens = [], 0
        t0 = time.perf_counter()
        old_side = tok.padding_side
        tok.padding_side = "left"
        with torch.no_grad():
            for strings in state["batches"]:
                enc = tok(strings, padding="longest", return_tensors="pt")
                prompt_tokens += enc["input_ids"].numel()
                out = generate(**enc, max_new_tokens=n_new, min_new_tokens=n_new, do_sample=False,
                               pad_token_id=tok.pad_token_id, use_cache=True)
                new = out[:, enc["input_ids"].shape[1]:]
                tok.batch_decode(new, skip_special_tokens=True)
                outs.append(new.tolist())
        tok.padding_side = old_side
        state["prompt_tokens"] = prompt_tokens
        return time.perf_counter() - t0, outs

    suite_times, raw_times, until_times, loads = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.rounds):
            suite_times.append(suite_once(os.path.join(tmp, f"run{r}")))
            until_times.append(state["generate_until_s"])
            loads.append(state["load_s"])
            raw_s, raw_gens = raw_once()
            raw_times.append(raw_s)

    suite_gens, batches = state["gens"], state["batches"]  # the last round's (each round loads a fresh lm)
    pad = state["lm"].tokenizer.pad_token_id

    def count(gens):
        return sum(len(row) - row.count(pad) for batch in gens for row in batch)

    rows = [row for batch in suite_gens for row in batch]
    raw_rows = [row for batch in raw_gens for row in batch]
    suite_s, raw_s, until_s = (statistics.median(x) for x in (suite_times, raw_times, until_times))
    print(f"task: {args.task}")
    print(f"requests: {sum(len(b) for b in batches)}")
    print(f"batches: {len(batches)}")
    print(f"batch_size: {args.batch_size}")
    print(f"prompt_tokens_padded: {state['prompt_tokens']}")
    print(f"max_new_tokens: {n_new}")
    print(f"suite_new_tokens: {count(suite_gens)}")
    print(f"raw_new_tokens: {count(raw_gens)}")
    print(f"equal_token_counts: {count(suite_gens) == count(raw_gens) == len(rows) * n_new}")
    print(f"identical_generations: {sum(a == b for a, b in zip(rows, raw_rows))}/{len(rows)}")
    print(f"rounds: {args.rounds}")
    print(f"model_load_s: {statistics.median(loads):.2f}")
    print(f"suite_s: {suite_s:.2f}")
    print(f"suite_generate_until_s: {until_s:.2f}")
    print(f"suite_outside_generate_until_s: {suite_s - until_s:.2f}")
    print(f"raw_s: {raw_s:.2f}")
    print(f"overhead_ratio: {suite_s / raw_s:.3f}")
    print(f"generate_until_over_raw: {until_s / raw_s:.3f}")
    print(f"suite_tokens_per_s: {count(suite_gens) / suite_s:.1f}")
    print(f"raw_tokens_per_s: {count(raw_gens) / raw_s:.1f}")
    print(f"suite_generate_kwargs: {sorted(state.get('suite_gen_kwargs', {}).items())}")
    print(f"torch_threads: {torch.get_num_threads()}")
    print(f"cpu_count: {os.cpu_count()}")
    print(f"loadavg_1min: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
