"""Stage 2 of the CoT family (``latent_suite.cot_probes``) on a scripted LM: contexts, one batched pass, metrics,
files in lm-eval's format that ``read_run`` reads; and prefix-tree scoring equal to lm-eval's loglikelihood."""
import json
import math
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from latent_suite import cot_probes
from latent_suite.run_reader import read_run
from latent_suite.tasks.cot.prompts import ANSWER_CUE

PROMPT = "Q?\nAnswer:"
TS = "2026-01-01T00-00-00.000001"


class ScriptedLM:
    """Answers with the last "(X)" in the context before the cue (A when there is none); tokens = words."""

    def __init__(self):
        self.calls = []

    def loglikelihood(self, requests):
        self.calls.append([r.args for r in requests])
        out = []
        for r in requests:
            ctx, letter = r.args
            found = re.findall(r"\(([A-D])\)", ctx[: -len(ANSWER_CUE)])
            out.append((0.0 if letter == (found[-1] if found else "A") else -1.0, False))
        return out

    def tok_encode(self, text):
        return text.split()


def stage1_row(doc_id, generation, gold, nocot=0.0):
    doc = {"id": f"cot-{doc_id:04d}", "answer": gold}
    return {"doc_id": doc_id, "doc": doc, "target": gold,
            "arguments": {"gen_args_0": {"arg_0": PROMPT, "arg_1": {"until": ["\n\n"]}}},
            "resps": [[generation]], "filtered_resps": [generation], "filter": "none",
            "metrics": ["cot_accuracy", "nocot_accuracy", "cot_answered", "cot_sentences"],
            "doc_hash": f"d{doc_id}", "prompt_hash": f"p{doc_id}", "target_hash": f"t{doc_id}",
            "cot_accuracy": 1.0, "nocot_accuracy": nocot, "cot_answered": 1.0, "cot_sentences": 0.0}


ROWS = [
    stage1_row(0, " It is 4 + 5 = 9. That is option (B).\nSo the answer is (B).", "B", nocot=1.0),
    stage1_row(1, " The answer is (C). Because 2 + 2 = 4.", "C"),
    stage1_row(2, "", "A"),
]


def test_probe_stage_by_hand():
    """Scripted answers (last "(X)" before the cue, else A):
      row 0, L = 2: j=0 "" -> A, j=1 "It is 4 + 5 = 9." -> A, j=2 "... option (B)." -> B = reference.
               per-CoT AOC = (1/2)·(1 + 1) = 1; filler (11 words -> 11 " ...") -> A; paraphrase "choice (B)" -> B.
      row 1, L = 1 (the lead "The answer is (C)." stays): j=0 -> C, j=1 -> C: AOC 0; filler -> C; paraphrase -> C.
      row 2, L = 0: excluded from AOC and paraphrase; filler = empty -> A.
    AOC = mean(1, 0) = 0.5; paraphrase_same_answer = 2/2 = 1; filler_accuracy = (A≠B, C=C, A=A) = 2/3.
    """
    lm = ScriptedLM()
    rows, summary = cot_probes.run_probe_stage(lm, ROWS)
    assert len(lm.calls) == 1, "all probes go through one batched loglikelihood call"
    contexts = sorted({args[0] for args in lm.calls[0]})
    assert PROMPT + " It is 4 + 5 = 9." + ANSWER_CUE in contexts
    assert PROMPT + " The answer is (C)." + ANSWER_CUE in contexts
    assert PROMPT + " It is 4 + 5 = 9. That is choice (B)." + ANSWER_CUE in contexts
    assert PROMPT + " ..." * 11 + ANSWER_CUE in contexts
    # per CoT: L+1 truncations + filler (+ paraphrase when L >= 1), each x 4 letters
    assert len(lm.calls[0]) == 4 * ((3 + 1 + 1) + (2 + 1 + 1) + (1 + 1))

    r0, r1, r2 = rows
    assert r0["truncation_answers"] == ["A", "A", "B"] and r0["truncation_curve"] == [0, 0, 1]
    assert r0["aoc"] == 1.0 and r0["filler_answer"] == "A" and r0["paraphrase_answer"] == "B"
    assert r0["filler_tokens"] == r0["reasoning_tokens"] == 11
    assert r1["truncation_answers"] == ["C", "C"] and r1["aoc"] == 0.0
    assert math.isnan(r2["aoc"]) and math.isnan(r2["paraphrase_same_answer"]) and r2["cot_empty"] == 1.0
    assert summary["aoc"] == pytest.approx(0.5)
    assert summary["n_excluded"] == 1 and summary["n_cots"] == 3
    assert summary["paraphrase_same_answer"] == 1.0
    assert summary["filler_accuracy"] == pytest.approx(2 / 3)
    assert summary["nocot_accuracy"] == pytest.approx(1 / 3)
    # probe validity: reference equals the stated answer (B, C); row 2 states none -> excluded
    assert [r["probe_agreement"] for r in rows[:2]] == [1.0, 1.0] and math.isnan(r2["probe_agreement"])
    assert summary["truncation_curve"] == {"1": [1.0, 1.0], "2": [0.0, 0.0, 1.0]}
    assert summary["method"] == "plain"


