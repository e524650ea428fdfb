"""Pairing and refusals (DESIGN.md §2, §5.11) on synthetic lm-eval dirs and on the real foreign runs (§5.13)."""
from __future__ import annotations

import pytest

from latent_suite.errors import LatentSuiteError
from latent_suite.reports.comparison import compare_runs
from latent_suite.reports.comparison_json import build_comparison_dict, validate_comparison_dict
from latent_suite.reports.groups import flatten_groups, read_groups
from latent_suite.run_reader import read_run

from .test_report_synthetic import retention_gen_rows, retention_mc_rows, write_run

DOMS = ["geo", "geo", "sci", "sci"]


def pair(tmp_path, base_tasks, tuned_tasks, base_kw=None, tuned_kw=None, **kw):
    b = read_run(write_run(tmp_path / "base", base_tasks, **(base_kw or {})))
    t = read_run(write_run(tmp_path / "tuned", tuned_tasks, **(tuned_kw or {})))
    return b, t


def test_identical_runs_pair_every_row(tmp_path):
    tasks = {"latent_retention_gen": retention_gen_rows([1, 0, 1, 1], DOMS)}
    b, t = pair(tmp_path, tasks, tasks)
    cmp = compare_runs(b, t)
    assert len(cmp.keys) == 4 and cmp.pairing.n_prompt_differs == 0
    data = build_comparison_dict(cmp)
    validate_comparison_dict(data)
    assert data["schema_version"] == 1 and isinstance(data["schema_version"], int)
    assert data["pairing"]["warnings"] == []
    # row i of base_rows is paired with row i of tuned_rows
    assert cmp.base_rows["match"].tolist() == cmp.tuned_rows["match"].tolist() == [1.0, 0.0, 1.0, 1.0]


def test_task_version_mismatch_is_refused(tmp_path):
    tasks = {"latent_retention_gen": retention_gen_rows([1, 0], DOMS)}
    b, t = pair(tmp_path, tasks, tasks, tuned_kw={"versions": {"latent_retention_gen": 2.0}})
    with pytest.raises(LatentSuiteError, match=r"task version differs.*base 1\.0 vs tuned 2\.0"):
        compare_runs(b, t)


def test_no_common_docs_is_refused(tmp_path):
    rows = retention_gen_rows([1, 0, 1, 1], DOMS)
    b, t = pair(tmp_path, {"latent_retention_gen": rows[:2]}, {"latent_retention_gen": rows[2:]})
    with pytest.raises(LatentSuiteError, match="doc sets do not overlap"):
        compare_runs(b, t)


def test_no_common_task_is_refused(tmp_path):
    b, t = pair(tmp_path, {"latent_retention_gen": retention_gen_rows([1], DOMS)},
                {"latent_retention_mc": retention_mc_rows([1], DOMS)})
    with pytest.raises(LatentSuiteError, match="share no task"):
        compare_runs(b, t)


def test_different_documents_are_refused(tmp_path):
    rows = retention_gen_rows([1, 0, 1, 1], DOMS)
    other = retention_gen_rows([1, 0, 1, 1], DOMS)
    other[2]["doc_hash"] = "f" * 64
    b, t = pair(tmp_path, {"latent_retention_gen": rows}, {"latent_retention_gen": other})
    with pytest.raises(LatentSuiteError, match=r"doc_hash differs on 1 paired row.*doc_id 2.*different documents"):
        compare_runs(b, t)


def test_different_targets_are_refused(tmp_path):
    rows = retention_gen_rows([1, 0, 1, 1], DOMS)
    other = retention_gen_rows([1, 0, 1, 1], DOMS)
    other[0]["target_hash"] = "e" * 64
    b, t = pair(tmp_path, {"latent_retention_gen": rows}, {"latent_retention_gen": other})
    with pytest.raises(LatentSuiteError, match="target_hash differs on 1 paired row"):
        compare_runs(b, t, allow_prompt_change=True)


