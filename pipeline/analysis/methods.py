"""The method record every statistic in ``results.json`` carries: its name and parameters.

Each function returns the small dict stored next to the numbers it describes
(``method`` on an interval or a test, ``adjust`` on a Holm-adjusted p-value,
``effect_method`` on an effect size, ``mean_method`` on a mean's interval).
The report's method appendix is generated from these records
(:func:`collect`), so it can only list what was computed. The parameters
are the ones passed to the library call, not a description of them: change a
call, and change its record here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import cast

from pipeline.analysis.results import Method

LEVEL = 0.95

METHOD_KEYS = ("method", "mean_method", "effect_method", "adjust")


def wilson(level: float = LEVEL) -> Method:
    """Wilson score interval for one proportion (``statsmodels`` ``proportion_confint``)."""
    return {"ci": "wilson", "level": level}


def poststratified(level: float = LEVEL) -> Method:
    """A total weighted by the number invited per group, with a normal interval."""
    return {"ci": "poststratification", "weights": "invited_per_group", "level": level}


def newcombe(level: float = LEVEL) -> Method:
    """Newcombe's hybrid score interval for ``p1 − p2``, method 10: no continuity correction."""
    return {"ci": "newcombe", "variant": 10, "correction": False, "level": level}


def t_mean(level: float = LEVEL) -> Method:
    """t interval for the mean of the scores 1..k given to an ordinal scale's labels."""
    return {"ci": "t", "level": level, "scores": "ordinal_1_to_k"}


def chi2_independence() -> Method:
    """Pearson's chi-square test of independence, no continuity (Yates) correction."""
    return {"test": "chi2", "kind": "independence", "correction": False}


def chi2_goodness_of_fit() -> Method:
    """Pearson's chi-square goodness-of-fit test against expected counts."""
    return {"test": "chi2", "kind": "goodness_of_fit", "correction": False}


def cramers_v() -> Method:
    """Cramér's V from Pearson's chi-square, without bias correction."""
    return {"effect": "cramers_v", "correction": False}


def z_test() -> Method:
    """Two-proportion z-test, pooled variance, no continuity correction, two-sided."""
    return {"test": "z", "pooled": True, "correction": False, "alternative": "two-sided"}


def fisher_exact() -> Method:
    """Fisher's exact test on the 2 × 2 table, two-sided."""
    return {"test": "fisher_exact", "alternative": "two-sided"}


def mann_whitney(exact: bool = False) -> Method:
    """Mann–Whitney U, two-sided: normal approximation with tie and continuity correction.

    ``exact``: the exact distribution of U (small samples without ties), no corrections.
    """
    if exact:
        return {
            "test": "mann_whitney",
            "approximation": "exact",
            "alternative": "two-sided",
            "effect": ["rank_biserial", "cles"],
        }
    return {
        "test": "mann_whitney",
        "approximation": "normal",
        "ties": "corrected",
        "correction": True,
        "alternative": "two-sided",
        "effect": ["rank_biserial", "cles"],
    }


def holm(family: str, members: list[str]) -> Method:
    """Holm's step-down adjustment over the ``members`` (test labels) of one family."""
    return {"adjust": "holm", "family": family, "size": len(members), "members": members}


def margin_of_error(level: float, p: float, fpc: bool) -> Method:
    """Normal-approximation margin of error for a share ``p`` under simple random sampling."""
    return {
        "moe": "normal",
        "level": level,
        "p": p,
        "fpc": fpc,
        "assumption": "simple_random_sampling",
    }


def collect(tree: object) -> list[tuple[Method, int]]:
    """Every distinct method record in ``tree`` (e.g. ``results.json``) and how often it is used.

    In first-seen order; a record counts once per statistic that carries it.

    >>> collect({"a": {"method": wilson()}, "b": [{"method": wilson()}, {"adjust": holm("f", ["x"])}]})
    [({'ci': 'wilson', 'level': 0.95}, 2), ({'adjust': 'holm', 'family': 'f', 'size': 1, 'members': ['x']}, 1)]
    """
    seen: dict[str, Method] = {}
    uses: dict[str, int] = {}
    for record in _records(tree):
        key = json.dumps(record, sort_keys=True)
        seen.setdefault(key, record)
        uses[key] = uses.get(key, 0) + 1
    return [(record, uses[key]) for key, record in seen.items()]


def _records(tree: object) -> Iterator[Method]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in METHOD_KEYS and isinstance(value, dict):
                yield cast(Method, value)
            else:
                yield from _records(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _records(value)
