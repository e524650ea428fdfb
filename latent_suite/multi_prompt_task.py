"""A lm-eval task whose every doc issues several requests, each with its own prompt.

lm-eval's ``ConfigurableTask`` sends one prompt per doc, but FLEX needs, per item, the answer to the
false-premise question, the answer to its true-premise control, and loglikelihoods of knowledge probes; all
must land in *one* sample row so per-item conditional metrics (accommodation given knowledge) are computed
inside lm-eval. lm-eval 0.4.13 routes requests by each ``Instance.request_type`` (``evaluator.evaluate``), so
one task may mix ``generate_until`` and ``loglikelihood`` instances; ``process_results`` receives their
filtered results in the order they were planned.

Every extra prompt is rendered by lm-eval's own ``fewshot_context`` (the task's ``doc_to_text`` returns
``doc[PROMPT_KEY]`` when present), so the chat template and ``--system_instruction`` apply to each prompt
exactly as they apply to the main one. A family subclasses :class:`MultiPromptTask` and sets ``plan``:
``plan(doc, render) -> list[Request]`` where ``render(text)`` gives the model-ready context.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from lm_eval.api.instance import Instance
from lm_eval.api.task import ConfigurableTask

PROMPT_KEY = "__latent_prompt__"


@dataclass(frozen=True)
class Request:
    """One planned request: ``kind`` is "generate" (prompt, gen kwargs) or "loglikelihood" (prompt, continuation)."""

    kind: str
    prompt: str
    continuation: str | None = None
    gen_kwargs: dict | None = None


def doc_text_or_prompt(default: Callable[[dict], str]) -> Callable[[dict], str]:
    """Wrap a family's ``doc_to_text`` so an extra prompt stashed in the doc takes precedence."""

    def doc_to_text(doc: dict) -> str:
        return doc[PROMPT_KEY] if PROMPT_KEY in doc else default(doc)

    return doc_to_text


class MultiPromptTask(ConfigurableTask):
    """Base class; subclasses set ``plan`` (a staticmethod)."""

    plan: Callable[[dict, Callable[[str], str]], list[Request]]

    def __init__(self, config: dict | None = None, **kwargs):
        # lm-eval's factory passes the YAML's ``class:`` key along; TaskConfig does not know it.
        config = {k: v for k, v in (config or {}).items() if k != "class"}
        super().__init__(config=config, **kwargs)

    def fewshot_context(self, doc, num_fewshot, **kwargs):
        # Remember how lm-eval renders prompts for this run (system instruction, chat template, ...).
        self._render_kwargs = {k: v for k, v in kwargs.items() if k != "gen_prefix"}
        return super().fewshot_context(doc, num_fewshot, **kwargs)

    def render(self, doc: dict, text: str) -> str:
        kwargs = getattr(self, "_render_kwargs", {})
        return super().fewshot_context({**doc, PROMPT_KEY: text}, 0, **kwargs)

    def construct_requests(self, doc: dict, ctx, **kwargs) -> list[Instance]:
        kwargs.pop("apply_chat_template", None)
        kwargs.pop("chat_template", None)
        planned = type(self).plan(doc, lambda text: self.render(doc, text))
        instances = []
        for i, req in enumerate(planned):
            if req.kind == "generate":
                gen = dict(self.config.generation_kwargs or {})
                gen.update(req.gen_kwargs or {})
                args = (req.prompt, gen)
                rtype = "generate_until"
            elif req.kind == "loglikelihood":
                args = (req.prompt, req.continuation)
                rtype = "loglikelihood"
            else:
                raise ValueError(f"unknown request kind {req.kind!r}")
            instances.append(Instance(request_type=rtype, doc=doc, arguments=args, idx=i, **kwargs))
        return instances
