"""CSV exports: encoding and separator found from the file itself.

Survey platforms write CSV in several ways (see
docs/platforms.md): UTF-8 with or without BOM,
UTF-16 with BOM (SurveyXact "Unicode": UTF-16LE, tab, CRLF) and Windows-1252
("ANSI"), separated by comma, semicolon or tab. The encoding comes from the
BOM, else UTF-8 if the bytes decode as UTF-8, else Windows-1252. The separator
is the one of ``\\t``, ``;`` and ``,`` that splits the first records into the
same number of fields (:func:`detect_separator`), unless an Excel ``sep=;``
line names it. Every cell is read as text, exactly as written.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.errors import PipelineError
from pipeline.reading.table import build_frame

SEPARATORS = ("\t", ";", ",")  # ties go to the earlier one: tabs and semicolons are rarer in text

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as read: the frame, file rows, and how the file was written."""

    frame: pd.DataFrame
    rows: np.ndarray
    encoding: str
    separator: str


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was written in.

    >>> decode("ø".encode("utf-16"), Path("x.csv"))[0]
    'ø'
    >>> decode("ø".encode("cp1252"), Path("x.csv"))
    ('ø', 'cp1252')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding.removesuffix("-sig")), encoding
            except UnicodeDecodeError as exc:
                raise PipelineError(
                    f"Filen er merket som {encoding.upper()}, men kan ikke leses i den "
                    f"tegnkodingen (feil ved byte {exc.start + len(bom)}).",
                    file=path,
                    hint="Eksporter filen på nytt.",
                ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PipelineError(
            "Filen er verken UTF-8, UTF-16 eller Windows-1252, og kan ikke leses.",
            file=path,
            rows=(line,),
            hint="Eksporter filen på nytt som UTF-8 eller «Unicode».",
        ) from exc


def first_record(text: str) -> str:
    """The header record: up to the first line break outside quotes.

    >>> first_record('"a\\nb";c\\n1;2')
    '"a\\nb";c'
    """
    quoted = False
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:i]
    return text


def _field_counts(text: str, separator: str, limit: int) -> list[int]:
    # The first records only: parsing a large export three times took a second. The head
    # counts when it holds one more whole record than asked for, so none of those is cut.
    head = text[: max(1 << 16, 4096 * limit)]
    if len(head) < len(text):
        counts = _count_fields(head, separator, limit + 1)
        if len(counts) == limit + 1 and -1 not in counts:
            return counts[:limit]
    return _count_fields(text, separator, limit)


def _count_fields(text: str, separator: str, limit: int) -> list[int]:
    # strict: a closing quote must be followed by the separator, which rules out a wrong
    # separator in files that quote their fields
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    counts = []
    try:
        for record in itertools.islice(reader, limit):
            if record:
                counts.append(len(record))
    except csv.Error:
        return counts[:1] + [-1]  # unreadable with this separator
    return counts


def detect_separator(text: str, sample: int = 50) -> str:
    """The separator of a CSV text: ``\\t``, ``;`` or ``,``.

    The separator that splits the first records into the same number of
    fields (more than one) wins; among several, the one giving most fields,
    then tab before semicolon before comma. Separators inside quotes do not
    count, and a header with commas in unquoted text does not fool it, since
    the answer rows would then split differently.

    >>> detect_separator('Navn, fullt;Alder\\nKari, Nordmann;42\\n')
    ';'
    >>> detect_separator('"a;b",c\\n"x;y",z\\n')
    ','
    >>> detect_separator("bare én kolonne\\nsvar\\n")
    ','
    """
    best: tuple[tuple[bool, int, int], str] | None = None
    for priority, separator in enumerate(reversed(SEPARATORS)):
        counts = _field_counts(text, separator, sample)
        if not counts:
            continue
        header = counts[0]
        consistent = header > 1 and all(c == header for c in counts[1:])
        score = (consistent, header if header > 1 else 0, priority)
        if best is None or score > best[0]:
            best = (score, separator)
    if best is None or best[0][1] == 0:
        return ","
    return best[1]


def _parser_error(exc: Exception, path: Path, skipped: int) -> PipelineError:
    """pandas' tokenizer message, told in Norwegian with the file row."""
    text = str(exc)
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if fields:
        expected, line, found = (int(g) for g in fields.groups())
        return PipelineError(
            f"En rad har flere felt enn overskriftsraden har kolonner (forventet {expected}, "
            f"fant {found}).",
            file=path,
            rows=(line + skipped,),
            hint="Sjekk at tekstfelt med skilletegn står i anførselstegn, eller eksporter på nytt.",
        )
    quote = re.search(r"EOF inside string starting at row (\d+)", text)
    if quote:
        return PipelineError(
            'Et anførselstegn («"») åpner et tekstfelt som aldri lukkes; resten av filen ville '
            "blitt lest som ett felt.",
            file=path,
            rows=(int(quote.group(1)) + 1 + skipped,),
            hint="Eksporter filen på nytt, eller rett anførselstegnet i raden.",
        )
    return PipelineError(
        f"Filen kan ikke leses som CSV ({text}).",
        file=path,
        hint="Eksporter filen på nytt.",
    )


def read_csv(path: Path) -> CsvTable:
    """Read a CSV export: header texts as columns, every cell as text or ``None``."""
    path = Path(path)
    text, encoding = decode(path.read_bytes(), path)
    text = text.lstrip("\ufeff")  # a second BOM some tools add after re-saving
    stripped = text.lstrip("\r\n")
    skipped = text[: len(text) - len(stripped)].count("\n")
    if not stripped.strip():
        raise PipelineError("Filen er tom (ingen overskriftsrad).", file=path)
    hint = re.match(r"sep=(.)[ \t]*\r?\n", stripped, re.IGNORECASE)
    if hint and hint.group(1) in SEPARATORS:
        # Excel's own hint line ("sep=;") names the separator; it is not the header
        separator = hint.group(1)
        stripped = stripped[hint.end() :]
        skipped += 1
    else:
        separator = detect_separator(stripped)
    try:
        # Bytes and object columns: pandas then neither re-encodes the text in chunks nor
        # builds Arrow strings that the frame turns back into Python objects (3 s at 200 000).
        grid = pd.read_csv(
            io.BytesIO(stripped.encode("utf-8")),
            encoding="utf-8",
            sep=separator,
            header=None,
            dtype=object,
            keep_default_na=False,
            skip_blank_lines=False,
            quotechar='"',
            doublequote=True,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        raise _parser_error(exc, path, skipped) from exc
    except pd.errors.EmptyDataError as exc:
        raise PipelineError("Filen er tom (ingen overskriftsrad).", file=path) from exc
    header = list(grid.iloc[0])
    body = grid.iloc[1:]
    rows = np.arange(2, len(grid) + 1, dtype=np.int64) + skipped
    frame, rows = build_frame(header, body, rows, path)
    return CsvTable(frame=frame, rows=rows, encoding=encoding, separator=separator)
