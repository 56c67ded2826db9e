"""A share compared across the groups of a background variable (e.g. medarbeidersamtale by sector)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from scipy import stats
from scipy.stats.contingency import association

from pipeline.analysis import methods
from pipeline.analysis.anonymity import suppress
from pipeline.analysis.proportions import difference, proportion
from pipeline.analysis.results import GroupShare, ShareByGroup, WeightedTotal


def share_by_group(
    responses: pd.DataFrame,
    variable: str,
    by: str,
    success: Sequence[str],
    off_scale: Sequence[str],
    k: int,
    invited: Mapping[str, int] | None = None,
) -> ShareByGroup:
    """Share answering one of ``success`` per group, with Wilson intervals.

    Chi-square test of independence (no continuity correction) with Cramér's
    V over the groups shown; when exactly two groups are shown, their difference
    in percentage points with Newcombe's interval (larger share minus smaller).
    Answers off the scale are left out of ``n``. With ``invited`` (number
    invited per group of ``by``), ``total_weighted`` is the total weighted by
    those invited (:func:`weighted_total`) beside the unweighted ``total``.

    Examples
    --------
    >>> r = pd.DataFrame({"etat": ["HV"] * 219 + ["FO"] * 326,
    ...                   "ms": ["Ja"] * 93 + ["Nei"] * 126 + ["Ja"] * 264 + ["Nei"] * 62})
    >>> out = share_by_group(r, "ms", "etat", ["Ja"], [], 5)
    >>> [round(g["p"], 3) for g in out["groups"]], round(out["difference"]["difference"], 3)
    ([0.81, 0.425], 0.385)
    """
    answered = responses[[variable, by]].dropna()
    answered = answered[~answered[variable].astype(str).isin(list(off_scale))]
    hit = answered[variable].astype(str).isin(list(success))
    groups = [g for g in group_order(responses[by]) if (answered[by] == g).any()]
    table = pd.DataFrame(
        {
            "group": groups,
            "n": [int((answered[by] == g).sum()) for g in groups],
            "k": [int(hit[answered[by] == g].sum()) for g in groups],
        }
    )
    table = suppress(table, k)
    rows = _shown_shares(table)
    out: dict[str, Any] = {
        "variable": variable,
        "by": by,
        "success": list(success),
        "groups": rows,
        "total": proportion(int(hit.sum()), len(answered)),
        "total_weighted": weighted_total(
            list(zip(table["group"], table["k"], table["n"], strict=True)), invited
        )
        if invited
        else None,
        "difference": None,
        "chi2": None,
        "dof": None,
        "p": None,
        "cramers_v": None,
    }
    shown = table[~table["suppressed"]]
    if len(shown) >= 2:
        observed = shown[["k"]].assign(miss=shown["n"] - shown["k"]).to_numpy()
        if observed.sum(axis=0).all():
            chi2, p, dof, _ = stats.chi2_contingency(observed, correction=False)
            out.update(
                chi2=float(chi2),
                dof=int(dof),
                p=float(p),
                cramers_v=float(association(observed, method="cramer", correction=False)),
                method=methods.chi2_independence(),
                effect_method=methods.cramers_v(),
            )
    if len(shown) == 2:
        hi, lo = sorted(shown.itertuples(index=False), key=lambda r: r.k / r.n, reverse=True)
        out["difference"] = {
            "high": hi.group,
            "low": lo.group,
            **difference(hi.k, hi.n, lo.k, lo.n),
        }
    return out


def weighted_total(
    counts: Sequence[tuple[str, int, int]], invited: Mapping[str, int]
) -> WeightedTotal | None:
    """The total share weighted by the number invited per group (post-stratification).

    ``counts`` are ``(group, k, n)``. Each group's share counts with its share of
    those invited, so a group that answered more eagerly does not pull the total
    its way. The interval is the normal one with variance ``Σ w² p(1−p)/n``.
    ``None`` when a group has no answers or is not in ``invited``.

    Examples
    --------
    >>> # 560/1124 · 93/219 + 564/1124 · 264/326 = 0,2116 + 0,4064
    >>> out = weighted_total([("A", 93, 219), ("B", 264, 326)], {"A": 560, "B": 564})
    >>> round(out["p"], 4), out["method"]["ci"]
    (0.6179, 'poststratification')

    References
    ----------
    Lohr, S. L. (2019). *Sampling: Design and Analysis*, 2nd ed., section 4.4.
    """
    rows = [(g, k, n) for g, k, n in counts if g in invited]
    if not rows or len(rows) != len(counts) or any(n == 0 for _, _, n in rows):
        return None
    population = sum(invited[g] for g, _, _ in rows)
    weights = {g: invited[g] / population for g, _, _ in rows}
    p = sum(weights[g] * k / n for g, k, n in rows)
    variance = sum(weights[g] ** 2 * (k / n) * (1 - k / n) / n for g, k, n in rows)
    half = float(stats.norm.ppf(0.975)) * variance**0.5
    return {
        "p": p,
        "ci_low": max(0.0, p - half),
        "ci_high": min(1.0, p + half),
        "n": sum(n for _, _, n in rows),
        "weights": weights,
        "method": methods.poststratified(),
    }


def group_order(column: pd.Series) -> list[str]:
    """The groups of a background variable: in the codebook's order, else alphabetical."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return sorted(column.dropna().astype(str).unique())


def group_shares(table: pd.DataFrame, k: int) -> list[GroupShare]:
    """Each group's share from its counts (``group``, ``k`` hits of ``n``), small groups hidden.

    A hidden group keeps its name and why it is hidden (:func:`~pipeline.analysis.anonymity.suppress`),
    never its numbers.

    >>> t = pd.DataFrame({"group": ["A", "B", "C"], "k": [1, 20, 30], "n": [3, 40, 60]})
    >>> [(g["group"], g["suppressed"], round(g.get("p", 0), 2)) for g in group_shares(t, 5)]
    [('A', True, 0), ('B', True, 0), ('C', False, 0.5)]
    """
    return _shown_shares(suppress(table, k))


def _shown_shares(table: pd.DataFrame) -> list[GroupShare]:
    rows: list[GroupShare] = []
    for row in table.itertuples(index=False):
        if row.suppressed:
            rows.append({"group": row.group, "suppressed": True, "suppression": row.suppression})
        else:
            rows.append({"group": row.group, "suppressed": False, **proportion(row.k, row.n)})
    return rows
