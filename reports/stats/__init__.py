"""Paired statistics for base-vs-tuned comparisons (DESIGN §6). Pure functions on per-item numpy arrays
paired by position (base[i] vs tuned[i]); Δ = tuned − base throughout."""
from .bootstrap import BootstrapResult, PairedT, mean_difference, paired_bootstrap_ci, paired_t
from .cluster import ClusterDiff, cluster_robust_se, paired_cluster_diff
from .compare import PairedComparison, compare_paired
from .mcnemar import McNemarResult, mcnemar_exact, mcnemar_exact_p_from_counts
from .multiple_testing import holm
from .one_sided import one_sided_bound, one_sided_p_drop, one_sided_p_noninferior
from .paired_interval import (
    newcombe_paired_diff_ci,
    newcombe_paired_diff_ci_from_counts,
    wilson_interval,
)
from .power import is_underpowered, mde_multiplier, minimum_detectable_effect

__all__ = [
    "BootstrapResult",
    "ClusterDiff",
    "McNemarResult",
    "PairedComparison",
    "PairedT",
    "cluster_robust_se",
    "compare_paired",
    "holm",
    "is_underpowered",
    "mcnemar_exact",
    "mcnemar_exact_p_from_counts",
    "mde_multiplier",
    "mean_difference",
    "minimum_detectable_effect",
    "newcombe_paired_diff_ci",
    "newcombe_paired_diff_ci_from_counts",
    "one_sided_bound",
    "one_sided_p_drop",
    "one_sided_p_noninferior",
    "paired_bootstrap_ci",
    "paired_cluster_diff",
    "paired_t",
    "wilson_interval",
]
