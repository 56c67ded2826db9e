"""The validation page (``reports/validering.html``): what a revisor reads after a run.

A small, self-contained HTML page in Norwegian: one heading, the counts of
errors and warnings, and a table with one row per finding (column, severity,
message, values, rows). Everything data-derived is escaped by Jinja's
autoescape. No run timestamps, so the same findings give the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from pipeline import formatting as fmt
from pipeline.errors import format_rows
from pipeline.files import write_text
from pipeline.validation.report import ValidationReport

_SEVERITY_WORDS = {"error": "Feil", "warning": "Advarsel"}
# Values and rows shown per finding on the page; validation.json keeps them all.
_SHOWN_VALUES = 20
_SHOWN_ROWS = 50

_TEMPLATE = """\
<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: 0.5rem 0; }
th, td { border: 1px solid #767676; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
tr.error td.severity { font-weight: bold; color: #8b0000; }
tr.warning td.severity { color: #5c4400; }
.summary { font-size: 1.1rem; }
</style>
</head>
<body>
<main>
<h1>{{ title }}</h1>
{% if file %}<p>Fil: «{{ file }}»</p>{% endif %}
<p class="summary">{{ n_errors_text }} feil og {{ n_warnings_text }} {{ "advarsel" if n_warnings == 1 else "advarsler" }}.
{% if n_errors %}Feil stopper kjøringen: rett eksporten, kodeboken eller study.yaml og kjør på nytt.
{% elif n_warnings %}Advarslene stopper ikke kjøringen, men bør vurderes før rapporten brukes.
{% endif %}</p>
{% if findings %}
<table>
<caption>Funn ved validering av eksporten</caption>
<thead>
<tr><th scope="col">Kolonne</th><th scope="col">Alvorlighet</th><th scope="col">Melding</th><th scope="col">Verdier</th><th scope="col">Rader i filen</th></tr>
</thead>
<tbody>
{% for f in findings %}
<tr class="{{ f.severity }}">
<th scope="row">{{ f.column or "(hele undersøkelsen)" }}</th>
<td class="severity">{{ f.severity_word }}</td>
<td>{{ f.message }}</td>
<td>{% for v in f.shown_values %}«{{ v }}»{% if not loop.last %}, {% endif %}{% endfor %}{{ f.more_values }}</td>
<td>{{ f.rows }}</td>
</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p>Ingen funn: eksporten besto alle kontrollene.</p>
{% endif %}
</main>
</body>
</html>
"""


def render_validation_page(report: ValidationReport, *, title: str) -> str:
    """The page as HTML text (see :func:`write_validation_page`).

    >>> html = render_validation_page(ValidationReport(), title="Validering av eksporten")
    >>> '<html lang="nb">' in html and "Ingen funn" in html
    True
    """
    from jinja2 import Environment

    env = Environment(
        autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )
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
                "more_values": f" og {fmt.integer(extra)} til" if extra > 0 else "",
                "rows": format_rows(f.rows, limit=_SHOWN_ROWS) if f.rows else "",
            }
        )
    return env.from_string(_TEMPLATE).render(
        title=title,
        file=report.file,
        n_errors=len(report.errors),
        n_warnings=len(report.warnings),
        n_errors_text=fmt.integer(len(report.errors)),
        n_warnings_text=fmt.integer(len(report.warnings)),
        findings=findings,
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
