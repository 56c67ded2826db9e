"""What validation found: findings with severity, and the report that holds them.

A :class:`Finding` is one row of ``validation.json`` (see docs/architecture.md):
which check, how serious, where (column as the user sees it, 1-based file rows)
and a Norwegian message a revisor can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline import formatting as fmt

SEVERITIES = ("error", "warning")
_SEVERITY_WORDS = {"error": "Feil", "warning": "Advarsel"}


@dataclass(frozen=True)
class Finding:
    """One problem found in an export or the study configuration.

    Parameters
    ----------
    check
        Check id, e.g. ``answer_in_label_set``.
    severity
        ``error`` (the run stops) or ``warning`` (the run goes on).
    column
        The column header as the user sees it in the file; ``None`` for
        problems that are not about one column (e.g. the study's dates).
    variable
        The codebook variable id, if any.
    message
        Norwegian text naming column, values and rows.
    values
        Offending values as text, distinct, most frequent first.
    rows
        1-based row numbers in the file (the header is row 1), sorted.
    count
        How many rows (or, for checks without rows, how many cases) are affected.

    Examples
    --------
    >>> f = Finding("x", "warning", None, None, "Noe er galt.", ("a",), (3,), 1)
    >>> f.to_dict()["rows"]
    [3]
    """

    check: str
    severity: str
    column: str | None
    variable: str | None
    message: str
    values: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    count: int = 0

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """The finding as a ``validation.json`` entry (plain JSON types)."""
        return {
            "check": self.check,
            "severity": self.severity,
            "column": self.column,
            "variable": self.variable,
            "message": self.message,
            "values": list(self.values),
            "rows": [int(r) for r in self.rows],
            "count": int(self.count),
        }


@dataclass(frozen=True)
class ValidationReport:
    """All findings of one validation run, errors first.

    ``file`` is the export's file name, used in the terminal summary.

    Examples
    --------
    >>> r = ValidationReport((Finding("x", "warning", None, None, "Noe er galt."),), "eksport.xlsx")
    >>> r.summary_lines()
    ['Validering av «eksport.xlsx»: 0 feil, 1 advarsel.', 'Advarsel: Noe er galt.']
    """

    findings: tuple[Finding, ...] = ()
    file: str | None = None

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    def to_json(self) -> list[dict[str, Any]]:
        """The ``validation.json`` contract: a list of findings as dicts."""
        return [f.to_dict() for f in self.findings]

    def summary_lines(self) -> list[str]:
        """Norwegian lines for the terminal: a count line, then one line per finding."""
        n_err, n_warn = len(self.errors), len(self.warnings)
        where = f"Validering av «{self.file}»" if self.file else "Validering"
        head = f"{where}: {fmt.count(n_err, 'feil', 'feil')}, {fmt.count(n_warn, 'advarsel', 'advarsler')}."
        return [head] + [f"{_SEVERITY_WORDS[f.severity]}: {f.message}" for f in self.findings]
