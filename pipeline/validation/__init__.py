"""Validation of a decoded export: expectations generated from the codebook.

:func:`validate` builds one great-expectations suite from the codebook and
``study.yaml`` (see :mod:`pipeline.validation.expectations` for the checks),
runs it over the whole export (a few columns per batch), adds the checks of the study's dates and
invited counts (:mod:`pipeline.validation.study_checks`) and of identity numbers typed into
number questions (:mod:`pipeline.validation.identity_numbers`), and returns a
:class:`ValidationReport`. Errors stop ingest; warnings go on into the report.
great-expectations is imported only when :func:`validate` runs.
"""

from __future__ import annotations

from pipeline.codebook.model import Codebook
from pipeline.config import StudyConfig
from pipeline.reading.model import DecodedExport
from pipeline.validation.page import render_validation_page, write_validation_page
from pipeline.validation.report import Finding, ValidationReport

__all__ = [
    "Finding",
    "ValidationReport",
    "render_validation_page",
    "validate",
    "write_validation_page",
]


def validate(decoded: DecodedExport, codebook: Codebook, study: StudyConfig) -> ValidationReport:
    """Check a decoded export against its codebook and study config.

    Parameters
    ----------
    decoded
        The export after the codebook (:func:`pipeline.codebook.decode.decode`).
    codebook
        The study's codebook.
    study
        The study config (survey window, invited counts).

    Returns
    -------
    ValidationReport
        Findings, errors first, each naming column, values and file rows.
    """
    from pipeline.redaction import study_redactor
    from pipeline.validation.expectations import plan_expectations
    from pipeline.validation.findings import findings_from
    from pipeline.validation.gx_run import run_suite
    from pipeline.validation.identity_numbers import identity_numbers_in_numbers
    from pipeline.validation.study_checks import dates_in_order, invited_per_sector

    frame, planned = plan_expectations(decoded, codebook, study)
    outcomes = run_suite(frame, planned)
    findings = findings_from(planned, outcomes, frame, decoded.rows, study_redactor(study.extra))
    findings += identity_numbers_in_numbers(decoded, codebook)
    findings += invited_per_sector(decoded, codebook, study)
    findings += dates_in_order(study)
    findings.sort(key=lambda f: f.severity != "error")  # stable: errors first, plan order kept
    return ValidationReport(tuple(findings), decoded.source.path.name)
