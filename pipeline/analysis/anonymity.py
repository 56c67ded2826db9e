"""Anonymity: no reported cell rests on fewer than ``k`` respondents.

A *cell* here is a statistic reported for a group of respondents (a sector, a
role, a sector × role combination, the answerers of one item): it rests on the
group's ``n``. Groups with ``0 < n < k`` are suppressed (primary suppression).
When a total is shown, one suppressed group could be worked out as the total
minus its siblings, so further groups are suppressed, smallest first, until the
suppressed groups together hold at least ``k`` respondents (secondary
suppression). The reader sees "færre enn 5" for each suppressed cell.

Counts of answer categories within a group that is shown are reported as they
are, as Questback and the published Modum report do: they rest on the group's
``n``, and each respondent's answer is hidden among at least ``k``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def suppress(
    table: pd.DataFrame, k: int, *, n: str = "n", total_shown: bool = True
) -> pd.DataFrame:
    """Mark groups to suppress: ``suppressed`` (bool) and ``suppression`` (why).

    Parameters
    ----------
    table
        One row per group with its number of respondents in column ``n``.
    k
        The anonymity threshold.
    total_shown
        Whether a total over these groups is reported (then secondary suppression applies).

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["A", "B", "C"], "n": [3, 40, 12]})
    >>> suppress(t, 5)[["group", "suppressed", "suppression"]].to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'group': 'A', 'suppressed': True, 'suppression': 'primary'},
     {'group': 'B', 'suppressed': False, 'suppression': None},
     {'group': 'C', 'suppressed': True, 'suppression': 'secondary'}]
    """
    out = table.copy()
    counts = out[n].astype(int)
    primary = (counts > 0) & (counts < k)
    suppressed = primary.copy()
    if total_shown and primary.any():
        while True:
            hidden = counts[suppressed]
            if len(hidden) >= 2 and hidden.sum() >= k:
                break
            candidates = counts[~suppressed & (counts > 0)]
            if candidates.empty:
                break
            suppressed[candidates.sort_values(kind="stable").index[0]] = True
    out["suppressed"] = suppressed.to_numpy()
    reasons = [
        "primary" if p else ("secondary" if s else None)
        for p, s in zip(primary, suppressed, strict=True)
    ]
    out["suppression"] = pd.Series(reasons, index=out.index, dtype=object)
    return out


def blank(record: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """A suppressed record as stored: its labels kept, every number removed.

    >>> blank({"group": "A", "n": 3, "p": 0.3, "suppressed": True}, keep=("group",))
    {'group': 'A', 'suppressed': True}
    """
    kept = {key: record[key] for key in keep if key in record}
    kept["suppressed"] = True
    if record.get("suppression"):
        kept["suppression"] = record["suppression"]
    return kept
