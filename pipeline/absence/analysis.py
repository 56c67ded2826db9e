"""Statistics on registered sickness absence: trends, short/long split, ranking, target gaps.

Rates are shares (0.111 is 11,1 %). A sickness absence percentage is lost
working days ÷ agreed working days (avtalte dagsverk), so an etat's or the
kommune's rate is the units' rates **weighted by agreed working days**, not
their plain mean: a large nursing home counts for more than a small office.
Without agreed working days in the file the plain mean of the units is used,
and every aggregate says which (``method``).

A unit that moves between etats is counted, in each period, under the etat
recorded in that period's row; its own trend follows the unit across the move.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

RATES = ("total", "egenmeldt", "legemeldt", "short_term", "long_term")
WEIGHTED = "weighted_by_agreed_days"
UNWEIGHTED = "unweighted_mean"


def aggregate(frame: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Absence rates per group and period, weighted by agreed working days where present.

    Parameters
    ----------
    frame
        The register: ``unit``, ``period_index``, ``period``, rate columns
        (shares) and optionally ``agreed_days``.
    by
        Grouping columns besides the period, e.g. ``["etat"]``; ``[]`` for
        the whole kommune.

    Returns
    -------
    DataFrame
        ``by`` columns, ``period_index``, ``period``, each rate column present
        in ``frame``, ``agreed_days`` (sum; absent without weights), ``units``
        (number of units) and ``method`` (``weighted_by_agreed_days`` or
        ``unweighted_mean``), sorted by group and period.

    Notes
    -----
    Each rate is averaged over the rows where it is present, so a unit without
    a short/long split still counts in the total. The weighted rate equals the
    sum of lost working days over the sum of agreed working days (SSB's
    definition of sykefraværsprosent).

    References
    ----------
    1. SSB, «Sykefravær»: dagsverk tapt ved sykefravær i prosent av avtalte dagsverk.

    Examples
    --------
    >>> f = pd.DataFrame({"etat": ["H", "H"], "unit": ["a", "b"], "period_index": [2024, 2024],
    ...                   "period": ["2024", "2024"], "total": [0.148, 0.074],
    ...                   "agreed_days": [2000.0, 1000.0]})
    >>> round(float(aggregate(f, ["etat"])["total"].iloc[0]), 4)
    0.1233
    >>> round(float(aggregate(f.drop(columns="agreed_days"), ["etat"])["total"].iloc[0]), 4)
    0.111
    """
    keys = [*by, "period_index", "period"]
    rates = [c for c in RATES if c in frame]
    weighted = "agreed_days" in frame
    rows = []
    for key, group in frame.groupby(keys, sort=True, dropna=False):
        row = dict(zip(keys, key, strict=True))
        for rate in rates:
            present = group[rate].notna()
            if weighted:
                w = group.loc[present, "agreed_days"]
                row[rate] = (
                    float((group.loc[present, rate] * w).sum() / w.sum()) if w.sum() > 0 else np.nan
                )
            else:
                row[rate] = float(group.loc[present, rate].mean()) if present.any() else np.nan
        if weighted:
            row["agreed_days"] = float(group["agreed_days"].sum())
        row["units"] = int(group["unit"].nunique())
        row["method"] = WEIGHTED if weighted else UNWEIGHTED
        rows.append(row)
    columns = keys + rates + (["agreed_days"] if weighted else []) + ["units", "method"]
    return pd.DataFrame(rows, columns=columns)


def trend(frame: pd.DataFrame) -> pd.DataFrame:
    """The whole kommune's and each etat's rates per period, with the change from the period before.

    Returns
    -------
    DataFrame
        ``level`` (``kommune`` or ``etat``), ``name`` (etat name, or ``Hele
        kommunen``), the columns of :func:`aggregate`, ``change`` (total minus
        the previous period's total for the same group, share scale; NaN for
        the first period or after a gap) and ``long_share`` (long-term ÷
        (short + long), when both are present).

    Examples
    --------
    >>> f = pd.DataFrame({"etat": ["H", "H"], "unit": ["a", "a"], "period_index": [2023, 2024],
    ...                   "period": ["2023", "2024"], "total": [0.10, 0.111]})
    >>> t = trend(f)
    >>> t[["level", "name", "period"]].values.tolist()
    [['kommune', 'Hele kommunen', '2023'], ['kommune', 'Hele kommunen', '2024'], ['etat', 'H', '2023'], ['etat', 'H', '2024']]
    >>> round(float(t["change"].iloc[-1]), 3)
    0.011
    """
    kommune = aggregate(frame, []).assign(level="kommune", name="Hele kommunen")
    etats = aggregate(frame, ["etat"]).assign(level="etat").rename(columns={"etat": "name"})
    out = pd.concat([kommune, etats], ignore_index=True)
    previous = out.groupby(["level", "name"], sort=False)["period_index"].shift()
    change = out.groupby(["level", "name"], sort=False)["total"].diff()
    out["change"] = change.where(out["period_index"] - previous == 1)
    if {"short_term", "long_term"} <= set(out):
        out["long_share"] = out["long_term"] / (out["short_term"] + out["long_term"])
    first = ["level", "name", "period_index", "period"]
    return out[first + [c for c in out.columns if c not in first]]


