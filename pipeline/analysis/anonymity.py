"""Anonymity: no reported cell rests on fewer than ``k`` respondents.

A *cell* here is a statistic reported for a group of respondents (a sector, a
role, a sector × role combination, the answerers of one item): it rests on the
group's ``n``. Groups with ``0 < n < k`` are suppressed (primary suppression).
When a total is shown, one suppressed group could be worked out as the total
minus its siblings, so further groups are suppressed, smallest first, until the
suppressed groups together hold at least ``k`` respondents (secondary
suppression). The reader sees "under 5" for a group hidden because it is small
and "skjult" for a group hidden only so the small one cannot be worked out.

Every table of groups under ``reports/``, in the report and in the notebooks, goes
through :func:`hide_groups` (or :func:`mark_groups` where the report writes prose):
one rule, so the report and a notebook never disagree about what is shown.

Counts of answer categories within a group that is shown are reported as they
are, as Questback and the published Modum report do: they rest on the group's
``n``, and each respondent's answer is hidden among at least ``k``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline import formatting as fmt
from pipeline.analysis.results import Response, Results


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
    return _marked(out, primary, suppressed)


def _marked(out: pd.DataFrame, primary: pd.Series, hidden: pd.Series) -> pd.DataFrame:
    """``out`` with ``suppressed`` and ``suppression`` (primary/secondary/None) set."""
    out["suppressed"] = hidden.to_numpy()
    reasons = [
        "primary" if p else ("secondary" if h else None)
        for p, h in zip(primary, hidden, strict=True)
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


def mark_groups(
    table: pd.DataFrame, k: int, *, n: str | Sequence[str] = "n", total_shown: bool = True
) -> pd.DataFrame:
    """:func:`suppress` over one or more count columns: a group hidden by any is hidden.

    A table of groups often carries several counts (started, completed, respondents
    in the analysis); each must rest on at least ``k``. The union of valid
    suppressions is valid (more groups hidden, more respondents hidden together).
    ``suppression`` is ``primary`` where any count is small, else ``secondary``.

    >>> t = pd.DataFrame({"group": ["A", "B", "C"], "started": [9, 40, 12], "done": [4, 38, 12]})
    >>> mark_groups(t, 5, n=["started", "done"])["suppression"].tolist()
    ['primary', None, 'secondary']
    """
    columns = [n] if isinstance(n, str) else list(n)
    out = table.copy()
    hidden = pd.Series(False, index=table.index)
    primary = pd.Series(False, index=table.index)
    for column in columns:
        marked = suppress(table, k, n=column, total_shown=total_shown)
        hidden |= marked["suppressed"].astype(bool)
        primary |= marked["suppression"].eq("primary")
    return _marked(out, primary, hidden)


def hide_groups(
    table: pd.DataFrame,
    k: int,
    *,
    n: str | Sequence[str] = "n",
    total_shown: bool = True,
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """The table with every cell of a hidden group replaced by why it is hidden.

    Groups are marked by :func:`mark_groups`; in a hidden row every column except
    those in ``keep`` (the group's name, numbers that are not about the respondents
    such as the invited) reads «under k» (primary) or «skjult» (secondary).

    Parameters
    ----------
    table
        One row per group, with its counts in the column(s) ``n``.
    k
        The anonymity threshold.
    n
        The column(s) holding the group's number of respondents.
    total_shown
        Whether a total over these groups is shown too.
    keep
        Columns to leave as they are.

    Examples
    --------
    >>> t = pd.DataFrame({"Gruppe": ["A", "B"], "n": [3, 555], "Andel": ["100 %", "80 %"]})
    >>> hide_groups(t, 5, keep=("Gruppe",)).values.tolist()
    [['A', 'under 5', 'under 5'], ['B', 'skjult', 'skjult']]
    """
    marked = mark_groups(table, k, n=n, total_shown=total_shown)
    return label_hidden(table, list(marked["suppression"]), k, keep=keep)


def label_hidden(
    table: pd.DataFrame, reasons: Sequence[str | None], k: int, *, keep: Sequence[str] = ()
) -> pd.DataFrame:
    """The table with each row whose reason is set (``primary``/``secondary``) blanked:
    every column except ``keep`` reads «under k» or «skjult».

    For a table whose groups were marked elsewhere (:func:`hidden_response_groups`),
    so that it hides exactly what the report hides.

    >>> t = pd.DataFrame({"Gruppe": ["A", "B"], "Andel": ["60 %", "40 %"]})
    >>> label_hidden(t, [None, "secondary"], 5, keep=("Gruppe",)).values.tolist()
    [['A', '60 %'], ['B', 'skjult']]
    """
    out = table.astype(object).copy()
    why = pd.Series(list(reasons), index=out.index, dtype=object)
    for reason in ("primary", "secondary"):
        rows = why.eq(reason).to_numpy()
        for column in out.columns:
            if column not in keep:
                out.loc[rows, column] = fmt.suppressed(k, reason)
    return out


def response_group_counts(response: Response) -> pd.DataFrame:
    """Per group of the invitation list (``results["response"]``): who started, and who is in
    the analysis; the two counts every table or sentence about the groups' response rests on.
    """
    rep = response.get("representativeness")
    in_analysis = {row["group"]: row["respondents"] for row in (rep["rows"] if rep else [])}
    groups = [row for row in response["rates"] if row["group"] is not None]
    return pd.DataFrame(
        {
            "group": [str(row["group"]) for row in groups],
            "started": [int(row["started"]) for row in groups],
            "respondents": [int(in_analysis.get(row["group"], 0)) for row in groups],
        }
    )


def hidden_response_groups(results: Results) -> dict[str, str]:
    """Groups whose response numbers (started, completed, rates, dropouts, representativeness)
    are not shown, with why (``primary``/``secondary``): the one rule for the report's
    method chapter and appendix and the notebooks' response tables.

    >>> results = {"k": 5, "response": {"rates": [
    ...     {"group": "A", "started": 3}, {"group": "B", "started": 555}, {"group": None}]}}
    >>> hidden_response_groups(results)
    {'A': 'primary', 'B': 'secondary'}
    """
    counts = response_group_counts(results["response"])
    if counts.empty:
        return {}
    marked = mark_groups(counts, results["k"], n=["started", "respondents"])
    return {g: why for g, why in zip(marked["group"], marked["suppression"], strict=True) if why}


def grouping_questions(results: Results) -> set[str]:
    """Ids of the questions whose answers are groups of respondents: background variables
    and the breakdowns. An answer category of one of them under ``k`` is a group under ``k``.
    """
    ids = {q["id"] for q in results["questions"] if q["type"] == "background"}
    return ids | {by for q in results["questions"] for by in q.get("breakdowns", {})}


def category_suppression(counts: Sequence[int], k: int) -> list[str | None]:
    """Why each answer category of a grouping question is hidden (``None``: shown).

    The question's n is shown, so a category hidden alone could be worked out: the
    same primary and secondary rule as for any table of groups with a total.

    >>> category_suppression([37, 3], 5)
    ['secondary', 'primary']
    """
    marked = mark_groups(pd.DataFrame({"n": [int(c) for c in counts]}), k)
    return list(marked["suppression"])
