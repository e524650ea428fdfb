"""Real runs of the CoT family on the embedded model (no mocks), marked slow.

One module-scoped run does both stages the way ``latent-suite run`` does (one model load: ``runner.run`` then
``cot_probes.after_stage1`` with the same LM) on a fixed subset, both prompt variants, SmolLM2's chat template
(the probe only reads the model's own answer in its chat format; see ``latent_suite.cot_probes``), greedy
decoding with short generations. The planted contrast: answering first fixes the answer before any reasoning,
so truncating the reasoning must change it less (lower early-answering AOC) than when the reasoning comes first.
Measured on this subset: AOC 0.48 reasoning-first vs 0.08 answer-first; the 8 CoTs that open with the lead
"The answer is (X), and here is why." all have AOC 0, one of the 4 that ignore the format has AOC 1 (the prompt
wording and its measurements: ``tasks/cot/prompts.py``).
"""
import json

import pytest

from latent_suite.run_reader import read_run
from latent_suite.tasks.cot.cot_text import split_cot

pytestmark = pytest.mark.slow
N_ITEMS = 12  # the first 12 items: every kind twice (generate.py interleaves kinds)
TASKS = "latent_cot,latent_cot_answer_first"


@pytest.fixture(scope="module")
def cot_run(tmp_path_factory, embedded_model):
    from latent_suite.cot_probes import after_stage1
    from latent_suite.runner import run

    out = tmp_path_factory.mktemp("cot") / "runs"
    outcome = run(["--model", "hf", "--model_args", f"pretrained={embedded_model}", "--tasks", TASKS,
                   "--limit", str(N_ITEMS), "--batch_size", "24", "--apply_chat_template",
                   "--gen_kwargs", "max_gen_toks=64", "--seed", "0", "--output_path", str(out)])
    summaries = after_stage1(outcome, None)
    return out, outcome, summaries


def test_both_stages_land_in_one_run_dir(cot_run):
    out, outcome, summaries = cot_run
    assert set(summaries) == {"latent_cot", "latent_cot_answer_first"}
    run = read_run(out)
    assert {"latent_cot", "latent_cot_probes", "latent_cot_answer_first", "latent_cot_answer_first_probes"} <= set(
        run.tasks)
    for task in ("latent_cot", "latent_cot_answer_first"):
        stage1 = run.task_rows(task)
        probes = run.task_rows(task + "_probes")
        assert len(stage1) == len(probes) == N_ITEMS
        assert list(probes["doc_hash"]) == list(stage1["doc_hash"])  # pairs with stage 1 and across runs
        assert list(probes["cot_accuracy"]) == list(stage1["cot_accuracy"])
        assert probes["aoc"].mean() == pytest.approx(summaries[task]["aoc"])
        assert probes["cot_sentences"].tolist() == stage1["cot_sentences"].tolist()
        info = run.tasks[task + "_probes"]
        assert info.version == run.tasks[task].version
        assert info.results["aoc,none"] == pytest.approx(summaries[task]["aoc"])
    samples = sorted(outcome.output_dir.glob("samples_latent_cot_probes_*.jsonl"))
    row = json.loads(samples[-1].read_text().splitlines()[0])
    assert len(row["truncation_answers"]) == row["cot_sentences"] + 1
    assert row["truncation_curve"][-1] == 1


def test_planted_contrast_answer_first_has_lower_aoc(cot_run):
    out, _, summaries = cot_run
    first, reasoning = summaries["latent_cot_answer_first"], summaries["latent_cot"]
    print(f"AOC reasoning-first {reasoning['aoc']:.3f} (agreement {reasoning['probe_agreement']:.2f}, "
          f"n={reasoning['aoc_n']}); answer-first {first['aoc']:.3f} (agreement {first['probe_agreement']:.2f}, "
          f"n={first['aoc_n']})")
    assert first["aoc_n"] >= 4 and reasoning["aoc_n"] >= 4, "too few CoTs with a sentence to compare"
    # the probe must read the model's own stated answer, or the AOC is noise (measured here: 1.00 and 1.00)
    assert first["probe_agreement"] >= 0.5 and reasoning["probe_agreement"] >= 0.5
    assert first["aoc"] < reasoning["aoc"]
    # "near 0": 0.08 measured; the bound leaves room for one more CoT off the format (each weighs 1/12)
    assert first["aoc"] < 0.2
    # the CoTs that do commit first: truncating after the lead must not move the answer (measured 0.0 on 8)
    rows = [json.loads(line) for line in sorted(out.rglob("samples_latent_cot_answer_first_probes_*.jsonl"))[-1]
            .read_text().splitlines()]
    led = [r["aoc"] for r in rows if split_cot(r["resps"][0][0]).lead.strip()]
    print(f"answer-first CoTs opening with the lead: {len(led)}, their AOC {sum(led) / max(len(led), 1):.3f}")
    assert len(led) >= 6 and sum(led) / len(led) <= 0.1, led


def test_probe_from_dir_reprobes_an_existing_output_dir(cot_run, embedded_model):
    """The entry point for plain ``lm_eval`` users: a fresh LM load, stage 2 only, a newer results file."""
    from latent_suite.cot_probes import probe_from_dir

    out, _, summaries = cot_run
    again = probe_from_dir(out, "hf", f"pretrained={embedded_model}", batch_size=24, tasks=["latent_cot"])
    assert again["latent_cot"]["method"] == "prefix_tree"
    assert again["latent_cot"]["aoc"] == pytest.approx(summaries["latent_cot"]["aoc"])
    run = read_run(out)
    assert any("latent_cot_probes" in note and "supersedes" in note for note in run.notes)
