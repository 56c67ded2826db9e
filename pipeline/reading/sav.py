"""SPSS exports (``.sav``/``.zsav``) through pyreadstat.

SPSS keeps what a spreadsheet cannot: a short variable name (the column
header), the question text (variable label) and value labels (code → answer
text). The frame keeps the variable names as columns and the codes as found;
:func:`pipeline.reading.read_export` turns codes into label text after the
platform's missing-value codes are removed. Dates and datetimes come back as
``datetime`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from pipeline.errors import PipelineError
from pipeline.reading.table import build_frame, map_cells, whole_numbers_as_int


@dataclass(frozen=True)
class SavTable:
    """An SPSS file as read: codes as found, with the file's labels beside them."""

    frame: pd.DataFrame
    rows: np.ndarray
    value_labels: dict[str, dict[object, str]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None  # the file's declared character encoding
    column_types: dict[str, str] = field(default_factory=dict)  # "text" for string variables


def read_sav(path: Path) -> SavTable:
    """Read an SPSS file: variable names as columns, codes as found, labels beside."""
    path = Path(path)
    try:
        data, meta = pyreadstat.read_sav(str(path), user_missing=False)
    except pyreadstat.ReadstatError as exc:
        raise PipelineError(
            f"SPSS-filen er ødelagt eller ufullstendig og kan ikke leses ({exc}).",
            file=path,
            hint="Eksporter filen på nytt.",
        ) from exc
    except Exception as exc:  # pyreadstat raises plain exceptions for damaged files
        raise PipelineError(
            f"SPSS-filen kan ikke leses ({type(exc).__name__}: {exc}).",
            file=path,
            hint="Eksporter filen på nytt.",
        ) from exc
    header = list(data.columns)
    body = data.astype(object).set_axis(range(data.shape[1]), axis=1)
    body = whole_numbers_as_int(body)
    for column in body.columns:
        if pd.api.types.infer_dtype(body[column], skipna=True) in ("datetime", "datetime64"):
            body[column] = map_cells(body[column], _cell)
    # a .sav has no header row: the first respondent is row 1 as SPSS shows it
    rows = np.arange(1, len(data) + 1, dtype=np.int64)
    frame, rows = build_frame(header, body, rows, path)
    value_labels = {
        name: {_cell(k): str(v) for k, v in labels.items()}
        for name, labels in meta.variable_value_labels.items()
        if name in frame.columns
    }
    column_labels = {
        name: label.strip()
        for name, label in zip(meta.column_names, meta.column_labels, strict=False)
        if label and name in frame.columns
    }
    kinds = getattr(meta, "readstat_variable_types", {}) or {}
    column_types = {
        name: "text" for name, kind in kinds.items() if kind == "string" and name in frame.columns
    }
    return SavTable(
        column_types=column_types,
        frame=frame,
        rows=rows,
        value_labels=value_labels,
        column_labels=column_labels,
        encoding=getattr(meta, "file_encoding", None) or None,
    )


def _cell(value: object) -> object:
    """Whole-number floats as ``int`` (SPSS stores every number as a double)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value
