"""Validation: expectations generated from the codebook find and name problems in an export."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from types import SimpleNamespace

import jinja2
import numpy as np
import pandas as pd
import pytest
import yaml

from pipeline import formatting as fmt
from pipeline.codebook.load import parse_codebook
from pipeline.config import StudyConfig, Survey
from pipeline.reading.model import DecodedExport, SourceInfo
from pipeline.templating import environment, templates_dir
from pipeline.validation import Finding, ValidationReport, validate, write_validation_page
from pipeline.validation.page import render_validation_page

CODEBOOK = """\
platform: questback_essentials
scales:
  enig5:
    labels: [Svært uenig, Uenig, Nøytral, Enig, Svært enig]
    off_scale: [Vet ikke]
    direction: high
questions:
  - id: etat
    type: background
    header: "Hvilken etat jobber du i?"
    labels: [Helse og velferd, Familie og oppvekst]
  - id: leder
    type: single
    header: "Er du leder?"
    labels: [Ja, Nei]
  - id: oppfolging
    type: likert
    header: "Jeg følger opp sykmeldte medarbeidere"
    scale: enig5
    asked_if: {leder: [Ja]}
"""

HEADERS = {
    "respondent_id": "Respondent-ID",
    "started_at": "Starttidspunkt",
    "completed_at": "Sluttidspunkt",
    "status": "Status",
    "etat": "Hvilken etat jobber du i?",
    "leder": "Er du leder?",
    "oppfolging": "Jeg følger opp sykmeldte medarbeidere",
}


def codebook(text: str = CODEBOOK):
    return parse_codebook(yaml.safe_load(textwrap.dedent(text)), Path("codebook.yaml"))


def study(**survey_changes) -> StudyConfig:
    survey = dict(
        platform="questback_essentials",
        export=Path("eksport.xlsx"),
        invitation=dt.date(2025, 2, 3),
        reminders=(dt.date(2025, 2, 10), dt.date(2025, 2, 17)),
        closed=dt.date(2025, 2, 28),
        invited_by="etat",
        invited={"Helse og velferd": 10, "Familie og oppvekst": 10},
    )
    survey.update(survey_changes)
    return StudyConfig(
        id="test",
        kommune="Testkommune",
        title="Test",
        revisor="Revisor",
        report_date=dt.date(2025, 5, 1),
        ordered_by="Kontrollutvalget",
        purpose="Test",
        problemstillinger=(),
        survey=Survey(**survey),
    )


def clean_frame(n: int = 6) -> pd.DataFrame:
    start = pd.Timestamp("2025-02-04 09:00")
    etat = ["Helse og velferd", "Familie og oppvekst"] * (n // 2)
    leder = ["Ja", "Nei", "Nei"] * (n // 3)
    return pd.DataFrame(
        {
            "respondent_id": pd.array([str(100 + i) for i in range(n)], dtype="string"),
            "started_at": [start + pd.Timedelta(hours=i) for i in range(n)],
            "completed_at": [start + pd.Timedelta(hours=i, minutes=10) for i in range(n)],
            "completed": [True] * n,
            "status": pd.array(["Fullført"] * n, dtype="string"),
            "etat": etat,
            "leder": leder,
            "oppfolging": ["Enig" if lead == "Ja" else None for lead in leder],
        }
    )


def export(frame: pd.DataFrame, headers: dict[str, str] = HEADERS) -> DecodedExport:
    source = SourceInfo(path=Path("eksport.xlsx"), format="xlsx", sha256="0" * 64, size_bytes=1)
    return DecodedExport(
        source=source,
        frame=frame,
        headers={k: v for k, v in headers.items() if k in frame.columns},
        rows=np.arange(2, len(frame) + 2),
    )


def only(report: ValidationReport, check: str) -> Finding:
    found = [f for f in report.findings if f.check == check]
    assert len(found) == 1, report.summary_lines()
    return found[0]


def test_clean_export_has_no_findings():
    report = validate(export(clean_frame()), codebook(), study())
    assert report.findings == ()
    assert report.to_json() == []
    assert report.summary_lines() == ["Validering av «eksport.xlsx»: 0 feil, 0 advarsler."]


def test_unknown_label_is_named_with_column_header_value_and_rows():
    frame = clean_frame(6)
    frame.loc[[1, 3, 4], "etat"] = "Teknisk"
    report = validate(export(frame), codebook(), study())
    f = only(report, "answer_in_label_set")
    assert f.severity == "error"
    assert f.column == "Hvilken etat jobber du i?"
    assert f.variable == "etat"
    assert f.values == ("Teknisk",)
    assert f.rows == (3, 5, 6)
    assert f.count == 3
    assert (
        f.message == "Kolonne «Hvilken etat jobber du i?»: 3 ukjente svar «Teknisk» (rad 3, 5, 6)"
    )
    assert f"Feil: {f.message}" in report.summary_lines()


def test_several_unknown_labels_are_listed_most_frequent_first():
    frame = clean_frame(6)
    frame.loc[[0], "leder"] = "Kanskje"
    frame.loc[[2, 5], "leder"] = "Vet ikke"
    f = only(validate(export(frame), codebook(), study()), "answer_in_label_set")
    assert f.values == ("Vet ikke", "Kanskje")
    assert f.rows == (2, 4, 7)
    assert "«Vet ikke» (rad 4, 7), «Kanskje» (rad 2)" in f.message


def test_off_scale_labels_are_valid_answers():
    frame = clean_frame(6)
    frame.loc[0, "oppfolging"] = "Vet ikke"
    report = validate(export(frame), codebook(), study())
    assert report.findings == ()


def test_duplicate_respondent_ids_are_errors_naming_the_id_and_both_rows():
    frame = clean_frame(6)
    frame.loc[4, "respondent_id"] = "101"
    f = only(validate(export(frame), codebook(), study()), "respondent_id_unique")
    assert f.severity == "error"
    assert f.column == "Respondent-ID"
    assert f.values == ("101",)
    assert f.rows == (3, 6)


def test_missing_respondent_id_is_an_error_with_its_row():
    frame = clean_frame(6)
    frame.loc[2, "respondent_id"] = pd.NA
    f = only(validate(export(frame), codebook(), study()), "respondent_id_present")
    assert f.rows == (4,)
    assert f.severity == "error"


def test_timestamp_before_invitation_or_after_closing_day_is_outside_the_window():
    frame = clean_frame(6)
    frame.loc[1, "started_at"] = pd.Timestamp("2025-01-20 10:00")
    frame.loc[1, "completed_at"] = pd.Timestamp("2025-01-20 10:05")
    frame.loc[2, "completed_at"] = pd.Timestamp("2025-03-01 00:00")  # the day after closing
    frame.loc[3, "completed_at"] = pd.Timestamp("2025-02-28 23:59")  # still the closing day
    report = validate(export(frame), codebook(), study())
    found = [f for f in report.findings if f.check == "timestamp_in_window"]
    assert {(f.column, f.rows) for f in found} == {
        ("Starttidspunkt", (3,)),
        ("Sluttidspunkt", (3, 4)),
    }
    start = next(f for f in found if f.column == "Starttidspunkt")
    assert start.values == ("20.01.2025",)
    assert "03.02.2025–28.02.2025" in start.message
    assert all(f.severity == "error" for f in found)


def test_unreadable_start_time_is_an_error():
    frame = clean_frame(6)
    frame.loc[5, "started_at"] = pd.NaT
    f = only(validate(export(frame), codebook(), study()), "timestamp_parses")
    assert f.rows == (7,)
    assert f.column == "Starttidspunkt"


def test_end_before_start_is_an_error():
    frame = clean_frame(6)
    frame.loc[0, "completed_at"] = frame.loc[0, "started_at"] - pd.Timedelta(minutes=5)
    f = only(validate(export(frame), codebook(), study()), "completed_after_started")
    assert f.rows == (2,)


def test_unknown_status_value_is_an_error():
    frame = clean_frame(6)
    frame.loc[2, "status"] = "Avbrutt"
    f = only(validate(export(frame), codebook(), study()), "completion_status_valid")
    assert f.column == "Status"
    assert f.values == ("Avbrutt",)
    assert f.rows == (4,)


def test_answers_from_respondents_not_asked_are_a_routing_warning_with_rows():
    frame = clean_frame(6)  # leder: Ja, Nei, Nei, Ja, Nei, Nei
    frame.loc[[1, 4], "oppfolging"] = "Uenig"
    frame.loc[[2], "oppfolging"] = "Enig"
    report = validate(export(frame), codebook(), study())
    f = only(report, "routing_respected")
    assert f.severity == "warning"
    assert report.errors == ()
    assert f.column == "Jeg følger opp sykmeldte medarbeidere"
    assert f.variable == "oppfolging"
    assert f.rows == (3, 4, 6)
    assert f.count == 3
    assert f.values == ("Uenig", "Enig")
    # The routing is told with the question's short label and answer text, never its id.
    assert "stilles bare til dem som svarte «Ja» på spørsmålet om leder" in f.message


def test_answer_when_the_routing_variable_is_unanswered_counts_as_not_asked():
    frame = clean_frame(6)
    frame.loc[0, "leder"] = None  # answered oppfolging ("Enig") without saying they lead
    f = only(validate(export(frame), codebook(), study()), "routing_respected")
    assert f.rows == (2,)


MULTIPLE = (
    CODEBOOK
    + """\
  - id: tiltak
    type: multiple
    text: "Hvilke tiltak har du brukt?"
    asked_if: {leder: [Ja]}
    options:
      - {id: tiltak_samtale, label: Samtale}
      - {id: tiltak_tilrettelegging, label: Tilrettelegging}
  - id: kommentar
    type: text
    header: "Kommentar til tiltakene"
    asked_if: {tiltak_samtale: [true]}
