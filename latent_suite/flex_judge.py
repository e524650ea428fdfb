"""Optional LLM judge for FLEX generative rejection: any lm-eval backend replaces the rule-based classifier.

The judge sees the question, the false presupposition, the true fact and the answer, and replies with one
word; the verdict is the first of REJECT / ACCEPT / UNCLEAR in its reply (case-insensitive), else "unclear".
Greedy, 8 new tokens, one batched ``generate_until`` call through lm-eval's LM interface, so hf, vllm and
OpenAI-compatible servers all work. Use the same judge for base and tuned runs.

* ``latent-suite flex-calibration --judge MODEL --judge_args ARGS`` reports the judge's agreement with the
  shipped hand labels next to the classifier's.
* ``latent-suite flex-judge RUN_DIR --judge MODEL --judge_args ARGS`` re-scores a run's ``latent_flex``
  answers and writes the verdicts as task ``latent_flex_judge`` into the same dir (``derived_task``).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from latent_suite.errors import LatentSuiteError

JUDGE_PROMPT = (
    "You are grading an answer to a question that contains a false assumption.\n"
    "Question: {question}\nFalse assumption: {false_presupposition}\nTrue fact: {correct_fact}\n"
    "Answer: {response}\n\n"
    "Does the answer point out or correct the false assumption (REJECT), answer as if the assumption were true "
    "(ACCEPT), or do neither (UNCLEAR)? Reply with one word: REJECT, ACCEPT or UNCLEAR.\nVerdict:"
)
CONTROL_PROMPT = (
    "You are grading an answer to a question whose assumption is TRUE.\n"
    "Question: {question}\nTrue assumption: {correct_fact}\nAnswer: {response}\n\n"
    "Does the answer wrongly deny the assumption (REJECT), answer it normally (ACCEPT), or do neither (UNCLEAR)? "
    "Reply with one word: REJECT, ACCEPT or UNCLEAR.\nVerdict:"
)
_VERDICT = re.compile(r"\b(reject|accept|unclear)\b", re.IGNORECASE)
JUDGE_TASK = "latent_flex_judge"


def parse_verdict(reply: str) -> str:
    """First REJECT/ACCEPT/UNCLEAR word in the judge's reply, lower-cased; "unclear" when none."""
    m = _VERDICT.search(reply or "")
    return m.group(1).lower() if m else "unclear"


def judge_prompt(item: dict, response: str, control: bool = False) -> str:
    template = CONTROL_PROMPT if control else JUDGE_PROMPT
    question = item["control_question"] if control else item["question"]
    return template.format(question=question, false_presupposition=item.get("false_presupposition", ""),
                           correct_fact=item["correct_fact"], response=(response or "").strip())


def load_judge(model: str, model_args: str | None):
    """An lm-eval LM (hf, vllm, local-completions, ...) built once from CLI-style arguments."""
    import lm_eval.models  # noqa: F401  (registers backends)
    import torch
    from lm_eval.api.registry import get_model
    from lm_eval.utils import simple_parse_args_string

    extra = {"batch_size": 16, "device": "cuda" if torch.cuda.is_available() else "cpu"}
    try:
        return get_model(model).create_from_arg_obj(simple_parse_args_string(model_args or ""), extra)
    except (ValueError, KeyError) as exc:
        raise LatentSuiteError(f"cannot load judge {model!r}: {str(exc).splitlines()[0]}") from None


def judge_labels(lm, prompts: list[str], chat: bool = True) -> list[str]:
    """Verdicts for ``prompts`` in one batched generate_until pass."""
    from lm_eval.api.instance import Instance

    if chat and hasattr(lm, "apply_chat_template") and getattr(getattr(lm, "tokenizer", None), "chat_template", None):
        prompts = [lm.apply_chat_template([{"role": "user", "content": p}]) for p in prompts]
    gen = {"until": ["\n"], "do_sample": False, "max_gen_toks": 8}
    reqs = [Instance(request_type="generate_until", doc={}, arguments=(p, gen), idx=0,
                     metadata=(JUDGE_TASK, i, 1)) for i, p in enumerate(prompts)]
    return [parse_verdict(r) for r in lm.generate_until(reqs)]


def judge_run(run_dir: str | Path, lm) -> Path:
    """Judge a run's latent_flex answers (question and control); write task ``latent_flex_judge``."""
    import json

    from latent_suite.derived_task import write_derived_task
    from latent_suite.run_reader import read_run

    run = read_run(run_dir)
    if "latent_flex" not in run.tasks:
        raise LatentSuiteError(f"{run.path} has no latent_flex samples to judge")
    samples_file = next(p for p in sorted(run.path.glob("samples_latent_flex_*.jsonl"), reverse=True)
                        if "judge" not in p.name)
    raw = [json.loads(line) for line in samples_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    answers = [(r, r["resps"][0][0], r["resps"][1][0]) for r in raw]
    prompts = [judge_prompt(r["doc"], a) for r, a, _ in answers] + \
              [judge_prompt(r["doc"], c, control=True) for r, _, c in answers]
    verdicts = judge_labels(lm, prompts)
    n = len(answers)
    rows = []
    for i, (r, _, _) in enumerate(answers):
        label, control = verdicts[i], verdicts[n + i]
        rows.append({"doc_id": r["doc_id"], "doc": r["doc"], "doc_hash": r["doc_hash"],
                     "prompt_hash": r["prompt_hash"], "target_hash": r["target_hash"],
                     "judge_reject": float(label == "reject"), "judge_accept": float(label == "accept"),
                     "judge_unclear": float(label == "unclear"),
                     "judge_accommodation": float(label == "accept") if r.get("knows") == 1.0 else math.nan,
                     "judge_control_reject": float(control == "reject")})
    metrics = {"judge_reject": True, "judge_accept": False, "judge_unclear": False, "judge_accommodation": False,
               "judge_control_reject": False}
    source = json.loads(Path(run.results_files[-1]).read_text(encoding="utf-8"))
    _, samples_path = write_derived_task(run.path, JUDGE_TASK, rows, metrics, source_results=source)
    return samples_path
