"""Shipped item files: load JSONL and validate each line against its JSON Schema (draft 2020-12).

Every family ships ``tasks/<family>/data/<name>.jsonl`` with ``<name>.schema.json`` beside it (DESIGN.md §4).
Violations are returned as readable strings (``file:line: path: message``) so a test can assert on them and a
user sees exactly which item is broken.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def _lines(path: str | Path) -> Iterator[tuple[int, object]]:
    """(line number, parsed JSON or the JSONDecodeError) for every non-blank line."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield lineno, exc


def load_jsonl(path: str | Path) -> list[dict]:
    """Read a JSONL file into a list of dicts; raises ValueError naming the line on invalid JSON."""
    rows = []
    for lineno, row in _lines(path):
        if isinstance(row, json.JSONDecodeError):
            raise ValueError(f"{path}:{lineno}: not valid JSON ({row.msg})")
        if not isinstance(row, dict):
            raise ValueError(f"{path}:{lineno}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


def validate_jsonl(path: str | Path, schema_path: str | Path) -> list[str]:
    """Validate every line of ``path`` against the JSON Schema at ``schema_path``; also flags duplicate ``id``s."""
    import jsonschema

    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems: list[str] = []
    seen: dict[str, int] = {}
    name = Path(path).name
    for lineno, row in _lines(path):
        if isinstance(row, json.JSONDecodeError):
            problems.append(f"{name}:{lineno}: not valid JSON ({row.msg})")
            continue
        for err in sorted(validator.iter_errors(row), key=lambda e: list(e.path)):
            where = "/".join(str(p) for p in err.path) or "<item>"
            problems.append(f"{name}:{lineno}: {where}: {err.message}")
        item_id = row.get("id") if isinstance(row, dict) else None
        if item_id is not None:
            if item_id in seen:
                problems.append(f"{name}:{lineno}: id: duplicate id {item_id!r} (first on line {seen[item_id]})")
            else:
                seen[item_id] = lineno
    return problems
