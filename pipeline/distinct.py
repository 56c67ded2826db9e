"""Convert a column through its distinct values: exports repeat a handful of answers per column.

Decoding, parsing and redacting a cell costs far more than looking it up, and a
column of 200 000 answers has a few distinct values; so each is converted once
and the results are spread back over the rows by their position codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def through_distinct(
    values: pd.Series,
    convert: Callable[[pd.Series], Sequence[Any] | np.ndarray],
    missing: Any,
    dtype: Any = object,
) -> np.ndarray:
    """``convert`` applied to the distinct non-missing values, one result per row.

    Parameters
    ----------
    values
        The column.
    convert
        Takes the distinct values (an ``object`` Series, in order of first
        appearance) and returns one result for each.
    missing
        The result for a missing cell (NA, None or NaN).
    dtype
        The dtype of the returned array.

    Examples
    --------
    >>> cells = pd.Series(["ja", None, "nei", "ja"])
    >>> through_distinct(cells, lambda u: [v.upper() for v in u], "").tolist()
    ['JA', '', 'NEI', 'JA']
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    converted = np.empty(len(distinct) + 1, dtype=dtype)
    converted[: len(distinct)] = convert(distinct)
    converted[-1] = missing  # code -1: a missing cell
    return converted[codes]
