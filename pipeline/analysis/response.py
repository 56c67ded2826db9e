"""Response, representativeness and dropout."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.analysis import methods
from pipeline.analysis.proportions import proportion
from pipeline.analysis.results import Dropout, MarginOfError, Representativeness, StopPoints
from pipeline.codebook.model import Codebook, Question


def response_rates(
    responses: pd.DataFrame, invited: Mapping[str, int], by: str | None
) -> pd.DataFrame:
    """Response rate per group and in total, under both definitions.

    ``rate_completed`` is completed ÷ invited, ``rate_started`` is started ÷
    invited. ``responses`` holds only those who started (ingest leaves out
    invitees who never began and test respondents; see docs/platforms.md). The last
    row is the total (``group`` = ``None``). Groups in the export but not in the
    invitation list are reported with ``invited`` = ``None``.

    Examples
    --------
    >>> r = pd.DataFrame({"etat": ["A", "A", "B"], "completed": [True, False, True]})
    >>> from pipeline.analysis.schema import to_records
    >>> t = response_rates(r, {"A": 10, "B": 5}, "etat")
    >>> to_records(t[["group", "invited", "started", "completed"]])[-1]
    {'group': None, 'invited': 15, 'started': 3, 'completed': 2}
    """
    rows = []
    groups = list(invited)
    if by is not None:
        extra = sorted(set(responses[by].dropna().astype(str)) - set(groups))
        groups += extra
    for group in groups if by is not None else []:
        subset = responses[responses[by].astype("string") == group]
        rows.append(_rates(group, invited.get(group), subset))
    rows.append(_rates(None, sum(invited.values()) if invited else None, responses))
    table = pd.DataFrame(rows)
    # nullable, so a group not in the invitation list (None) leaves the others' counts integers
    table["invited"] = table["invited"].astype("Int64")
    return table


def _rates(group: str | None, invited: int | None, subset: pd.DataFrame) -> dict[str, Any]:
    started = len(subset)
    completed = int(subset["completed"].sum())
    row: dict[str, Any] = {
        "group": group,
        "invited": invited,
        "started": started,
        "completed": completed,
        "incomplete": started - completed,
    }
    for name, k in (("rate_completed", completed), ("rate_started", started)):
        row[name] = proportion(min(k, invited), invited) if invited else None
        row[f"{name}_exceeds_invited"] = bool(invited is not None and k > invited)
    return row


def representativeness(
    responses: pd.DataFrame, invited: Mapping[str, int], by: str
) -> Representativeness:
    """Do respondents mirror the invited population? Chi-square goodness of fit.

    Respondents with the group unknown are left out. Expected counts are the
    invited shares times the respondents.

    Examples
    --------
    >>> r = pd.DataFrame({"etat": ["A"] * 60 + ["B"] * 40})
    >>> round(representativeness(r, {"A": 500, "B": 500}, "etat")["p"], 4)
    0.0455
    """
    observed = (
        responses[by].astype("string").value_counts().reindex(list(invited), fill_value=0)
    ).astype(int)
    total_invited = sum(invited.values())
    total = int(observed.sum())
    expected = np.array([invited[g] / total_invited * total for g in invited])
    rows = [
        {
            "group": g,
            "invited": invited[g],
            "respondents": int(observed[g]),
            "share_invited": invited[g] / total_invited,
            "share_respondents": observed[g] / total if total else None,
        }
        for g in invited
    ]
    out: dict[str, Any] = {"variable": by, "rows": rows, "n": total, "test": "chi2_goodness_of_fit"}
    if total and len(invited) > 1 and (expected > 0).all():
        chi2, p = stats.chisquare(observed.to_numpy(), expected)
        out.update(
            chi2=float(chi2),
            dof=len(invited) - 1,
            p=float(p),
            method=methods.chi2_goodness_of_fit(),
        )
    else:
        out.update(chi2=None, dof=None, p=None)
    return out


def margin_of_error(
    n: int, population: int | None, p: float = 0.5, confidence: float = methods.LEVEL
) -> MarginOfError:
    """Margin of error of a proportion at ``n``, with finite-population correction.

    ``z·√(p(1−p)/n) · √((N−n)/(N−1))``, the normal approximation with the
    correction for sampling without replacement from a known population ``N``
    (Cochran, *Sampling Techniques*, 3rd ed., 1977, eq. 3.8). Both assume a
    simple random sample of the population; with ``population`` unknown
    (``None``, e.g. a question routed to a group whose size is not known) only
    the uncorrected figure is given. ``n`` is the figure's base: whoever its
    shares are of.

    Examples
    --------
    >>> m = margin_of_error(489, 1124)
    >>> round(m["without_fpc"], 4), round(m["with_fpc"], 4)
    (0.0443, 0.0333)
    >>> m["method"]["assumption"]
    'simple_random_sampling'
    """
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    method = methods.margin_of_error(confidence, p, fpc=population is not None)
    if n <= 0:
        return {
            "n": n,
            "population": population,
            "p": p,
            "confidence": confidence,
            "with_fpc": None,
            "without_fpc": None,
            "method": method,
        }
    base = z * math.sqrt(p * (1 - p) / n)
    fpc = math.sqrt((population - n) / (population - 1)) if population and population > n else None
    return {
        "n": n,
        "population": population,
        "p": p,
        "confidence": confidence,
        "without_fpc": base,
        "with_fpc": base * fpc if fpc is not None else (0.0 if population == n else None),
        "method": method,
    }


def dropout(responses: pd.DataFrame, by: str | None) -> Dropout:
    """Started, completed and not completed; not completed per group.

    ``by_group`` shares are of all who did not complete (the Modum report: 58 %
    Helse og velferd, 42 % Familie og oppvekst).
    """
    started = len(responses)
    completed = int(responses["completed"].sum())
    incomplete = started - completed
    out: dict[str, Any] = {
        "started": started,
        "completed": completed,
        "incomplete": incomplete,
        "dropout": proportion(incomplete, started),
        "by_group": [],
    }
    if by is not None:
        not_done = responses.loc[~responses["completed"], by].astype("string")
        counts = not_done.value_counts(dropna=False)
        for group, count in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            out["by_group"].append(
                {
                    "group": None if pd.isna(group) else str(group),
                    **proportion(int(count), incomplete),
                }
            )
    return out


def _positions(responses: pd.DataFrame, codebook: Codebook) -> tuple[list[Question], pd.Series]:
    """The questions a respondent answers (background left out) and each respondent's last one.

    The last position is 1-based; 0 when the respondent answered no question.
    """
    questions = [q for q in codebook.questions if q.type != "background"]
    position = {v.id: i + 1 for i, q in enumerate(questions) for v in q.variables}
    last = responses["last_answered"].map(lambda v: position.get(v, 0) if isinstance(v, str) else 0)
    return questions, last


def dropoff_curve(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """How many respondents are still taking part at each question, in questionnaire order.

    A respondent is still taking part at question *i* when they completed the
    survey or answered question *i* or a later one: someone who finished but
    skipped optional or routed questions has not dropped out. ``asked`` is how
    many of those still taking part the routing gave the question to, and
    ``answered`` how many of them answered it; ``routed`` marks questions asked
    only to a subgroup (fewer asked is routing, not loss).
    """
    from pipeline.validation.expectations import asked as routed_to

    questions, last = _positions(responses, codebook)
    completed = responses["completed"].to_numpy(dtype=bool)
    started = len(responses)
    rows = []
    for i, q in enumerate(questions, start=1):
        taking_part = completed | (last.to_numpy() >= i)
        who = routed_to(responses, codebook, q.asked_if) if q.asked_if else np.ones(started, bool)
        answered = responses[[v.id for v in q.variables]].notna().any(axis=1).to_numpy(dtype=bool)
        rows.append(
            {
                "position": i,
                "question": q.id,
                "text": q.text,
                "short": q.short,
                "routed": q.asked_if is not None,
                "answering": int(taking_part.sum()),
                "asked": int((taking_part & who).sum()),
                "answered": int((answered & who).sum()),
                "share": int(taking_part.sum()) / started if started else None,
            }
        )
    return pd.DataFrame(rows)


def stop_points(responses: pd.DataFrame, codebook: Codebook, first: int = 10) -> StopPoints:
    """Where the respondents who did not complete stopped: their last answered question.

    ``by_question`` counts them per last answered question (``position`` 0 and
    ``question`` null: they answered none); ``most`` is the question most of
    them stopped after. ``within_first``/``after_first`` split them at ``first``.
    """
    questions, last = _positions(responses, codebook)
    where = last[~responses["completed"].to_numpy(dtype=bool)]
    counts = where.value_counts().sort_index()
    by_question = [
        {
            "position": int(pos),
            "question": questions[pos - 1].id if pos else None,
            "short": questions[pos - 1].short if pos else None,
            **proportion(int(n), len(where)),
        }
        for pos, n in counts.items()
    ]
    most = max(by_question, key=lambda r: (r["k"], -r["position"])) if by_question else None
    return {
        "first": first,
        "incomplete": len(where),
        "within_first": int((where <= first).sum()),
        "after_first": int((where > first).sum()),
        "by_question": by_question,
        "most": most,
    }


def included(responses: pd.DataFrame, inclusion: str) -> pd.DataFrame:
    """The respondents question statistics rest on, by the study's inclusion rule.

    ``all_available`` keeps everyone who started (each question then has the n
    of those who answered it); ``completed_only`` keeps those who finished.

    >>> frame = pd.DataFrame({"completed": [True, False, True]})
    >>> len(included(frame, "all_available")), len(included(frame, "completed_only"))
    (3, 2)
    """
    if inclusion == "all_available":
        return responses
    return responses[responses["completed"]]


def inclusion_counts(responses: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """The n each question gets under each inclusion rule (all answers vs completed only)."""
    rows = []
    done = responses["completed"]
    for q in codebook.questions:
        answered = responses[[v.id for v in q.variables]].notna().any(axis=1)
        rows.append(
            {
                "question": q.id,
                "all_available": int(answered.sum()),
                "completed_only": int((answered & done).sum()),
            }
        )
    return pd.DataFrame(rows)
