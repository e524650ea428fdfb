"""Report time on a large synthetic pair of runs (DESIGN.md §8): statistics + rendering on 1,000,000 paired
sample rows held in memory (goal ≤ 10 s), with the parse time of lm-eval samples files reported beside it.

    .venv/bin/python benchmarks/bench_report.py [--rows 1000000] [--parse-rows 200000] [--seed 0]

Prints ``name: value`` lines. The synthetic runs mirror the suite's shape: pass@k (n = 8, per-problem n/c,
pass@k columns, correctness vectors), retention MC + generative (0/1, domains, responses; ~20 % forgotten
so the forgotten list is capped), FLEX (0/1 rates, NaN accommodation where not known, trigger/domain), and
a generic 4-subtask group with a 0/1 metric pooled by ``group_subtasks``. Every metric there is 0/1 or takes few
distinct values, as in the suite. A continuous graded metric (no tie structure: the paired bootstrap's worst
case, index resampling in ``reports.stats``) is timed separately at ``--continuous-rows``. Parse: one run's rows written as lm-eval ``samples_*.jsonl`` and read
back with :func:`latent_suite.run_reader.read_run`, with the stdlib ``json.loads`` of the same lines as the
peer; the 1M-row figure is extrapolated linearly from ``--parse-rows`` (marked as such).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from latent_suite.evaluators.passk import pass_at_k_matrix
from latent_suite.reports.comparison import compare_runs
from latent_suite.reports.comparison_json import build_comparison_dict, validate_comparison_dict
from latent_suite.reports.render import render_html, render_markdown
from latent_suite.run_reader import Run, TaskInfo, read_run

SHARES = {"latent_passk": 0.2, "latent_retention_mc": 0.15, "latent_retention_gen": 0.15, "latent_flex": 0.1,
          "generic": 0.4}
GENERIC_TASKS = [f"synth_mc_{s}" for s in ("alpha", "beta", "gamma", "delta")]
N_SAMPLES = 8


def _hashes(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:014x}" for i in range(n)], dtype=object)


def _frame(task: str, n: int, filt: str, docs: np.ndarray, metrics: dict, response=None, vectors=None) -> dict:
    cols = {"task": np.full(n, task, dtype=object), "filter": np.full(n, filt, dtype=object),
            "doc_id": np.arange(n), "doc": docs, "response": response if response is not None else
            np.full(n, None, dtype=object), "correct_vector": vectors if vectors is not None else
            np.full(n, None, dtype=object)}
    cols.update(metrics)
    return cols


def _docs(n: int, make) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = [make(i) for i in range(n)]
    return out


def synthetic_pair(total: int, seed: int = 0) -> tuple[Run, Run, dict]:
    """Two Runs with ``total`` rows each (identical keys and hashes), plus their groups."""
    rng = np.random.default_rng(seed)
    parts_b, parts_t, infos = [], [], {}
    sizes = {k: int(total * v) for k, v in SHARES.items()}
    sizes["generic"] += total - sum(sizes.values())

    n = sizes["latent_passk"]
    p = rng.beta(0.6, 1.2, n)
    cb = rng.binomial(N_SAMPLES, p)
    ct = rng.binomial(N_SAMPLES, np.clip(p * 1.3, 0, 1) * (p > 0.08))
    docs = _docs(n, lambda i: {"id": f"pk-{i}", "level": 1 + i % 5, "question": f"{i} + {i} = ?"})
    for side, c in (("b", cb), ("t", ct)):
        m = {"n": np.full(n, float(N_SAMPLES)), "c": c.astype(float)}
        for k in (1, 2, 4, 8):
            m[f"pass@{k}"] = pass_at_k_matrix(np.full(n, N_SAMPLES), c, k)
        vec_cache = {cc: tuple([1] * cc + [0] * (N_SAMPLES - cc)) for cc in range(N_SAMPLES + 1)}
        vectors = np.empty(n, dtype=object)
        vectors[:] = [vec_cache[int(cc)] for cc in c]
        (parts_b if side == "b" else parts_t).append(_frame("latent_passk", n, "keep_all", docs, m, vectors=vectors))
    infos["latent_passk"] = ("n", "c", "pass@1", "pass@2", "pass@4", "pass@8")

    domains = np.array(["geography", "science", "history", "literature", "sports", "music", "art", "food"])
    for task, metrics in (("latent_retention_mc", ("acc", "acc_norm")), ("latent_retention_gen", ("match", "exact"))):
        n = sizes[task]
        dom = domains[rng.integers(0, domains.size, n)]
        docs = _docs(n, lambda i: {"id": f"ret-{i}", "domain": str(dom[i]), "question": f"Question {i}?",
                                   "answer": f"answer {i}"})
        b = (rng.random(n) < 0.6).astype(float)
        t = np.where(b == 1, rng.random(n) < 0.8, rng.random(n) < 0.15).astype(float)
        gen = task.endswith("gen")
        resp_b = np.where(b == 1, "answer", "wrong answer").astype(object) if gen else None
        resp_t = np.where(t == 1, "answer", "<script>alert(1)</script>").astype(object) if gen else None
        parts_b.append(_frame(task, n, "none", docs, {m: b for m in metrics}, response=resp_b))
        parts_t.append(_frame(task, n, "none", docs, {m: t for m in metrics}, response=resp_t))
        infos[task] = metrics

    n = sizes["latent_flex"]
    trig = np.array(["factive_verb", "definite_description", "cleft", "change_of_state", "iterative", "temporal"])
    tr, dm = trig[rng.integers(0, trig.size, n)], domains[rng.integers(0, 6, n)]
    probes = [{"question": "q", "choices": ["a", "b", "c", "d"], "answer": 0}] * 3
    docs = _docs(n, lambda i: {"id": f"flex-{i}", "domain": str(dm[i]), "trigger": str(tr[i]),
                               "question": f"Why {i}?", "knowledge_probes": probes})
    flex_metrics = ("reject", "accept", "unclear", "reject_ll", "knowledge_acc", "knows", "accommodation",
                    "accommodation_ll", "control_reject", "control_reject_ll")
    for side, rej_p in (("b", 0.2), ("t", 0.35)):
        reject = (rng.random(n) < rej_p).astype(float)
        accept = ((1 - reject) * (rng.random(n) < 0.8)).astype(float)
        kacc = rng.integers(0, 4, n) / 3.0
        knows = (kacc == 1.0).astype(float)
        m = {"reject": reject, "accept": accept, "unclear": 1 - reject - accept,
             "reject_ll": (rng.random(n) < rej_p + 0.1).astype(float), "knowledge_acc": kacc, "knows": knows,
             "accommodation": np.where(knows == 1, accept, np.nan),
             "accommodation_ll": np.where(knows == 1, (rng.random(n) < 0.5).astype(float), np.nan),
             "control_reject": (rng.random(n) < 0.05).astype(float),
             "control_reject_ll": (rng.random(n) < 0.1).astype(float)}
        resp = np.full(n, "It is not true that ...", dtype=object)
        (parts_b if side == "b" else parts_t).append(_frame("latent_flex", n, "none", docs, m, response=resp))
    infos["latent_flex"] = flex_metrics

    n_each = sizes["generic"] // len(GENERIC_TASKS)
    for j, task in enumerate(GENERIC_TASKS):
        n = n_each if j < len(GENERIC_TASKS) - 1 else sizes["generic"] - n_each * (len(GENERIC_TASKS) - 1)
        docs = _docs(n, lambda i: {"question_id": j * 10**9 + i, "question": f"Q{i}", "options": ["A", "B", "C", "D"]})
        b = (rng.random(n) < 0.55).astype(float)
        t = np.where(rng.random(n) < 0.9, b, 1 - b)
        m_b, m_t = {"exact_match": b}, {"exact_match": t}
        metrics = ("exact_match",)
        parts_b.append(_frame(task, n, "custom-extract", docs, m_b, response=np.full(n, "The answer is (A)", dtype=object)))
        parts_t.append(_frame(task, n, "custom-extract", docs, m_t, response=np.full(n, "The answer is (B)", dtype=object)))
        infos[task] = metrics

    def run(parts, label: str) -> Run:
        frames = [pd.DataFrame(p) for p in parts]
        rows = pd.concat(frames, ignore_index=True)
        total_rows = len(rows)
        rows["doc_hash"] = _hashes("d", total_rows)
        rows["prompt_hash"] = _hashes("p", total_rows)
        rows["target_hash"] = _hashes("t", total_rows)
        rows = rows.sort_values(["task", "filter", "doc_id"], kind="stable").reset_index(drop=True)
        tasks = {t: TaskInfo(t, 1.0, f"h-{t}", tuple(ms), {m: True for m in ms}, None, {}) for t, ms in infos.items()}
        return Run(Path(f"/synthetic/{label}"), rows, tasks, "hf", f"pretrained={label}", label, None, None,
                   "0.4.13", ())

    base, tuned = run(parts_b, "base"), run(parts_t, "tuned")
    # identical key/hash objects in both arms, as two reads of the same documents would give equal strings
    for col in ("doc_hash", "prompt_hash", "target_hash"):
        tuned.rows[col] = base.rows[col]
    return base, tuned, {"synth_mc": tuple(GENERIC_TASKS)}


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def parse_benchmark(run: Run, n_rows: int, tmp: Path) -> dict:
    """Write ``n_rows`` of ``run`` as lm-eval samples files, time read_run and the stdlib json.loads peer."""
    rows = run.rows.iloc[:n_rows]
    folder = tmp / "parse_run"
    folder.mkdir()
    ts = "2026-01-01T00-00-00.000001"
    tasks = sorted(rows["task"].unique())
    metric_cols = {t: list(run.tasks[t].metrics) for t in tasks}
    results = {"results": {t: {} for t in tasks}, "versions": {t: 1.0 for t in tasks}, "config": {"model": "hf"},
               "model_name": "bench"}
    (folder / f"results_{ts}.json").write_text(json.dumps(results))
    size = 0
    for t in tasks:
        sub = rows[rows["task"] == t]
        with open(folder / f"samples_{t}_{ts}.jsonl", "w", encoding="utf-8") as fh:
            recs = sub.to_dict("records")
            for r in recs:
                line = {"doc_id": int(r["doc_id"]), "doc": r["doc"], "target": "x", "arguments": {},
                        "resps": [[r["response"] or ""]], "filtered_resps": [r["response"] or ""],
                        "filter": r["filter"], "metrics": metric_cols[t], "doc_hash": r["doc_hash"],
                        "prompt_hash": r["prompt_hash"], "target_hash": r["target_hash"]}
                for m in metric_cols[t]:
                    line[m] = None if r[m] != r[m] else float(r[m])
                text = json.dumps(line) + "\n"
                size += len(text)
                fh.write(text)
    _, t_read = timed(read_run, folder)

    def stdlib_parse():
        for p in folder.glob("samples_*.jsonl"):
            with open(p, encoding="utf-8") as fh:
                for line in fh:
                    json.loads(line)
    _, t_std = timed(stdlib_parse)
    return {"rows": len(rows), "mb": size / 1e6, "read_run_s": t_read, "stdlib_json_s": t_std}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="paired rows (default %(default)s)")
    ap.add_argument("--parse-rows", type=int, default=200_000, help="rows written and parsed (default %(default)s)")
    ap.add_argument("--continuous-rows", type=int, default=100_000,
                    help="pairs for the separate continuous graded bootstrap timing (default %(default)s; 0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    (base, tuned, groups), t_build = timed(synthetic_pair, args.rows, args.seed)
    print(f"paired_rows: {len(base.rows)}")
    print(f"synthetic_build_s: {t_build:.2f}")
    cmp, t_pair = timed(compare_runs, base, tuned, groups=groups, seed=args.seed)
    data, t_stats = timed(build_comparison_dict, cmp)
    _, t_valid = timed(validate_comparison_dict, data)
    html, t_html = timed(render_html, data)
    md, t_md = timed(render_markdown, data)
    js, t_json = timed(json.dumps, data, ensure_ascii=False, allow_nan=False)
    total = t_pair + t_stats + t_valid + t_html + t_md + t_json
    print(f"pairing_s: {t_pair:.2f}")
    print(f"statistics_s: {t_stats:.2f}")
    print(f"validate_s: {t_valid:.2f}")
    print(f"render_html_s: {t_html:.3f}")
    print(f"render_markdown_s: {t_md:.3f}")
    print(f"render_json_s: {t_json:.3f}")
    print(f"report_total_s: {total:.2f}")
    print(f"report_total_vs_10s_goal: {total / 10.0:.2f}")
    print(f"html_bytes: {len(html.encode())}")
    print(f"json_bytes: {len(js.encode())}")
    print(f"headline_metrics: {len(data['headline'])}")

    if args.continuous_rows > 0:
        from latent_suite.reports.metric_stats import paired_stats

        rng = np.random.default_rng(args.seed)
        xb = rng.random(args.continuous_rows)
        xt = np.clip(xb + rng.normal(0.01, 0.1, xb.size), 0, 1)
        st, t_cont = timed(paired_stats, xb, xt, seed=args.seed)
        print(f"continuous_graded_rows: {xb.size}")
        print(f"continuous_graded_bootstrap_s: {t_cont:.2f}")
        n_boot = 2000 if xb.size * 2000 <= 2e8 else max(200, int(2e8) // xb.size)  # reports.stats.bootstrap cap
        print(f"continuous_graded_n_boot: {n_boot}")

    if args.parse_rows > 0:
        with tempfile.TemporaryDirectory() as tmp:
            pr = parse_benchmark(base, min(args.parse_rows, len(base.rows)), Path(tmp))
        scale = 1_000_000 / pr["rows"]
        print(f"parse_rows: {pr['rows']}")
        print(f"parse_mb: {pr['mb']:.1f}")
        print(f"parse_read_run_s: {pr['read_run_s']:.2f}")
        print(f"parse_stdlib_json_loads_s: {pr['stdlib_json_s']:.2f}")
        print(f"parse_read_run_vs_stdlib_json: {pr['read_run_s'] / pr['stdlib_json_s']:.2f}")
        print(f"parse_1M_rows_s_extrapolated: {pr['read_run_s'] * scale:.1f}")
    print(f"cpu_count: {os.cpu_count()}")
    print(f"loadavg_1min: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
