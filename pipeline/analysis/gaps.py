"""Perception gaps: the same aspects rated by two groups (e.g. leaders vs employees).

For each pair of matching items, the share positive in each group (among those
giving a rating on the scale), the gap in percentage points with Newcombe's
interval, a test for the difference in proportions (Fisher's exact test when an
expected cell count is below 5, otherwise the two-proportion z-test), and on the
full ordinal scale the Mann–Whitney U test with the rank-biserial correlation.
p-values are Holm-corrected across the items of one comparison.

The two groups answer different items (``ansatt_*`` vs ``leder_*``); a
respondent in both groups counts in both, which the tests treat as independent.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from pipeline.analysis.proportions import difference, proportion
from pipeline.codebook.model import Variable


def two_proportions_test(k1: int, n1: int, k2: int, n2: int) -> dict[str, Any]:
    """Test ``p1 = p2``: Fisher's exact test if any expected count < 5, else the z-test.

    >>> two_proportions_test(5, 6, 139, 190)["test"]
    'fisher_exact'
    >>> r = two_proportions_test(264, 326, 93, 219)
    >>> r["test"], r["p"] < 0.001
    ('z_test', True)
    """
    table = np.array([[k1, n1 - k1], [k2, n2 - k2]])
    if n1 == 0 or n2 == 0:
        return {"test": None, "statistic": None, "p": None}
    expected = stats.contingency.expected_freq(table) if table.sum(axis=0).all() else np.zeros(1)
    if (expected < 5).any():
        res = stats.fisher_exact(table)
        return {"test": "fisher_exact", "statistic": float(res.statistic), "p": float(res.pvalue)}
    z, p = proportions_ztest([k1, k2], [n1, n2])
    return {"test": "z_test", "statistic": float(z), "p": float(p)}


def mann_whitney(a_scores: np.ndarray, b_scores: np.ndarray) -> dict[str, Any]:
    """Mann–Whitney U on the ordinal scores, with rank-biserial correlation and CLES.

    The effect size is from ``b`` relative to ``a`` (positive: ``b`` rates higher).
    Same numbers as ``pingouin.mwu(b, a)``, but both effect sizes come from U
    (Wendt 1972; Vargha & Delaney 2000: CLES = U / (n1 n2), ties counted as a
    half), so memory stays linear: pingouin builds the n1 × n2 matrix of
    differences, which needs gigabytes at tens of thousands of respondents.

    >>> r = mann_whitney(np.array([1, 2, 3, 3]), np.array([3, 4, 5, 5]))
    >>> r["rbc"] > 0
    True
    """
    if len(a_scores) == 0 or len(b_scores) == 0:
        return {"u": None, "p": None, "rbc": None, "cles": None}
    b = np.asarray(b_scores, dtype=float)
    a = np.asarray(a_scores, dtype=float)
    u_b, p = stats.mannwhitneyu(b, a, alternative="two-sided")
    pairs = b.size * a.size
    return {
        "u": float(u_b),
        "p": float(p),
        "rbc": float(1 - (2 * (pairs - u_b)) / pairs),
        "cles": float(u_b / pairs),
    }


def _scores(values: pd.Series, var: Variable) -> np.ndarray:
    scale = var.scale
    if scale is None:
        raise ValueError(f"{var.id} is not a Likert item")
    return np.array([scale.score(v) for v in values.dropna() if v in scale.labels], dtype=float)


def perception_gaps(
    responses: pd.DataFrame, pairs: list[tuple[str, Variable, Variable]], k: int
) -> pd.DataFrame:
    """One row per pair (label, item of group a, item of group b): shares, gap, tests.

    ``gap`` is ``share_b − share_a`` (Newcombe interval). Pairs where either
    group has fewer than ``k`` ratings are suppressed and left out of the Holm
    correction.
    """
    rows = []
    for label, a, b in pairs:
        a_scores, b_scores = _scores(responses[a.id], a), _scores(responses[b.id], b)
        positive_a = int(sum(a.scale.side(v) == "positive" for v in responses[a.id].dropna()))
        positive_b = int(sum(b.scale.side(v) == "positive" for v in responses[b.id].dropna()))
        n_a, n_b = len(a_scores), len(b_scores)
        row: dict[str, Any] = {"label": label, "a_variable": a.id, "b_variable": b.id}
        if min(n_a, n_b) < k:
            rows.append({**row, "suppressed": True})
            continue
        test = two_proportions_test(positive_b, n_b, positive_a, n_a)
        rows.append(
            {
                **row,
                "suppressed": False,
                "share_a": proportion(positive_a, n_a),
                "share_b": proportion(positive_b, n_b),
                "gap": difference(positive_b, n_b, positive_a, n_a),
                "test": test["test"],
                "p": test["p"],
                "mwu": mann_whitney(a_scores, b_scores),
            }
        )
    table = pd.DataFrame(rows)
    _holm(table)
    return table


def _holm(table: pd.DataFrame) -> None:
    shown = table.index[~table["suppressed"]] if len(table) else table.index
    table["p_holm"] = None
    for i in shown:
        table.at[i, "mwu"] = dict(table.at[i, "mwu"])
    tested = [i for i in shown if table.at[i, "p"] is not None]
    if tested:
        table.loc[tested, "p_holm"] = multipletests(
            [table.at[i, "p"] for i in tested], method="holm"
        )[1]
    mwu = [i for i in shown if table.at[i, "mwu"]["p"] is not None]
    if mwu:
        adjusted = multipletests([table.at[i, "mwu"]["p"] for i in mwu], method="holm")[1]
        for i, p in zip(mwu, adjusted, strict=True):
            table.at[i, "mwu"]["p_holm"] = float(p)
