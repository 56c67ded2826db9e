"""Checks of the export against ``study.yaml`` that are about counts and dates, not rows.

``study_dates_order`` (error)
    invitation before every reminder, reminders in order, all before closing.
``invited_not_exceeded`` (error)
    no sector (``survey.invited.variable``) has more respondents than invited.
``invited_count_known`` (warning)
    every sector with respondents has an invited count in ``study.yaml``.
"""

from __future__ import annotations

import datetime as dt

from pipeline import formatting as fmt
from pipeline.codebook.model import Codebook
from pipeline.config import StudyConfig
from pipeline.reading.model import DecodedExport
from pipeline.validation.expectations import header_of, is_present
from pipeline.validation.report import Finding


def dates_in_order(study: StudyConfig) -> list[Finding]:
    """Invitation < reminders (in order) < closing date; one finding per pair out of order.

    >>> import datetime as dt
    >>> from types import SimpleNamespace as NS
    >>> s = NS(survey=NS(invitation=dt.date(2025, 2, 3), reminders=(dt.date(2025, 2, 1),),
    ...                  closed=dt.date(2025, 2, 28)))
    >>> [f.message for f in dates_in_order(s)]
    ['Datoene i study.yaml er ikke i rekkefølge: purring 1 (01.02.2025) er ikke etter invitasjonen (03.02.2025).']
    """
    survey = study.survey
    named: list[tuple[str, dt.date]] = [("invitasjonen", survey.invitation)]
    named += [(f"purring {i}", d) for i, d in enumerate(survey.reminders, start=1)]
    named.append(("stengningsdatoen", survey.closed))
    findings = []
    for (name_a, a), (name_b, b) in zip(named, named[1:], strict=False):
        if b > a:
            continue
        findings.append(
            Finding(
                check="study_dates_order",
                severity="error",
                column=None,
                variable=None,
                message=(
                    f"Datoene i study.yaml er ikke i rekkefølge: {name_b} ({fmt.date(b)}) "
                    f"er ikke etter {name_a} ({fmt.date(a)})."
                ),
                values=(fmt.date(a), fmt.date(b)),
                count=1,
            )
        )
    return findings


def invited_per_sector(
    decoded: DecodedExport, codebook: Codebook, study: StudyConfig
) -> list[Finding]:
    """Respondents per sector against the invited counts in ``study.yaml``.

    Every row of the export (started or completed) counts as a respondent. The
    findings carry no rows: the count is the problem, not any one row.
    Sectors are counted as their label text; unknown labels are reported by
    ``answer_in_label_set`` and are left out here.
    """
    survey = study.survey
    var_id = survey.invited_by
    try:
        var = codebook.variable(var_id)
    except KeyError:
        return [
            Finding(
                check="invited_not_exceeded",
                severity="error",
                column=None,
                variable=var_id,
                message=(
                    f"study.yaml teller inviterte per «{var_id}», men kodeboken har ingen "
                    "variabel med den id-en."
                ),
                values=(var_id,),
                count=1,
            )
        ]
    if not is_present(decoded, var_id):
        return []  # column_present reports it
    header = header_of(decoded, var)
    column = decoded.frame[var_id].reset_index(drop=True).astype("string")
    counts = column.value_counts(dropna=True)
    findings = []
    labels = set(var.answer_labels)
    for sector, n in sorted(counts.items()):
        n = int(n)
        if sector not in survey.invited:
            if sector in labels:
                findings.append(
                    Finding(
                        check="invited_count_known",
                        severity="warning",
                        column=header,
                        variable=var_id,
                        message=(
                            f"Kolonne «{header}»: {fmt.integer(n)} respondenter fra «{sector}», "
                            "men study.yaml oppgir ikke hvor mange som ble invitert derfra."
                        ),
                        values=(str(sector),),
                        count=n,
                    )
                )
            continue
        invited = survey.invited[sector]
        if n <= invited:
            continue
        findings.append(
            Finding(
                check="invited_not_exceeded",
                severity="error",
                column=header,
                variable=var_id,
                message=(
                    f"Kolonne «{header}»: {fmt.integer(n)} respondenter fra «{sector}», "
                    f"men bare {fmt.integer(invited)} invitert (study.yaml)."
                ),
                values=(str(sector),),
                count=n,
            )
        )
    return findings
