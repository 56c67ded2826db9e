"""Decoding helpers: the through-distinct-values versions give what a row-by-row pass gives."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.codebook.decode import _DATE_FORMATS, _NOT_CHOSEN, _chosen, _text_values, _timestamps


def _timestamps_row_by_row(series: pd.Series) -> pd.Series:
    """The parse as it was before it went through distinct values (reference)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return series.astype("datetime64[ns]")
    text = _text_values(series)
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    for value_kind in (pd.Timestamp, np.datetime64):
        mask = series.map(lambda v, k=value_kind: isinstance(v, k)).astype(bool)
        if mask.any():
            parsed[mask] = pd.to_datetime(series[mask]).astype("datetime64[ns]")
    rest = parsed.isna() & text.notna()
    for fmt in _DATE_FORMATS:
        if not rest.any():
            break
        attempt = pd.to_datetime(text[rest], format=fmt, errors="coerce")
        parsed[rest] = attempt.astype("datetime64[ns]")
        rest = parsed.isna() & text.notna()
    return parsed


_moments = st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31))
_cells = st.one_of(
    st.none(),
    st.just(""),
    st.just("  "),
    st.just("ikke et tidspunkt"),
    st.just("31.02.2025 10:00:00"),
    _moments.map(lambda d: d.strftime("%d.%m.%Y %H:%M:%S")),
    _moments.map(lambda d: d.strftime("%d.%m.%Y %H:%M")),
    _moments.map(lambda d: d.strftime(" %d.%m.%Y ")),
    _moments.map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S")),
    _moments.map(lambda d: d.strftime("%Y-%m-%d")),
    _moments.map(lambda d: pd.Timestamp(d.replace(microsecond=0))),
    _moments.map(lambda d: np.datetime64(d.replace(microsecond=0), "s")),
    _moments.map(lambda d: d.replace(microsecond=0)),
    _moments.map(lambda d: d.replace(microsecond=500000)),
    _moments.map(lambda d: d.date()),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2250, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.just(dt.datetime(2025, 1, 22, 7, 5, tzinfo=dt.UTC)),
    st.floats(min_value=1, max_value=50000).map(float),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_cells, max_size=30), st.integers(0, 3))
def test_timestamps_parsed_per_distinct_value_equal_the_row_by_row_parse(cells, repeat):
    # The row-by-row parse read a datetime equal to an earlier datetime64 cell as NaT (it took
    # the datetime64's text); the case has its own test below.
    assume(not _datetime_beside_equal_datetime64(cells))
    series = pd.Series(cells * (repeat + 1), dtype=object)
    expected = _timestamps_row_by_row(series)
    got = _timestamps(series)
    assert got.dtype == expected.dtype
    pd.testing.assert_series_equal(got, expected)


def _datetime_beside_equal_datetime64(cells: list) -> bool:
    moments = {pd.Timestamp(c) for c in cells if isinstance(c, np.datetime64)}
    return any(
        isinstance(c, dt.datetime)
        and not isinstance(c, pd.Timestamp)
        and c.tzinfo is None
        and pd.Timestamp(c) in moments
        for c in cells
    )


def test_a_datetime_and_an_equal_datetime64_in_one_column_are_both_that_moment():
    moment = dt.datetime(2020, 1, 1)
    series = pd.Series([np.datetime64(moment, "s"), moment], dtype=object)
    assert _timestamps(series).tolist() == [pd.Timestamp(moment)] * 2


def test_timestamps_of_text_only_exports_read_norwegian_and_iso_forms():
    series = pd.Series(["22.01.2025 00:13:49", "2025-01-22", None, "feil", "22.01.2025 07:05"])
    assert _timestamps(series).tolist()[:2] == [
        pd.Timestamp("2025-01-22 00:13:49"),
        pd.Timestamp("2025-01-22"),
    ]
    assert _timestamps(series).isna().tolist() == [False, False, True, True, False]


@given(st.lists(st.one_of(st.none(), st.sampled_from(sorted(_NOT_CHOSEN)), st.text(max_size=5))))
def test_option_chosen_per_distinct_value_equals_the_row_by_row_test(cells):
    cells = [c.upper() if c in _NOT_CHOSEN and len(cells) % 2 else c for c in cells]
    series = pd.Series(cells, dtype=object)
    expected = series.notna() & ~series.astype("string").str.casefold().isin(_NOT_CHOSEN)
    assert _chosen(series).tolist() == expected.tolist()


