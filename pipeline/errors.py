"""Errors a user can act on, with a message in Norwegian.

Every problem with the user's input (an export, a codebook, a study file) is
raised as :class:`PipelineError`. The CLI prints its message and exits non-zero;
no traceback is shown unless ``--debug`` is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def format_rows(rows: Iterable[int], limit: int = 10) -> str:
    """Row numbers as a revisor reads them: ``rad 14, 88, 203`` (capped, with "med flere").

    >>> format_rows([14, 88, 203])
    'rad 14, 88, 203'
    >>> format_rows(range(2, 30), limit=3)
    'rad 2, 3, 4 med flere (28 i alt)'
    """
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        return f"rad {shown} med flere ({len(rows)} i alt)"
    return f"rad {shown}"


@dataclass
class PipelineError(Exception):
    """A problem with the user's input, explained in Norwegian.

    Parameters
    ----------
    message
        What is wrong, in plain Norwegian bokmål.
    file
        The file the problem is in, if any.
    column
        The column (as the user sees its header), if any.
    values
        Offending values, if any.
    rows
        1-based row numbers in the file (the header row is row 1), if any.
    hint
        What the user can do about it.
    line, col
        1-based line (and column) in a text file such as ``study.yaml``, if any.
    """

    message: str
    file: Path | str | None = None
    column: str | None = None
    values: Sequence[object] = field(default_factory=tuple)
    rows: Sequence[int] = field(default_factory=tuple)
    hint: str | None = None
    line: int | None = None
    col: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(f"Fil «{Path(self.file).name}»")
        if self.line is not None:
            parts.append(f"linje {self.line}")
        if self.col is not None:
            parts.append(f"kolonne {self.col}")
        if self.column is not None:
            parts.append(f"kolonne «{self.column}»")
        where = ", ".join(parts)
        text = f"{where}: {self.message}" if where else self.message
        if self.values:
            shown = ", ".join(f"«{v}»" for v in list(self.values)[:10])
            text += f" Verdi: {shown}."
        if self.rows:
            text += f" ({format_rows(self.rows)})"
        if self.hint:
            text += f"\n  Tips: {self.hint}"
        return text
