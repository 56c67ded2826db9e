"""Proportions with Wilson intervals, and the difference of two with Newcombe's interval."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from pipeline.analysis import methods
from pipeline.analysis.results import Difference, Proportion

ALPHA = 0.05


def wilson(k: int, n: int, alpha: float = ALPHA) -> tuple[float | None, float | None]:
    """Wilson score interval for ``k`` of ``n`` (``None`` when ``n`` is 0).

    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22, 209–212; via ``statsmodels``.

    >>> low, high = wilson(93, 219)
    >>> round(low, 4), round(high, 4)
    (0.361, 0.4909)
    """
    if n <= 0:
        return None, None
    low, high = proportion_confint(k, n, alpha=alpha, method="wilson")
    return float(low), float(high)


def wilson_many(
    k: np.ndarray, n: np.ndarray, alpha: float = ALPHA
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson intervals for arrays of counts in one call; NaN where ``n`` is 0.

    >>> low, high = wilson_many(np.array([93, 0]), np.array([219, 0]))
    >>> round(float(low[0]), 4), bool(np.isnan(high[1]))
    (0.361, True)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    low = np.full(k.shape, np.nan)
    high = np.full(k.shape, np.nan)
    ok = n > 0
    if ok.any():
        lo, hi = proportion_confint(k[ok], n[ok], alpha=alpha, method="wilson")
        low[ok], high[ok] = lo, hi
    return low, high


def proportion(k: int, n: int, alpha: float = ALPHA) -> Proportion:
    """A share as ``results.json`` stores it: ``k``, ``n``, ``p``, Wilson interval, its method.

    >>> proportion(357, 545)["p"] == 357 / 545
    True
    >>> proportion(0, 0)["p"] is None
    True
    """
    low, high = wilson(k, n, alpha)
    return {
        "k": int(k),
        "n": int(n),
        "p": (k / n) if n else None,
        "ci_low": low,
        "ci_high": high,
        "method": methods.wilson(1 - alpha),
    }


def difference(k1: int, n1: int, k2: int, n2: int, alpha: float = ALPHA) -> Difference:
    """``p1 − p2`` with Newcombe's hybrid score interval (method 10, no continuity correction).

    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions. *Statistics in Medicine* 17, 873–890; via
    ``statsmodels.stats.proportion.confint_proportions_2indep``.

    >>> d = difference(264, 326, 93, 219)
    >>> round(d["difference"] * 100, 1)
    38.5
    """
    if n1 <= 0 or n2 <= 0:
        return {
            "difference": None,
            "ci_low": None,
            "ci_high": None,
            "method": methods.newcombe(1 - alpha),
        }
    low, high = confint_proportions_2indep(
        k1, n1, k2, n2, method="newcomb", compare="diff", alpha=alpha, correction=False
    )
    return {
        "difference": k1 / n1 - k2 / n2,
        "ci_low": float(low),
        "ci_high": float(high),
        "method": methods.newcombe(1 - alpha),
    }


def clean(value: Any) -> Any:
    """JSON-safe scalar: numpy → Python, NaN/inf → ``None``.

    >>> import numpy as np
    >>> clean(np.float64("nan")) is None, clean(np.int64(3))
    (True, 3)
    """
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
