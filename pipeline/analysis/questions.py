"""Every closed question summarised: frequencies, Likert summaries, multiple choice, breakdowns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.analysis.anonymity import suppress
from pipeline.analysis.distributions import (
    count_answers,
    frequency_records,
    likert_from_counts,
    option_records,
)
from pipeline.analysis.response import margin_of_error
from pipeline.analysis.results import BreakdownRow, Multiple, QuestionResult, VariableResult
from pipeline.codebook.model import Codebook, Question, Variable
from pipeline.progress import progress
from pipeline.validation.expectations import asked


def _labels(var: Variable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    labels = var.scale.labels if var.scale is not None else var.labels
    return labels, var.not_on_scale


def variable_from_counts(counts: np.ndarray, var: Variable, k: int) -> VariableResult:
    """One variable's summary from its counts (labels then off-scale labels)."""
    labels, off = _labels(var)
    n = int(counts[: len(labels)].sum())
    n_all = int(counts.sum())
    if 0 < n_all < k:
        return {"id": var.id, "label": var.label, "text": var.text, "suppressed": True}
    return {
        "id": var.id,
        "label": var.label,
        "text": var.text,
        "n": n,
        "n_all": n_all,
        "base": {"answered": n_all, "on_scale": n, "shares_of": shares_of(var)},
        "suppressed": False,
        "frequencies": frequency_records(counts, labels, off, var.scale),
        "likert": likert_from_counts(counts, var.scale) if var.scale is not None else None,
    }


def shares_of(var: Variable) -> str:
    """Which base a variable's shown shares are of: ``on_scale`` (Likert) or ``answered``.

    Likert shares leave «Vet ikke» and «Ikke aktuelt» out; every other closed
    question shows each answer as a share of all who answered.
    """
    return "on_scale" if var.scale is not None else "answered"


def describe_variable(values: pd.Series, var: Variable, k: int = 1) -> VariableResult:
    """Frequencies (and, for Likert items, the scale summary) of one variable."""
    labels, off = _labels(var)
    return variable_from_counts(count_answers(values, list(labels) + list(off)), var, k)


def _multiple(counts: np.ndarray, respondents: int, question: Question, k: int) -> Multiple:
    if 0 < respondents < k:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "respondents": respondents,
        "mentions": int(counts.sum()),
        "options": option_records(
            counts,
            [v.id for v in question.variables],
            [v.label for v in question.variables],
            respondents,
        ),
    }


def describe_question(responses: pd.DataFrame, question: Question, k: int) -> dict[str, Any]:
    """Summary of one question over ``responses``; variables with ``0 < n < k`` answers suppressed."""
    if question.type == "multiple":
        options = responses[[v.id for v in question.variables]]
        answered = options.notna().any(axis=1)
        respondents = int(answered.sum())
        counts = options[answered].fillna(False).astype(bool).sum(axis=0).astype(int).to_numpy()
        return {
            "variables": [],
            "multiple": _multiple(counts, respondents, question, k),
            "n_min": respondents,
            "n_max": respondents,
        }
    variables = [describe_variable(responses[v.id], v, k) for v in question.variables]
    return _with_range(variables)


def _with_range(variables: list[VariableResult]) -> dict[str, Any]:
    ns = [v["n"] for v in variables if not v["suppressed"]] or [0]
    return {"variables": variables, "multiple": None, "n_min": min(ns), "n_max": max(ns)}


