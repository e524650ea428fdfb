"""MultiPromptTask: every planned prompt is rendered like lm-eval's main prompt (chat template, system
instruction), and requests of mixed types come back in plan order."""
from lm_eval.tasks import TaskManager

from latent_suite.paths import tasks_dir


def fake_chat_template(messages, add_generation_prompt=True):
    body = "".join(f"<{m['role']}>{m['content']}</{m['role']}>" for m in messages)
    return body + ("<assistant>" if add_generation_prompt else "")


def flex_task():
    return TaskManager(include_defaults=False, include_path=str(tasks_dir())).load(["latent_flex"])["tasks"][
        "latent_flex"]


def test_plan_order_and_types():
    task = flex_task()
    task.build_all_requests(limit=1, rank=0, world_size=1)
    inst = sorted(task.instances, key=lambda i: i.idx)
    doc = inst[0].doc
    assert [i.request_type for i in inst[:2]] == ["generate_until", "generate_until"]
    assert all(i.request_type == "loglikelihood" for i in inst[2:])
    assert len(inst) == 2 + 4 + 4 * len(doc["knowledge_probes"])
    assert inst[0].args[0].endswith(f"Question: {doc['question']}\nAnswer:")
    assert inst[1].args[0].endswith(f"Question: {doc['control_question']}\nAnswer:")
    assert inst[2].args[1] == " " + doc["accept_continuation"]
    assert inst[6].args[1] == " " + doc["knowledge_probes"][0]["choices"][0]


def test_chat_template_and_system_instruction_reach_every_prompt():
    task = flex_task()
    task.build_all_requests(limit=2, rank=0, world_size=1, apply_chat_template=True,
                            system_instruction="SYSTEM-XYZ", chat_template=fake_chat_template)
    assert len(task.instances) > 10
    for inst in task.instances:
        ctx = inst.args[0]
        assert ctx.startswith("<system>SYSTEM-XYZ</system><user>Question: "), ctx[:80]
        assert ctx.endswith("<assistant>")
