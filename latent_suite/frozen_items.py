"""Command line shared by the seeded item generators (pass@k, CoT, self-description).

Each family's ``generate.py`` defines ``generate(seed, count) -> list[dict]``; the shipped JSONL is its frozen
output, written atomically (temp file, then rename) so a test can regenerate it byte for byte.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path


def write_jsonl(rows: list[dict], path: Path) -> None:
    """One JSON object per line (UTF-8, insertion-ordered keys), written to a temp file and renamed."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    tmp.replace(path)


def generator_main(argv: list[str] | None, *, doc: str, generate: Callable[[int, int], list[dict]],
                   seed: int, count_flag: str, count: int, noun: str = "items") -> None:
    """``--seed``, ``--<count_flag>`` and ``-o`` -> ``generate(seed, count)`` written with :func:`write_jsonl`."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument(f"--{count_flag}", dest="count", type=int, default=count)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    rows = generate(args.seed, args.count)
    write_jsonl(rows, args.output)
    print(f"wrote {len(rows)} {noun} to {args.output}")
