"""Every closed question summarised: frequencies, Likert summaries, multiple choice, breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.analysis.anonymity import suppress
from pipeline.analysis.distributions import frequencies, likert_summary, multiple_choice
from pipeline.analysis.schema import to_records
from pipeline.codebook.model import Codebook, Question, Variable


def describe_variable(values: pd.Series, var: Variable) -> dict[str, Any]:
    """Frequencies (and, for Likert items, the scale summary) of one variable."""
    labels = var.scale.labels if var.scale is not None else var.labels
    table = frequencies(values, labels, var.not_on_scale, var.scale)
    n = int(table["n"].iloc[0]) if len(table) else 0
    n_all = int(table["n_all"].iloc[0]) if len(table) else 0
    return {
        "id": var.id,
        "label": var.label,
        "text": var.text,
        "n": n,
        "n_all": n_all,
        "suppressed": False,
        "frequencies": to_records(table.drop(columns=["n", "n_all"])),
        "likert": likert_summary(values, var.scale) if var.scale is not None else None,
    }


def _suppressed_variable(var: Variable) -> dict[str, Any]:
    return {"id": var.id, "label": var.label, "text": var.text, "suppressed": True}


def describe_question(responses: pd.DataFrame, question: Question, k: int) -> dict[str, Any]:
    """Summary of one question over ``responses`` (a group, or everyone).

    Each variable with ``0 < n < k`` answers is suppressed.
    """
    out: dict[str, Any] = {"variables": [], "multiple": None}
    if question.type == "multiple":
        options = responses[[v.id for v in question.variables]]
        table, respondents, mentions = multiple_choice(
            options, [v.label for v in question.variables]
        )
        if 0 < respondents < k:
            out["multiple"] = {"suppressed": True}
        else:
            out["multiple"] = {
                "suppressed": False,
                "respondents": respondents,
                "mentions": mentions,
                "options": to_records(table),
            }
        out["n_min"] = out["n_max"] = respondents
        return out
    ns = []
    for var in question.variables:
        described = describe_variable(responses[var.id], var)
        ns.append(described["n"])
        if 0 < described["n_all"] < k:
            described = _suppressed_variable(var)
        out["variables"].append(described)
    out["n_min"], out["n_max"] = (min(ns), max(ns)) if ns else (0, 0)
    return out


def _groups(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return sorted(column.dropna().astype(str).unique())


def summarise_questions(
    responses: pd.DataFrame, codebook: Codebook, breakdowns: Sequence[str], k: int
) -> list[dict[str, Any]]:
    """All closed questions in questionnaire order, with breakdowns by background variables."""
    out = []
    for q in codebook.questions:
        if q.type in ("text", "number"):
            continue
        item = {
            "id": q.id,
            "type": q.type,
            "text": q.text,
            "asked_if": q.asked_if.describe() if q.asked_if else None,
            **describe_question(responses, q, k),
            "breakdowns": {},
        }
        for by in breakdowns:
            if by == q.id:
                continue
            item["breakdowns"][by] = _breakdown(responses, q, by, k)
        out.append(item)
    return out


def _breakdown(responses: pd.DataFrame, q: Question, by: str, k: int) -> list[dict[str, Any]]:
    ids = [v.id for v in q.variables]
    answered = responses[ids].notna().any(axis=1)
    groups = _groups(responses[by])
    column = responses[by].astype("string")
    table = pd.DataFrame(
        {"group": groups, "n": [int((answered & (column == g)).sum()) for g in groups]}
    )
    table = suppress(table, k)
    rows = []
    for row in table.itertuples(index=False):
        entry: dict[str, Any] = {
            "group": row.group,
            "suppressed": bool(row.suppressed),
            "suppression": row.suppression,
        }
        if not row.suppressed:
            entry["n"] = int(row.n)
            entry.update(describe_question(responses[column == row.group], q, k))
        rows.append(entry)
    return rows
