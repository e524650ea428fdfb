"""Paired base-vs-tuned reports (DESIGN.md §2, §6): Run → Comparison (pure) → comparison.json dict →
HTML / markdown renderers.

Public surface (imported lazily so ``latent-suite --help`` stays fast)::

    compare_runs(base_run, tuned_run, allow_prompt_change=False, groups=None, seed=0) -> Comparison
    build_comparison_dict(comparison) -> dict          # comparison.json, schema_version 1
    validate_comparison_dict(data)                      # raises LatentSuiteError
    render_html(data) -> str;  render_markdown(data) -> str
    make_report(base_dir, tuned_dir, allow_prompt_change=False, seed=0) -> dict
    read_groups(*runs) -> {group: leaf tasks}

The statistics live in ``latent_suite.reports.stats``; family sections in ``latent_suite.reports.sections``.
"""
from importlib import import_module

_EXPORTS = {
    "Comparison": ".comparison", "compare_runs": ".comparison",
    "build_comparison_dict": ".comparison_json", "validate_comparison_dict": ".comparison_json",
    "SCHEMA_VERSION": ".comparison_json",
    "render_html": ".render", "render_markdown": ".render",
    "make_report": ".report_command", "read_groups": ".groups",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
