"""A column converted through its distinct values equals the row-by-row conversion."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from pipeline.distinct import through_distinct


@given(st.lists(st.one_of(st.none(), st.sampled_from(["ja", "nei", "Vet ikke", ""]))))
def test_each_row_gets_the_conversion_of_its_value_and_missing_cells_the_missing_value(cells):
    series = pd.Series(cells, dtype=object)
    calls: list[int] = []

    def convert(distinct: pd.Series) -> list[int]:
        calls.append(len(distinct))
        return [len(v) for v in distinct]

    got = through_distinct(series, convert, -1, np.int64)
    assert got.dtype == np.int64
    assert got.tolist() == [-1 if c is None else len(c) for c in cells]
    assert calls == [len({c for c in cells if c is not None})]  # once, distinct values only


def test_datetime_results_keep_their_dtype_and_missing_is_nat():
    series = pd.Series(["2025-01-22", None, "2025-01-22"], dtype=object)
    got = through_distinct(
        series,
        lambda u: pd.to_datetime(u).to_numpy(dtype="datetime64[ns]"),
        np.datetime64("NaT", "ns"),
        "datetime64[ns]",
    )
    assert got.dtype == np.dtype("datetime64[ns]")
    assert pd.isna(got[1]) and got[0] == got[2] == np.datetime64("2025-01-22", "ns")
