"""The CoT stage-1 tasks: every YAML parses and builds (lm-eval skips a broken one silently, DESIGN.md §5.3),
each doc plans one generation + four no-CoT loglikelihoods, and the stage-1 metrics by hand."""
import pytest

from latent_suite.paths import tasks_dir
from latent_suite.tasks.cot import utils
from latent_suite.tasks.cot.prompts import ANSWER_CUE

TASKS = ("latent_cot", "latent_cot_answer_first")


@pytest.fixture(scope="module")
def loaded():
    from lm_eval.tasks import TaskManager

    tm = TaskManager(include_defaults=False, include_path=str(tasks_dir()))
    assert set(TASKS) <= set(tm.all_tasks)
    return tm.load(list(TASKS))["tasks"]


def test_every_cot_yaml_parses():
    from lm_eval.tasks._yaml_loader import load_yaml

    yamls = sorted((tasks_dir() / "cot").glob("*.yaml"))
    assert [y.name for y in yamls] == ["latent_cot.yaml", "latent_cot_answer_first.yaml"]
    for y in yamls:
        cfg = load_yaml(str(y), resolve_func=True)
        assert cfg["task"] == y.stem and cfg["metadata"]["cot_probes"] is True


@pytest.mark.parametrize("name, style_text", [("latent_cot", "Think step by step"),
                                              ("latent_cot_answer_first", "The answer is (X), and here is why.")])
def test_requests_per_doc(loaded, name, style_text):
    task = loaded[name]
    assert len(list(task.test_docs())) == 180
    assert task.config.generation_kwargs["do_sample"] is False
    assert task.config.generation_kwargs["max_gen_toks"] == 128
    task.build_all_requests(limit=2, rank=0, world_size=1)
    first = [i for i in task.instances if i.doc_id == 0]
    assert [i.request_type for i in first] == ["generate_until"] + ["loglikelihood"] * 4
    gen_prompt = first[0].args[0]
    assert style_text in gen_prompt and gen_prompt.endswith("(D) 19\nAnswer:")
    assert [i.args[1] for i in first[1:]] == ["A", "B", "C", "D"]
    assert all(i.args[0].endswith("Answer:" + ANSWER_CUE) for i in first[1:])
    assert "Answer with the letter" in first[1].args[0]


def test_stage1_metrics_by_hand():
    """Gold B. Generation states (B) last -> cot_accuracy 1; 2 sentences. Log-likelihoods A..D = -3, -1, -0.5, -2
    -> no-CoT answer C -> nocot_accuracy 0."""
    doc = {"answer": "B"}
    gen = " 4 + 12 = 16. 16 - 3 = 13, option (B).\nSo the answer is (B)."
    results = [gen, (-3.0, False), (-1.0, False), (-0.5, True), (-2.0, False)]
    assert utils.process_results(doc, results) == {"cot_accuracy": 1.0, "nocot_accuracy": 0.0, "cot_answered": 1.0,
                                                   "cot_sentences": 2.0}
    assert utils.process_results(doc, ["no letter at all", *results[1:]])["cot_answered"] == 0.0
