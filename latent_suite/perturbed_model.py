"""A damaged copy of the embedded model for the validity suite: Gaussian noise on early-layer weights.

For every weight matrix W of the first ``layers`` decoder layers (attention and MLP projections; norms and
embeddings untouched): W <- W + sigma * std(W) * Z, Z ~ N(0, 1) i.i.d. from a seeded generator. Relative noise
keeps the damage comparable across matrices. Early layers hold much of a small model's token-level knowledge
lookup, so the planted effect is a retention drop (DESIGN.md §8 / issue 8: "small Gaussian noise on early-layer
weights => retention drop"). Cached like the other checkpoints (``cached_checkpoint.build_once``).
"""
from __future__ import annotations

from pathlib import Path

from latent_suite.paths import cache_dir

NOISE_SIGMA = 0.3
NOISE_LAYERS = 4
NOISE_SEED = 7


def noisy_dir(sigma: float = NOISE_SIGMA, layers: int = NOISE_LAYERS, seed: int = NOISE_SEED) -> Path:
    return cache_dir() / f"smollm2-135m-instruct-noise-s{sigma:g}-l{layers}-seed{seed}"


def noisy_model_path(sigma: float = NOISE_SIGMA, layers: int = NOISE_LAYERS, seed: int = NOISE_SEED) -> Path:
    """The cached noisy checkpoint, built from the embedded model on first use (seconds)."""
    from latent_suite.cached_checkpoint import build_once
    from latent_suite.embedded_model import model_path

    return build_once(noisy_dir(sigma, layers, seed), lambda out: add_noise(model_path(), out, sigma, layers, seed))


def add_noise(base: Path, out: Path, sigma: float, layers: int, seed: int) -> int:
    """Write the noisy copy of ``base`` to ``out``; returns the number of matrices perturbed."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    gen = torch.Generator().manual_seed(seed)
    touched = 0
    with torch.no_grad():
        for i in range(layers):
            for name, param in model.model.layers[i].named_parameters():
                if param.dim() == 2:
                    param.add_(sigma * param.std() * torch.randn(param.shape, generator=gen))
                    touched += 1
    model.save_pretrained(out, safe_serialization=True)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)
    return touched