def rank_units(
    frame: pd.DataFrame, period_index: int, *, etats: Sequence[str] = (), count: int = 2
) -> pd.DataFrame:
    """Units ranked by total absence in one period, highest first, with the extremes marked.

    The Modum audit chose units for interviews from the extremes ("ytterpunkts-
    verdier"): the highest and the lowest absence in the etats under review.

    Parameters
    ----------
    frame
        The register.
    period_index
        The period to rank.
    etats
        Only units recorded under these etats in that period; all when empty.
    count
        How many at each end are marked as extremes.

    Returns
    -------
    DataFrame
        ``rank`` (1 = highest; ties share the lowest rank), ``unit``, ``etat``,
        ``period``, ``total`` and the other rates present, ``extreme``
        (``high``, ``low`` or None). Ties at the cut-off are all marked.

    Examples
    --------
    >>> f = pd.DataFrame({"unit": list("abcde"), "etat": ["H"] * 5, "period_index": [2024] * 5,
    ...                   "period": ["2024"] * 5, "total": [0.148, 0.148, 0.1, 0.076, 0.064]})
    >>> r = rank_units(f, 2024, count=2)
    >>> r[["unit", "rank", "extreme"]].values.tolist()
    [['a', 1, 'high'], ['b', 1, 'high'], ['c', 3, None], ['d', 4, 'low'], ['e', 5, 'low']]
    """
    sub = frame[(frame["period_index"] == period_index) & frame["total"].notna()]
    if etats:
        sub = sub[sub["etat"].isin(list(etats))]
    sub = sub.sort_values(["total", "unit"], ascending=[False, True]).reset_index(drop=True)
    sub.insert(0, "rank", sub["total"].rank(method="min", ascending=False).astype("int64"))
    extreme: list[str | None] = [None] * len(sub)
    if len(sub):
        n = min(count, len(sub))
        high_cut = sub["total"].iloc[n - 1]
        low_cut = sub["total"].iloc[len(sub) - n]
        for i, value in enumerate(sub["total"]):
            if value >= high_cut:
                extreme[i] = "high"
            elif value <= low_cut:
                extreme[i] = "low"
    sub["extreme"] = pd.Series(extreme, dtype="object")
    keep = ["rank", "unit", "etat", "period_index", "period"] + [c for c in RATES if c in sub]
    return sub[keep + ["extreme"]]


def gap_to_target(levels: pd.DataFrame, target: float) -> pd.DataFrame:
    """The gap from each current level to a target, in points and as the reduction needed.

    Parameters
    ----------
    levels
        One row per level, with a ``total`` column (share).
    target
        The target level (share).

    Returns
    -------
    DataFrame
        ``levels`` with ``target``, ``gap`` (total − target, share scale, i.e.
        prosentpoeng ÷ 100), ``relative_reduction`` (gap ÷ total: the share by
        which absence must fall; 0 when the target is met) and ``met``.

    References
    ----------
    1. Modum kommune, forvaltningsrevisjon «Sykefravær» (2025), kap. 4.3: Helse og
       velferd at 11,1 % against 8 % needs "nesten 28 %" reduction.

    Examples
    --------
    >>> g = gap_to_target(pd.DataFrame({"name": ["Helse og velferd"], "total": [0.111]}), 0.08)
    >>> round(float(g["gap"].iloc[0]), 3), round(float(g["relative_reduction"].iloc[0]), 4)
    (0.031, 0.2793)
    """
    out = levels.copy()
    out["target"] = float(target)
    out["gap"] = out["total"] - target
    out["met"] = out["total"] <= target + 1e-12
    reduction = (out["total"] - target) / out["total"]
    out["relative_reduction"] = reduction.where(~out["met"], 0.0)
    return out