def test_prompt_change_needs_the_flag_and_is_shown(tmp_path):
    base = {"latent_retention_gen": retention_gen_rows([1, 0, 1, 1], DOMS),
            "latent_retention_mc": retention_mc_rows([1, 1, 0, 1], DOMS)}
    tuned = {"latent_retention_gen": retention_gen_rows([1, 0, 1, 0], DOMS, prompt="SYS"),
             "latent_retention_mc": retention_mc_rows([1, 1, 0, 1], DOMS)}
    b, t = pair(tmp_path, base, tuned, tuned_kw={"system_instruction_sha": "abcdef0123456789"})
    with pytest.raises(LatentSuiteError) as err:
        compare_runs(b, t)
    msg = str(err.value)
    assert "prompts differ on 4 of 8 paired rows" in msg and "latent_retention_gen: 4" in msg
    assert "system_instruction_sha base none vs tuned abcdef01" in msg and "--allow-prompt-change" in msg
    assert "\n" not in msg
    data = build_comparison_dict(compare_runs(b, t, allow_prompt_change=True))
    pr = data["pairing"]["prompt"]
    assert pr["n_rows_differ"] == 4 and pr["n_rows_compared"] == 8 and pr["allowed"] is True
    assert pr["system_instruction_sha"] == {"base": None, "tuned": "abcdef0123456789", "differs": True}
    per_task = {x["task"]: x for x in data["pairing"]["tasks"]}
    assert per_task["latent_retention_gen"]["n_prompt_differs"] == 4
    assert per_task["latent_retention_mc"]["n_prompt_differs"] == 0
    # the task hash changed with the prompts: explained, not a refusal
    assert per_task["latent_retention_gen"]["task_hash_note"].startswith("prompt change (4 row")
    assert per_task["latent_retention_mc"]["task_hash_note"] is None
    assert any("prompts differ on 4 of 8" in w for w in data["pairing"]["warnings"])


def test_template_sha_difference_with_identical_prompts_is_shown_not_refused(tmp_path):
    tasks = {"latent_retention_gen": retention_gen_rows([1, 0], DOMS)}
    b, t = pair(tmp_path, tasks, tasks, base_kw={"chat_template_sha": "aaaa"}, tuned_kw={"chat_template_sha": "bbbb"})
    data = build_comparison_dict(compare_runs(b, t))
    assert data["pairing"]["prompt"]["chat_template_sha"] == {"base": "aaaa", "tuned": "bbbb", "differs": True}
    assert any("chat_template_sha differs" in w and "not refused" in w for w in data["pairing"]["warnings"])


def test_task_hash_difference_from_doc_subsets_is_explained(tmp_path):
    rows = retention_gen_rows([1, 0, 1, 1], DOMS)
    b, t = pair(tmp_path, {"latent_retention_gen": rows}, {"latent_retention_gen": rows[:3]})
    data = build_comparison_dict(compare_runs(b, t))
    task = data["pairing"]["tasks"][0]
    assert task["n_paired"] == 3 and task["n_base_only"] == 1 and task["n_tuned_only"] == 0
    assert task["task_hash_note"] == "different doc subsets (unpaired docs)"
    assert data["pairing"]["n_base_only"] == 1
    assert any("unpaired docs: 1 only in base, 0 only in tuned" in w for w in data["pairing"]["warnings"])


def test_unpaired_docs_and_one_sided_tasks_are_counted_and_listed(tmp_path):
    rows = retention_gen_rows([1, 0, 1, 1], DOMS)
    base = {"latent_retention_gen": rows[:3], "latent_retention_mc": retention_mc_rows([1, 1], DOMS)}
    tuned = {"latent_retention_gen": rows[1:], "other_task": retention_mc_rows([1], DOMS)}
    b, t = pair(tmp_path, base, tuned)
    cmp = compare_runs(b, t)
    assert cmp.pairing.tasks_only_in_base == ("latent_retention_mc",)
    assert cmp.pairing.tasks_only_in_tuned == ("other_task",)
    tp = cmp.pairing.tasks["latent_retention_gen"]
    assert (tp.n_paired, tp.n_base_only, tp.n_tuned_only) == (2, 1, 1)
    assert cmp.keys["doc_id"].tolist() == [1, 2]
    data = build_comparison_dict(cmp)
    assert data["pairing"]["tasks_only_in_base"] == ["latent_retention_mc"]
    assert data["pairing"]["tasks_only_in_tuned"] == ["other_task"]


def test_groups_flatten_nested_subtasks():
    gs = {"suite": ["fam", "x"], "fam": ["a", "b"], "x": []}
    assert flatten_groups(gs) == {"suite": ("a", "b", "x"), "fam": ("a", "b")}


