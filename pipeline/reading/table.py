"""From a grid of cells (header row + body) to the frame every reader returns.

All formats meet here, so a header problem gets the same message whether it
came from Excel, CSV or SPSS: headers are stripped of surrounding whitespace,
a header used twice is an error naming both columns, empty cells become
``None`` and empty rows are dropped (their row numbers are kept for the rest).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import PipelineError


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def is_empty(value: object) -> bool:
    """Whether a cell is empty: ``None``, NaN/NaT/NA or an empty string.

    >>> is_empty(""), is_empty(None), is_empty(float("nan")), is_empty(0), is_empty(" x")
    (True, True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def cell_text(value: object) -> str:
    """A cell as text: stripped, whole numbers without ``.0``, empty as ``""``.

    >>> cell_text("  Kjønn "), cell_text(2024.0), cell_text(None), cell_text(7.6)
    ('Kjønn', '2024', '', '7.6')
    """
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def map_cells(series: pd.Series, func: Callable[[object], object]) -> pd.Series:
    """Apply ``func`` to each cell, keeping ``object`` dtype (no int → float upcasting).

    >>> map_cells(pd.Series([1, None], dtype=object), lambda v: v).tolist()
    [1, None]
    """
    return pd.Series([func(v) for v in series], index=series.index, dtype=object, name=series.name)


def empty_to_none(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as ``object`` columns with ``None`` for every empty cell.

    >>> empty_to_none(pd.DataFrame({"a": ["", "x", None], "b": [1.5, float("nan"), 2]})).values.tolist()
    [[None, 1.5], ['x', None], [None, 2.0]]
    """
    values, _ = _none_for_empty(frame)
    # copy=False: the array is already a fresh copy (pandas would copy it once more)
    return pd.DataFrame(values, index=frame.index, columns=frame.columns, dtype=object, copy=False)


def _none_for_empty(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The frame's cells as an ``object`` array with ``None`` where empty, and where that is.

    A column of text only (every CSV column) cannot hold NaN or None, so only its
    empty strings are looked for: the NA test over every cell was most of the time.
    """
    values = frame.to_numpy(dtype=object, copy=True)
    empty = np.zeros(values.shape, dtype=bool)
    for j in range(values.shape[1]):
        column = values[:, j]
        if pd.api.types.infer_dtype(column, skipna=False) == "string":
            empty[:, j] = column == ""
        elif column.size:
            empty[:, j] = pd.isna(column) | (column == "")
    values[empty] = None
    return values, empty


def whole_numbers_as_int(frame: pd.DataFrame) -> pd.DataFrame:
    """Floats that are whole numbers as ``int`` (Excel and SPSS store every number as a double).

    Only columns holding floats are touched, so text columns cost nothing.

    >>> whole_numbers_as_int(pd.DataFrame({"a": [1.0, 2.5, None]}, dtype=object))["a"].tolist()
    [1, 2.5, None]
    """
    out = frame.copy()
    for column in out.columns:
        kind = pd.api.types.infer_dtype(out[column], skipna=True)
        if kind in ("floating", "mixed-integer-float", "mixed"):
            out[column] = map_cells(out[column], _whole)
    return out


def _whole(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def build_frame(
    header: Sequence[object],
    body: pd.DataFrame,
    rows: np.ndarray,
    path: Path,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Name the body's columns by the header and clean it up.

    Parameters
    ----------
    header
        The header cells, one per column of ``body``.
    body
        The cells below the header, columns in file order (names are ignored).
    rows
        1-based file row number of each body row.
    path
        The file, for messages.

    Returns
    -------
    (frame, rows)
        ``frame`` has the header texts as columns, ``None`` for empty cells and
        no fully empty rows; ``rows`` the file row numbers of the rows kept.

    Raises
    ------
    PipelineError
        A header used twice, a column with answers but no header, or no answers.
    """
    values, empty = _none_for_empty(body)
    filled = ~empty
    names = [cell_text(h) for h in header]
    if len(names) < values.shape[1]:
        names += [""] * (values.shape[1] - len(names))
    keep = []
    for i, name in enumerate(names):
        if name:
            keep.append(i)
        elif i < filled.shape[1] and filled[:, i].any():
            first = int(rows[int(np.flatnonzero(filled[:, i])[0])])
            raise PipelineError(
                f"Kolonne {column_letter(i)} har ingen overskrift, men inneholder svar.",
                file=path,
                rows=(first,),
                hint="Gi kolonnen en overskrift i første rad, eller slett den.",
            )
    seen: dict[str, int] = {}
    for i in keep:
        name = names[i]
        if name in seen:
            raise PipelineError(
                f"Den samme overskriften står i to kolonner ({column_letter(seen[name])} og "
                f"{column_letter(i)}, kolonne nr. {seen[name] + 1} og {i + 1}).",
                file=path,
                column=name,
                hint="Hver kolonne må ha en egen overskrift. Eksporter på nytt eller gi "
                "kolonnene ulike navn.",
            )
        seen[name] = i
    present = [i for i in keep if i < values.shape[1]]
    filled_rows = filled[:, present].any(axis=1) if present else np.zeros(len(values), bool)
    if not (filled_rows.all() and present == list(range(values.shape[1]))):
        values = values[np.ix_(np.flatnonzero(filled_rows), present)]
    # copy=False: ``values`` is this function's own copy of the cells
    frame = pd.DataFrame(values, columns=[names[i] for i in present], dtype=object, copy=False)
    for name in (names[i] for i in keep if i >= values.shape[1]):
        frame[name] = None
    kept_rows = np.asarray(rows, dtype=np.int64)[filled_rows]
    if frame.empty:
        raise PipelineError(
            "Filen inneholder ingen svar, bare overskriftsraden.",
            file=path,
            hint="Sjekk at eksporten ble tatt ut etter at svarene kom inn, og med alle svar.",
        )
    return frame, kept_rows
