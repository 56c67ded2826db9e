"""The validation page (``reports/validering.html``): what a revisor reads after a run.

A small, self-contained HTML page in Norwegian: one heading, the counts of
errors and warnings, and a table with one row per finding (column, severity,
message, values, rows), from ``templates/validering.html.j2`` in the
environment every page shares (:mod:`pipeline.templating`). Everything
data-derived is escaped by Jinja's autoescape. No run timestamps, so the same
findings give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import PipelineError, format_rows
from pipeline.files import write_text
from pipeline.redaction import Redactor, redacted_error
from pipeline.templating import environment
from pipeline.validation.report import Finding, ValidationReport

_SEVERITY_WORDS = {"error": "Feil", "warning": "Advarsel"}
# Values and rows shown per finding on the page; validation.json keeps them all.
_SHOWN_VALUES = 20
_SHOWN_ROWS = 50


def render_validation_page(report: ValidationReport, *, title: str) -> str:
    """The page as HTML text (see :func:`write_validation_page`).

    >>> html = render_validation_page(ValidationReport(), title="Validering av eksporten")
    >>> '<html lang="nb">' in html and "Ingen funn" in html
    True
    """
    findings = []
    for f in report.findings:
        extra = len(f.values) - _SHOWN_VALUES
        findings.append(
            {
                "severity": f.severity,
                "severity_word": _SEVERITY_WORDS[f.severity],
                "column": f.column,
                "message": f.message,
                "shown_values": f.values[:_SHOWN_VALUES],
                "more_values": max(extra, 0),
                "rows": format_rows(f.rows, limit=_SHOWN_ROWS) if f.rows else "",
            }
        )
    return (
        environment()
        .get_template("validering.html.j2")
        .render(
            title=title,
            file=report.file,
            n_errors=len(report.errors),
            n_warnings=len(report.warnings),
            findings=findings,
        )
    )


def write_validation_page(report: ValidationReport, target: Path, *, title: str) -> None:
    """Write the validation page to ``target`` atomically.

    Parameters
    ----------
    report
        The findings of :func:`pipeline.validation.validate`.
    target
        Usually ``reports/validering.html``.
    title
        The page heading, e.g. ``Validering av eksporten``.
    """
    write_text(Path(target), render_validation_page(report, title=title))


def rejection_report(
    error: BaseException,
    *,
    redactor: Redactor | None = None,
    is_identifier: Callable[[str], bool] | None = None,
) -> ValidationReport:
    """A report with one error: why a file was rejected before validation could run.

    A file that cannot be read (wrong type, empty, duplicate header, missing column, a
    study file that is not valid YAML) never reaches the validation checks, but the page
    must still say so: the previous run's «0 feil» would tell the revisor the opposite.

    Values taken from the export's cells are redacted, none shown from a column of direct
    identifiers (:func:`pipeline.redaction.redacted_error`, as the terminal shows them).

    >>> r = rejection_report(PipelineError("Filen er tom.", file="eksport.xlsx"))
    >>> r.file, len(r.errors), r.errors[0].message
    ('eksport.xlsx', 1, 'Filen er tom.')
    >>> bad = PipelineError("Ikke et tall.", column="Alder", values=("150765 00565",), rows=(7,))
    >>> rejection_report(bad).errors[0].values
    ('[fødselsnummer fjernet]',)
    >>> rejection_report(bad, is_identifier=lambda c: c == "Alder").errors[0].values
    ()
    """
    if isinstance(error, PipelineError):
        message = error.message + (f" Tips: {error.hint}" if error.hint else "")
        error = redacted_error(error, redactor or Redactor(), is_identifier)
        values = tuple(str(v) for v in error.values)
        finding = Finding(
            "file_rejected",
            "error",
            error.column,
            None,
            message,
            values,
            tuple(int(r) for r in error.rows),
            len(error.rows) or 1,
        )
        file = Path(error.file).name if error.file is not None else None
        return ValidationReport((finding,), file)
    message = (
        f"Innlesingen stoppet med en uventet feil ({type(error).__name__}), før kontrollene "
        "kunne kjøres. Dette er trolig en feil i programmet, ikke i dataene."
    )
    return ValidationReport((Finding("unexpected_error", "error", None, None, message, (), (), 1),))


def write_rejection_page(
    error: BaseException,
    target: Path,
    *,
    title: str,
    redactor: Redactor | None = None,
    is_identifier: Callable[[str], bool] | None = None,
) -> None:
    """Write the validation page for a run that stopped before validation (see
    :func:`rejection_report`), so the page never shows an earlier run's findings."""
    report = rejection_report(error, redactor=redactor, is_identifier=is_identifier)
    if report.file:
        title = f"{title}: {report.file}"
    write_validation_page(report, target, title=title)
