"""A survey export (``.xlsx``, ``.csv`` or SPSS ``.sav``) into a :class:`RawExport`.

:func:`read_export` looks at the file's content (not its name) to pick the
reader, then applies what the file and the platform say about values:

- **Value labels.** SPSS files carry them; SurveyXact exports carry a
  ``labels`` table (the ``Labels`` sheet, or ``labels.csv`` beside a SurveyXact CSV
  dataset). Codes with a label become the label text; the labels stay in
  :attr:`RawExport.value_labels`.
- **Missing-value codes.** A platform's codes for "not seen / not answered"
  (EFS: ``-77``, ``-66``, ``-99``) become empty, before labels are applied.
- **Metadata columns** of the platform (respondent id, times, last page, and
  the status where the profile's completion values are codes, as EFS
  ``dispcode`` and SurveyXact ``statoverall``) keep their codes.
- **Platform.** Detected from the header row (:mod:`pipeline.reading.profiles`)
  unless given.

Supported from SurveyXact: the dataset (one sheet, or ``Dataset(1)``,
``Dataset(2)`` … joined on ``respondentid``) with its labels, and the
``structure`` table (sheet, or ``structure.csv`` beside the dataset), which gives
each variable's question text and kind (:mod:`pipeline.reading.structure`).

Nothing is interpreted beyond that: headers are as in the file, cells keep
their type (text, numbers, datetimes), and empty cells are ``None``.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from pipeline.errors import PipelineError
from pipeline.reading.csv import decode, detect_separator
from pipeline.reading.model import RawExport
from pipeline.reading.profiles import PROFILES, Profile, detect_platform, profile_for
from pipeline.reading.structure import StructureVariable, from_grid, match_names, read_structure
from pipeline.reading.tabular import read_table

_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")

__all__ = ["code_key", "read_export"]


def code_key(value: object) -> object:
    """A value as a label-lookup key: whole numbers (also as text) become ``int``.

    >>> code_key("3"), code_key(3.0), code_key(" -77 "), code_key("2,5"), code_key("Ja"), code_key("nan")
    (3, 3, -77, 2.5, 'Ja', 'nan')
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.fullmatch(text):
            return value
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number
    return value


def _spellings(key: object) -> list[object]:
    """The ways a code is found in cells: ``-77``, ``-77.0`` and ``"-77"``."""
    key = code_key(key)
    forms: list[object] = [key, str(key)]
    if isinstance(key, int):
        forms.append(float(key))
    return forms


def _drop_missing_codes(frame: pd.DataFrame, codes: tuple[str, ...]) -> pd.DataFrame:
    keys = [form for code in codes for form in _spellings(code)]
    if not keys:
        return frame
    return frame.mask(frame.isin(keys), None)


def _apply_labels(frame: pd.DataFrame, labels: dict[str, dict[object, str]]) -> pd.DataFrame:
    frame = frame.copy()
    for column, mapping in labels.items():
        if column not in frame.columns or not mapping:
            continue
        lookup = {form: label for code, label in mapping.items() for form in _spellings(code)}
        mapped = frame[column].map(lookup)
        frame[column] = mapped.astype(object).where(mapped.notna(), frame[column])
    return frame


def _coded_metadata(frame: pd.DataFrame, profile: Profile) -> set[str]:
    """Metadata columns that must keep their codes: ids, times, last page, and the
    status when the profile's completion values are codes (dispcode 31, statoverall 4)."""
    names = [profile.respondent_id, profile.started, profile.completed, profile.last_page]
    if profile.completed_values and all(v.lstrip("-").isdigit() for v in profile.completed_values):
        names.append(profile.status)
    wanted = {name.lower() for name in names if name}
    return {c for c in frame.columns if c.lower() in wanted}


