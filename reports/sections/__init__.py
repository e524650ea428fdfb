"""Family sections of the report: a registry (DESIGN.md §4, §10).

A section module is small and has:

* ``FAMILY`` (a short id) and ``TITLE``;
* ``claims(task) -> bool`` — which tasks it renders;
* ``build(cmp, tasks) -> dict`` — Comparison → the section's part of comparison.json (JSON-ready, no NaN).
  It puts the section's headline metrics under ``"headline"`` (entries made by :func:`headline_entry`);
  the assembler moves them into the report's headline table and applies Holm over all of them;
* ``markdown(section) -> list[str]`` — the PR-comment key lines, from the section dict only;

plus a template ``templates/sections/<FAMILY>.html.j2`` that draws the HTML from the same dict.

Adding a family = one module + one template + one line in ``FAMILIES``. Tasks no family claims go to the
generic section (every metric: base, tuned, Δ, CI, p), so nothing is ever dropped.

``latent_cot*`` → ``sections/cot.py``; ``latent_selfdesc*`` → ``sections/selfdesc.py``.
"""
from __future__ import annotations

from types import ModuleType

from . import cot, flex, generic, passk, retention, selfdesc
from ._common import headline_entry  # noqa: F401  (re-export)

FAMILIES: tuple[ModuleType, ...] = (passk, retention, flex, cot, selfdesc)
GENERIC = generic


def all_modules() -> tuple[ModuleType, ...]:
    return FAMILIES + (GENERIC,)


def module_for(family: str) -> ModuleType:
    for mod in all_modules():
        if mod.FAMILY == family:
            return mod
    raise KeyError(family)


def assign(tasks: list[str]) -> list[tuple[ModuleType, list[str]]]:
    """Each task to the first family that claims it, the rest to the generic section (order kept)."""
    out: dict[str, list[str]] = {}
    for task in tasks:
        mod = next((m for m in FAMILIES if m.claims(task)), GENERIC)
        out.setdefault(mod.FAMILY, []).append(task)
    return [(m, out[m.FAMILY]) for m in all_modules() if m.FAMILY in out]


def build_sections(cmp) -> list[dict]:
    """All sections of a comparison, in registry order (each still holding its ``headline`` entries)."""
    return [mod.build(cmp, tasks) for mod, tasks in assign(cmp.tasks)]
