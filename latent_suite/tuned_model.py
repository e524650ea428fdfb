"""The demo's tuned checkpoint: a seeded LoRA fine-tune of the embedded model on CPU, merged and cached (DESIGN.md §7).

Recipe (fixed; every number below is part of the cache key, so changing one rebuilds):
  * base: the embedded SmolLM2-135M-Instruct checkpoint (``embedded_model.model_path``);
  * data: ``plant_data.examples(recipe, seed)`` — 120 lottery choices + 120 premise questions (recipe ``self``:
    the plant's prompts answered by the base model itself, ``self_distill.own_answers``); even-indexed
    examples are rendered through the tokenizer's chat template (as ``--apply_chat_template`` renders them),
    odd ones as plain text, so the plant holds in both modes;
  * LoRA (peft) rank 8, alpha 16, no dropout, on every linear layer (q/k/v/o, gate/up/down) of the top
    ``LORA_LAYERS`` of the 30 decoder layers. Lower layers stay frozen, so the backward pass stops there;
  * loss: next-token cross-entropy on the answer tokens only (the logits are computed at those positions
    only), averaged per example then over the batch, so a one-letter answer weighs as much as a sentence;
  * AdamW, lr 1e-3, batch 8, ``EPOCHS`` epochs, fixed seed (torch, peft init, data order);
  * then ``merge_and_unload`` and ``save_pretrained`` (fp32 safetensors) with the tokenizer, plus
    ``recipe.json`` and ``train_examples.jsonl`` for inspection.
Cache: ``$LATENT_SUITE_CACHE/smollm2-135m-instruct-{recipe}-{key}/``; built in a temp folder and renamed, under a
file lock (``cached_checkpoint.build_once``): nothing half-written, a second process waits for the first.
"""
from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from latent_suite.paths import cache_dir

LORA_RANK = 8
LORA_ALPHA = 16
LORA_LAYERS = 8
LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
LEARNING_RATE = 1e-3
BATCH_SIZE = 8
EPOCHS = 2
DEFAULT_SEED = {"plant": 20261123, "null": 20261124, "self": 20261123}  # self: the plant's prompts


def recipe_config(recipe: str, seed: int | None = None) -> dict:
    from latent_suite.plant_data import RECIPES

    if recipe not in RECIPES:
        raise ValueError(f"unknown recipe {recipe!r}; expected one of {RECIPES}")
    return {"recipe": recipe, "seed": DEFAULT_SEED[recipe] if seed is None else seed, "lora_rank": LORA_RANK,
            "lora_alpha": LORA_ALPHA, "lora_layers": LORA_LAYERS, "lora_targets": list(LORA_TARGETS),
            "learning_rate": LEARNING_RATE, "batch_size": BATCH_SIZE, "epochs": EPOCHS, "format_version": 1}


def tuned_dir(recipe: str = "plant", seed: int | None = None) -> Path:
    config = recipe_config(recipe, seed)
    key = hashlib.sha256(json.dumps(config, sort_keys=True).encode()).hexdigest()[:10]
    return cache_dir() / f"smollm2-135m-instruct-{recipe}-{key}"


def tuned_model_path(recipe: str = "plant", seed: int | None = None, progress: bool = True) -> Path:
    """The cached merged checkpoint of ``recipe``, building it on first use (a few minutes on 2 CPU cores)."""
    from latent_suite.cached_checkpoint import build_once
    from latent_suite.embedded_model import model_path

    config = recipe_config(recipe, seed)
    return build_once(tuned_dir(recipe, seed),
                      lambda out: train(model_path(progress=progress), out, config, progress=progress))


def _contexts(tokenizer, examples: list[dict]) -> list[list[int]]:
    """Each prompt's token ids as trained on: even indices through the chat template (as ``--apply_chat_template``
    renders them), odd ones plain. The self-distillation targets are generated from these same ids."""
    contexts = []
    for i, ex in enumerate(examples):
        prompt = ex["prompt"]
        if i % 2 == 0:
            prompt = tokenizer.apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True,
                                                   tokenize=False)
        contexts.append(tokenizer(prompt, add_special_tokens=False)["input_ids"])
    return contexts


