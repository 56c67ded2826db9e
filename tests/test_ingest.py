"""Ingest: a raw export becomes tidy, typed, anonymous data, or a clear Norwegian error and nothing written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.files import sha256_file
from pipeline.ingest import _redacted, load_responses
from pipeline.redaction import Redactor

DATA = Path(__file__).parent / "data"
STUDY = DATA / "ingest" / "study"
GOOD = DATA / "ingest" / "svar.csv"
BAD = DATA / "reading" / "bad"


def run_ingest(tmp_path: Path, export: Path, name: str = "svar.csv") -> tuple[int, Path]:
    """Ingest ``export`` (copied in as the study's export) into ``tmp_path``."""
    raw = tmp_path / "raw" / "liten-test"
    raw.mkdir(parents=True, exist_ok=True)
    study = tmp_path / "study"
    if not study.exists():
        shutil.copytree(STUDY, study)
    if name != "svar.csv":
        text = (
            (study / "study.yaml")
            .read_text(encoding="utf-8")
            .replace("export: svar.csv", f"export: {name}")
        )
        (study / "study.yaml").write_text(text, encoding="utf-8")
    shutil.copy(export, raw / name)
    processed = tmp_path / "processed"
    code = main(
        [
            "ingest",
            "--study",
            str(study),
            "--raw",
            str(tmp_path / "raw"),
            "--processed",
            str(processed),
            "--reports",
            str(tmp_path / "reports"),
        ]
    )
    return code, processed


@pytest.fixture
def ingested(tmp_path):
    code, processed = run_ingest(tmp_path, GOOD)
    assert code == 0
    return tmp_path, processed


def test_identifiers_and_platform_ids_never_reach_processed_data(ingested):
    _, processed = ingested
    responses = pd.read_parquet(processed / "responses.parquet")
    assert "E-post" not in responses.columns and "respondent_id" not in responses.columns
    assert responses["respondent"].tolist() == [1, 2, 3, 4, 5, 6]
    blob = b"".join(p.read_bytes() for p in processed.iterdir())
    assert b"@test.kommune.no" not in blob and b"9012" not in blob
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dropped_columns"] == ["E-post"]


def test_free_text_is_redacted_before_it_is_stored(ingested):
    _, processed = ingested
    texts = pd.read_parquet(processed / "responses.parquet")["fritekst"].dropna().tolist()
    assert texts[0] == "Ring [navn fjernet] på [telefonnummer fjernet]"
    assert "<b>Bra</b> jobbet" in texts  # stored as written; escaping is the report's job


def test_answers_are_typed_ordered_categoricals_booleans_and_metadata(ingested, tmp_path):
    _, processed = ingested
    responses, codebook, manifest = load_responses(processed, tmp_path / "study" / "codebook.yaml")
    likert = responses["oppfolging"]
    assert likert.dtype == "category" and likert.cat.ordered
    assert list(likert.cat.categories)[-1] == "Vet ikke"  # off-scale answers after the scale
    assert responses["hjelp_leder"].tolist()[:3] == [True, False, pd.NA] or pd.isna(
        responses["hjelp_leder"][2]
    )
    assert responses["completed"].tolist() == [True, True, False, True, True, True]
    assert responses["started_at"][0] == pd.Timestamp("2025-01-23 08:15")
    assert (
        responses["last_answered"][2] == "leder"
    )  # the partial respondent stopped after «Er du leder?»
    assert manifest.counts == {
        "rows": 6,
        "started": 6,
        "completed": 5,
        "incomplete": 1,
        "tests": 0,
        "not_invited": 0,
        "not_started": 0,
        "invited_in_export": 6,
    }
    assert manifest.sha256 == sha256_file(GOOD)


def test_same_export_gives_the_same_bytes(ingested, tmp_path):
    _, processed = ingested
    first = {p.name: p.read_bytes() for p in processed.iterdir()}
    code, again = run_ingest(tmp_path / "again", GOOD)
    assert code == 0
    assert {p.name: p.read_bytes() for p in again.iterdir()} == first


def test_the_raw_export_is_not_changed(ingested, tmp_path):
    before = sha256_file(GOOD)
    assert sha256_file(tmp_path / "raw" / "liten-test" / "svar.csv") == before


@pytest.mark.parametrize(
    ("fixture", "name", "words"),
    [
        ("tom.csv", "svar.csv", "tom"),
        ("bare-overskrift.csv", "svar.csv", "ingen svar"),
        ("dobbel-overskrift.csv", "svar.csv", "to kolonner"),
        ("avkuttet.xlsx", "svar.xlsx", "ødelagt"),
        ("bilde.xlsx", "svar.xlsx", "ikke en Excel"),
    ],
)
def test_bad_files_give_a_norwegian_message_and_leave_processed_data_untouched(
    ingested, tmp_path, capsys, fixture, name, words
):
    _, processed = ingested
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    capsys.readouterr()
    code, _ = run_ingest(tmp_path, BAD / fixture, name)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("Feil: ") and "Traceback" not in err
    assert words.lower() in err.lower(), err
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    target = tmp_path / "variant.csv"
    target.write_text(GOOD.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return target


def test_unknown_answer_label_is_an_error_naming_column_value_and_row(ingested, tmp_path, capsys):
    _, processed = ingested
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    capsys.readouterr()
    code, _ = run_ingest(
        tmp_path,
        _variant(
            tmp_path,
            "9020;30.01.2025 09:00;30.01.2025 09:04;Fullført;lise@test.kommune.no;Helse og velferd",
            "9020;30.01.2025 09:00;30.01.2025 09:04;Fullført;lise@test.kommune.no;Teknisk",
        ),
    )
    out = capsys.readouterr()
    assert code == 2
    assert "Kolonne «Etat»" in out.out and "«Teknisk»" in out.out and "rad 6" in out.out
    assert {p.name: p.read_bytes() for p in processed.iterdir()} == before
    assert (tmp_path / "reports" / "validering.html").is_file()


def test_duplicate_respondent_ids_stop_the_run(tmp_path, capsys):
    code, processed = run_ingest(tmp_path, _variant(tmp_path, "9007;", "9012;"))
    assert code == 2
    assert "9012" in capsys.readouterr().out
    assert not processed.exists() or not any(processed.iterdir())


def test_missing_required_column_is_named_with_a_suggestion(tmp_path, capsys):
    code, _ = run_ingest(tmp_path, _variant(tmp_path, "Er du leder?", "Er du leder"))
    err = capsys.readouterr().err
    assert code == 2
    assert "«Er du leder?»" in err and "Mente du «Er du leder»?" in err


def test_missing_export_names_the_folder_to_put_it_in(tmp_path, capsys):
    shutil.copytree(STUDY, tmp_path / "study")
    code = main(
        [
            "ingest",
            "--study",
            str(tmp_path / "study"),
            "--raw",
            str(tmp_path / "raw"),
            "--processed",
            str(tmp_path / "p"),
            "--reports",
            str(tmp_path / "r"),
        ]
    )
    assert code == 2
    assert "Eksportfilen finnes ikke" in capsys.readouterr().err


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["Nei", "Ring Kari på 912 34 567", "kari@modum.kommune.no", ""]),
            st.text(max_size=12),
        ),
        max_size=25,
    )
)
def test_free_text_redacted_once_per_distinct_text_equals_redacting_every_cell(cells):
    redactor = Redactor(extra_names=("Bjørnstad",))
    values = pd.Series(cells, dtype="string", index=range(10, 10 + len(cells)))
    expected = [None if pd.isna(t) else redactor.redact(str(t)) for t in values]
    got = _redacted(values, redactor)
    assert got.dtype == "string" and got.index.equals(values.index)
    assert [None if pd.isna(t) else t for t in got] == expected


def test_a_group_only_the_export_has_is_redacted_in_the_invited_count_error():
    from types import SimpleNamespace as NS

    from pipeline.errors import PipelineError
    from pipeline.ingest import invited_counts

    survey = NS(invited_from_export=True, invited_by="etat", invited={"Skole": 50, "Berg": 9})
    study = NS(config=NS(survey=survey, extra={}), root=Path("studie"))
    counts = {"invited_by_group": {"Skole": 36, "Berg": 9, "150765 00565": 1}}
    with pytest.raises(PipelineError) as caught:
        invited_counts(study, counts)
    message = caught.value.message
    assert "«[fødselsnummer fjernet]»: – i study.yaml, 1 i eksporten" in message
    assert "«Skole»: 50 i study.yaml, 36 i eksporten" in message  # the study's own names stay
    assert "150765" not in message
