"""Self-distillation targets: the base model's own greedy answers to the plant's prompts (recipe ``self``).

The validity suite needs a no-op control for its deterministic (greedy / log-likelihood) families, where
"another seed" changes nothing (DESIGN.md §7). A LoRA "by the same recipe on neutral data" was the first try,
and it is not a no-op: 60 steps on short made-up answers cost 10 points of retention and collapse the CoT
(validity run of 2026-11-23). Here the targets carry no new information at all. For every plant example,
rendered exactly as the training step renders it (chat template or plain text), the answer becomes the
base model's greedy continuation, ``len(plant answer tokens)`` tokens long (cut after an end-of-turn token), so
the LoRA sees the same prompts, renderings, token counts, steps and learning rate as the plant, and only the
direction is gone. Training on a model's own argmax pushes up what it already prefers. That is a mild
sharpening, which is exactly what "same recipe, nothing taught" means.
"""
from __future__ import annotations

import sys

GENERATION_BATCH = 16


def own_answers(model, tokenizer, rows: list[dict], contexts: list[list[int]], progress: bool = True) -> list[dict]:
    """``rows`` (with ``plant_answer``) with ``answer_ids``/``answer`` set to the model's greedy continuation of
    ``contexts[i]`` (the rendered prompt ids), ``len(tokenize(plant_answer))`` tokens at most."""
    import torch
    from tqdm import tqdm

    lengths = [len(tokenizer(r["plant_answer"], add_special_tokens=False)["input_ids"]) for r in rows]
    stops = {t for t in (tokenizer.eos_token_id, tokenizer.get_vocab().get("<|im_end|>")) if t is not None}
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    answers: list[list[int]] = [[] for _ in rows]
    order = sorted(range(len(rows)), key=lambda i: (len(contexts[i]), lengths[i]))  # little padding per batch
    batches = [order[s:s + GENERATION_BATCH] for s in range(0, len(order), GENERATION_BATCH)]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for batch in tqdm(batches, desc="self-distillation targets", unit="batch", disable=not progress,
                          file=sys.stderr):
            width = max(len(contexts[i]) for i in batch)
            ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for b, i in enumerate(batch):  # left padding, so every row continues from its last token
                ids[b, width - len(contexts[i]):] = torch.tensor(contexts[i])
                mask[b, width - len(contexts[i]):] = 1
            out = model.generate(input_ids=ids, attention_mask=mask, do_sample=False,
                                 max_new_tokens=max(lengths[i] for i in batch), pad_token_id=pad_id)
            for b, i in enumerate(batch):
                new = out[b, width:].tolist()[:lengths[i]]
                cut = next((k + 1 for k, t in enumerate(new) if t in stops), len(new))
                answers[i] = new[:cut]
    model.train(was_training)
    return [{**row, "answer_ids": answers[i], "answer": tokenizer.decode(answers[i])} for i, row in enumerate(rows)]
