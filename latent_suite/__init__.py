"""latent-suite: paired base-vs-tuned evaluation on lm-evaluation-harness.

Kept import-light on purpose: ``latent_suite._task_hook`` is imported at every interpreter start
(DESIGN.md §5.1), which imports this package first.
"""
__version__ = "0.1.0"
