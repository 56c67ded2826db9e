"""«make study»: a new study from an export, and a complete report from it before any text is
written. Fixtures: the Fjellby survey (not Modum) as exported from each platform."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.cli import main
from pipeline.config import load_study
from pipeline.errors import PipelineError
from pipeline.scaffold import create_study

ROOT = Path(__file__).resolve().parents[1]
PLATFORMS = ROOT / "tests" / "data" / "platforms" / "raw"
QUESTBACK = PLATFORMS / "fjellby-2024-questback" / "fjellby-2024.csv"
SURVEYXACT = PLATFORMS / "fjellby-2024-surveyxact" / "dataset.csv"
EFS = PLATFORMS / "fjellby-2024-efs" / "data_project_4711_2024_09_23.sav"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _create(tmp_path: Path, export: Path, study_id: str = "fjellby-2024") -> Path:
    return create_study(study_id, export, studies=tmp_path / "studies", raw_root=tmp_path / "raw")


def _run(tmp_path: Path, root: Path, *stages: str) -> None:
    for stage in stages:
        args = [stage, "--study", str(root), "--raw", str(tmp_path / "raw")]
        args += ["--processed", str(tmp_path / "processed"), "--reports", str(tmp_path / "reports")]
        assert main([*args, "--format", "html"] if stage == "report" else args) == 0, stage


def test_fresh_scaffold_gives_a_complete_report_with_visible_placeholders(tmp_path):
    root = _create(tmp_path, QUESTBACK)
    _run(tmp_path, root, "ingest", "analyse", "figures", "report")
    html = (tmp_path / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert "[Revisor skriver her" in html
    assert "Fjellby kommune" in html
    assert "<figure" in html
    assert "modum" not in html.lower()


def test_scaffold_files_follow_the_study_format_and_hold_no_modum_text(tmp_path):
    root = _create(tmp_path, QUESTBACK)
    assert sorted(p.name for p in root.iterdir()) == [
        "analysis.yaml",
        "codebook.yaml",
        "report.yaml",
        "study.yaml",
    ]
    assert not (root / "absence.yaml").exists()
    for path in root.iterdir():
        assert "modum" not in path.read_text(encoding="utf-8").lower(), path.name
    for path in (ROOT / "pipeline" / "scaffold").glob("*.py"):  # where the files' text comes from
        assert "modum" not in path.read_text(encoding="utf-8").lower(), path.name
    load_study(root, tmp_path / "raw")  # every key declared, every value of the right type


def test_export_is_copied_read_only_and_the_original_left_as_it_was(tmp_path):
    before = _sha(QUESTBACK)
    _create(tmp_path, QUESTBACK)
    copy = tmp_path / "raw" / "fjellby-2024" / QUESTBACK.name
    assert QUESTBACK.is_file() and _sha(QUESTBACK) == before
    assert _sha(copy) == before
    assert not copy.stat().st_mode & 0o222


def test_study_yaml_takes_platform_file_and_survey_window_from_the_export(tmp_path):
    survey = load_study(_create(tmp_path, QUESTBACK), tmp_path / "raw").config.survey
    assert (survey.platform, survey.export.name) == ("questback_essentials", QUESTBACK.name)
    assert (survey.invitation, survey.closed) == (dt.date(2024, 9, 2), dt.date(2024, 9, 18))
    assert survey.invited_by == "enhet"
    # Questback: the rows per group are a proposal the revisor must check
    assert survey.invited == {"Barnehage": 20, "Skole": 30, "Teknisk drift": 14}
    text = (tmp_path / "studies" / "fjellby-2024" / "study.yaml").read_text(encoding="utf-8")
    assert "# REVISOR: antall inviterte per gruppe" in text


@pytest.mark.parametrize(
    "export", [QUESTBACK, SURVEYXACT, EFS], ids=["questback", "surveyxact", "efs"]
)
def test_the_same_export_gives_the_same_bytes_and_a_report_date_from_the_export(tmp_path, export):
    first = _create(tmp_path / "a", export)
    second = _create(tmp_path / "b", export)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    config = load_study(first, tmp_path / "a" / "raw").config
    # the day the survey closed (the last answer), not the day make study ran
    assert config.report_date == config.survey.closed == dt.date(2024, 9, 18)
    text = (first / "study.yaml").read_text(encoding="utf-8")
    assert "report_date: 2024-09-18  # REVISOR: rapportens dato" in text


def test_an_export_without_timestamps_gets_dates_from_the_study_year_or_a_clear_error(tmp_path):
    frame = pd.read_csv(QUESTBACK, sep=";", dtype=str)
    export = tmp_path / "uten-tid.csv"
    frame.drop(columns=["Starttidspunkt", "Sluttidspunkt"]).to_csv(export, sep=";", index=False)
    root = _create(tmp_path, export)
    survey = load_study(root, tmp_path / "raw").config.survey
    assert survey.invitation == survey.closed == dt.date(2024, 1, 1)
    text = (root / "study.yaml").read_text(encoding="utf-8")
    assert "Eksporten har ingen tidspunkter; datoen under er 1. januar i studiens år." in text
    with pytest.raises(PipelineError, match="ingen tidspunkter") as error:
        _create(tmp_path, export, "fjellby")
    assert "nordby-2026" in error.value.hint
    assert not (tmp_path / "studies" / "fjellby").exists()


def test_revisor_marks_stay_comments_beside_or_above_their_keys(tmp_path):
    lines = (_create(tmp_path, QUESTBACK) / "study.yaml").read_text(encoding="utf-8").splitlines()
    assert "kommune: Fjellby kommune  # REVISOR: kontroller navnet" in lines
    closed = lines.index("  closed: 2024-09-18")
    assert lines[closed - 1].startswith("  # REVISOR: datoen undersøkelsen ble stengt.")
    assert lines[-1] == "#   - {name: Navn Navnesen, role: Oppdragsansvarlig revisor}"


@pytest.mark.parametrize("export", [SURVEYXACT, EFS], ids=["surveyxact", "efs"])
def test_export_listing_every_invitee_counts_the_invited_from_the_file(tmp_path, export):
    root = _create(tmp_path, export)
    survey = load_study(root, tmp_path / "raw").config.survey
    assert survey.invited_from_export and survey.invited_by == "enhet"
    _run(tmp_path, root, "ingest")
    manifest = (tmp_path / "processed" / "manifest.json").read_text(encoding="utf-8")
    assert '"started": 40' in manifest


def test_surveyxact_structure_and_labels_travel_with_the_dataset(tmp_path):
    _create(tmp_path, SURVEYXACT)
    copied = sorted(p.name for p in (tmp_path / "raw" / "fjellby-2024").iterdir())
    assert copied == ["dataset.csv", "labels.csv", "structure.csv"]
    study = yaml.safe_load((tmp_path / "studies" / "fjellby-2024" / "study.yaml").read_text())
    assert study["survey"]["export"] == "dataset.csv"


def test_an_absence_register_given_gets_its_columns_from_the_headers_and_a_report_chapter(
    tmp_path,
):
    register = ROOT / "tests" / "data" / "absence" / "fravaer.csv"
    root = create_study(
        "fjellby-2024",
        QUESTBACK,
        absence=register,
        studies=tmp_path / "studies",
        raw_root=tmp_path / "raw",
    )
    assert (tmp_path / "raw" / "fjellby-2024" / register.name).is_file()
    absence = yaml.safe_load((root / "absence.yaml").read_text(encoding="utf-8"))
    assert absence["file"] == register.name
    assert {"unit", "etat", "period", "total"} <= set(absence["columns"])
    _run(tmp_path, root, "ingest", "absence", "analyse", "figures", "report")
    html = (tmp_path / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert "Sykefravær i kommunen" in html


def test_an_absence_register_without_recognisable_columns_is_refused_before_anything_is_made(
    tmp_path,
):
    register = tmp_path / "fravaer.csv"
    register.write_text("A;B;C\n1;2;3\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="Fant ikke kolonnene for unit, etat, period, total"):
        create_study(
            "fjellby-2024",
            QUESTBACK,
            absence=register,
            studies=tmp_path / "s",
            raw_root=tmp_path / "raw",
        )
    assert not (tmp_path / "s").exists() and not (tmp_path / "raw").exists()


def test_an_existing_study_is_never_overwritten(tmp_path):
    _create(tmp_path, QUESTBACK)
    with pytest.raises(PipelineError, match="finnes allerede"):
        _create(tmp_path, QUESTBACK)


@pytest.mark.parametrize("study_id", ["Fjellby 2024", "../fjellby", "fjellby/2024", "-fjellby"])
def test_an_id_that_is_not_a_folder_name_is_refused(tmp_path, study_id):
    with pytest.raises(PipelineError, match="små bokstaver, tall og bindestrek"):
        _create(tmp_path, QUESTBACK, study_id)
    assert not (tmp_path / "raw").exists()


def test_make_study_runs_the_scaffold_with_the_makefiles_variables(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, repo / name)
    for name in ("pipeline", "tools"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    export = tmp_path / "Nedlastinger" / "fjellby 2024.csv"  # a space, as downloads often have
    export.parent.mkdir()
    shutil.copy(QUESTBACK, export)
    done = subprocess.run(
        # this interpreter instead of the Makefile's .venv (INSTALLED= skips setting it up)
        [
            "make",
            "study",
            "ID=fjellby-2024",
            f"EXPORT={export}",
            f"PY={sys.executable}",
            "INSTALLED=",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "make report STUDY=studies/fjellby-2024" in done.stderr
    assert (repo / "studies" / "fjellby-2024" / "study.yaml").is_file()
    # make cannot take a space in a prerequisite: the copy is named without it
    assert (repo / "data" / "raw" / "fjellby-2024" / "fjellby-2024.csv").is_file()
    study = (repo / "studies" / "fjellby-2024" / "study.yaml").read_text(encoding="utf-8")
    assert "export: fjellby-2024.csv" in study
