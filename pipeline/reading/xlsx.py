"""Excel exports (``.xlsx``) through python-calamine.

The header is the first non-empty row of the sheet (row 1 in every platform's
export). Cells keep their Excel type: text, numbers (whole numbers as ``int``,
since Excel stores every number as a float) and dates/datetimes.

SurveyXact writes its export as a workbook with the sheets ``Dataset``,
``Structure`` and ``Labels``, and splits wide datasets into ``Dataset(1)``,
``Dataset(2)`` …; those are joined side by side on ``respondentid``, and the
``Labels`` sheet (no header: variable name, value, label) gives value labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError, CalamineWorkbook

from pipeline.errors import PipelineError
from pipeline.reading.table import build_frame, cell_text, is_empty, whole_numbers_as_int

_DATASET_PART = re.compile(r"^dataset\s*\((\d+)\)$", re.IGNORECASE)


@dataclass(frozen=True)
class XlsxTable:
    """A sheet (or joined SurveyXact dataset sheets) as read."""

    frame: pd.DataFrame
    rows: np.ndarray
    sheet: str
    value_labels: dict[str, dict[object, str]] = field(default_factory=dict)
    structure: list[list[object]] | None = None  # SurveyXact ``Structure`` sheet, as rows


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise PipelineError(
            f"Excel-filen er ødelagt eller ufullstendig og kan ikke leses ({type(exc).__name__}).",
            file=path,
            hint="Last ned eller eksporter filen på nytt.",
        ) from exc


def _grid(workbook: CalamineWorkbook, name: str, path: Path) -> list[list[object]]:
    try:
        return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as exc:
        raise PipelineError(
            f"Arket «{name}» i Excel-filen er ødelagt og kan ikke leses ({type(exc).__name__}).",
            file=path,
            hint="Last ned eller eksporter filen på nytt.",
        ) from exc


def _sheet_frame(
    grid: list[list[object]], path: Path, sheet: str
) -> tuple[pd.DataFrame, np.ndarray]:
    start = next((i for i, row in enumerate(grid) if any(not is_empty(c) for c in row)), None)
    if start is None:
        raise PipelineError(f"Arket «{sheet}» er tomt.", file=path)
    width = max(len(row) for row in grid)
    body = pd.DataFrame(grid[start + 1 :], columns=range(width), dtype=object)
    body = whole_numbers_as_int(body)
    rows = np.arange(start + 2, len(grid) + 1, dtype=np.int64)
    return build_frame(grid[start], body, rows, path)


def _find_sheet(names: list[str], wanted: str) -> str | None:
    for name in names:
        if name == wanted:
            return name
    for name in names:
        if name.strip().lower() == wanted.strip().lower():
            return name
    return None


def _surveyxact_parts(names: list[str]) -> list[str]:
    """Dataset sheets of a SurveyXact workbook, in order; empty if not one."""
    parts = sorted(
        ((int(m.group(1)), n) for n in names if (m := _DATASET_PART.match(n.strip()))),
    )
    if parts:
        return [n for _, n in parts]
    plain = _find_sheet(names, "Dataset")
    if plain is not None and _find_sheet(names, "Labels") is not None:
        return [plain]
    return []


def _join_parts(
    frames: list[tuple[str, pd.DataFrame, np.ndarray]], path: Path
) -> tuple[pd.DataFrame, np.ndarray]:
    sheet, frame, rows = frames[0]
    key = next((c for c in frame.columns if c.lower() == "respondentid"), None)
    for other_sheet, other, other_rows in frames[1:]:
        if key is None or key not in other.columns:
            if len(other) != len(frame) or not np.array_equal(other_rows, rows):
                raise PipelineError(
                    f"Arkene «{sheet}» og «{other_sheet}» har ulikt antall rader og ingen "
                    "felles «respondentid»-kolonne, så de kan ikke settes sammen.",
                    file=path,
                )
            extra = other.drop(columns=[c for c in other.columns if c in frame.columns])
            frame = pd.concat([frame, extra.set_axis(frame.index)], axis=1)
            continue
        left = frame[key].map(str)
        right = other[key].map(str)
        if set(left) != set(right) or right.duplicated().any():
            raise PipelineError(
                f"Arkene «{sheet}» og «{other_sheet}» har ikke de samme respondentene "
                f"(kolonnen «{key}»).",
                file=path,
                column=key,
            )
        extra = other.drop(columns=[c for c in other.columns if c in frame.columns])
        extra.index = right.to_numpy()
        frame = pd.concat([frame, extra.reindex(left.to_numpy()).set_axis(frame.index)], axis=1)
    return frame, rows


def _labels_from_grid(grid: list[list[object]]) -> dict[str, dict[object, str]]:
    """SurveyXact ``labels``: rows of (variable name, value, label), no header."""
    labels: dict[str, dict[object, str]] = {}
    for row in grid:
        if len(row) < 3 or is_empty(row[0]) or is_empty(row[1]):
            continue
        name = cell_text(row[0])
        value = _cell(row[1])
        if isinstance(value, str):
            try:
                value = int(value)
            except ValueError:
                continue  # a header row some exports add
        labels.setdefault(name, {})[value] = "" if is_empty(row[2]) else str(row[2])
    return labels


def read_xlsx(path: Path, sheet: str | None = None) -> XlsxTable:
    """Read a sheet of an Excel export (the first, unless ``sheet`` names one).

    A SurveyXact workbook (sheets ``Dataset``/``Dataset(n)`` and ``Labels``)
    is read as one table with its value labels, unless ``sheet`` is given.
    """
    path = Path(path)
    workbook = _open(path)
    names = list(workbook.sheet_names)
    if not names:
        raise PipelineError("Excel-filen har ingen ark.", file=path)
    if sheet is not None:
        found = _find_sheet(names, sheet)
        if found is None:
            shown = ", ".join(f"«{n}»" for n in names)
            raise PipelineError(
                f"Fant ikke arket «{sheet}». Arkene i filen er: {shown}.",
                file=path,
                hint="Rett arknavnet i studiens konfigurasjon, eller la det stå tomt for første ark.",
            )
        frame, rows = _sheet_frame(_grid(workbook, found, path), path, found)
        labels_sheet = _find_sheet(names, "Labels") if _surveyxact_parts(names) else None
        value_labels = (
            _labels_from_grid(_grid(workbook, labels_sheet, path))
            if labels_sheet and labels_sheet != found
            else {}
        )
        return XlsxTable(frame=frame, rows=rows, sheet=found, value_labels=value_labels)
    parts = _surveyxact_parts(names)
    if not parts:
        frame, rows = _sheet_frame(_grid(workbook, names[0], path), path, names[0])
        return XlsxTable(frame=frame, rows=rows, sheet=names[0])
    frames = [(n, *_sheet_frame(_grid(workbook, n, path), path, n)) for n in parts]
    frame, rows = _join_parts(frames, path)
    labels_sheet = _find_sheet(names, "Labels")
    value_labels = _labels_from_grid(_grid(workbook, labels_sheet, path)) if labels_sheet else {}
    structure_sheet = _find_sheet(names, "Structure")
    structure = _grid(workbook, structure_sheet, path) if structure_sheet else None
    return XlsxTable(
        frame=frame, rows=rows, sheet=parts[0], value_labels=value_labels, structure=structure
    )
