"""Synthetic lm-eval output dirs for the report tests (results_*.json + samples_*.jsonl in lm-eval 0.4 shape),
and checks that the run reader accepts what they write. Other report tests import the builders from here."""
from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

from latent_suite.run_reader import read_run

TS = "2026-01-01T10-00-00.000001"
PASSK_N = 4


def sha(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def row(doc_id: int, doc: dict, metrics: dict, *, response: str | None = "", filter_name: str = "none",
        prompt: str = "", target: str = "", filtered=None) -> dict:
    """One samples row; ``prompt`` feeds prompt_hash (change it to simulate a prompt change)."""
    out = {"doc_id": doc_id, "doc": doc, "target": target, "filter": filter_name,
           "resps": [[response]] if response is not None else [[[-1.0, False]]],
           "filtered_resps": filtered if filtered is not None else [response],
           "doc_hash": sha("doc", doc), "prompt_hash": sha("prompt", doc, prompt), "target_hash": sha("t", target),
           "metrics": list(metrics)}
    out.update(metrics)
    return out


def write_run(folder: Path, tasks: dict[str, list[dict]], *, versions: dict | None = None, model_name: str = "m",
              chat_template_sha: str | None = None, system_instruction_sha: str | None = None,
              task_hashes: dict | None = None, group_subtasks: dict | None = None, ts: str = TS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    hib = {t: {m: True for m in (rows[0]["metrics"] if rows else [])} for t, rows in tasks.items()}
    results = {
        "results": {t: {"alias": t} for t in tasks},
        "versions": {t: (versions or {}).get(t, 1.0) for t in tasks},
        "task_hashes": task_hashes or {t: sha("task", [(r["doc_hash"], r["prompt_hash"], r["target_hash"])
                                                       for r in rows]) for t, rows in tasks.items()},
        "n-samples": {t: {"original": len(rows), "effective": len({r["doc_id"] for r in rows})}
                      for t, rows in tasks.items()},
        "higher_is_better": hib, "config": {"model": "hf", "model_args": f"pretrained={model_name}"},
        "model_name": model_name, "chat_template_sha": chat_template_sha,
        "system_instruction_sha": system_instruction_sha, "lm_eval_version": "0.4.13",
        "group_subtasks": group_subtasks or {},
    }
    (folder / f"results_{ts}.json").write_text(json.dumps(results), encoding="utf-8")
    for t, rows in tasks.items():
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (folder / f"samples_{t}_{ts}.jsonl").write_text(text, encoding="utf-8")
    return folder


# -- family rows -----------------------------------------------------------------------------------------
def retention_gen_rows(correct: list[int], domains: list[str], responses: list[str] | None = None,
                       prompt: str = "") -> list[dict]:
    out = []
    for i, ok in enumerate(correct):
        doc = {"id": f"ret-{i:04d}", "domain": domains[i], "question": f"Question number {i}?",
               "answer": f"answer{i}", "aliases": [f"answer{i}"]}
        resp = responses[i] if responses else (f"answer{i}" if ok else "wrong")
        out.append(row(i, doc, {"match": float(ok), "exact": float(ok)}, response=resp, prompt=prompt,
                       target=f"answer{i}"))
    return out


def retention_mc_rows(correct: list[int], domains: list[str], prompt: str = "") -> list[dict]:
    out = []
    for i, ok in enumerate(correct):
        doc = {"id": f"ret-{i:04d}", "domain": domains[i], "question": f"Question number {i}?",
               "answer": f"answer{i}", "choices": ["a", "b", f"answer{i}", "d"], "answer_index": 2}
        out.append(row(i, doc, {"acc": float(ok), "acc_norm": float(ok)}, response=None, prompt=prompt, target="2"))
    return out


def passk_rows(cs: list[int], n: int = PASSK_N, levels: list[int] | None = None, prompt: str = "") -> list[dict]:
    from latent_suite.evaluators.passk import k_values, pass_at_k

    out = []
    for i, c in enumerate(cs):
        doc = {"id": f"pk-{i:04d}", "level": (levels[i] if levels else 1 + i % 3), "question": f"{i} + 1 = ?"}
        vec = [1] * c + [0] * (n - c)
        metrics = {"n": float(n), "c": float(c)}
        metrics.update({f"pass@{k}": pass_at_k(n, c, k) for k in k_values(n)})
        filtered = [[json.dumps({"answer": str(i), "correct": v}) for v in vec]]
        out.append(row(i, doc, metrics, response="\\boxed{1}", filter_name="keep_all", prompt=prompt,
                       target=str(i + 1), filtered=filtered))
    return out


def flex_rows(items: list[dict], prompt: str = "") -> list[dict]:
    """items: dicts with reject, reject_ll, knows, accept, control_reject, trigger, domain, n_probes."""
    out = []
    for i, it in enumerate(items):
        probes = [{"question": f"p{j}", "choices": ["w", "x", "y", "z"], "answer": 0}
                  for j in range(it.get("n_probes", 3))]
        doc = {"id": f"flex-{i:04d}", "domain": it["domain"], "trigger": it["trigger"],
               "question": f"Why is false thing {i} true?", "knowledge_probes": probes}
        knows = it["knows"]
        acc = it["accept"]
        m = {"reject": float(it["reject"]), "accept": float(acc), "unclear": float(1 - it["reject"] - acc),
             "reject_ll": float(it["reject_ll"]), "knowledge_acc": float(it.get("knowledge_acc", knows)),
             "knows": float(knows), "accommodation": float(acc) if knows else math.nan,
             "accommodation_ll": float(1 - it["reject_ll"]) if knows else math.nan,
             "control_reject": float(it["control_reject"]), "control_reject_ll": float(it["control_reject"])}
        out.append(row(i, doc, m, response=it.get("response", "It is not true."), prompt=prompt, target="fact"))
    return out


def test_synthetic_runs_read_back(tmp_path):
    d = write_run(tmp_path / "r", {
        "latent_retention_gen": retention_gen_rows([1, 0, 1], ["geo", "geo", "sci"]),
        "latent_passk": passk_rows([0, 2, 4]),
        "latent_flex": flex_rows([{"reject": 1, "accept": 0, "reject_ll": 1, "knows": 0, "control_reject": 0,
                                   "trigger": "cleft", "domain": "sci"}]),
    })
    run = read_run(d)
    assert sorted(run.tasks) == ["latent_flex", "latent_passk", "latent_retention_gen"]
    pk = run.task_rows("latent_passk")
    assert pk["c"].tolist() == [0.0, 2.0, 4.0] and pk["correct_vector"].iloc[1] == (1, 1, 0, 0)
    assert math.isnan(run.task_rows("latent_flex")["accommodation"].iloc[0])
    assert run.task_rows("latent_retention_gen")["response"].tolist() == ["answer0", "wrong", "answer2"]