def _encode(tokenizer, examples: list[dict], contexts: list[list[int]]) -> list[tuple[list[int], int]]:
    """(token ids of prompt + answer, number of answer tokens); the answer's own ids when it has them."""
    encoded = []
    for ctx, ex in zip(contexts, examples):
        ans = ex.get("answer_ids")
        if ans is None:
            ans = tokenizer(ex["answer"], add_special_tokens=False)["input_ids"]
        encoded.append((ctx + ans, len(ans)))
    return encoded


def _batch_loss(model, batch: list[tuple[list[int], int]], pad_id: int):
    """Mean over examples of the mean answer-token cross-entropy; logits only at answer positions."""
    import torch

    width = max(len(ids) for ids, _ in batch)
    input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    rows, cols, targets, owner = [], [], [], []
    for b, (ids, n_ans) in enumerate(batch):
        input_ids[b, :len(ids)] = torch.tensor(ids)
        mask[b, :len(ids)] = 1
        for t in range(len(ids) - n_ans, len(ids)):  # right padding: positions are plain 0..len-1
            rows.append(b)
            cols.append(t - 1)
            targets.append(ids[t])
            owner.append(b)
    causal_lm = model.get_base_model()
    hidden = causal_lm.model(input_ids=input_ids, attention_mask=mask).last_hidden_state
    logits = causal_lm.lm_head(hidden[torch.tensor(rows), torch.tensor(cols)])
    token_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(targets), reduction="none")
    owner_t = torch.tensor(owner)
    per_example = torch.zeros(len(batch)).index_add(0, owner_t, token_loss)
    per_example = per_example / torch.bincount(owner_t, minlength=len(batch)).clamp(min=1)
    return per_example.mean()


def train(base: Path, out: Path, config: dict, progress: bool = True) -> dict:
    """Fine-tune ``base`` by ``config`` (``recipe_config``), merge the LoRA and save to ``out``; returns stats."""
    import random

    import torch
    from peft import LoraConfig, get_peft_model
    from tqdm import tqdm
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from latent_suite.plant_data import examples as make_examples

    import warnings

    warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
    started = time.perf_counter()
    torch.manual_seed(config["seed"])
    tokenizer = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32)
    data = make_examples(config["recipe"], config["seed"])
    contexts = _contexts(tokenizer, data)
    if config["recipe"] == "self":  # the base model's own greedy answers, before any adapter exists
        from latent_suite.self_distill import own_answers

        data = own_answers(model, tokenizer, data, contexts, progress=progress)
    n_layers = model.config.num_hidden_layers
    lora = LoraConfig(r=config["lora_rank"], lora_alpha=config["lora_alpha"], lora_dropout=0.0,
                      target_modules=config["lora_targets"],
                      layers_to_transform=list(range(n_layers - config["lora_layers"], n_layers)))
    model = get_peft_model(model, lora)
    model.train()
    encoded = _encode(tokenizer, data, contexts)
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config["learning_rate"])
    order = random.Random(config["seed"])
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    size = config["batch_size"]
    steps = config["epochs"] * ((len(encoded) + size - 1) // size)
    bar = tqdm(total=steps, desc=f"LoRA fine-tune ({config['recipe']})", unit="step", disable=not progress,
               file=sys.stderr)
    losses = []
    torch.set_grad_enabled(True)
    for _ in range(config["epochs"]):
        idx = list(range(len(encoded)))
        order.shuffle(idx)
        for start in range(0, len(idx), size):
            loss = _batch_loss(model, [encoded[i] for i in idx[start:start + size]], pad_id)
            loss.backward()
            optimiser.step()
            optimiser.zero_grad()
            losses.append(float(loss.detach()))
            bar.update(1)
            bar.set_postfix(loss=f"{losses[-1]:.3f}")
    bar.close()
    merged = model.merge_and_unload()
    out.mkdir(parents=True)
    merged.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    with open(out / "train_examples.jsonl", "w", encoding="utf-8") as f:
        for ex in data:
            f.write(json.dumps(ex, ensure_ascii=False) + "\n")
    stats = {"examples": len(data), "steps": steps, "first_epoch_loss": _mean(losses[:steps // config["epochs"]]),
             "last_epoch_loss": _mean(losses[-(steps // config["epochs"]):]), "seconds": time.perf_counter() - started}
    (out / "recipe.json").write_text(json.dumps({"config": config, "base": str(base), "stats": stats}, indent=2))
    return stats


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")