def _labels_beside(path: Path) -> dict[str, dict[object, str]]:
    """SurveyXact's ``labels.csv`` next to a CSV dataset (no header row)."""
    candidates = sorted(p for p in path.parent.iterdir() if p.name.lower() == "labels.csv")
    if not candidates or candidates[0].resolve() == path.resolve():
        return {}
    labels_path = candidates[0]
    text, _ = decode(labels_path.read_bytes(), labels_path)
    separator = detect_separator(text)
    try:
        grid = pd.read_csv(
            io.StringIO(text), sep=separator, header=None, dtype=str, keep_default_na=False
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise PipelineError(
            "Etikettfilen ved siden av eksporten kan ikke leses (forventet tre kolonner: "
            "variabelnavn, verdi, etikett).",
            file=labels_path,
            hint="Eksporter datasettet og etikettene på nytt fra SurveyXact.",
        ) from exc
    labels: dict[str, dict[object, str]] = {}
    for row in grid.itertuples(index=False):
        if len(row) < 3 or not str(row[0]).strip():
            continue
        key = code_key(row[1])
        if not isinstance(key, int):
            continue
        labels.setdefault(str(row[0]).strip(), {})[key] = str(row[2])
    return labels


def _structure_beside(path: Path) -> dict[str, StructureVariable]:
    """SurveyXact's ``structure.csv`` next to a CSV dataset, if there."""
    found = sorted(p for p in path.parent.iterdir() if p.name.lower() == "structure.csv")
    if not found or found[0].resolve() == path.resolve():
        return {}
    return read_structure(found[0])


def _with_structure(
    columns: list[str],
    structure: dict[str, StructureVariable],
    value_labels: dict[str, dict[object, str]],
) -> tuple[dict[str, str], dict[str, str], dict[str, dict[object, str]]]:
    """Question texts, kinds and (where ``labels`` has none) choices per dataset column."""
    texts: dict[str, str] = {}
    kinds: dict[str, str] = {}
    labels = dict(value_labels)
    for column, name in match_names(columns, structure).items():
        variable = structure[name]
        if variable.text:
            texts[column] = variable.text
        if variable.kind:
            kinds[column] = variable.kind
        if variable.choices and column not in labels:
            labels[column] = dict(variable.choices)
    return texts, kinds, labels


def read_export(
    path: Path | str, *, sheet: str | None = None, platform: str | None = None
) -> RawExport:
    """Read a survey export, whatever its format.

    Parameters
    ----------
    path
        The export: ``.xlsx``, ``.csv`` (any supported encoding/separator) or ``.sav``.
        The format is found from the content, so a misnamed file still reads.
    sheet
        Excel only: the sheet to read (default: the first, or SurveyXact's dataset).
    platform
        ``questback_essentials``, ``efs`` or ``surveyxact``; detected from the
        header row when not given.

    Returns
    -------
    RawExport
        ``frame`` with the file's headers as columns (surrounding whitespace
        removed) and cells as found (``str``, ``int``/``float``, ``datetime``;
        ``None`` when empty), ``rows`` with the 1-based file row of each
        respondent (header = row 1), and ``source`` saying how the file was read.

    Raises
    ------
    PipelineError
        With a Norwegian message naming the file (and column/row where it
        applies) for a missing, empty, damaged or unsupported file, a header
        used twice, a missing sheet, or an export without answers.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "svar.csv"
    >>> _ = p.write_bytes("Respondent-ID;Starttidspunkt;Trives du?\\n1;;Ja\\n".encode("cp1252"))
    >>> raw = read_export(p)
    >>> raw.source.encoding, raw.source.separator, raw.source.platform
    ('utf-8', ';', 'questback_essentials')
    >>> raw.frame.to_dict("records"), raw.rows.tolist()
    ([{'Respondent-ID': '1', 'Starttidspunkt': None, 'Trives du?': 'Ja'}], [2])
    """
    path = Path(path)
    table = read_table(path, sheet)
    raw = table.raw
    frame, kind = raw.frame, raw.source.format
    value_labels, column_labels = raw.value_labels, raw.column_labels
    column_types = raw.column_types
    structure: dict[str, StructureVariable] = {}
    if table.structure:
        structure = from_grid(table.structure, path)

    if platform is None:
        # SPSS keeps short names as headers; the platform's headers may be the labels.
        platform = detect_platform(list(frame.columns)) or (
            detect_platform(list(column_labels.values())) if column_labels else None
        )
    elif platform not in PROFILES:
        raise PipelineError(
            f"Ukjent plattform «{platform}». Gyldige: {', '.join(PROFILES)}.", file=path
        )
    if kind == "csv" and platform == "surveyxact":
        value_labels = _labels_beside(path)
        structure = _structure_beside(path)
    if structure:
        column_labels, column_types, value_labels = _with_structure(
            list(frame.columns), structure, value_labels
        )
    metadata: set[str] = set()
    if platform is not None:
        profile = profile_for(platform)
        frame = _drop_missing_codes(frame, profile.missing_codes)
        metadata = _coded_metadata(frame, profile)
    value_labels = {c: m for c, m in value_labels.items() if c in frame.columns}
    frame = _apply_labels(frame, {c: m for c, m in value_labels.items() if c not in metadata})

    return replace(
        raw,
        source=replace(raw.source, platform=platform),
        frame=frame,
        value_labels=value_labels,
        column_labels=column_labels,
        column_types=column_types,
    )
