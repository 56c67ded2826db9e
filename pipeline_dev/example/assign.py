"""Hand out exact answer counts to respondents, deterministically.

The example's answers are built from target counts: a question with counts
``{"Ja": 212, "Nei": 321}`` gets exactly 212 Ja and 321 Nei among the
respondents asked. Who gets which answer follows a latent score (how well a
respondent fares at work) plus noise, so answers to related questions go
together the way they do in real surveys while the totals stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def counts_from_shares(shares: Sequence[float], n: int) -> list[int]:
    """Integer counts summing to ``n`` with shares as close as possible (largest remainder).

    Parameters
    ----------
    shares
        Shares in any unit (percent or fractions); they are normalised.
    n
        Number of answers to split.

    Returns
    -------
    list of int
        One count per share, in the same order, summing to ``n``.

    Examples
    --------
    >>> counts_from_shares([52.6, 36.1, 9.3, 1.6, 0.4], 489)
    [257, 177, 45, 8, 2]
    >>> sum(counts_from_shares([1, 1, 1], 10))
    10
    """
    weights = np.asarray(shares, dtype=float)
    exact = weights / weights.sum() * n
    counts = np.floor(exact).astype(int)
    rest = n - int(counts.sum())
    # Largest remainders first; ties go to the earlier share, so the result is stable.
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    return [int(c) for c in counts]


def ranked(
    index: pd.Index, score: pd.Series, rng: np.random.Generator, noise: float = 1.0
) -> pd.Index:
    """``index`` ordered from the lowest to the highest ``score`` plus Gaussian noise.

    >>> rng = np.random.default_rng(1)
    >>> list(ranked(pd.Index([0, 1, 2]), pd.Series([3.0, 1.0, 2.0]), rng, noise=0.0))
    [1, 2, 0]
    """
    jitter = rng.standard_normal(len(index)) * noise
    keys = score.loc[index].to_numpy(dtype=float) + jitter
    return index[np.argsort(keys, kind="stable")]


def hand_out(
    index: pd.Index,
    counts: Mapping[object, int],
    rng: np.random.Generator,
    score: pd.Series | None = None,
    *,
    off: Sequence[object] = (),
    noise: float = 1.0,
    reverse: bool = False,
) -> pd.Series:
    """Give exactly ``counts[label]`` of the respondents in ``index`` each label.

    Parameters
    ----------
    index
        The respondents asked.
    counts
        Label → count, on-scale labels from worst to best; their sum must equal
        ``len(index)``. ``None`` as a label means "left blank".
    rng
        The generator's random source (fixed seed).
    score
        Latent score per respondent; low scores get the first (worst) labels.
        Without a score, labels are spread at random.
    off
        Labels handed out at random whatever the score ("Vet ikke", "Ikke aktuelt", blank).
    noise
        Standard deviation of the noise added to the score.
    reverse
        Give the first labels to the highest scores (items where agreeing is bad).

    Returns
    -------
    pandas.Series
        Label per respondent (object dtype; ``None`` for blank), indexed like ``index``.

    Raises
    ------
    ValueError
        If the counts do not add up to the number of respondents.

    Examples
    --------
    >>> rng = np.random.default_rng(7)
    >>> s = hand_out(pd.Index(range(5)), {"Nei": 2, "Ja": 3}, rng)
    >>> s.value_counts().to_dict()
    {'Ja': 3, 'Nei': 2}
    """
    total = sum(counts.values())
    if total != len(index):
        raise ValueError(f"counts add up to {total}, but {len(index)} respondents are asked")
    off_labels = [label for label in counts if label is None or label in off]
    on_labels = [label for label in counts if label not in off_labels]
    shuffled = index[rng.permutation(len(index))]
    n_off = sum(counts[label] for label in off_labels)
    off_index, on_index = shuffled[:n_off], shuffled[n_off:]
    if score is not None:
        on_index = ranked(on_index, score, rng, noise)
        if reverse:
            on_index = on_index[::-1]
    values: list[object] = []
    for label in off_labels:
        values.extend([label] * counts[label])
    for label in on_labels:
        values.extend([label] * counts[label])
    return pd.Series(values, index=off_index.append(on_index), dtype=object).loc[index]


def remaining(counts: Mapping[object, int], given: pd.Series) -> dict[object, int]:
    """``counts`` minus the answers already ``given`` (fixed by the plan).

    >>> remaining({"Ja": 5, "Nei": 5}, pd.Series(["Ja", "Ja"]))
    {'Ja': 3, 'Nei': 5}
    """
    used = given.value_counts(dropna=False).to_dict()
    left = {label: n - int(used.get(label, 0)) for label, n in counts.items()}
    unknown = set(used) - set(counts)
    if unknown or any(n < 0 for n in left.values()):
        raise ValueError(f"fixed answers do not fit the counts: {used} vs {dict(counts)}")
    return left
