"""Prefix-tree scoring: all probes of one CoT from one forward pass on lm-eval's hf backend (DESIGN.md §4.3).

The early-answering probes of a CoT are the same context cut at L + 1 points, plus two contexts (filler,
paraphrase) that share the prompt. A plain ``lm.loglikelihood`` pass re-reads that shared prefix once per probe.
Here the probes of one CoT are packed into one sequence:

  trunk = the tokens of the longest context (the full-CoT probe); for every other context k, its tokens
  beyond the longest common prefix ``p_k`` with the trunk form a branch appended after the trunk, with
  position ids ``p_k, p_k + 1, ...``; a 4D attention mask lets a branch token see trunk tokens ``< p_k`` and
  the earlier tokens of its own branch, and a trunk token the earlier trunk tokens (causal).

Each token then sees exactly the tokens (and positions) it would see in its own sequence, so the next-token
distribution after context k equals the one a separate forward pass gives (up to float rounding). Tokens are
those of lm-eval's own ``_encode_pair(context, continuation)``; a group whose continuations are not single
tokens falls back to the plain path. Only for ``HFLM`` with a decoder-only model and sdpa/eager attention
(custom 4D masks); everything else goes through ``lm.loglikelihood``.
"""
from __future__ import annotations

import inspect


def _common_prefix(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


class PackedGroup:
    """Token ids, position ids, attention pattern and query positions of one packed CoT."""

    def __init__(self, contexts_tokens: list[list[int]]):
        trunk_i = max(range(len(contexts_tokens)), key=lambda i: len(contexts_tokens[i]))
        trunk = list(contexts_tokens[trunk_i])
        self.ids = list(trunk)
        self.pos = list(range(len(trunk)))
        # per token: (shared trunk prefix length it may see, start of its own branch or None)
        self.visible: list[tuple[int, int | None]] = [(i + 1, None) for i in range(len(trunk))]
        self.query: list[int] = []
        for toks in contexts_tokens:
            p = _common_prefix(toks, trunk)
            if p == len(toks):  # the context is a prefix of the trunk
                self.query.append(p - 1)
                continue
            if p == 0:
                raise ValueError("a probe context shares no token with the full-CoT context")
            start = len(self.ids)
            for offset, tok in enumerate(toks[p:]):
                self.ids.append(tok)
                self.pos.append(p + offset)
                self.visible.append((p, start))
            self.query.append(len(self.ids) - 1)

    def __len__(self) -> int:
        return len(self.ids)

    def allowed(self, torch):
        """Boolean [S, S] attention pattern (True = may attend)."""
        n = len(self.ids)
        mask = torch.zeros((n, n), dtype=torch.bool)
        for i, (shared, start) in enumerate(self.visible):
            mask[i, :shared] = True
            if start is not None:
                mask[i, start: i + 1] = True
        return mask


class PrefixTreeScorer:
    """Argmax over single-token continuations for groups of contexts, one packed sequence per group."""

    def __init__(self, lm, max_tokens: int = 4096):
        self.lm = lm
        self.model = lm.model
        self.max_tokens = max_tokens
        params = inspect.signature(self.model.forward).parameters
        self.keep_arg = "logits_to_keep" if "logits_to_keep" in params else None

    @classmethod
    def for_lm(cls, lm) -> "PrefixTreeScorer | None":
        """A scorer when ``lm`` is lm-eval's HFLM over a decoder-only model with sdpa/eager attention, else None."""
        try:
            from lm_eval.models.huggingface import HFLM
        except ImportError:
            return None
        if not isinstance(lm, HFLM) or getattr(lm, "backend", None) != "causal":
            return None
        model = getattr(lm, "model", None)
        impl = getattr(getattr(model, "config", None), "_attn_implementation", None)
        if model is None or impl not in ("sdpa", "eager"):
            return None
        return cls(lm)

    def _encode(self, contexts: list[str], letters) -> tuple[list[list[int]], list[list[int]]] | None:
        ctx_tokens, letter_ids = [], []
        for ctx in contexts:
            enc = [self.lm._encode_pair(ctx, letter) for letter in letters]
            if any(len(cont) != 1 for _, cont in enc) or any(c != enc[0][0] for c, _ in enc):
                return None
            ctx_tokens.append(enc[0][0])
            letter_ids.append([cont[0] for _, cont in enc])
        return ctx_tokens, letter_ids

    def letter_logprobs(self, groups: list[list[str]], letters) -> list[list[list[float]]]:
        """Per group, per context, the log-probability of each letter (as lm-eval's loglikelihood would give)."""
        import torch

        from latent_suite.cot_probes import plain_letter_logprobs

        out: list = [None] * len(groups)
        packed, fallback = [], []
        for g, contexts in enumerate(groups):
            enc = self._encode(contexts, letters)
            if enc is None:
                fallback.append(g)
            else:
                packed.append((g, PackedGroup(enc[0]), enc[1]))
        if fallback:
            for g, lps in zip(fallback, plain_letter_logprobs(self.lm, [groups[g] for g in fallback])):
                out[g] = lps
        packed.sort(key=lambda item: -len(item[1]))
        batch: list = []
        for item in packed + [None]:
            if item is not None and (not batch or (len(batch) + 1) * len(batch[0][1]) <= self.max_tokens):
                batch.append(item)
                continue
            if batch:
                with torch.no_grad():
                    for (g, _, _), lps in zip(batch, self._run(batch, torch)):
                        out[g] = lps
            batch = [item] if item is not None else []
        return out

    def _run(self, batch, torch) -> list[list[list[float]]]:
        width = max(len(pg) for _, pg, _ in batch)
        dtype = next(self.model.parameters()).dtype
        device = self.lm.device
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        pos = torch.zeros((len(batch), width), dtype=torch.long)
        allowed = torch.eye(width, dtype=torch.bool).repeat(len(batch), 1, 1)  # padding rows see themselves
        for b, (_, pg, _) in enumerate(batch):
            n = len(pg)
            ids[b, :n] = torch.tensor(pg.ids)
            pos[b, :n] = torch.tensor(pg.pos)
            allowed[b, :n, :n] = pg.allowed(torch)
        mask = torch.zeros(allowed.shape, dtype=dtype)
        mask.masked_fill_(~allowed, torch.finfo(dtype).min)
        keep = sorted({q for _, pg, _ in batch for q in pg.query})
        kwargs = {"input_ids": ids.to(device), "position_ids": pos.to(device),
                  "attention_mask": mask[:, None].to(device), "use_cache": False}
        if self.keep_arg:
            kwargs[self.keep_arg] = torch.tensor(keep, dtype=torch.long, device=device)
        logits = self.model(**kwargs).logits
        index = {q: i for i, q in enumerate(keep)} if self.keep_arg else {q: q for q in keep}
        results = []
        for b, (_, pg, letter_ids) in enumerate(batch):
            rows = torch.stack([logits[b, index[q]] for q in pg.query]).float()
            logp = torch.log_softmax(rows, dim=-1)
            results.append([logp[k, ids_k].tolist() for k, ids_k in enumerate(letter_ids)])
        return results