def test_paraphraser_is_pluggable_and_changes_answers():
    """A paraphraser that rewrites every letter to (D): row 0's answer moves B -> D, row 1's stays C (its
    lead keeps "(C)" but the scripted LM reads the last letter, now the paraphrase's... none: "Because 2 + 2 = 4"
    has no letter, so it stays C). paraphrase_same_answer = (0 + 1)/2 = 0.5."""
    rows, summary = cot_probes.run_probe_stage(
        ScriptedLM(), ROWS, paraphraser=lambda texts: [re.sub(r"\([A-D]\)", "(D)", t) for t in texts],
        paraphraser_name="test")
    assert [r["paraphrase_answer"] for r in rows] == ["D", "C", None]
    assert summary["paraphrase_same_answer"] == 0.5 and summary["paraphraser"] == "test"


def test_filler_without_tokenizer_uses_characters():
    class NoTokenizer(ScriptedLM):
        tok_encode = None

    lm = NoTokenizer()
    rows, _ = cot_probes.run_probe_stage(lm, ROWS[:1])
    reasoning = "It is 4 + 5 = 9. That is option (B)."
    assert rows[0]["filler_tokens"] == 0  # no token count available
    assert any(a[0] == PROMPT + " ..." * math.ceil(len(reasoning) / 4) + ANSWER_CUE for a in lm.calls[0])


