"""Loading shipped item files as lm-eval datasets (DESIGN.md §5.2).

lm-eval resolves relative ``data_files`` against the working directory, so every family loads its JSONL
through ``custom_dataset: !function utils.load`` with a path relative to the family's own folder. lm-eval
calls the loader with every ``--metadata``/``model_args`` key, so loaders accept ``**kwargs``.
"""
from __future__ import annotations

from pathlib import Path


def load_split(jsonl_path: str | Path, split: str = "test"):
    """A ``datasets.DatasetDict`` with one split read from a shipped JSONL file (no hub, no cache dir)."""
    import datasets

    from latent_suite.item_schema import load_jsonl

    rows = load_jsonl(jsonl_path)
    if not rows:
        raise ValueError(f"{jsonl_path}: no items")
    return datasets.DatasetDict({split: datasets.Dataset.from_list(rows)})
