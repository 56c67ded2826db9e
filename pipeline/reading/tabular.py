"""Any table a study reads, by its content: the survey export and the absence register alike.

:func:`read_table` picks the reader from the file's first bytes
(:func:`pipeline.reading.detect.detect_format`), not its name, and returns the
cells as found: headers as in the file, cells keeping their type (text,
numbers, datetimes), empty cells ``None``, and the file row of every record.
What a survey platform means by its values (missing codes, value labels) is
applied afterwards by :func:`pipeline.reading.read_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import sha256_file
from pipeline.reading.csv import read_csv
from pipeline.reading.detect import detect_format
from pipeline.reading.model import RawExport, SourceInfo
from pipeline.reading.sav import read_sav
from pipeline.reading.xlsx import read_xlsx


@dataclass(frozen=True)
class Table:
    """A tabular file as read, and a SurveyXact ``Structure`` sheet if the workbook has one."""

    raw: RawExport
    structure: list[list[object]] | None = None


def _no_sheets(path: Path, sheet: str | None, kind: str) -> None:
    if sheet is not None:
        raise PipelineError(
            f"Et arknavn («{sheet}») er oppgitt, men filen er en {kind} uten ark.",
            file=path,
            hint="Fjern arknavnet fra studiens konfigurasjon.",
        )


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    """Read an ``.xlsx``, ``.csv`` (any supported encoding and separator) or ``.sav`` file.

    Parameters
    ----------
    path
        The file; the format is found from the content, so a misnamed file still reads.
    sheet
        Excel only: the sheet to read (default: the first, or SurveyXact's dataset).

    Returns
    -------
    Table
        ``raw``: the cells, with ``source.platform`` unset, and value and column
        labels and column types only where the file itself carries them (xlsx
        ``Labels`` sheet, SPSS); ``structure``: an xlsx ``Structure`` sheet as rows.

    Raises
    ------
    PipelineError
        With a Norwegian message naming the file (and row where it applies) for a
        missing, empty, damaged or unsupported file, a header used twice, or a
        sheet named for a file without sheets.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "fravaer.txt"
    >>> _ = p.write_bytes("Enhet,Totalt %\\r\\nSkole,\\"7,6\\"\\r\\n".encode("cp1252"))
    >>> table = read_table(p).raw
    >>> table.source.format, table.source.encoding, table.source.separator
    ('csv', 'utf-8', ',')
    >>> table.frame.to_dict("records"), table.rows.tolist()
    ([{'Enhet': 'Skole', 'Totalt %': '7,6'}], [2])
    """
    path = Path(path)
    kind = detect_format(path)
    value_labels: dict[str, dict[object, str]] = {}
    column_labels: dict[str, str] = {}
    column_types: dict[str, str] = {}
    structure = None
    encoding = separator = sheet_name = None
    if kind == "xlsx":
        workbook = read_xlsx(path, sheet)
        frame, rows, sheet_name = workbook.frame, workbook.rows, workbook.sheet
        value_labels, structure = workbook.value_labels, workbook.structure
    elif kind == "csv":
        _no_sheets(path, sheet, "CSV-fil")
        text = read_csv(path)
        frame, rows, encoding, separator = text.frame, text.rows, text.encoding, text.separator
    else:
        _no_sheets(path, sheet, "SPSS-fil")
        spss = read_sav(path)
        frame, rows, encoding = spss.frame, spss.rows, spss.encoding
        value_labels, column_labels = spss.value_labels, spss.column_labels
        column_types = spss.column_types
    source = SourceInfo(
        path=path,
        format=kind,
        sha256=sha256_file(path),
        size_bytes=path.stat().st_size,
        encoding=encoding,
        separator=separator,
        sheet=sheet_name,
    )
    raw = RawExport(
        source=source,
        frame=frame,
        rows=rows,
        value_labels=value_labels,
        column_labels=column_labels,
        column_types=column_types,
    )
    return Table(raw=raw, structure=structure)
