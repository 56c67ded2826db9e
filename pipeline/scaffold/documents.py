"""The YAML files of a new study (``make study``), written by :mod:`pipeline.yamlwrite`.

Neutral text only (nothing from any real audit). What only the revisor knows
is a «[Revisor skriver her: …]» placeholder or a value marked ``REVISOR`` in a
comment beside or above its key. Every value comes from the export or the
study id, never from the clock: the same export gives the same files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap

from pipeline import yamlwrite
from pipeline.report.texts import PLACEHOLDER

KEYS_DOC = "Alle nøklene er beskrevet i docs/studieformat.md."


def _revisor(what: str) -> str:
    """«[Revisor skriver her: …]», shown as it is in the report until it is replaced."""
    return PLACEHOLDER.format(what=what)


@dataclass(frozen=True)
class SurveyFacts:
    """What the export tells about the survey, for ``study.yaml``."""

    platform: str
    export: str  # the file name in data/raw/<id>/
    sheet: str | None
    first_answer: dt.date | None  # None: the export has no timestamps
    last_answer: dt.date | None
    invitation: dt.date  # proposals from the answers (or the study's year)
    closed: dt.date
    invited_by: str | None  # the background variable invitees are counted by
    invited_counts: dict[str, int] | None  # rows per group; None: the export lists all invitees


def _from_export(which: str, day: dt.date | None) -> str:
    """What the export says about the date below the comment."""
    if day is None:
        return "Eksporten har ingen tidspunkter; datoen under er 1. januar i studiens år."
    return f"Fra eksporten: {which} svar kom {day.strftime('%d.%m.%Y')}."


def _invited(survey: CommentedMap, facts: SurveyFacts) -> None:
    indent = yamlwrite.INDENT
    if facts.invited_by is None:
        survey["invited"] = yamlwrite.mapping({"variable": "etat", "counts": yamlwrite.flow({})})
        note = [
            "REVISOR: eksporten har ingen bakgrunnsvariabel (etat, sektor …) å fordele de",
            "inviterte på. Legg den til i codebook.yaml (type: background) og skriv den her.",
        ]
    elif facts.invited_counts is None:
        survey["invited"] = yamlwrite.mapping({"variable": facts.invited_by, "from_export": True})
        note = ["Eksporten lister alle inviterte, så antallet per gruppe telles fra den."]
    else:
        counts = facts.invited_counts
        survey["invited"] = yamlwrite.mapping(
            {
                "variable": facts.invited_by,
                "counts": yamlwrite.mapping(counts) if counts else yamlwrite.flow({}),
            }
        )
        note = [
            "REVISOR: antall inviterte per gruppe. Tallene under er radene i eksporten per gruppe,",
            "ikke nødvendigvis alle som ble invitert: rett dem etter invitasjonslisten.",
        ]
    yamlwrite.note_above(survey, "invited", note, indent=indent)


def study_yaml(study_id: str, kommune: str, facts: SurveyFacts) -> str:
    """``study.yaml``: what the export knows filled in, the rest marked ``REVISOR``.

    The report date is proposed as the day the survey closed (the last answer):
    a report cannot be older than its data, and the date comes from the export,
    so the file is the same whenever it is made. The revisor sets the day of
    signing.
    """
    header = [
        f"Studien {study_id}, laget av «make study» fra eksporten «{facts.export}» "
        f"({facts.platform}).",
        "Alt merket REVISOR fyller revisor ut eller kontrollerer før rapporten brukes; tekster i",
        "«[Revisor skriver her: …]» vises slik i rapporten til de er byttet ut.",
        KEYS_DOC,
    ]
    doc = yamlwrite.mapping(
        {
            "id": study_id,
            "kommune": kommune,
            "title": _revisor("rapportens tittel"),
            "revisor": _revisor("revisjonsselskapet"),
            "report_date": facts.closed,
            "ordered_by": _revisor("bestillingen, f.eks. «Kontrollutvalget, sak 1/26, 01.02.2026»"),
            "purpose": _revisor("formålet med prosjektet"),
        }
    )
    yamlwrite.note_beside(doc, "kommune", "REVISOR: kontroller navnet")
    for key in ("title", "revisor", "ordered_by", "purpose"):
        yamlwrite.note_beside(doc, key, "REVISOR")
    yamlwrite.note_beside(
        doc,
        "report_date",
        "REVISOR: rapportens dato (foreslått: datoen undersøkelsen ble stengt)",
    )
    problem = yamlwrite.mapping(
        {
            "id": "p1",
            "text": _revisor("problemstilling 1"),
            "criteria": yamlwrite.sequence([_revisor("revisjonskriterium")]),
        }
    )
    doc["problemstillinger"] = yamlwrite.sequence([problem])
    yamlwrite.note_above(
        doc,
        "problemstillinger",
        [
            "REVISOR: problemstillingene og revisjonskriteriene. Legg til p2, p3 … ved behov, "
            "og vis til dem",
            "fra report.yaml.",
        ],
        blank=True,
    )
    survey = yamlwrite.mapping({"platform": facts.platform, "export": facts.export})
    if facts.sheet:
        survey["sheet"] = facts.sheet
    survey["invitation"] = facts.invitation
    survey["reminders"] = yamlwrite.flow([])
    survey["closed"] = facts.closed
    indent = yamlwrite.INDENT
    yamlwrite.note_above(
        survey,
        "invitation",
        ["REVISOR: datoen invitasjonen ble sendt. " + _from_export("første", facts.first_answer)],
        indent=indent,
    )
    yamlwrite.note_above(
        survey,
        "reminders",
        [
            "REVISOR: datoene for purringer, f.eks. [2026-02-03, 2026-02-10]; "
            "tom liste når ingen ble sendt."
        ],
        indent=indent,
    )
    yamlwrite.note_above(
        survey,
        "closed",
        ["REVISOR: datoen undersøkelsen ble stengt. " + _from_export("siste", facts.last_answer)],
        indent=indent,
    )
    _invited(survey, facts)
    doc["survey"] = survey
    yamlwrite.note_above(doc, "survey", [], blank=True)
    footer = [
        "REVISOR: stedet og de som signerer rapporten.",
        "place: Stedet",
        "signatures:",
        "  - {name: Navn Navnesen, role: Oppdragsansvarlig revisor}",
    ]
    return yamlwrite.dump(doc, header=header, footer=footer)


def analysis_yaml(study_id: str, breakdowns: list[str]) -> str:
    """``analysis.yaml``: the anonymity threshold, breakdowns by every background variable,
    free text not shown."""
    doc = yamlwrite.mapping(
        {
            "anonymity": yamlwrite.mapping({"k": 5}),
            "breakdowns": yamlwrite.flow(breakdowns),
            "free_text": yamlwrite.mapping({"show": False}),
        }
    )
    yamlwrite.note_beside(
        doc["anonymity"], "k", "ingen tall i rapporten bygger på færre enn 5 svar"
    )
    yamlwrite.note_above(
        doc,
        "breakdowns",
        ["Bakgrunnsvariablene hvert spørsmål også brytes ned på (id fra codebook.yaml)."],
        blank=True,
    )
    yamlwrite.note_above(doc, "free_text", [], blank=True)
    yamlwrite.note_beside(
        doc["free_text"],
        "show",
        "true: fritekstsvar (renset for navn, e-post og telefon) kan vises i rapporten",
    )
    header = [f"Analysen for {study_id}, laget av «make study». {KEYS_DOC}"]
    return yamlwrite.dump(doc, header=header)


def report_yaml(study_id: str, questions: list[str]) -> str:
    """``report.yaml``: one chapter with every reported question (or only the drop-off)."""
    facts = [{"question": q} for q in questions] or [{"dropoff": True}]
    chapter = yamlwrite.mapping(
        {
            "title": _revisor("kapitteltittel"),
            "problemstillinger": yamlwrite.flow(["p1"]),
            "facts": yamlwrite.sequence(yamlwrite.mapping(f) for f in facts),
            "vurdering": "vurdering-p1.md",
        }
    )
    header = [
        f"Rapportens kapitler for {study_id}, laget av «make study»: ett kapittel med alle "
        "spørsmålene i",
        "eksporten. REVISOR: fordel spørsmålene på problemstillingene, og skriv vurderingen i",
        "texts/vurdering-p1.md (til den finnes, står det en plassholder i rapporten).",
        KEYS_DOC,
    ]
    doc = yamlwrite.mapping({"chapters": yamlwrite.sequence([chapter])})
    return yamlwrite.dump(doc, header=header)


def absence_yaml(study_id: str, file: str, period_type: str, columns: dict[str, str]) -> str:
    """``absence.yaml`` for a register file whose columns were recognised from its headers."""
    header = [
        f"Registrert sykefravær for {study_id}, laget av «make study» fra «{file}».",
        "REVISOR: kontroller kolonnene og perioden, skriv kilden, og legg til landsnivå og "
        "vedtatte mål",
        "(national_reference, targets) når rapporten skal ha dem. Alle nøklene er beskrevet i",
        "docs/studieformat.md.",
    ]
    doc = yamlwrite.mapping(
        {
            "file": file,
            "source": _revisor("kilden til fraværstallene"),
            "period_type": period_type,
            "columns": yamlwrite.mapping(columns),
        }
    )
    return yamlwrite.dump(doc, header=header)
