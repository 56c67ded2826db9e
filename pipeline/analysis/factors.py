"""Physical and psychosocial factors: battery items ranked by negative share, by group."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis.anonymity import suppress
from pipeline.analysis.proportions import proportion
from pipeline.codebook.model import Question


def negative_shares(responses: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Share answering on the negative side of the scale, per item, highest first.

    Off-scale answers are left out. Ties keep questionnaire order.

    Examples
    --------
    >>> from pipeline.codebook.model import Scale, Variable, Question
    >>> s = Scale("god5", ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god"))
    >>> vs = tuple(Variable(i, "likert", "t", label=i, scale=s) for i in ("a", "b"))
    >>> r = pd.DataFrame({"a": ["Dårlig", "God", "God"], "b": ["Dårlig", "Svært dårlig", "God"]})
    >>> negative_shares(r, Question("q", "likert", "t", vs))[["variable", "k", "n"]].values.tolist()
    [['b', 2, 3], ['a', 1, 3]]
    """
    rows = []
    for position, var in enumerate(question.variables):
        answers = responses[var.id].dropna()
        on_scale = answers[answers.isin(list(var.scale.labels))]
        negative = [label for label in var.scale.labels if var.scale.side(label) == "negative"]
        k = int(on_scale.isin(negative).sum())  # per label, not per answer: 200 000 rows add up
        rows.append(
            {
                "variable": var.id,
                "label": var.label,
                "position": position,
                **proportion(k, len(on_scale)),
            }
        )
    table = pd.DataFrame(rows)
    table["sort"] = table["p"].fillna(-1.0)
    table = table.sort_values(["sort", "position"], ascending=[False, True], kind="stable")
    return table.drop(columns=["sort"]).reset_index(drop=True)


def rank_factors(
    responses: pd.DataFrame, question: Question, by: str | None, threshold: float, k: int
) -> dict[str, Any]:
    """A battery's items ranked by negative share; those above ``threshold`` flagged; by group."""
    table = negative_shares(responses, question)
    items = []
    for rank, row in enumerate(table.to_dict("records"), start=1):
        p = {key: row[key] for key in ("k", "n", "p", "ci_low", "ci_high", "method")}
        item: dict[str, Any] = {
            "variable": row["variable"],
            "label": row["label"],
            "rank": rank,
            "negative": p,
            "flagged": bool(p["p"] is not None and p["p"] > threshold),
            "by_group": [],
        }
        if by is not None:
            item["by_group"] = _by_group(responses, question, row["variable"], by, k)
        items.append(item)
    return {"question": question.id, "text": question.text, "items": items}


def _by_group(
    responses: pd.DataFrame, question: Question, variable: str, by: str, k: int
) -> list[dict[str, Any]]:
    column = responses[by]
    groups = (
        [str(c) for c in column.cat.categories]
        if isinstance(column.dtype, pd.CategoricalDtype)
        else sorted(column.dropna().astype(str).unique())
    )
    var = next(v for v in question.variables if v.id == variable)
    single = Question(question.id, question.type, question.text, (var,))
    rows = []
    for g in groups:
        subset = responses[column.astype("string") == g]
        row = negative_shares(subset, single).iloc[0]
        rows.append({"group": g, "n": int(row["n"]), "k": int(row["k"])})
    table = suppress(pd.DataFrame(rows), k)
    out = []
    for row in table.itertuples(index=False):
        if row.suppressed:
            out.append({"group": row.group, "suppressed": True, "suppression": row.suppression})
        else:
            out.append({"group": row.group, "suppressed": False, **proportion(row.k, row.n)})
    return out
