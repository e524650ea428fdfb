"""Atomic writes of several output files: nothing half-written (DESIGN.md §3). Used by every writer: the report,
the gate, the leaderboard, the demo, the validity table, and the derived tasks written into run dirs (CoT probes,
FLEX judge).

Every text is rendered and validated before this runs. Then each file is written to a temp file in its
target folder (same file system) and, once all temps are complete and flushed, renamed into place with
``os.replace`` (atomic per file). If anything fails before the renames, every temp file is removed and no
target is touched.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from latent_suite.errors import LatentSuiteError


def check_targets(paths: list[Path]) -> None:
    """Refuse output paths that are folders, repeated, or inside a missing folder that cannot be created."""
    seen = set()
    for p in paths:
        rp = p.resolve()
        if rp in seen:
            raise LatentSuiteError(f"the same output file is given twice: {p}")
        seen.add(rp)
        if p.exists() and p.is_dir():
            raise LatentSuiteError(f"output path is a directory: {p}")
        parent = p.parent
        while not parent.exists():
            parent = parent.parent
        if not parent.is_dir() or not os.access(parent, os.W_OK):
            raise LatentSuiteError(f"cannot write {p}: {parent} is not a writable directory")


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(files: dict[Path, str], what: str = "the report") -> None:
    """Write {path: text} (UTF-8) atomically as a set: temp files first, then renames (in ``files`` order).
    ``what`` names the files in the one-line error."""
    check_targets(list(files))
    mode = _file_mode()
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        raise LatentSuiteError(f"could not write {what}: {exc}") from None
    finally:
        for tmp, _ in temps:
            if os.path.exists(tmp):
                os.unlink(tmp)
