"""Who was invited, who started and who completed, from the platform's own fields.

Each row of an export gets one disposition (see docs/platforms.md):

``test``
    A test respondent (EFS ``tester = 1``): left out and counted.
``not_invited``
    Listed but never invited (EFS ``dispcode`` 11, SurveyXact ``statoverall`` 1).
``not_started``
    Invited, never began (EFS 12–20 and 35–43, SurveyXact 2, and 5 without an
    answer; Questback: no start time and no answer).
``started``
    Opened the survey and did not complete it (the dropouts).
``completed``
    Completed.

A status code the platform does not define is read as ``started``, so the row
stays in the data and validation names the value. :func:`definitions` gives the
Norwegian sentences the report prints for the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.reading.model import DecodedExport

DISPOSITIONS = ("test", "not_invited", "not_started", "started", "completed")


@dataclass(frozen=True)
class StatusCodes:
    """What a platform's status codes mean for the accounting (as text, e.g. ``"20"``)."""

    not_invited: tuple[str, ...] = ()
    not_started: tuple[str, ...] = ()
    # started only when the row holds an answer (SurveyXact 5 «Frafalt»)
    started_if_answered: tuple[str, ...] = ()


STATUS_CODES: dict[str, StatusCodes] = {
    "efs": StatusCodes(
        not_invited=("11",),
        not_started=tuple(str(c) for c in (12, 13, 14, 15, 20, *range(35, 44))),
    ),
    "surveyxact": StatusCodes(not_invited=("1",), not_started=("2",), started_if_answered=("5",)),
}

_STARTED = {
    "questback_essentials": (
        "Startet = åpnet undersøkelsen, det vil si har et starttidspunkt i eksporten eller har svart "
        "på minst ett spørsmål (også de som åpnet den uten å svare på noe). Bakgrunnsvariabler, "
        "som etat fra invitasjonslisten, regnes ikke som svar."
    ),
    "efs": (
        "Startet = åpnet undersøkelsen, det vil si disposisjonskode (dispcode) 21–23 eller 31–34 i "
        "EFS, også de som ikke svarte på noe spørsmål."
    ),
    "surveyxact": (
        "Startet = åpnet undersøkelsen, det vil si status «Noen svar» eller «Gjennomført» i "
        "SurveyXact, og «Frafalt» der respondenten har gitt minst ett svar."
    ),
}
_COMPLETED = {
    "questback_essentials": "Fullført = status «Fullført» i eksporten.",
    "efs": "Fullført = disposisjonskode (dispcode) 31–34 i EFS.",
    "surveyxact": "Fullført = status «Gjennomført» i SurveyXact.",
}


def definitions(platform: str) -> dict[str, str]:
    """The Norwegian definitions the report prints, for the rules of :func:`dispositions`.

    >>> d = definitions("efs")
    >>> sorted(d)
    ['completed', 'dropout', 'rate_completed', 'rate_started', 'started']
    >>> d["started"][:33]
    'Startet = åpnet undersøkelsen, de'
    """
    return {
        "started": _STARTED[platform],
        "completed": _COMPLETED[platform],
        "rate_completed": "Svarprosenten er antall som fullførte undersøkelsen, delt på antall inviterte.",
        "rate_started": "Andelen som startet, er antall som startet, delt på antall inviterte.",
        "dropout": "Frafallet er antall som startet, men ikke fullførte, delt på antall som startet.",
    }


