"""Property: any small table of text written as CSV in a supported way reads back equal.

Supported ways: UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM, Windows-1252;
separator comma, semicolon or tab; LF or CRLF line endings; fields quoted when
needed (Python's and Excel's default) or always.

Two honest limits of reading without flags shape the strategy:

- Text that contains a line break or *another* candidate separator unquoted can make the file
  ambiguous (``a;b,c`` could be two columns either way), so such tables are
  written with every field quoted, as survey platforms do.
- Windows-1252 bytes that happen to form valid UTF-8 are read as UTF-8. That
  needs a letter such as ``æ`` followed by two of ``«»–’…`` (bytes 0x80–0xBF);
  the alphabet leaves those characters out, the fixtures keep them.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import PipelineError
from pipeline.reading import read_export

ALPHABET = "abcxyzABC019 æøåÆØÅéü.-?!:/\"',;\t\n\r"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16-le-bom", "utf-16-be-bom", "cp1252")
SEPARATORS = (",", ";", "\t")

texts = st.text(alphabet=ALPHABET, max_size=8)
headers = st.text(alphabet=ALPHABET, min_size=1, max_size=8).filter(lambda s: s.strip())


@st.composite
def tables(draw):
    names = draw(st.lists(headers, min_size=2, max_size=4, unique_by=str.strip))
    rows = draw(
        st.lists(st.lists(texts, min_size=len(names), max_size=len(names)), min_size=1, max_size=5)
    )
    return names, rows


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def write(names, rows, separator: str, newline: str, quote_all: bool) -> str:
    # Python's writer leaves a lone CR unquoted when the line ending is LF; Excel and the
    # platforms quote every field with a line break, so do that.
    others = "".join(s for s in SEPARATORS if s != separator) + "\r\n"
    cells = [*names, *(c for row in rows for c in row)]
    if any(ch in cell for cell in cells for ch in others):
        quote_all = True
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=separator,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(names)
    writer.writerows(rows)
    return buffer.getvalue()


def expected(names, rows) -> tuple[pd.DataFrame, list[int]]:
    kept = [(i + 2, row) for i, row in enumerate(rows) if any(cell != "" for cell in row)]
    frame = pd.DataFrame(
        [[cell if cell != "" else None for cell in row] for _, row in kept],
        columns=[n.strip() for n in names],
        dtype=object,
    )
    return frame, [number for number, _ in kept]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    table=tables(),
    encoding=st.sampled_from(ENCODINGS),
    separator=st.sampled_from(SEPARATORS),
    newline=st.sampled_from(["\n", "\r\n"]),
    quote_all=st.booleans(),
)
def test_any_table_reads_back_equal_in_every_encoding_and_separator(
    tmp_path, table, encoding, separator, newline, quote_all
):
    names, rows = table
    path = tmp_path / "svar.csv"
    path.write_bytes(encode(write(names, rows, separator, newline, quote_all), encoding))
    frame, numbers = expected(names, rows)
    if frame.empty:
        with pytest.raises(PipelineError, match="ingen svar"):
            read_export(path)
        return
    raw = read_export(path)
    assert raw.source.separator == separator
    pd.testing.assert_frame_equal(raw.frame, frame)
    np.testing.assert_array_equal(raw.rows, numbers)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(table=tables())
def test_any_table_of_text_reads_back_equal_from_xlsx(tmp_path, table):
    # Two limits of the writer, not the reader: XML turns a carriage return into a line
    # feed, and openpyxl does not mark a whitespace-only cell xml:space="preserve" (Excel does).
    names, rows = table
    names = [n.replace("\r", "") for n in names]
    if len({n.strip() for n in names}) < len(names) or not all(n.strip() for n in names):
        return
    rows = [[c.replace("\r", "") if c.strip() else "" for c in row] for row in rows]
    book = openpyxl.Workbook()
    book.active.append(names)
    for row in rows:
        book.active.append([cell or None for cell in row])
    path = tmp_path / "svar.xlsx"
    book.save(path)
    frame, numbers = expected(names, rows)
    if frame.empty:
        with pytest.raises(PipelineError, match="ingen svar"):
            read_export(path)
        return
    raw = read_export(path)
    pd.testing.assert_frame_equal(raw.frame, frame)
    np.testing.assert_array_equal(raw.rows, numbers)


_cells = st.one_of(
    st.none(),
    st.just(""),
    st.just(float("nan")),
    st.text(max_size=3),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(pd.NaT),
)


@given(st.integers(0, 6).flatmap(lambda n: st.lists(st.lists(_cells, min_size=n, max_size=n))))
def test_empty_cells_found_column_by_column_equal_the_whole_grid_test(grid):
    from pipeline.reading.table import _none_for_empty, empty_to_none

    width = len(grid[0]) if grid else 0
    frame = pd.DataFrame(grid, columns=range(width), dtype=object)
    values = frame.to_numpy(dtype=object)
    expected = (pd.isna(values) | (values == "")) if values.size else np.zeros(values.shape, bool)
    cells, empty = _none_for_empty(frame)
    assert (empty == expected).all()
    assert all(c is None for c in cells[expected])
    assert [c for c in cells[~expected]] == [v for v in values[~expected]]
    assert empty_to_none(frame).to_numpy(dtype=object).tolist() == cells.tolist()
