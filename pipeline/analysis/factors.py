"""Physical and psychosocial factors: battery items ranked by unfavourable share, by group."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis.groups import group_order, group_shares
from pipeline.analysis.proportions import proportion
from pipeline.analysis.results import FactorQuestion, GroupShare
from pipeline.codebook.model import Question


def unfavourable_shares(responses: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Share answering at the unfavourable end of the scale, per item, highest first.

    Which end is unfavourable follows each item's ``direction`` (a reversed item
    counts its high end). Items without a direction have no share. Off-scale
    answers are left out. Ties keep questionnaire order.

    Examples
    --------
    >>> from pipeline.codebook.model import Scale, Variable, Question
    >>> s = Scale("god5", ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god"), direction="high")
    >>> vs = tuple(Variable(i, "likert", "t", label=i, scale=s) for i in ("a", "b"))
    >>> r = pd.DataFrame({"a": ["Dårlig", "God", "God"], "b": ["Dårlig", "Svært dårlig", "God"]})
    >>> unfavourable_shares(r, Question("q", "likert", "t", vs))[["variable", "k", "n"]].values.tolist()
    [['b', 2, 3], ['a', 1, 3]]
    """
    rows = []
    for position, var in enumerate(question.variables):
        answers = responses[var.id].dropna()
        on_scale = answers[answers.isin(list(var.scale.labels))]
        unfavourable = list(var.scale.unfavourable_labels)
        k = int(on_scale.isin(unfavourable).sum())  # per label, not per answer: 200 000 rows add up
        share = proportion(k, len(on_scale))
        if not var.scale.has_direction:
            share = {**share, "k": 0, "p": None, "ci_low": None, "ci_high": None}
        rows.append(
            {
                "variable": var.id,
                "label": var.label,
                "position": position,
                "direction": var.scale.direction or "none",
                **share,
            }
        )
    table = pd.DataFrame(rows)
    table["sort"] = table["p"].fillna(-1.0)
    table = table.sort_values(["sort", "position"], ascending=[False, True], kind="stable")
    return table.drop(columns=["sort"]).reset_index(drop=True)


def rank_factors(
    responses: pd.DataFrame, question: Question, by: str | None, threshold: float, k: int
) -> FactorQuestion:
    """A battery's items ranked by unfavourable share; those above ``threshold`` flagged; by group."""
    table = unfavourable_shares(responses, question)
    items = []
    for rank, row in enumerate(table.to_dict("records"), start=1):
        p = {key: row[key] for key in ("k", "n", "p", "ci_low", "ci_high", "method")}
        item: dict[str, Any] = {
            "variable": row["variable"],
            "label": row["label"],
            "rank": rank,
            "direction": row["direction"],
            "unfavourable_labels": list(
                next(
                    v for v in question.variables if v.id == row["variable"]
                ).scale.unfavourable_labels
            ),
            "unfavourable": p,
            "flagged": bool(p["p"] is not None and p["p"] > threshold),
            "by_group": [],
        }
        if by is not None:
            item["by_group"] = _by_group(responses, question, row["variable"], by, k)
        items.append(item)
    return {"question": question.id, "text": question.text, "short": question.short, "items": items}


def _by_group(
    responses: pd.DataFrame, question: Question, variable: str, by: str, k: int
) -> list[GroupShare]:
    column = responses[by]
    groups = group_order(column)
    var = next(v for v in question.variables if v.id == variable)
    single = Question(question.id, question.type, question.text, (var,))
    rows = []
    for g in groups:
        subset = responses[column.astype("string") == g]
        row = unfavourable_shares(subset, single).iloc[0]
        rows.append({"group": g, "n": int(row["n"]), "k": int(row["k"])})
    return group_shares(pd.DataFrame(rows), k)
