"""What reading an export produces: the raw table and, after the codebook, the decoded one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SourceInfo:
    """Where a table came from and how it was read."""

    path: Path
    format: str  # "xlsx", "csv" or "sav"
    sha256: str
    size_bytes: int
    encoding: str | None = None  # csv (as detected); sav (as the file declares it)
    separator: str | None = None  # csv only
    sheet: str | None = None  # xlsx only
    platform: str | None = None


@dataclass(frozen=True)
class RawExport:
    """An export as read: original headers, cell values as found, no interpretation.

    ``value_labels`` holds value labels carried by the file itself (SPSS, SurveyXact
    ``labels``), per column; ``column_labels`` the question text a file keeps beside a
    short variable name (SPSS variable labels, SurveyXact ``structure``), per column;
    ``column_types`` the kind of answer the file declares (``single``, ``multiple``,
    ``text``, ``number``, ``date``: SurveyXact ``structure``, SPSS string variables).
    """

    source: SourceInfo
    frame: pd.DataFrame
    # 1-based row number of each frame row as the user sees it: header = row 1 in xlsx/csv;
    # a .sav has no header row, so its first respondent is row 1
    rows: np.ndarray
    value_labels: dict[str, dict[object, str]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    column_types: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DecodedExport:
    """An export after the codebook: metadata parsed, answers as label text.

    See docs/architecture.md for the columns of ``frame``.
    """

    source: SourceInfo
    frame: pd.DataFrame
    headers: dict[str, str]  # frame column -> header as the user sees it in the file
    rows: np.ndarray
    unknown_columns: tuple[str, ...] = ()
    identifier_columns: tuple[str, ...] = ()
