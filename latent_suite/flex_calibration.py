"""``latent-suite flex-calibration``: the FLEX classifier's agreement with the shipped hand labels.

Reads ``tasks/flex/data/calibration.jsonl`` (real SmolLM2-135M responses plus hand-written ones, each labelled
reject / accept / unclear by hand) and classifies each response with
``latent_suite.evaluators.presupposition.classify_response`` given its item (the control version of the item
for responses to true-premise controls), then prints accuracy, Cohen's kappa and the confusion matrix
(``latent_suite.evaluators.calibration.agreement``).
"""
from __future__ import annotations

from pathlib import Path

from latent_suite.errors import LatentSuiteError



def _flex_data() -> Path:
    from latent_suite.paths import tasks_dir

    return tasks_dir() / "flex" / "data"


def calibration_agreement(calibration: Path | None = None, items: Path | None = None) -> dict:
    """Agreement dict (n, accuracy, kappa, confusion) plus the disagreeing rows."""
    from latent_suite.evaluators.calibration import agreement
    from latent_suite.evaluators.presupposition import as_control, classify_response
    from latent_suite.item_schema import load_jsonl

    data = _flex_data()
    try:
        rows = load_jsonl(calibration or data / "calibration.jsonl")
        by_id = {it["id"]: it for it in load_jsonl(items or data / "flex_items.jsonl")}
    except (OSError, ValueError) as exc:
        raise LatentSuiteError(str(exc).splitlines()[0]) from None
    truth, pred, misses = [], [], []
    for row in rows:
        item = by_id.get(row["item_id"])
        if item is None:
            raise LatentSuiteError(f"calibration row {row['id']} names unknown item {row['item_id']}")
        if row.get("kind") == "control":
            item = as_control(item)
        label = classify_response(row["response"], item)
        truth.append(row["label"])
        pred.append(label)
        if label != row["label"]:
            misses.append({"id": row["id"], "label": row["label"], "classified": label, "response": row["response"]})
    result = agreement(truth, pred)
    result["disagreements"] = misses
    return result


def main(args) -> int:
    from latent_suite.evaluators.presupposition import CLASSIFIER_VERSION

    res = calibration_agreement()
    labels = list(res["confusion"])
    print(f"FLEX classifier {CLASSIFIER_VERSION} vs hand labels (tasks/flex/data/calibration.jsonl)")
    print(f"  n = {res['n']}   agreement = {res['accuracy']:.3f}   Cohen's kappa = {res['kappa']:.3f}")
    print("  confusion (rows: hand label, columns: classifier)")
    print("    " + "".join(f"{lab:>10}" for lab in ["", *labels]))
    for t in labels:
        print("    " + f"{t:>10}" + "".join(f"{res['confusion'][t][p]:>10}" for p in labels))
    if args is not None and getattr(args, "verbose", False):
        for miss in res["disagreements"]:
            print(f"  {miss['id']}: hand={miss['label']} classifier={miss['classified']}: {miss['response'][:100]!r}")
    if args is not None and getattr(args, "judge", None):
        judged = judge_agreement(args.judge, args.judge_args)
        print(f"LLM judge {args.judge} ({args.judge_args}) vs hand labels")
        print(f"  n = {judged['n']}   agreement = {judged['accuracy']:.3f}   Cohen's kappa = {judged['kappa']:.3f}")
    return 0


def judge_agreement(model: str, model_args: str | None, limit: int | None = None) -> dict:
    """The optional LLM judge's agreement with the same hand labels (``latent_suite.flex_judge``)."""
    from latent_suite.evaluators.calibration import agreement
    from latent_suite.flex_judge import judge_labels, judge_prompt, load_judge
    from latent_suite.item_schema import load_jsonl

    data = _flex_data()
    rows = load_jsonl(data / "calibration.jsonl")[:limit]
    by_id = {it["id"]: it for it in load_jsonl(data / "flex_items.jsonl")}
    prompts = [judge_prompt(by_id[r["item_id"]], r["response"], control=r.get("kind") == "control") for r in rows]
    verdicts = judge_labels(load_judge(model, model_args), prompts)
    return agreement([r["label"] for r in rows], verdicts)