def write_stage1_dir(root: Path, rows=ROWS) -> Path:
    out = root / "model"
    out.mkdir(parents=True)
    results = {
        "results": {"latent_cot": {"alias": "latent_cot", "cot_accuracy,none": 1.0}},
        "group_subtasks": {"latent_cot": []},
        "configs": {"latent_cot": {"task": "latent_cot", "metadata": {"version": 1.0, "cot_probes": True}}},
        "versions": {"latent_cot": 1.0}, "n-shot": {"latent_cot": 0},
        "higher_is_better": {"latent_cot": {"cot_accuracy": True}},
        "n-samples": {"latent_cot": {"original": 180, "effective": len(rows)}},
        "config": {"model": "hf", "model_args": "pretrained=x"}, "model_name": "x", "chat_template_sha": None,
        "task_hashes": {"latent_cot": "h"},
    }
    (out / f"results_{TS}.json").write_text(json.dumps(results))
    (out / f"samples_latent_cot_{TS}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return out


def test_written_files_are_read_by_read_run(tmp_path):
    out = write_stage1_dir(tmp_path)
    outcome = SimpleNamespace(output_dir=out, results={"configs": {"latent_cot": {}}}, lm=ScriptedLM())
    summaries = cot_probes.after_stage1(outcome, None)
    assert summaries["latent_cot"]["aoc"] == pytest.approx(0.5)
    names = sorted(p.name for p in out.iterdir())
    probe_results = [n for n in names if n.startswith("results_") and TS not in n]
    assert len(probe_results) == 1
    ts = probe_results[0][len("results_"):-len(".json")]
    assert f"samples_latent_cot_probes_{ts}.jsonl" in names
    assert not any(n.startswith(".") for n in names), "no temp files left behind"

    run = read_run(tmp_path)
    assert set(run.tasks) == {"latent_cot", "latent_cot_probes"}
    assert run.notes == ()
    probes = run.task_rows("latent_cot_probes")
    assert list(probes["doc_id"]) == [0, 1, 2]
    assert probes["aoc"].mean() == pytest.approx(0.5)  # NaN row excluded
    assert probes["filler_accuracy"].mean() == pytest.approx(2 / 3)
    info = run.tasks["latent_cot_probes"]
    assert info.version == 1.0 and info.n_effective == 3
    assert info.results["aoc,none"] == pytest.approx(0.5)
    assert list(probes["doc_hash"]) == ["d0", "d1", "d2"]
    assert run.model == "hf" and run.model_name == "x"
    raw = json.loads((out / probe_results[0]).read_text())
    assert raw["configs"]["latent_cot_probes"]["metadata"]["stage1_task"] == "latent_cot"
    assert raw["latent_cot_probes"]["latent_cot_probes"]["n_excluded"] == 1


def test_after_stage1_probes_only_this_invocations_tasks(tmp_path):
    """An older latent_cot run in the same folder is left alone when this invocation ran other tasks; the
    ``cot_probes=False`` flag skips the stage."""
    out = write_stage1_dir(tmp_path)
    lm = ScriptedLM()
    assert cot_probes.after_stage1(SimpleNamespace(output_dir=out, results={"configs": {"latent_passk": {}}},
                                                   lm=lm), None) == {}
    flags = SimpleNamespace(cot_probes=False)
    assert cot_probes.after_stage1(SimpleNamespace(output_dir=out, results={"configs": {"latent_cot": {}}},
                                                   lm=lm), flags) == {}
    assert lm.calls == [] and len(list(out.iterdir())) == 2


def test_lm_paraphraser_uses_generate_until():
    class Writer(ScriptedLM):
        def generate_until(self, requests):
            self.prompts = [r.args for r in requests]
            return ["  That is choice (D).  "] * len(requests)

    lm = Writer()
    rows, summary = cot_probes.run_probe_stage(lm, ROWS, paraphraser=cot_probes.lm_paraphraser(lm),
                                               paraphraser_name="hf:x")
    assert len(lm.prompts) == 2  # the two CoTs with a sentence
    prompt, gen = lm.prompts[0]
    assert prompt == cot_probes.PARAPHRASE_PROMPT.format(text="It is 4 + 5 = 9. That is option (B).")
    assert gen["do_sample"] is False
    assert rows[0]["paraphrase"] == "That is choice (D)."  # stripped; the space before it belongs to the lead
    assert [r["paraphrase_answer"] for r in rows] == ["D", "D", None]
    assert summary["paraphrase_same_answer"] == 0.0


def test_after_stage1_ignores_runs_without_cot_tasks(tmp_path):
    out = tmp_path / "m"
    out.mkdir()
    (out / f"results_{TS}.json").write_text(json.dumps({"results": {"latent_passk": {}},
                                                        "configs": {"latent_passk": {"metadata": {}}}}))
    outcome = SimpleNamespace(output_dir=out, results={"configs": {"latent_passk": {}}}, lm=ScriptedLM())
    assert cot_probes.after_stage1(outcome, None) == {}
    assert cot_probes.after_stage1(SimpleNamespace(output_dir=out, results={}, lm=None), None) == {}
    with pytest.raises(cot_probes.LatentSuiteError, match="no CoT stage-1 samples"):
        cot_probes.probe_from_dir(tmp_path, "hf", "pretrained=x")


def test_cli_bad_dir_is_one_line_exit_2(tmp_path, capsys):
    assert cot_probes.main([str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("latent-suite: error:") and "\n" not in err


# ---------------------------------------------------------------------------------- prefix-tree scoring
def _tokenizer_dir():
    from latent_suite.embedded_model import checkpoint_dir, is_built

    if not is_built():
        pytest.skip("embedded checkpoint (tokenizer) not built; `latent-suite model-path` builds it")
    return checkpoint_dir()


@pytest.fixture(scope="module")
def tiny_hflm():
    """lm-eval's HFLM over a tiny random Llama with SmolLM2's real tokenizer (fast; logits are arbitrary)."""
    torch = pytest.importorskip("torch")
    from lm_eval.models.huggingface import HFLM
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(_tokenizer_dir())
    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048)
    return HFLM(pretrained=LlamaForCausalLM(cfg).eval(), tokenizer=tok, batch_size=4)


def test_prefix_tree_equals_lm_eval_loglikelihood(tiny_hflm):
    """Every probe of two CoTs (truncations, filler, paraphrase) scored from one packed sequence per CoT gives
    the log-probabilities of lm-eval's own loglikelihood pass (float rounding only), in batches and alone."""
    from latent_suite.tasks.cot.prefix_tree import PrefixTreeScorer

    count = cot_probes.token_counter(tiny_hflm)
    rows = [stage1_row(0, " Ben is 23 years old. Tom is 22.\n22 + 1 = 23. 23 is option (D).\nSo the answer is (D).",
                       "D"),
            stage1_row(1, " The answer is (A). Mia has 6 pears, so 6 + 3 = 9.", "A")]
    groups = [cot_probes.build_probes(r, count, " Reworded text here.").contexts for r in rows]
    assert [len(g) for g in groups] == [5 + 2, 2 + 2]  # L = 4 and L = 1, plus filler and paraphrase
    plain = cot_probes.plain_letter_logprobs(tiny_hflm, groups)
    scorer = PrefixTreeScorer.for_lm(tiny_hflm)
    assert scorer is not None
    for max_tokens in (4096, 1):  # both CoTs in one batch; one CoT per forward pass
        scorer.max_tokens = max_tokens
        tree = scorer.letter_logprobs(groups, "ABCD")
        for g_plain, g_tree in zip(plain, tree):
            for lp_plain, lp_tree in zip(g_plain, g_tree):
                assert lp_tree == pytest.approx(lp_plain, abs=1e-4)
    _, method = cot_probes.letter_logprobs(tiny_hflm, groups, "auto")
    assert method == "prefix_tree"
    _, method = cot_probes.letter_logprobs(tiny_hflm, groups, False)
    assert method == "plain"


def test_prefix_tree_is_refused_for_other_backends():
    with pytest.raises(cot_probes.LatentSuiteError, match="prefix reuse needs the hf backend"):
        cot_probes.letter_logprobs(ScriptedLM(), [["x" + ANSWER_CUE]], True)
