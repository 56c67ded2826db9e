"""What each survey figure draws: a ``results.json`` record cut into the tidy table its
drawing function takes (:mod:`pipeline.figures.likert`, :mod:`~pipeline.figures.bars`,
:mod:`~pipeline.figures.gaps`, :mod:`~pipeline.figures.dropoff`).

Numbers only: the words under a figure (caption, text alternative, the table of
formatted numbers) are written by :mod:`pipeline.figures.captions` from the same
record, and :mod:`pipeline.figures.survey` pairs the two for each figure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import pandas as pd

from pipeline.analysis.anonymity import category_suppression
from pipeline.analysis.results import (
    BreakdownRow,
    Frequency,
    GapComparison,
    GapItem,
    GroupComparison,
    GroupShare,
    Multiple,
    Proportion,
    QuestionResult,
    Response,
    VariableResult,
)
from pipeline.codebook.model import Question, Scale, Variable


def likert_scale(question: Question) -> Scale:
    """A Likert question's scale (its first item's: a battery, or its part by direction, has one)."""
    scale = question.variables[0].scale
    if scale is None:  # the codebook reader refuses a Likert question without one
        raise ValueError(f"likert_scale: question {question.id!r} has no scale")
    return scale


def by_direction(
    q: QuestionResult, question: Question
) -> list[tuple[str, QuestionResult, Question]]:
    """The question split by its items' direction: (direction, results, codebook) per part.

    One part when every item runs the same way (a battery that mixes directions
    gets one figure per direction); each part's ``n_min``/``n_max`` are its own
    items' n.
    """
    groups: dict[str, list[tuple[VariableResult, Variable]]] = {}
    for v, var in zip(q["variables"], question.variables, strict=True):
        direction = var.scale.direction if var.scale is not None else None
        groups.setdefault(direction or "none", []).append((v, var))
    parts = []
    for direction, items in groups.items():
        part_q: QuestionResult = {**q, "variables": [v for v, _ in items]}
        ns = [v["n"] for v in part_q["variables"] if not v.get("suppressed")] or [0]
        part_q["n_min"], part_q["n_max"] = min(ns), max(ns)
        part_question = dataclasses.replace(question, variables=tuple(var for _, var in items))
        parts.append((direction, part_q, part_question))
    return parts


def item_label(v: VariableResult, q: QuestionResult, title: str | None = None) -> str:
    """A battery item's row label: its own label, else the figure's title or the question."""
    return v.get("label") or title or q["text"]


def _hidden_rows(item: str, labels: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {"item": item, "label": lab, "share": 0.0, "n": 0, "suppressed": True} for lab in labels
    ]


def _item_rows(
    item: str, labels: Sequence[str], shares: dict[str, float | None], n: int
) -> list[dict[str, Any]]:
    return [
        {"item": item, "label": lab, "share": shares.get(lab) or 0.0, "n": n, "suppressed": False}
        for lab in labels
    ]


def likert_shares(
    q: QuestionResult, labels: Sequence[str], title: str | None = None
) -> pd.DataFrame:
    """One row per item and answer on the scale (``labels``, unfavourable end first).

    Shares are of the item's answers on the scale; «Vet ikke» is left out.
    """
    rows: list[dict[str, Any]] = []
    for v in q["variables"]:
        item = item_label(v, q, title)
        if v.get("suppressed"):
            rows += _hidden_rows(item, labels)
            continue
        shares = {f["label"]: f["share"] for f in v["frequencies"] if not f["off_scale"]}
        rows += _item_rows(item, labels, shares, v["n"])
    return pd.DataFrame(rows)


def battery_shares(q: QuestionResult, labels: Sequence[str]) -> pd.DataFrame:
    """One row per item and answer (off-scale answers too), shares of all the item's answers."""
    rows: list[dict[str, Any]] = []
    for v in q["variables"]:
        if v["suppressed"]:
            rows += _hidden_rows(item_label(v, q), labels)
            continue
        shares = {f["label"]: f["share_all"] for f in v["frequencies"]}
        rows += _item_rows(item_label(v, q), labels, shares, v["n_all"])
    return pd.DataFrame(rows)


def hidden_answers(v: VariableResult, k: int, grouping: bool) -> list[str | None]:
    """Per answer, why it is hidden (``"primary"``/``"secondary"``) or None.

    Only the answers of a ``grouping`` question (its answers are groups: etat,
    role) are hidden when small, like any small group.
    """
    counts = [f["count"] for f in v["frequencies"]]
    return category_suppression(counts, k) if grouping else [None] * len(counts)


def _all_hidden() -> pd.DataFrame:
    return pd.DataFrame([{"label": "Alle svar", "share": 0.0, "count": 0, "suppressed": True}])


def answer_shares(v: VariableResult, hidden: list[str | None]) -> pd.DataFrame:
    """One row per answer of a single-choice question: its share of all answers."""
    if v.get("suppressed"):
        return _all_hidden()
    return pd.DataFrame(
        [
            {
                "label": f["label"],
                "share": 0.0 if why else (f["share_all"] or 0.0),
                "count": 0 if why else f["count"],
                "suppressed": why or False,
            }
            for f, why in zip(v["frequencies"], hidden, strict=True)
        ]
    )