def _closed_row_by_row(cells, var, value_labels, missing_codes):
    """Closed answers as they were decoded before the categorical (reference)."""
    values = _text_values(cells)
    if missing_codes:
        values = values.where(~values.isin(list(missing_codes)), pd.NA)
    codes_to_label = {str(code): label for label, code in var.scale.codes.items()}
    codes_to_label.update(
        {_text_values(pd.Series([k])).iloc[0]: v for k, v in value_labels.items()}
    )
    valid = set(var.answer_labels)
    return values.map(
        lambda v: codes_to_label.get(v, v) if isinstance(v, str) and v not in valid else v
    )


def _enig5():
    import textwrap
    from pathlib import Path

    import yaml

    from pipeline.codebook.load import parse_codebook

    text = """\
        platform: efs
        scales:
          enig5:
            labels: [Svært uenig, Uenig, Nøytral, Enig, Svært enig]
            off_scale: [Vet ikke]
            direction: high
            codes: {Svært uenig: 1, Uenig: 2, Nøytral: 3, Enig: 4, Svært enig: 5, Vet ikke: 9}
        questions:
          - {id: q, type: likert, header: "Q", scale: enig5}
    """
    return parse_codebook(yaml.safe_load(textwrap.dedent(text)), Path("codebook.yaml")).variable(
        "q"
    )


_closed_cells = st.one_of(
    st.none(),
    st.sampled_from(
        ["", " ", "1", "2 ", "5", "9", "-77", "-99", "7", "Enig", " Uenig", "Vet ikke"]
    ),
    st.sampled_from([1, 2.0, 3.5, -77, 9.0, True, False]),
    st.text(max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_closed_cells, max_size=30),
    st.sampled_from([(), ("-77", "-66", "-99")]),
    st.sampled_from([{}, {7: "Enig", "8": "Uenig"}]),
)
def test_closed_answers_through_distinct_values_equal_the_row_by_row_decoding(
    cells, missing_codes, value_labels
):
    from pipeline.codebook.decode import _closed_answers

    var = _enig5()
    series = pd.Series(cells, dtype=object, index=range(5, 5 + len(cells)))
    expected = _closed_row_by_row(series, var, value_labels, missing_codes)
    got = _closed_answers(series, var, value_labels, missing_codes)
    assert isinstance(got.dtype, pd.CategoricalDtype)
    assert got.index.equals(series.index)
    assert [None if pd.isna(v) else v for v in got.astype(object)] == [
        None if pd.isna(v) else v for v in expected
    ]


_two = st.integers(0, 99).map(lambda n: f"{n:02d}")
_norwegian = st.builds(
    lambda d, m, y, hh, mm, ss: f"{d}.{m}.{y} {hh}:{mm}:{ss}",
    st.one_of(_two, st.sampled_from(["1", " 3", "٢٢"])),
    _two,
    st.one_of(
        st.integers(1850, 2300).map(str),
        st.sampled_from(["0000", "0001", "1677", "1899", "2199", "2262", "9999"]),
    ),
    _two,
    _two,
    st.one_of(_two, st.sampled_from(["59", "60", "61"])),
)


def _parsed_or_error(parse):
    try:
        return parse()
    except pd.errors.OutOfBoundsDatetime as error:  # years pandas cannot hold in nanoseconds
        return type(error)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_norwegian, _norwegian.map(lambda t: t + " "), st.text(max_size=20))))
def test_norwegian_times_read_through_iso_equal_pandas_strptime(texts):
    from pipeline.codebook.decode import _to_datetime

    fmt = "%d.%m.%Y %H:%M:%S"
    text = pd.Series(texts, dtype=object, index=range(7, 7 + len(texts)), name="Start")
    expected = _parsed_or_error(
        lambda: pd.to_datetime(text, format=fmt, errors="coerce").astype("datetime64[ns]")
    )
    got = _parsed_or_error(lambda: _to_datetime(text, fmt))
    if isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(got, expected)
    else:
        assert got is expected