"""
)


def test_routing_on_multiple_choice_is_one_warning_per_question_and_free_text_is_not_shown():
    frame = clean_frame(6)
    chosen = [True, None, None, False, None, None]
    frame["tiltak_samtale"] = pd.array(chosen, dtype="boolean")
    frame["tiltak_tilrettelegging"] = pd.array(
        [False, True, None, True, None, None], dtype="boolean"
    )
    frame["kommentar"] = pd.array(["ok", None, None, "hemmelig <navn>", None, None], dtype="string")
    headers = HEADERS | {
        "tiltak_samtale": "Hvilke tiltak har du brukt? - Samtale",
        "tiltak_tilrettelegging": "Hvilke tiltak har du brukt? - Tilrettelegging",
        "kommentar": "Kommentar til tiltakene",
    }
    report = validate(export(frame, headers), codebook(MULTIPLE), study())
    found = {f.variable: f for f in report.findings}
    assert set(found) == {"tiltak", "kommentar"}
    assert found["tiltak"].rows == (3,)  # row 3: not a leader, ticked Tilrettelegging
    assert found["tiltak"].values == ("Tilrettelegging",)
    assert found["kommentar"].rows == (5,)  # wrote a comment without choosing Samtale
    assert found["kommentar"].values == ()
    assert "hemmelig" not in json.dumps(report.to_json())


def test_more_respondents_in_a_sector_than_invited_is_an_error():
    report = validate(
        export(clean_frame(6)),
        codebook(),
        study(invited={"Helse og velferd": 2, "Familie og oppvekst": 10}),
    )
    f = only(report, "invited_not_exceeded")
    assert f.severity == "error"
    assert f.column == "Hvilken etat jobber du i?"
    assert f.values == ("Helse og velferd",)
    assert f.count == 3
    assert "3 respondenter fra «Helse og velferd», men bare 2 invitert" in f.message


def test_sector_without_invited_count_is_a_warning():
    report = validate(export(clean_frame(6)), codebook(), study(invited={"Helse og velferd": 10}))
    f = only(report, "invited_count_known")
    assert f.severity == "warning"
    assert f.values == ("Familie og oppvekst",)


def test_reminder_before_invitation_is_an_error_without_column():
    report = validate(
        export(clean_frame(6)),
        codebook(),
        study(reminders=(dt.date(2025, 2, 1),)),
    )
    f = only(report, "study_dates_order")
    assert f.severity == "error"
    assert f.column is None
    assert "purring 1 (01.02.2025) er ikke etter invitasjonen (03.02.2025)" in f.message


def test_closing_before_last_reminder_is_an_error():
    report = validate(export(clean_frame(6)), codebook(), study(closed=dt.date(2025, 2, 12)))
    f = only(report, "study_dates_order")
    assert "stengningsdatoen (12.02.2025) er ikke etter purring 2 (17.02.2025)" in f.message


def test_missing_required_column_is_an_error_and_optional_one_a_warning():
    text = CODEBOOK.replace(
        '    header: "Er du leder?"', '    header: "Er du leder?"\n    required: false'
    )
    frame = clean_frame(6).drop(columns=["etat", "leder"])
    report = validate(export(frame), codebook(text), study())
    found = {f.variable: f for f in report.findings if f.check == "column_present"}
    assert found["etat"].severity == "error"
    assert found["etat"].column == "Hvilken etat jobber du i?"
    assert found["leder"].severity == "warning"


def test_decoded_column_filled_with_na_for_a_missing_file_column_counts_as_missing():
    frame = clean_frame(6)
    frame["leder"] = pd.Series([pd.NA] * 6, dtype=object)
    headers = {k: v for k, v in HEADERS.items() if k != "leder"}
    report = validate(export(frame, headers), codebook(), study())
    assert [f.variable for f in report.findings if f.check == "column_present"] == ["leder"]


def test_findings_are_errors_first_and_json_follows_the_contract():
    frame = clean_frame(6)
    frame.loc[1, "oppfolging"] = "Enig"  # routing warning
    frame.loc[2, "etat"] = "Teknisk"  # error
    report = validate(export(frame), codebook(), study())
    assert [f.severity for f in report.findings] == ["error", "warning"]
    entry = report.to_json()[0]
    assert set(entry) == {
        "check",
        "severity",
        "column",
        "variable",
        "message",
        "values",
        "rows",
        "count",
    }
    assert entry["rows"] == [4] and entry["values"] == ["Teknisk"]
    json.dumps(report.to_json(), allow_nan=False)


def test_page_escapes_values_and_is_deterministic(tmp_path):
    frame = clean_frame(6)
    frame.loc[3, "etat"] = "<script>alert(1)</script>"
    report = validate(export(frame), codebook(), study())
    target = tmp_path / "validering.html"
    write_validation_page(report, target, title="Validering av eksporten")
    html = target.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<html lang="nb">' in html
    assert html.count("<h1>") == 1
    assert '<th scope="col">Kolonne</th>' in html
    assert '<th scope="row">Hvilken etat jobber du i?</th>' in html
    assert "1 feil og 0 advarsler" in html
    first = target.read_bytes()
    write_validation_page(report, target, title="Validering av eksporten")
    assert target.read_bytes() == first


def test_page_for_a_clean_export_says_no_findings(tmp_path):
    target = tmp_path / "validering.html"
    write_validation_page(
        ValidationReport((), "eksport.xlsx"), target, title="Validering av eksporten"
    )
    assert "Ingen funn" in target.read_text(encoding="utf-8")


def test_page_is_rendered_like_the_report_with_norwegian_numbers_and_strict_names():
    warnings = tuple(Finding("x", "warning", "Etat", None, "Obs.") for _ in range(1124))
    html = render_validation_page(ValidationReport(warnings), title="Validering")
    assert f"0 feil og {fmt.integer(1124)} advarsler." in html
    env = environment()
    assert env.undefined is jinja2.StrictUndefined  # a misspelt name fails, not blank
    assert env.get_template("validering.html.j2").filename.startswith(str(templates_dir()))


def test_finding_rejects_unknown_severity():
    with pytest.raises(ValueError):
        Finding("x", "fatal", None, None, "Noe er galt.")


def test_text_columns_go_to_great_expectations_as_categoricals_with_the_same_cells():
    from pipeline.validation.gx_run import _cheap_to_check

    text = pd.Series(["b", None, "a", "b", pd.NA], dtype=object, name="etat")
    checked = _cheap_to_check(text)
    assert isinstance(checked.dtype, pd.CategoricalDtype)
    assert checked.isna().tolist() == [False, True, False, False, True]
    assert checked.astype(object).where(checked.notna(), None).tolist() == [
        "b",
        None,
        "a",
        "b",
        None,
    ]
    assert checked.index.equals(text.index) and checked.name == "etat"
    arrow = pd.Series(["x", None], dtype="string")
    assert _cheap_to_check(arrow).isna().tolist() == [False, True]
    times = pd.Series(pd.to_datetime(["2025-02-03", None]))
    assert _cheap_to_check(times) is times


def test_rows_come_from_a_second_complete_run_and_an_expectation_gx_cannot_run_is_an_error():
    from pipeline.validation.expectations import Planned
    from pipeline.validation.gx_run import _succeeded, run_suite

    frame = pd.DataFrame({"etat": ["Helse", "Teknisk", None, "Teknisk"], "n": ["a", "b", "c", "d"]})
    in_set = Planned(
        "answer_in_label_set",
        "error",
        "Etat",
        "etat",
        "ExpectColumnValuesToBeInSet",
        {"column": "etat", "value_set": ["Helse"]},
    )
    not_null = Planned(
        "column_present", "error", "Etat", "etat", "ExpectColumnValuesToNotBeNull", {"column": "n"}
    )
    outcomes = run_suite(frame, [in_set, not_null])
    assert [(o.success, o.positions) for o in outcomes] == [(False, (1, 3)), (True, ())]
    failed_run = SimpleNamespace(
        success=False, exception_info={"raised_exception": True, "exception_message": "boom"}
    )
    with pytest.raises(RuntimeError, match="great-expectations failed on .*boom"):
        _succeeded(failed_run, in_set)