# -- the real foreign runs (read in place) ------------------------------------------------------------------
def foreign_pair(foreign_runs, name, base, tuned):
    b = read_run(foreign_runs / name / base)
    t = read_run(foreign_runs / name / tuned)
    return b, t


def test_foreign_mmlu_pro_plus_template_sha_differs_but_is_paired(foreign_runs):
    b, t = foreign_pair(foreign_runs, "pyfade_gemma3_12b_mmlu_pro_plus", "gemma-3-12b-it-base", "gemma3_12b_u2")
    cmp = compare_runs(b, t, groups=read_groups(b, t))  # no --allow-prompt-change needed
    data = build_comparison_dict(cmp)
    validate_comparison_dict(data)
    pr = data["pairing"]["prompt"]
    assert pr["n_rows_differ"] == 0 and pr["n_rows_compared"] == 9
    assert pr["chat_template_sha"]["differs"] is True
    assert pr["chat_template_sha"]["base"].startswith("7de1c58e") and pr["chat_template_sha"]["tuned"].startswith("3cb7c5da")
    assert any("chat_template_sha differs" in w for w in data["pairing"]["warnings"])
    generic = next(s for s in data["sections"] if s["family"] == "generic")
    pooled = generic["pooled"][0]
    assert pooled["group"] == "mmlu_pro_plus" and pooled["n_listed"] == 14 and len(pooled["tasks"]) == 3
    em = pooled["metrics"][0]
    # SOURCES.md: pooled over the three subtasks 3 vs 0 discordant, exact McNemar p = 2 * 0.5**3 = 0.25
    assert (em["metric"], em["filter"], em["n"], em["b"], em["c"]) == ("exact_match", "custom-extract", 9, 3, 0)
    assert em["p_value"] == pytest.approx(0.25) and em["test"] == "mcnemar-exact"
    assert em["base_mean"] == pytest.approx(6 / 9) and em["tuned_mean"] == pytest.approx(3 / 9)
    for task in generic["tasks"]:  # every subtask: 3 docs, p = 1
        assert task["metrics"][0]["n"] == 3 and task["metrics"][0]["p_value"] == 1.0
    # the pooled group is the only headline entry; Holm over m = 1 leaves p unchanged
    assert [h["id"] for h in data["headline"]] == ["generic:mmlu_pro_plus:custom-extract:exact_match"]
    assert data["headline"][0]["p_holm"] == pytest.approx(0.25)


def test_foreign_gsm8k_flips(foreign_runs):
    b, t = foreign_pair(foreign_runs, "pyfade_gemma3_12b_gsm8k", "gemma3_12b-it-q4_K_M", "gemma3_12b-u1")
    data = build_comparison_dict(compare_runs(b, t, groups=read_groups(b, t)))
    stats = data["headline"][0]["stats"]
    # SOURCES.md: 1 shared success, 1 shared failure, 1 new failure in the tuned model, 0 fixed
    assert (stats["n"], stats["b"], stats["c"]) == (3, 1, 0)
    assert stats["base_mean"] == pytest.approx(2 / 3) and stats["tuned_mean"] == pytest.approx(1 / 3)
    assert stats["p_value"] == 1.0 and stats["underpowered"] is True
    assert data["pairing"]["prompt"]["chat_template_sha"] == {"base": None, "tuned": None, "differs": False}
    # the reader's notes about trimmed samples travel with the runs
    assert any("trimmed" in n for n in data["runs"]["base"]["notes"])


def test_metrics_logged_by_one_run_are_listed(tmp_path):
    rows = retention_gen_rows([1, 0], DOMS)
    fewer = [dict(r, metrics=["match"]) for r in rows]
    for r in fewer:
        r.pop("exact")
    b, t = pair(tmp_path, {"latent_retention_gen": rows}, {"latent_retention_gen": fewer})
    cmp = compare_runs(b, t)
    assert cmp.metrics["latent_retention_gen"] == ("match",)
    data = build_comparison_dict(cmp)
    task = data["pairing"]["tasks"][0]
    assert task["metrics_only_in_base"] == ["exact"] and task["metrics_only_in_tuned"] == []
    assert any("metrics logged by one run only" in w and "exact" in w for w in data["pairing"]["warnings"])
