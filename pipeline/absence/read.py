"""Read the kommune's absence statistics into a tidy register.

The file is whatever the HR system exports (CSV or xlsx, one row per unit and
period), read by the same reader as the survey export; ``absence.yaml`` names
its columns. The result has one row per file
row with the columns ``unit``, ``etat``, ``period`` (label), ``period_index``
(consecutive periods differ by 1), ``row`` (1-based row in the file, header =
row 1) and the rates as shares 0–1 (``total``, and where mapped ``egenmeldt``,
``legemeldt``, ``short_term``, ``long_term``) plus ``agreed_days``.

Rates in the file are percentages (``11,1`` or ``11.1`` or ``11,1 %``); a value
that is not a number stops the run with the file, column, value and row.
Range checks (0–100) belong to :mod:`pipeline.absence.checks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.absence.config import AbsenceConfig
from pipeline.absence.periods import parse_period
from pipeline.errors import PipelineError
from pipeline.reading.model import RawExport, SourceInfo
from pipeline.reading.table import cell_text
from pipeline.reading.tabular import read_table

RATE_FIELDS = ("total", "egenmeldt", "legemeldt", "short_term", "long_term")


@dataclass(frozen=True)
class AbsenceRegister:
    """The absence statistics as read: tidy frame, where it came from, and the headers."""

    source: SourceInfo
    frame: pd.DataFrame
    headers: dict[str, str]  # field -> header as the user sees it in the file
    period_type: str


def read_raw(path: Path, sheet: str | None = None) -> RawExport:
    """Read the file as the survey export is read (:func:`pipeline.reading.tabular.read_table`).

    Cells become text as the file shows them (``7,6``, ``2024``), empty cells ``""``.
    """
    path = Path(path)
    if not path.is_file():
        raise PipelineError(
            "Finner ikke filen med sykefraværsstatistikk.",
            file=path,
            hint="Legg filen i data/raw/<studie-id>/ og skriv navnet under «file:» i absence.yaml.",
        )
    raw = read_table(path, sheet).raw
    return replace(raw, frame=raw.frame.map(cell_text))


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def parse_rate(text: object) -> float | None:
    """A number as Norwegian HR exports write it; ``None`` for an empty cell.

    >>> parse_rate("11,1 %"), parse_rate("8.6"), parse_rate(""), parse_rate("1 124")
    (11.1, 8.6, None, 1124.0)
    >>> parse_rate("n/a")
    Traceback (most recent call last):
    ...
    ValueError: n/a
    """
    value = str(text).strip().replace("\u00a0", "").replace(" ", "").rstrip("%").strip()
    if value in ("", "-", "nan", "None"):
        return None
    if not _NUMBER.match(value):
        raise ValueError(str(text))
    return float(value.replace(",", "."))


def _numbers(raw: RawExport, header: str) -> pd.Series:
    values: list[float] = []
    bad: list[tuple[int, str]] = []
    for cell, row in zip(raw.frame[header], raw.rows, strict=True):
        try:
            parsed = parse_rate(cell)
        except ValueError:
            bad.append((int(row), str(cell)))
            continue
        values.append(np.nan if parsed is None else parsed)
    if bad:
        raise PipelineError(
            "Verdien er ikke et tall.",
            file=raw.source.path,
            column=header,
            values=sorted({v for _, v in bad}),
            rows=[r for r, _ in bad],
        )
    return pd.Series(values, index=raw.frame.index, dtype="float64")


def to_register(raw: RawExport, config: AbsenceConfig) -> AbsenceRegister:
    """Map the file's columns to the register's fields and parse periods and numbers.

    Raises
    ------
    PipelineError
        A mapped column is missing, a period cannot be read, or a rate is not a number.
    """
    path = raw.source.path
    headers = {str(c).strip(): c for c in raw.frame.columns}
    missing = [h for h in config.columns.values() if h.strip() not in headers]
    if missing:
        raise PipelineError(
            "Kolonnen som absence.yaml viser til, finnes ikke i filen.",
            file=path,
            values=missing,
            hint=f"Kolonnene i filen er: {', '.join(map(str, raw.frame.columns))}.",
        )

    def cells(name: str) -> pd.Series:
        return raw.frame[headers[config.columns[name].strip()]]

    frame = pd.DataFrame(index=raw.frame.index)
    for name in ("unit", "etat"):
        frame[name] = cells(name).astype(str).str.strip()
    empty = [
        (name, int(r))
        for name in ("unit", "etat")
        for v, r in zip(frame[name], raw.rows, strict=True)
        if not v
    ]
    if empty:
        name = empty[0][0]
        raise PipelineError(
            "Cellen er tom; hver rad skal ha enhet og etat.",
            file=path,
            column=config.columns[name],
            rows=[r for n, r in empty if n == name],
        )
    periods = []
    bad = []
    for value, row in zip(cells("period"), raw.rows, strict=True):
        period = parse_period(value, config.period_type)
        if period is None:
            bad.append((str(value), int(row)))
        periods.append(period)
    if bad:
        raise PipelineError(
            f"Kan ikke lese perioden som {config.period_type_name}.",
            file=path,
            column=config.columns["period"],
            values=sorted({v for v, _ in bad}),
            rows=[r for _, r in bad],
            hint="Periodetypen settes med «period_type» i absence.yaml.",
        )
    frame["period"] = [p.label for p in periods]
    frame["period_index"] = np.array([p.index for p in periods], dtype="int64")
    for name in RATE_FIELDS + ("agreed_days",):
        if config.has(name):
            series = _numbers(raw, headers[config.columns[name].strip()])
            frame[name] = series / 100 if name in RATE_FIELDS else series
    frame["row"] = np.asarray(raw.rows, dtype="int64")
    return AbsenceRegister(
        source=raw.source,
        frame=frame.reset_index(drop=True),
        headers={name: config.columns[name] for name in config.columns},
        period_type=config.period_type,
    )


def read_absence(path: Path, config: AbsenceConfig) -> AbsenceRegister:
    """Read and map an absence file in one step."""
    return to_register(read_raw(path, config.sheet), config)
