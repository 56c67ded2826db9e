"""Perception gaps: the same aspects rated by two groups (e.g. leaders vs employees).

For each pair of matching items, the share favourable in each group (among those
giving a rating on the scale), the gap in percentage points with Newcombe's
interval, a test for the difference in proportions (Fisher's exact test when an
expected cell count is below 5, otherwise the two-proportion z-test), and on the
full ordinal scale the Mann–Whitney U test with the rank-biserial correlation.

Every one of these assumes two independent samples. A group is whoever rated
its item and meets its rule (``where``); a respondent in both groups (a leader
who has been on sick leave rates both items) is assigned by the comparison's
overlap rule: to ``b`` only (the default: leaders are compared as leaders), to
``a`` only, or kept in ``both``. Kept in both, the groups are not independent,
so the shares and their difference are given without an interval for the gap
and without a test. The numbers moved and kept out are recorded per item.
p-values are Holm-adjusted over a family of tests (:func:`adjust_holm`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from pipeline.analysis import methods
from pipeline.analysis.config import GapComparison
from pipeline.analysis.proportions import difference, proportion
from pipeline.analysis.results import GapComparison as GapResult
from pipeline.analysis.schema import to_records
from pipeline.codebook.model import Codebook, Variable
from pipeline.validation.expectations import asked


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
        return {"test": None, "statistic": None, "p": None, "method": None}
    expected = stats.contingency.expected_freq(table) if table.sum(axis=0).all() else np.zeros(1)
    if (expected < 5).any():
        res = stats.fisher_exact(table, alternative="two-sided")
        return {
            "test": "fisher_exact",
            "statistic": float(res.statistic),
            "p": float(res.pvalue),
            "method": methods.fisher_exact(),
        }
    z, p = proportions_ztest([k1, k2], [n1, n2], alternative="two-sided")
    return {"test": "z_test", "statistic": float(z), "p": float(p), "method": methods.z_test()}


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
        return {"u": None, "p": None, "rbc": None, "cles": None, "method": None}
    b = np.asarray(b_scores, dtype=float)
    a = np.asarray(a_scores, dtype=float)
    # scipy's own "auto" choice, made here so the record can name it: the exact
    # distribution for small samples without ties, else the normal approximation
    combined = np.concatenate([a, b])
    ties = np.unique(combined).size < combined.size
    exact = not ties and min(a.size, b.size) <= 8
    u_b, p = stats.mannwhitneyu(
        b,
        a,
        alternative="two-sided",
        use_continuity=True,
        method="exact" if exact else "asymptotic",
    )
    pairs = b.size * a.size
    return {
        "u": float(u_b),
        "p": float(p),
        "rbc": float(1 - (2 * (pairs - u_b)) / pairs),
        "cles": float(u_b / pairs),
        "method": methods.mann_whitney(exact=exact),
    }


def _on_scale(values: pd.Series, var: Variable) -> np.ndarray:
    scale = var.scale
    if scale is None:
        raise ValueError(f"{var.id} is not a Likert item")
    return values.astype("string").isin(list(scale.labels)).fillna(False).to_numpy(dtype=bool)


def _scores(values: pd.Series, var: Variable) -> np.ndarray:
    return np.array([var.scale.score(v) for v in values], dtype=float)


def _positive(values: pd.Series, var: Variable) -> int:
    """Answers at the favourable end (the codebook's direction)."""
    return int(sum(var.scale.side(v) == "favourable" for v in values))


def perception_gaps(
    responses: pd.DataFrame,
    pairs: list[tuple[str, Variable, Variable]],
    k: int,
    *,
    where_a: np.ndarray | None = None,
    where_b: np.ndarray | None = None,
    overlap: str = "b",
) -> pd.DataFrame:
    """One row per pair (label, item of group a, item of group b): shares, gap, tests.

    Group a is whoever rated the a item on its scale and meets ``where_a``
    (a boolean mask over ``responses``; ``None``: everyone), likewise b.
    Respondents in both are assigned by ``overlap`` (``"b"``, ``"a"`` or
    ``"both"``); each row records ``overlap`` = ``{rule, in_both, moved,
    moved_from, independent}`` and ``excluded_a``/``excluded_b`` (ratings left
    out by the rule). ``gap`` is ``share_b − share_a``; with the groups
    independent it has Newcombe's interval and a test, otherwise neither
    (``test`` is ``None``, ``untested`` says why). Pairs where either group has
    fewer than ``k`` ratings are suppressed. p-values are not adjusted here
    (:func:`adjust_holm`).

    Examples
    --------
    >>> from pipeline.codebook.model import Scale
    >>> s = Scale("g", ("Dårlig", "Middels", "Godt"))
    >>> a, b = Variable("a", "likert", "t", scale=s), Variable("b", "likert", "t", scale=s)
    >>> r = pd.DataFrame({"a": ["Godt"] * 6 + ["Dårlig"] * 4 + [None] * 5,
    ...                   "b": [None] * 8 + ["Godt", "Godt"] + ["Godt"] * 5})
    >>> row = perception_gaps(r, [("x", a, b)], 5).iloc[0]
    >>> row["overlap"]["moved"], row["share_a"]["n"], row["share_b"]["n"]
    (2, 8, 7)
    """
    n_rows = len(responses)
    everyone = np.ones(n_rows, dtype=bool)
    where_a = everyone if where_a is None else np.asarray(where_a, dtype=bool)
    where_b = everyone if where_b is None else np.asarray(where_b, dtype=bool)
    rows = []
    for label, a, b in pairs:
        rated_a, rated_b = _on_scale(responses[a.id], a), _on_scale(responses[b.id], b)
        in_a, in_b = rated_a & where_a, rated_b & where_b
        both = in_a & in_b
        in_both = int(both.sum())
        if overlap == "b":
            in_a = in_a & ~both
        elif overlap == "a":
            in_b = in_b & ~both
        independent = overlap != "both" or in_both == 0
        values_a, values_b = responses.loc[in_a, a.id], responses.loc[in_b, b.id]
        n_a, n_b = int(in_a.sum()), int(in_b.sum())
        row: dict[str, Any] = {
            "label": label,
            "a_variable": a.id,
            "b_variable": b.id,
            "excluded_a": int((rated_a & ~where_a).sum()),
            "excluded_b": int((rated_b & ~where_b).sum()),
            "overlap": {
                "rule": overlap,
                "in_both": in_both,
                "moved": in_both if overlap != "both" else 0,
                "moved_from": {"b": "a", "a": "b"}.get(overlap),
                "independent": independent,
            },
        }
        if min(n_a, n_b) < k:
            rows.append({**row, "suppressed": True})
            continue
        positive_a, positive_b = _positive(values_a, a), _positive(values_b, b)
        out = {
            **row,
            "suppressed": False,
            "share_a": proportion(positive_a, n_a),
            "share_b": proportion(positive_b, n_b),
        }
        if independent:
            test = two_proportions_test(positive_b, n_b, positive_a, n_a)
            out.update(
                gap=difference(positive_b, n_b, positive_a, n_a),
                test=test["test"],
                p=test["p"],
                method=test["method"],
                mwu=mann_whitney(_scores(values_a, a), _scores(values_b, b)),
                untested=None,
            )
        else:
            out.update(
                gap={"difference": positive_b / n_b - positive_a / n_a},
                test=None,
                p=None,
                method=None,
                mwu=None,
                untested="overlapping_groups",
            )
        rows.append(out)
    return pd.DataFrame(rows)


def adjust_holm(items: Iterable[tuple[str, dict[str, Any]]], family: str) -> None:
    """Holm-adjust, in place, the p-values of one family of gap items (``(comparison id, item)``).

    The two-proportion tests form the family ``family`` and the Mann–Whitney
    tests the family ``family`` + « (Mann–Whitney)», each with its own Holm
    step-down (Holm 1979, via ``statsmodels``). Each adjusted p-value gets
    ``p_holm`` and the family's record in ``adjust``, members named by their
    label, prefixed ``"<comparison>: "`` when that is not empty. Items without
    a test get ``p_holm`` = ``None``.
    """
    items = list(items)
    for _, item in items:
        item["p_holm"] = None
        if isinstance(item.get("mwu"), dict):
            item["mwu"]["p_holm"] = None
    proportion_tests = [(c, i) for c, i in items if i.get("p") is not None]
    rank_tests = [(c, i) for c, i in items if (i.get("mwu") or {}).get("p") is not None]
    for tested, name, get in (
        (proportion_tests, family, lambda i: i),
        (rank_tests, f"{family} (Mann–Whitney)", lambda i: i["mwu"]),
    ):
        if not tested:
            continue
        adjusted = multipletests([get(i)["p"] for _, i in tested], method="holm")[1]
        record = methods.holm(name, [f"{c}: {i['label']}" if c else i["label"] for c, i in tested])
        for (_, item), p in zip(tested, adjusted, strict=True):
            get(item)["p_holm"] = float(p)
            get(item)["adjust"] = record


def gap_comparisons(
    responses: pd.DataFrame,
    codebook: Codebook,
    comparisons: Sequence[GapComparison],
    k: int,
) -> list[GapResult]:
    """Every perception-gap comparison as ``results.json`` stores it, Holm families applied.

    Each group's rule (``where``) is evaluated like a routing condition; p-values
    are adjusted over each ``holm_family`` (which may span comparisons).
    """
    out = []
    for g in comparisons:
        groups = {}
        masks = {}
        for side, group in (("a", g.group_a), ("b", g.group_b)):
            masks[side] = asked(responses, codebook, group.where) if group.where else None
            first = codebook.variable(getattr(g.pairs[0], side))
            groups[side] = {
                "label": group.label,
                "question": codebook.question(first.question).text
                if first.question
                else first.text,
                "where": group.where.describe(codebook) if group.where else None,
            }
        items = perception_gaps(
            responses,
            [(p.label, codebook.variable(p.a), codebook.variable(p.b)) for p in g.pairs],
            k,
            where_a=masks["a"],
            where_b=masks["b"],
            overlap=g.overlap,
        )
        out.append(
            {
                "id": g.id,
                "title": g.title,
                "group_a": g.group_a.label,
                "group_b": g.group_b.label,
                "groups": groups,
                "overlap": g.overlap,
                "holm_family": g.holm_family,
                "items": to_records(items),
            }
        )
    for family in dict.fromkeys(g["holm_family"] for g in out):
        members = [g for g in out if g["holm_family"] == family]
        # a test is named by its item, and by its comparison's title when a family spans several
        adjust_holm(
            ((g["title"] if len(members) > 1 else "", i) for g in members for i in g["items"]),
            family,
        )
    return out
