"""Distributions of answers: frequency tables, Likert summaries, multiple choice.

Everything is computed from the vector of counts per answer label, so a
breakdown by group is one cross-tabulation, not one pass over the data per group.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.analysis import methods
from pipeline.analysis.proportions import proportion, wilson_many
from pipeline.analysis.results import Frequency, Likert, Option
from pipeline.codebook.model import Scale


def _num(x: float) -> float | None:
    return None if x != x else float(x)  # NaN → None


def frequency_records(
    counts: Sequence[int],
    labels: Sequence[str],
    off_scale: Sequence[str] = (),
    scale: Scale | None = None,
) -> list[Frequency]:
    """Frequency rows from counts given in the order ``labels + off_scale``.

    See :func:`frequencies` for the columns.
    """
    counts = np.asarray(counts, dtype=int)
    on = np.array([True] * len(labels) + [False] * len(off_scale))
    n = int(counts[on].sum())
    n_all = int(counts.sum())
    low, high = wilson_many(np.where(on, counts, 0), np.where(on, n, 0))
    low_all, high_all = wilson_many(counts, np.full(len(counts), n_all))
    method = methods.wilson()  # both intervals of each row
    rows = []
    for i, label in enumerate(list(labels) + list(off_scale)):
        count = int(counts[i])
        rows.append(
            {
                "label": label,
                "count": count,
                "share": (count / n if n else None) if on[i] else None,
                "ci_low": _num(low[i]),
                "ci_high": _num(high[i]),
                "share_all": count / n_all if n_all else None,
                "ci_all_low": _num(low_all[i]),
                "ci_all_high": _num(high_all[i]),
                "off_scale": not bool(on[i]),
                "side": scale.side(label) if scale is not None else None,
                "score": scale.score(label) if scale is not None else None,
                "method": method,
            }
        )
    return rows


def frequencies(
    values: pd.Series,
    labels: Sequence[str],
    off_scale: Sequence[str] = (),
    scale: Scale | None = None,
) -> pd.DataFrame:
    """Counts and shares of each answer, with Wilson 95 % intervals.

    ``share`` is of the answers on the scale (``n``), so "Vet ikke" and
    "Ikke aktuelt" do not dilute it; ``share_all`` is of all answers including
    those off the scale (``n_all``). Off-scale rows have no ``share``.

    Examples
    --------
    >>> s = pd.Series(["Ja", "Nei", "Ja", "Vet ikke", None])
    >>> frequencies(s, ["Ja", "Nei"], ["Vet ikke"])[["label", "count", "share", "share_all"]]
          label  count     share  share_all
    0        Ja      2  0.666667       0.50
    1       Nei      1  0.333333       0.25
    2  Vet ikke      1       NaN       0.25
    """
    counts = count_answers(values, list(labels) + list(off_scale))
    table = pd.DataFrame(frequency_records(counts, labels, off_scale, scale))
    on = ~table["off_scale"]
    table["n"] = int(table.loc[on, "count"].sum())
    table["n_all"] = int(table["count"].sum())
    return table


def count_answers(values: pd.Series, labels: Sequence[str]) -> np.ndarray:
    """Counts per label, in the order given (labels not found count 0)."""
    return (
        values.value_counts(dropna=True).reindex(list(labels), fill_value=0).astype(int).to_numpy()
    )


def likert_from_counts(counts: Sequence[int], scale: Scale) -> Likert:
    """Mean score with a t interval and favourable/neutral/unfavourable shares, from on-scale counts.

    ``direction`` is the scale's (``high``, ``low`` or ``none``); without a
    favourable end the three shares are ``None``.
    """
    counts = np.asarray(counts, dtype=float)[: len(scale.labels)]
    n = int(counts.sum())
    out: dict[str, Any] = {
        "n": n,
        "direction": scale.direction or "none",
        "labels": list(scale.labels),
        "favourable_labels": list(scale.favourable_labels),
        "unfavourable_labels": list(scale.unfavourable_labels),
    }
    sides = np.array([scale.side(label) for label in scale.labels])
    for side in ("favourable", "neutral", "unfavourable"):
        out[side] = proportion(int(counts[sides == side].sum()), n) if scale.has_direction else None
    if n == 0:
        out.update(mean=None, sd=None, mean_ci_low=None, mean_ci_high=None, median=None)
        return out
    scores = np.arange(1, len(scale.labels) + 1, dtype=float)
    mean = float((scores * counts).sum() / n)
    sd = float(np.sqrt(((scores - mean) ** 2 * counts).sum() / (n - 1))) if n > 1 else None
    if sd:
        low, high = stats.t.interval(methods.LEVEL, n - 1, loc=mean, scale=sd / np.sqrt(n))
        low, high = float(low), float(high)
    else:
        low = high = mean if n > 1 else None
    median = float(np.median(np.repeat(scores, counts.astype(int))))
    out.update(
        mean=mean,
        sd=sd,
        mean_ci_low=low,
        mean_ci_high=high,
        median=median,
        mean_method=methods.t_mean(),
    )
    return out


def likert_summary(values: pd.Series, scale: Scale) -> Likert:
    """Mean score on 1–k with a t interval, and the favourable/neutral/unfavourable shares.

    Off-scale answers are left out. Shares carry Wilson intervals.

    Examples
    --------
    >>> scale = Scale("godt5", ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"),
    ...               direction="high")
    >>> answers = pd.Series(["Svært dårlig"] * 1 + ["Dårlig"] * 6 + ["Middels"] * 13
    ...                     + ["Godt"] * 14 + ["Svært godt"] * 7)
    >>> s = likert_summary(answers, scale)
    >>> round(s["mean"], 2), round(s["favourable"]["p"], 3), s["n"], s["median"]
    (3.49, 0.512, 41, 4.0)
    """
    return likert_from_counts(count_answers(values, scale.labels), scale)


def multiple_choice(options: pd.DataFrame, labels: Sequence[str]) -> tuple[pd.DataFrame, int, int]:
    """Share of respondents and share of mentions for each option.

    ``options`` holds one nullable-boolean column per option; a respondent
    answered the question when any option is not missing. Shares of
    respondents add to more than 100 %, shares of mentions to 100 %.

    Returns the table (``label``, ``count``, ``share``, ``ci_low``, ``ci_high``,
    ``share_of_mentions``), the number of respondents and of mentions.

    Examples
    --------
    >>> o = pd.DataFrame({"a": [True, True, False, None], "b": [True, False, True, None]},
    ...                  dtype="boolean")
    >>> table, respondents, mentions = multiple_choice(o, ["A", "B"])
    >>> respondents, mentions, table["share"].round(3).tolist()
    (3, 4, [0.667, 0.667])
    """
    answered = options.notna().any(axis=1)
    respondents = int(answered.sum())
    counts = options[answered].fillna(False).astype(bool).sum(axis=0).astype(int).to_numpy()
    return (
        pd.DataFrame(option_records(counts, list(options.columns), labels, respondents)),
        respondents,
        int(counts.sum()),
    )


def option_records(
    counts: np.ndarray, variables: Sequence[str], labels: Sequence[str], respondents: int
) -> list[Option]:
    """Rows of :func:`multiple_choice` from the option counts."""
    mentions = int(np.sum(counts))
    low, high = wilson_many(counts, np.full(len(counts), respondents))
    return [
        {
            "variable": variable,
            "label": label,
            "count": int(count),
            "share": count / respondents if respondents else None,
            "ci_low": _num(lo),
            "ci_high": _num(hi),
            "share_of_mentions": count / mentions if mentions else None,
            "method": methods.wilson(),
        }
        for variable, label, count, lo, hi in zip(variables, labels, counts, low, high, strict=True)
    ]
