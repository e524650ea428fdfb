"""``build_once``: builds a checkpoint folder once, renames it into place, leaves nothing on failure."""
from __future__ import annotations

import pytest

from latent_suite.cached_checkpoint import build_once, is_built


def _write(calls):
    def write(out):
        calls.append(out)
        out.mkdir()
        (out / "config.json").write_text("{}")
        (out / "model.safetensors").write_bytes(b"x")
    return write


def test_builds_once_then_reuses(tmp_path):
    calls = []
    target = tmp_path / "cache" / "ckpt-a"
    assert build_once(target, _write(calls)) == target
    assert is_built(target) and len(calls) == 1
    assert calls[0] != target  # written elsewhere, then renamed
    build_once(target, _write(calls))
    assert len(calls) == 1


def test_failed_build_leaves_nothing(tmp_path):
    def broken(out):
        out.mkdir()
        (out / "config.json").write_text("{}")
        raise RuntimeError("interrupted")

    target = tmp_path / "ckpt-b"
    with pytest.raises(RuntimeError):
        build_once(target, broken)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == [".ckpt-b.lock"]


def test_a_half_folder_is_rebuilt(tmp_path):
    target = tmp_path / "ckpt-c"
    target.mkdir()
    (target / "config.json").write_text("{}")  # no weights: not built
    calls = []
    build_once(target, _write(calls))
    assert len(calls) == 1 and (target / "model.safetensors").read_bytes() == b"x"