def dispositions(
    frame: pd.DataFrame, platform: str, answered: pd.Series | None = None
) -> pd.Series:
    """The disposition of each row of a decoded frame (see the module docstring).

    Parameters
    ----------
    frame
        :attr:`DecodedExport.frame`: ``completed``, ``started_at``, and ``status``
        and ``tester`` where the export has them.
    platform
        ``questback_essentials``, ``efs`` or ``surveyxact``.
    answered
        Whether each row holds at least one answer to a question (background
        variables from the invitation list do not count); all false if not given.

    Examples
    --------
    >>> f = pd.DataFrame({"status": ["20", "22", "31", "31"], "completed": [False, False, True, True],
    ...                   "tester": [False, False, False, True]})
    >>> dispositions(f, "efs").tolist()
    ['not_started', 'started', 'completed', 'test']
    """
    index = frame.index
    answered = (
        pd.Series(False, index=index) if answered is None else answered.astype(bool)
    ).to_numpy()
    completed = frame["completed"].to_numpy(dtype=bool)
    out = np.where(completed, "completed", "started").astype(object)
    codes = STATUS_CODES.get(platform)
    if codes is not None and "status" in frame.columns:
        status = frame["status"].astype("string").fillna("")
        not_started = status.isin(codes.not_started).to_numpy(dtype=bool) | (
            status.isin(codes.started_if_answered).to_numpy(dtype=bool) & ~answered
        )
        out[not_started & ~completed] = "not_started"
        out[status.isin(codes.not_invited).to_numpy(dtype=bool) & ~completed] = "not_invited"
    elif codes is None:
        began = frame["started_at"].notna().to_numpy(dtype=bool) | answered
        out[~began & ~completed] = "not_started"
    if "tester" in frame.columns:
        out[frame["tester"].to_numpy(dtype=bool)] = "test"
    return pd.Series(out, index=index, dtype=object)


def respondents(decoded: DecodedExport) -> DecodedExport:
    """Only the rows that started (test respondents out), with their file row numbers.

    Rows that never began carry no answers and no start time; leaving them out
    here keeps them from validation (no «rader uten gyldig tidspunkt») and from
    every statistic.
    """
    keep = decoded.frame["disposition"].isin(["started", "completed"]).to_numpy(dtype=bool)
    return DecodedExport(
        source=decoded.source,
        frame=decoded.frame[keep].reset_index(drop=True),
        headers=decoded.headers,
        rows=np.asarray(decoded.rows)[keep],
        unknown_columns=decoded.unknown_columns,
        identifier_columns=decoded.identifier_columns,
    )


def invitees(decoded: DecodedExport) -> pd.Series:
    """Whether each row is an invitee: neither a test respondent nor someone never invited."""
    return decoded.frame["disposition"].isin(["not_started", "started", "completed"])


def accounting(decoded: DecodedExport, by: str | None = None) -> dict[str, Any]:
    """Counts of each disposition, and invitees per group where ``by`` is in the export.

    ``invited`` is every row except test respondents and those never invited;
    ``invited_by_group`` counts the same rows per value of ``by`` (a background
    variable present for every invitee).

    >>> f = pd.DataFrame({"disposition": ["test", "not_started", "started", "completed"],
    ...                   "etat": ["A", "A", "B", "A"]})
    >>> from pipeline.reading.model import SourceInfo
    >>> d = DecodedExport(SourceInfo("x", "csv", "", 0), f, {}, np.arange(4))
    >>> a = accounting(d, "etat")
    >>> a["tests"], a["invited"], a["started"], a["completed"], a["invited_by_group"]
    (1, 3, 2, 1, {'A': 2, 'B': 1})
    """
    kinds = decoded.frame["disposition"]
    counts = {k: int((kinds == k).sum()) for k in DISPOSITIONS}
    is_invitee = invitees(decoded)
    out: dict[str, Any] = {
        "rows": len(kinds),
        "tests": counts["test"],
        "not_invited": counts["not_invited"],
        "invited": int(is_invitee.sum()),
        "not_started": counts["not_started"],
        "started": counts["started"] + counts["completed"],
        "completed": counts["completed"],
        "incomplete": counts["started"],
        "invited_by_group": None,
    }
    if by is not None and by in decoded.frame.columns:
        groups = decoded.frame.loc[is_invitee, by].astype("string").dropna()
        out["invited_by_group"] = {str(g): int(n) for g, n in sorted(groups.value_counts().items())}
    return out


def check_invited(
    from_export: Mapping[str, int], stated: Mapping[str, int]
) -> list[tuple[str, int | None, int | None]]:
    """Groups where study.yaml and the export disagree: ``(group, stated, in export)``.

    >>> check_invited({"A": 10, "B": 5}, {"A": 10, "B": 6, "C": 1})
    [('B', 6, 5), ('C', 1, None)]
    """
    groups = sorted(set(from_export) | set(stated))
    return [
        (g, stated.get(g), from_export.get(g))
        for g in groups
        if stated.get(g) != from_export.get(g)
    ]