def _groups(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return [str(c) for c in column.cat.categories]
    return sorted(column.dropna().astype(str).unique())


def summarise_questions(
    responses: pd.DataFrame,
    codebook: Codebook,
    breakdowns: Sequence[str],
    k: int,
    population: int | None = None,
) -> list[QuestionResult]:
    """All closed questions in questionnaire order, with breakdowns by background variables.

    Each question records who was ``asked`` (the respondents its routing lets
    through), each variable its ``base`` (answered, on the scale, and which of
    the two its shares are of) and the ``margin_of_error`` at that base. The
    finite-population correction uses ``population`` (the invited) only for a
    question asked of everyone; a routed question's population is not known.
    """
    out = []
    for q in progress(codebook.questions, "Spørsmål", unit="spørsmål"):
        if q.type in ("text", "number"):
            continue
        asked_mask = asked(responses, codebook, q.asked_if) if q.asked_if else None
        summary = describe_question(responses, q, k)
        moe_population = population if q.asked_if is None else None
        for v in summary["variables"]:
            if not v["suppressed"]:
                v["margin_of_error"] = margin_of_error(
                    v["base"][v["base"]["shares_of"]], moe_population
                )
        m = summary["multiple"]
        if m is not None and not m["suppressed"]:
            m["margin_of_error"] = margin_of_error(m["respondents"], moe_population)
        item = {
            "id": q.id,
            "type": q.type,
            "text": q.text,
            "short": q.short,
            "asked_if": q.asked_if.describe(codebook) if q.asked_if else None,
            "asked": int(asked_mask.sum()) if asked_mask is not None else len(responses),
            **summary,
            "breakdowns": {by: breakdown(responses, q, by, k) for by in breakdowns if by != q.id},
        }
        out.append(item)
    return out


def _label_codes(values: pd.Series, labels: list[str]) -> np.ndarray:
    """Position of each answer in ``labels``; -1 for blank or any other value."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Recoding the categories is cheap; going through strings costs a copy per row.
        categories = [str(c) for c in values.cat.categories]
        lookup = np.array([labels.index(c) if c in labels else -1 for c in categories] + [-1])
        return lookup[values.cat.codes.to_numpy()]
    return pd.Categorical(values.astype("string"), categories=labels).codes.astype(np.intp)


def _crosstab(
    values: pd.Series, labels: list[str], groups: np.ndarray, n_groups: int
) -> np.ndarray:
    """Counts of each label (rows) per group (columns); blanks and rows without a group left out."""
    codes = _label_codes(values, labels)
    keep = (codes >= 0) & (groups >= 0)
    flat = codes[keep] * n_groups + groups[keep]
    return np.bincount(flat, minlength=len(labels) * n_groups).reshape(len(labels), n_groups)


def breakdown(responses: pd.DataFrame, q: Question, by: str, k: int) -> list[BreakdownRow]:
    """The question summarised per group of ``by``, with primary and secondary suppression.

    A group's ``n`` is its number of respondents who answered the question.
    """
    groups = _groups(responses[by])
    column = pd.Categorical.from_codes(_label_codes(responses[by], groups), categories=groups)
    ids = [v.id for v in q.variables]
    answered = responses[ids].notna().any(axis=1).to_numpy()
    n_by_group = (
        pd.Series(answered).groupby(column, observed=False).sum().reindex(groups, fill_value=0)
    )
    table = suppress(pd.DataFrame({"group": groups, "n": n_by_group.astype(int).to_numpy()}), k)
    shown = [r.group for r in table.itertuples(index=False) if not r.suppressed]
    per_group: dict[str, dict[str, Any]] = {}
    if q.type == "multiple":
        chosen = responses[ids].fillna(False).astype(bool)
        sums = chosen.groupby(column, observed=False).sum()
        for g in shown:
            n = int(n_by_group[g])
            counts = (
                sums.loc[g].to_numpy(dtype=int)
                if g in sums.index
                else np.zeros(len(ids), dtype=int)
            )
            per_group[g] = {
                "variables": [],
                "multiple": _multiple(counts, n, q, k),
                "n_min": n,
                "n_max": n,
            }
    else:
        crosstabs = []
        for var in q.variables:
            labels, off = _labels(var)
            all_labels = list(labels) + list(off)
            crosstabs.append(_crosstab(responses[var.id], all_labels, column.codes, len(groups)))
        for g in shown:
            j = groups.index(g)
            variables = [
                variable_from_counts(ct[:, j], var, k)
                for var, ct in zip(q.variables, crosstabs, strict=True)
            ]
            per_group[g] = _with_range(variables)
    rows = []
    for r in table.itertuples(index=False):
        entry: dict[str, Any] = {
            "group": r.group,
            "suppressed": bool(r.suppressed),
            "suppression": r.suppression,
        }
        if not r.suppressed:
            entry["n"] = int(r.n)
            entry.update(per_group[r.group])
        rows.append(entry)
    return rows
