"""Free-text answers coded into themes by the revisor: ``texts/fritekst-tema.csv``.

The file has two columns, ``svar_id`` and ``tema``: one row per coded answer,
with the answer's id from :func:`pipeline.analysis.free_text.answer_id` (the
free-text notebook lists every answer with its id). The report then shows, per
question, each theme with the number of answers in it instead of a sample of
the answers themselves.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline.analysis.free_text import answer_id
from pipeline.analysis.results import FreeText
from pipeline.errors import PipelineError

THEMES_FILE = "texts/fritekst-tema.csv"
COLUMNS = ("svar_id", "tema")


def read_themes(path: Path) -> dict[str, str]:
    """Answer id → theme; empty when the file does not exist. A theme left blank is not coded."""
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineError("Filen er ikke lagret som UTF-8.", file=path) from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(c.strip() for c in rows[0][:2]) != COLUMNS:
        raise PipelineError(
            "Første linje skal være kolonnenavnene «svar_id,tema».",
            file=path,
            rows=(1,),
            values=tuple(rows[0]) if rows else (),
        )
    themes: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2:
            raise PipelineError(
                "Raden mangler kolonnen «tema».", file=path, rows=(number,), values=tuple(row)
            )
        key, theme = row[0].strip(), row[1].strip()
        if key in themes and themes[key] != theme:
            raise PipelineError(
                f"Svaret «{key}» har to ulike temaer.", file=path, column="svar_id", rows=(number,)
            )
        if theme:
            themes[key] = theme
    return themes


def theme_counts(item: Mapping[str, Any], themes: dict[str, str]) -> list[tuple[str, int]] | None:
    """The themes of one question's answers with counts, most first; None when none is coded.

    Answers not coded are counted as «Ikke kodet», so the counts add up to n.

    >>> item = {"id": "q", "answers": ["a", "b", "c"]}
    >>> coded = {answer_id("q", "a"): "Tid", answer_id("q", "b"): "Tid"}
    >>> theme_counts(item, coded)
    [('Tid', 2), ('Ikke kodet', 1)]
    """
    ids = [answer_id(item["id"], a) for a in item.get("answers", [])]
    coded = [themes[i] for i in ids if i in themes]
    if not coded:
        return None
    counts = sorted(Counter(coded).items(), key=lambda kv: (-kv[1], kv[0]))
    uncoded = len(ids) - len(coded)
    return counts + ([("Ikke kodet", uncoded)] if uncoded else [])


def check_known(themes: dict[str, str], free_text: list[FreeText], path: Path) -> None:
    """Every coded id belongs to an answer in the results (a typo or stale id is an error)."""
    known = {answer_id(f["id"], a) for f in free_text for a in f.get("answers", [])}
    unknown = sorted(set(themes) - known)
    if unknown:
        raise PipelineError(
            f"{len(unknown)} svar-id-er i filen finnes ikke blant fritekstsvarene.",
            file=path,
            column="svar_id",
            values=tuple(unknown[:5]),
            hint="Hent id-ene fra fritekst-notatboka (notebooks/04-fritekst.py); "
            "svar som er endret eller fjernet, får ny id.",
        )
