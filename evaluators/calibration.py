"""Agreement between two labelings of the same responses (classifier or judge vs hand labels), DESIGN.md §4.2.

``agreement(labels_true, labels_pred)`` returns

* ``n`` - number of labelled pairs;
* ``accuracy`` - observed agreement p_o = (1/n) * #{i : true_i == pred_i};
* ``kappa`` - Cohen's kappa (Cohen 1960, "A coefficient of agreement for nominal scales"):
  kappa = (p_o - p_e) / (1 - p_e), with chance agreement p_e = sum_k p_true(k) * p_pred(k) from the two
  marginal label distributions. When p_e == 1 (both labelings use one and the same label) kappa is undefined;
  it is reported as 1.0 when p_o == 1 and 0.0 otherwise;
* ``confusion`` - ``confusion[true_label][pred_label]`` counts, a full square over ``labels`` (zeros included).

Pure: no I/O, no numpy.
"""
from __future__ import annotations

from collections.abc import Sequence

DEFAULT_LABELS = ("reject", "accept", "unclear")


def agreement(
    labels_true: Sequence[str], labels_pred: Sequence[str], labels: Sequence[str] = DEFAULT_LABELS
) -> dict:
    """Accuracy, Cohen's kappa and the confusion matrix (true label -> predicted label -> count)."""
    if len(labels_true) != len(labels_pred):
        raise ValueError(f"length mismatch: {len(labels_true)} true vs {len(labels_pred)} predicted labels")
    if not labels_true:
        raise ValueError("no labels to compare")
    known = set(labels)
    unknown = sorted((set(labels_true) | set(labels_pred)) - known)
    if unknown:
        raise ValueError(f"labels outside {tuple(labels)}: {unknown}")
    n = len(labels_true)
    confusion = {t: {p: 0 for p in labels} for t in labels}
    for t, p in zip(labels_true, labels_pred):
        confusion[t][p] += 1
    p_o = sum(confusion[k][k] for k in labels) / n
    p_e = sum(
        (sum(confusion[k].values()) / n) * (sum(confusion[t][k] for t in labels) / n) for k in labels
    )
    if p_e >= 1.0:
        kappa = 1.0 if p_o == 1.0 else 0.0
    else:
        kappa = (p_o - p_e) / (1.0 - p_e)
    return {"n": n, "accuracy": p_o, "kappa": kappa, "confusion": confusion}