def option_shares(m: Multiple | None) -> pd.DataFrame:
    """One row per option of a multiple-choice question: the share of respondents choosing it."""
    if m is None or m["suppressed"]:
        return _all_hidden()
    return pd.DataFrame(
        [
            {
                "label": o["label"],
                "share": o["share"] or 0.0,
                "count": o["count"],
                "suppressed": False,
            }
            for o in m["options"]
        ]
    )


def breakdown_groups(
    comparison: GroupComparison, question: QuestionResult | None
) -> tuple[list[BreakdownRow], list[str]] | None:
    """The question's groups (then «Totalt») and its answers on the scale, or None.

    None when the analysis has no breakdown of the question by the comparison's
    variable: the figure then shows only the comparison's own share per group.
    """
    breakdown = question["breakdowns"].get(comparison["by"]) if question is not None else None
    if not breakdown or question is None:
        return None
    total: BreakdownRow = {
        "group": "Totalt",
        "suppressed": False,
        "suppression": None,
        "variables": question["variables"],
    }
    groups = [*breakdown, total]
    labels = [f["label"] for f in question["variables"][0]["frequencies"] if not f["off_scale"]]
    return groups, labels


def group_hidden(g: BreakdownRow) -> str | None:
    """Why a group of a breakdown is hidden (``"primary"``/``"secondary"``), or None."""
    if g["suppressed"] or g["variables"][0]["suppressed"]:
        return g.get("suppression") or "primary"
    return None


def _group_row(
    group: str, label: str, share: float, interval: Proportion | Frequency | GroupShare, n: int
) -> dict[str, Any]:
    return {
        "group": group,
        "label": label,
        "share": share,
        "ci_low": interval["ci_low"],
        "ci_high": interval["ci_high"],
        "n": n,
        "suppressed": False,
    }


def group_shares(comparison: GroupComparison, question: QuestionResult | None) -> pd.DataFrame:
    """One row per group and answer with its Wilson interval (the groups, then «Totalt»).

    Without a breakdown, one row per group: the share answering ``success``.
    """
    rows: list[dict[str, Any]] = []
    found = breakdown_groups(comparison, question)
    if found is not None:
        groups, labels = found
        for g in groups:
            name = g["group"]
            why = group_hidden(g)
            if why:
                rows += [
                    {"group": name, "label": lab, "share": 0.0, "suppressed": why} for lab in labels
                ]
                continue
            v = g["variables"][0]
            freq = {f["label"]: f for f in v["frequencies"]}
            rows += [
                _group_row(name, lab, freq[lab]["share"] or 0.0, freq[lab], v["n"])
                for lab in labels
            ]
        return pd.DataFrame(rows)
    success = " / ".join(comparison["success"])
    for share in comparison["groups"]:
        if share["suppressed"]:
            why = share.get("suppression") or "primary"
            rows.append(
                {"group": share["group"], "label": success, "share": 0.0, "suppressed": why}
            )
        else:
            rows.append(_group_row(share["group"], success, share["p"] or 0.0, share, share["n"]))
    return pd.DataFrame(rows)


def gap_item_shares(item: GapItem) -> tuple[Proportion, Proportion, float] | None:
    """Both groups' share favourable and the gap (b − a) of an item, or None when hidden."""
    a, b, gap = item.get("share_a"), item.get("share_b"), item.get("gap")
    if item["suppressed"] or a is None or b is None or gap is None or gap["difference"] is None:
        return None
    return a, b, gap["difference"]


def gap_shares(g: GapComparison) -> pd.DataFrame:
    """One row per item: both groups' share favourable, their intervals and the gap in points."""
    rows = []
    for item in g["items"]:
        shown = gap_item_shares(item)
        if shown is None:
            rows.append(
                {
                    "item": item["label"],
                    "share_a": 0.0,
                    "share_b": 0.0,
                    "ci_a_low": 0.0,
                    "ci_a_high": 0.0,
                    "ci_b_low": 0.0,
                    "ci_b_high": 0.0,
                    "gap_points": 0.0,
                    "suppressed": True,
                }
            )
            continue
        a, b, difference = shown
        rows.append(
            {
                "item": item["label"],
                "share_a": a["p"],
                "share_b": b["p"],
                "ci_a_low": a["ci_low"],
                "ci_a_high": a["ci_high"],
                "ci_b_low": b["ci_low"],
                "ci_b_high": b["ci_high"],
                "gap_points": difference * 100,
                "suppressed": False,
            }
        )
    return pd.DataFrame(rows)


def dropoff_counts(response: Response) -> pd.DataFrame:
    """One row per question in questionnaire order: how many are still taking part."""
    return pd.DataFrame(
        [
            {
                "position": r["position"],
                "question": r["short"],
                "answering": r["answering"],
                "share": r["share"],
                "routed": r["routed"],
            }
            for r in response["dropoff"]
        ]
    )
