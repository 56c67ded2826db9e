"""The one xlsx writer of the development tools: a table to ``.xlsx``, byte for byte the same
on every run (the example study's export and the benchmark's synthetic exports).

openpyxl (a dev extra; the runtime package reads xlsx with python-calamine and never
writes it) stamps the workbook's "modified" property and every zip member with the
current time; here both are fixed, so the same table always gives the same file
(and the same SHA-256 in the manifest).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = dt.datetime(2025, 3, 3, 8, 0, 0)  # "exported" the Monday after the survey closed
DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"


def _cell(value: object) -> object:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def workbook_bytes(frame: pd.DataFrame, sheet: str = "Svar") -> bytes:
    """``frame`` as an xlsx file (header in row 1), with fixed timestamps."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    for column in ws.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
    wb.properties.creator = "Questback"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(), which stamps "modified" with now
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every member's timestamp set to :data:`FIXED_TIME`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def write_workbook(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as xlsx (use through :func:`pipeline.files.write_with`)."""
    Path(path).write_bytes(workbook_bytes(frame))
