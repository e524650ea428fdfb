"""Build a checkpoint folder in the cache exactly once, never half-written (DESIGN.md §3, §7).

Used by the embedded model, the demo's LoRA checkpoints and the validity suite's noisy copy. A folder counts as
built when it holds ``config.json`` and ``model.safetensors``. Otherwise, under an exclusive file lock next to it
(a second process waits, then finds it built), ``write(folder)`` fills a fresh folder inside a temp dir in the
same parent, which is then renamed onto the target; an interrupted build leaves only the temp dir, removed on exit.
"""
from __future__ import annotations

import fcntl
import shutil
import tempfile
from pathlib import Path
from typing import Callable


def is_built(target: Path) -> bool:
    return (target / "config.json").is_file() and (target / "model.safetensors").is_file()


def build_once(target: Path, write: Callable[[Path], object]) -> Path:
    """``target``, built by ``write(folder)`` under a lock and renamed into place unless already built."""
    if is_built(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_built(target):
            with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}-") as tmp:
                write(Path(tmp) / "ckpt")
                if target.exists():
                    shutil.rmtree(target)
                (Path(tmp) / "ckpt").rename(target)
    return target
