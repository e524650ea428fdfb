"""lm-eval glue for knowledge retention (DESIGN.md §4.4). Scoring lives in ``latent_suite.evaluators``."""
from __future__ import annotations

from pathlib import Path

from latent_suite.evaluators.answer_match import alias_match, exact_alias_match

DATA = Path(__file__).parent / "data" / "retention_items.jsonl"


def load(**kwargs):
    """The shipped closed-book items (353, 10 domains); lm-eval's metadata kwargs are ignored."""
    from latent_suite.task_data import load_split

    return load_split(DATA)


def doc_to_text_gen(doc: dict) -> str:
    return f"Answer the question in a few words.\n\nQuestion: {doc['question']}\nAnswer:"


def process_results_gen(doc: dict, results: list) -> dict[str, float]:
    """``match``: an alias occurs as a whole word in the first sentence; ``exact``: normalised equality."""
    response = results[0]
    return {"match": float(alias_match(response, doc["aliases"])),
            "exact": float(exact_alias_match(response, doc["aliases"]))}
