"""SurveyXact's ``structure`` table: question texts, types and choices per variable.

The table (``structure.csv`` beside the dataset, or the ``Structure`` sheet) has a
header row ``questionName, variableName, questionType, subType, questionText,
choiceValue, choiceText`` and, in CSV, an empty trailing column. A matrix row is
a Single variable whose text is ``"<stem> - <item>"``; a multiple-choice option
is a Multiple variable whose option text is ``choiceText``. See docs/platforms.md.

What the reader takes from it: the question text of each variable (for a
multiple-choice option ``"<question> - <option>"``, so options group like a
matrix), the kind of answer (``single``, ``multiple``, ``text``, ``number``,
``date``) and the choices as value labels where ``labels`` has none.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.errors import PipelineError
from pipeline.reading.csv import decode, detect_separator

_KINDS = {
    ("closed", "single"): "single",
    ("closed", "multiple"): "multiple",
    ("open", "string"): "text",
    ("open", "double"): "number",
    ("open", "date"): "date",
}
_COLUMNS = ("variablename", "questiontype", "subtype", "questiontext")


@dataclass
class StructureVariable:
    """One variable as ``structure`` describes it."""

    name: str
    text: str
    kind: str  # single, multiple, text, number, date (or "" when unknown)
    choices: dict[int, str] = field(default_factory=dict)


def from_grid(grid: Sequence[Sequence[object]], where: Path) -> dict[str, StructureVariable]:
    """The variables of a structure table given as rows, the first being the header.

    >>> grid = [["questionName", "variableName", "questionType", "subType", "questionText",
    ...          "choiceValue", "choiceText", ""],
    ...         ["s_3", "s_3_1", "Closed", "Multiple", "Hva?", "1", "Arbeid", ""],
    ...         ["s_2", "s_2", "Closed", "Single", "Sykmeldt?", "1", "Ja", ""],
    ...         ["s_2", "s_2", "Closed", "Single", "Sykmeldt?", "2", "Nei", ""]]
    >>> found = from_grid(grid, Path("structure.csv"))
    >>> found["s_3_1"].text, found["s_3_1"].kind, found["s_2"].choices
    ('Hva? - Arbeid', 'multiple', {1: 'Ja', 2: 'Nei'})
    """
    if not grid:
        return {}
    header = [str(h).strip().casefold() for h in grid[0]]
    missing = [c for c in _COLUMNS if c not in header]
    if missing:
        raise PipelineError(
            "Strukturfilen fra SurveyXact mangler kolonnene "
            + ", ".join(f"«{c}»" for c in missing)
            + ".",
            file=where,
            hint="Eksporter datasettet på nytt med struktur og etiketter.",
        )
    at = {name: header.index(name) for name in header if name}

    def cell(row: Sequence[object], name: str) -> str:
        i = at.get(name)
        value = row[i] if i is not None and i < len(row) else None
        return "" if value is None or pd.isna(value) else str(value).strip()

    out: dict[str, StructureVariable] = {}
    for row in grid[1:]:
        name = cell(row, "variablename")
        if not name:
            continue
        kind = _KINDS.get(
            (cell(row, "questiontype").casefold(), cell(row, "subtype").casefold()), ""
        )
        text = cell(row, "questiontext")
        choice = cell(row, "choicetext")
        variable = out.setdefault(name, StructureVariable(name, text, kind))
        value = cell(row, "choicevalue")
        if kind == "multiple" and choice:
            variable.text = f"{text} - {choice}"
        elif choice and value.lstrip("-").isdigit():
            variable.choices[int(value)] = choice
    return out


def read_structure(path: Path) -> dict[str, StructureVariable]:
    """``structure.csv`` as written by SurveyXact (any of its encodings and separators)."""
    text, _ = decode(path.read_bytes(), path)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=detect_separator(text),
            header=None,
            dtype=str,
            keep_default_na=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise PipelineError(
            "Strukturfilen fra SurveyXact kan ikke leses.",
            file=path,
            hint="Eksporter datasettet på nytt med struktur og etiketter.",
        ) from exc
    return from_grid(grid.values.tolist(), path)


def match_names(columns: Iterable[str], names: Iterable[str]) -> dict[str, str]:
    """Dataset column → structure variable: by name, then truncated names in order.

    SurveyXact may cut long variable names in the dataset; a column left over is
    matched to the next left-over structure name sharing its first four characters.

    >>> match_names(["respondentid", "s_1", "stato_4"], ["s_1", "statoverall"])
    {'s_1': 's_1', 'stato_4': 'statoverall'}
    """
    columns = list(columns)
    names = list(names)
    by_fold = {n.casefold(): n for n in names}
    out = {c: by_fold[c.casefold()] for c in columns if c.casefold() in by_fold}
    left = [n for n in names if n not in out.values()]
    for column in (c for c in columns if c not in out):
        prefix = column.casefold()[:4]
        match = next((n for n in left if len(prefix) == 4 and n.casefold()[:4] == prefix), None)
        if match is not None:
            out[column] = match
            left.remove(match)
    return out
