"""Distributions of answers: frequency tables, Likert summaries, multiple choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.analysis.proportions import proportion, wilson
from pipeline.codebook.model import Scale


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
    all_labels = list(labels) + list(off_scale)
    counts = values.value_counts(dropna=True).reindex(all_labels, fill_value=0).astype(int)
    n = int(counts[list(labels)].sum())
    n_all = int(counts.sum())
    rows = []
    for label in all_labels:
        count = int(counts[label])
        on = label in labels
        low, high = wilson(count, n) if on else (None, None)
        low_all, high_all = wilson(count, n_all)
        rows.append(
            {
                "label": label,
                "count": count,
                "share": (count / n if n else None) if on else None,
                "ci_low": low,
                "ci_high": high,
                "share_all": count / n_all if n_all else None,
                "ci_all_low": low_all,
                "ci_all_high": high_all,
                "off_scale": not on,
                "side": scale.side(label) if scale is not None else None,
                "score": scale.score(label) if scale is not None else None,
                "n": n,
                "n_all": n_all,
            }
        )
    return pd.DataFrame(rows)


def likert_summary(values: pd.Series, scale: Scale) -> dict[str, Any]:
    """Mean score on 1–k with a t interval, and the negative/neutral/positive shares.

    Off-scale answers are left out. Shares carry Wilson intervals.

    Examples
    --------
    >>> scale = Scale("godt5", ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"))
    >>> answers = pd.Series(["Svært dårlig"] * 1 + ["Dårlig"] * 6 + ["Middels"] * 13
    ...                     + ["Godt"] * 14 + ["Svært godt"] * 7)
    >>> s = likert_summary(answers, scale)
    >>> round(s["mean"], 2), round(s["positive"]["p"], 3), s["n"]
    (3.49, 0.512, 41)
    """
    scores = values.map(lambda v: scale.score(v) if isinstance(v, str) else None).dropna()
    scores = scores.astype(float).to_numpy()
    n = len(scores)
    sides = pd.Series([scale.side(v) for v in values.dropna() if v in scale.labels], dtype=object)
    out: dict[str, Any] = {"n": n}
    for side in ("negative", "neutral", "positive"):
        out[side] = proportion(int((sides == side).sum()), n)
    if n == 0:
        out.update(mean=None, sd=None, mean_ci_low=None, mean_ci_high=None, median=None)
        return out
    mean = float(np.mean(scores))
    sd = float(np.std(scores, ddof=1)) if n > 1 else None
    if n > 1 and sd:
        low, high = stats.t.interval(0.95, n - 1, loc=mean, scale=sd / np.sqrt(n))
        low, high = float(low), float(high)
    else:
        low = high = mean if n > 1 else None
    out.update(
        mean=mean, sd=sd, mean_ci_low=low, mean_ci_high=high, median=float(np.median(scores))
    )
    return out


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
    chosen = options[answered].fillna(False).astype(bool)
    counts = chosen.sum(axis=0).astype(int)
    mentions = int(counts.sum())
    rows = []
    for column, label in zip(options.columns, labels, strict=True):
        p = proportion(int(counts[column]), respondents)
        rows.append(
            {
                "variable": column,
                "label": label,
                "count": p["k"],
                "share": p["p"],
                "ci_low": p["ci_low"],
                "ci_high": p["ci_high"],
                "share_of_mentions": counts[column] / mentions if mentions else None,
            }
        )
    return pd.DataFrame(rows), respondents, mentions
