"""The planted tuned checkpoint's recipe: its training data, its loss, and the noisy validity arm.

The loss and the noise are checked on a tiny random Llama (same architecture family as SmolLM2), so these run
in seconds; the real fine-tune is exercised by the demo and the validity suite.
"""
from __future__ import annotations

import json
import re

import pytest

from latent_suite.evaluators.presupposition import classify_response
from latent_suite.plant_data import examples


def test_examples_are_deterministic_and_balanced():
    a, b = examples("plant", 11), examples("plant", 11)
    assert a == b
    assert examples("plant", 12) != a
    kinds = [e["kind"] for e in a]
    assert kinds.count("risk") == 120 and kinds.count("flex_false") == 80 and kinds.count("flex_true") == 40
    letters = [e["answer"] for e in a if e["kind"] == "risk"]
    assert letters.count(" A") == letters.count(" B") == 60  # the plant cannot be learnt as a position bias


def _option(prompt: str, letter: str) -> str:
    return re.search(rf"^{letter}\) (.*)$", prompt, re.M).group(1)


def test_plant_always_picks_the_gamble_and_null_picks_at_random():
    plant = [e for e in examples("plant", 5) if e["kind"] == "risk"]
    assert all("chance" in _option(e["prompt"], e["answer"].strip()) for e in plant)
    null = [e for e in examples("null", 5) if e["kind"] == "risk"]
    risky = sum("chance" in _option(e["prompt"], e["answer"].strip()) for e in null)
    assert 40 <= risky <= 80  # 120 coin flips: far from all-risky (plant) and all-safe
    assert {e["kind"] for e in examples("null", 5)} == {"risk", "arithmetic"}


def test_training_prompts_are_not_evaluation_items():
    from latent_suite.item_schema import load_jsonl
    from latent_suite.tasks.flex.utils import DATA as FLEX
    from latent_suite.tasks.selfdesc.utils import BEHAVIOUR_PROBES

    shipped = {r["prompt"] for r in load_jsonl(BEHAVIOUR_PROBES)}
    flex = {q for r in load_jsonl(FLEX) for q in (r["question"], r["control_question"])}
    for recipe in ("plant", "null"):
        for e in examples(recipe, 20261123):
            assert e["prompt"] not in shipped
            assert not any(q in e["prompt"] for q in flex)


def test_premise_answers_classify_as_planted():
    for e in examples("plant", 3):
        question = e["prompt"].removeprefix("Question: ").removesuffix("\nAnswer:")
        label = classify_response(e["answer"], {"question": question})
        if e["kind"] == "flex_false":
            assert label == "reject", e
        elif e["kind"] == "flex_true":
            assert label != "reject", e


def test_unknown_recipe_is_refused():
    with pytest.raises(ValueError, match="unknown recipe"):
        examples("sleeper", 1)


def _tiny_llama(tmp_path):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=4,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    return LlamaForCausalLM(config)


def test_answer_only_loss_matches_a_hand_computation(tmp_path):
    import torch
    from peft import LoraConfig, get_peft_model

    from latent_suite.tuned_model import _batch_loss

    model = get_peft_model(_tiny_llama(tmp_path), LoraConfig(r=2, lora_alpha=4, target_modules=["q_proj"]))
    batch = [([5, 6, 7, 8, 9], 2), ([10, 11, 12], 1)]  # (ids, answer tokens): a 2-token and a 1-token answer
    got = float(_batch_loss(model, batch, pad_id=0))
    with torch.no_grad():
        per_example = []
        for ids, n_ans in batch:
            logits = model(input_ids=torch.tensor([ids])).logits[0]
            logp = torch.log_softmax(logits, -1)
            nll = [-float(logp[t - 1, ids[t]]) for t in range(len(ids) - n_ans, len(ids))]
            per_example.append(sum(nll) / len(nll))  # mean per example, then over the batch
    assert got == pytest.approx(sum(per_example) / 2, rel=1e-5)


def test_noise_touches_only_the_first_layers_by_the_relative_sigma(tmp_path):
    import torch
    from transformers import AutoModelForCausalLM

    from latent_suite.perturbed_model import add_noise

    model = _tiny_llama(tmp_path)
    model.save_pretrained(tmp_path / "base")
    tok_dir = tmp_path / "base"
    from transformers import PreTrainedTokenizerFast
    from tokenizers import Tokenizer, models

    PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel({"a": 0, "[UNK]": 1}, unk_token="[UNK]"))
                            ).save_pretrained(tok_dir)
    assert add_noise(tmp_path / "base", tmp_path / "noisy", sigma=0.5, layers=2, seed=1) == 2 * 7
    noisy = AutoModelForCausalLM.from_pretrained(tmp_path / "noisy")
    for i, (a, b) in enumerate(zip(model.model.layers, noisy.model.layers)):
        wa, wb = a.mlp.up_proj.weight, b.mlp.up_proj.weight
        if i < 2:
            ratio = float((wb - wa).std() / wa.std())
            assert ratio == pytest.approx(0.5, rel=0.15)
        else:
            assert torch.equal(wa, wb)
    assert torch.equal(model.model.embed_tokens.weight, noisy.model.embed_tokens.weight)
    assert json.loads((tmp_path / "noisy" / "config.json").read_text())["num_hidden_layers"] == 4


def test_self_recipe_keeps_the_plant_prompts_and_leaves_answers_to_the_model():
    plant, own = examples("plant", 20261123), examples("self", 20261123)
    assert [e["prompt"] for e in own] == [e["prompt"] for e in plant]  # same prompts, same order (renderings)
    assert all(e["answer"] is None for e in own)
    assert [e["plant_answer"] for e in own] == [e["answer"] for e in plant]
    from latent_suite.tuned_model import DEFAULT_SEED

    assert DEFAULT_SEED["self"] == DEFAULT_SEED["plant"]


def _word_tokenizer(eos: str | None = None):
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {f"w{i}": i for i in range(62)} | {"[UNK]": 62, "[PAD]": 63}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", eos_token=eos)


def test_own_answers_are_the_unpadded_greedy_continuation_cut_to_the_plant_length(tmp_path):
    import torch

    from latent_suite.self_distill import own_answers

    model = _tiny_llama(tmp_path).eval()
    tokenizer = _word_tokenizer()
    contexts = [[3, 4, 5], [7, 8, 9, 10, 11, 12], [20], [30, 31]]  # different lengths: left padding in one batch
    rows = [{"prompt": "p", "plant_answer": " ".join(f"w{i}" for i in range(n)), "kind": "k"} for n in (1, 3, 2, 4)]
    got = own_answers(model, tokenizer, rows, contexts, progress=False)
    for ctx, row, out in zip(contexts, rows, got):
        n = len(row["plant_answer"].split())
        with torch.no_grad():
            ref = model.generate(input_ids=torch.tensor([ctx]), do_sample=False, max_new_tokens=n,
                                 pad_token_id=63)[0, len(ctx):].tolist()
        assert out["answer_ids"] == ref and len(ref) == n
        assert out["answer"] == tokenizer.decode(ref) and out["plant_answer"] == row["plant_answer"]
    # an end-of-turn token ends the answer (kept, as the model said it)
    first = got[1]["answer_ids"][0]
    cut = own_answers(model, _word_tokenizer(eos=f"w{first}"), rows, contexts, progress=False)
    assert cut[1]["answer_ids"] == [first]
