"""The absence stage end to end: absence.json from a study folder, deterministic and safe."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main

DATA = Path(__file__).parent / "data" / "absence"


@pytest.fixture
def dirs(tmp_path):
    raw = tmp_path / "raw" / "fravaer-test"
    raw.mkdir(parents=True)
    shutil.copy(DATA / "fravaer.csv", raw / "fravaer.csv")
    return tmp_path


def _run(dirs, processed="processed"):
    return main(
        [
            "absence",
            "--study",
            str(DATA / "study"),
            "--raw",
            str(dirs / "raw"),
            "--processed",
            str(dirs / processed),
            "--reports",
            str(dirs / "reports"),
        ]
    )


def test_stage_writes_absence_json_with_trend_gaps_and_findings(dirs):
    assert _run(dirs) == 0
    data = json.loads((dirs / "processed" / "absence.json").read_text(encoding="utf-8"))
    assert data["study_id"] == "fravaer-test"
    assert data["periods"] == ["2022", "2023", "2024"]
    assert data["method"] == "weighted_by_agreed_days"
    helse = [t for t in data["trend"] if t["name"] == "Helse" and t["period"] == "2024"][0]
    assert helse["total"] == pytest.approx(0.1295)
    gaps = {(g["target_id"], g["name"]): g for g in data["target_gaps"]}
    # A kommune-wide target is measured for the kommune and for each etat; an etat's
    # own target only for that etat.
    assert set(gaps) == {
        ("mal-8", "Hele kommunen"),
        ("mal-8", "Helse"),
        ("mal-8", "Oppvekst"),
        ("lands", "Hele kommunen"),
        ("lands", "Helse"),
        ("lands", "Oppvekst"),
        ("helse", "Helse"),
    }
    assert gaps[("helse", "Helse")]["relative_reduction"] == pytest.approx(2.95 / 12.95)
    assert gaps[("lands", "Hele kommunen")]["target"] == pytest.approx(0.091)
    assert [m["unit"] for m in data["mismatches"] if m["level"] == "unit"] == ["Sykehjem"]
    assert data["moved_units"] == [
        {
            "unit": "Helsestasjon",
            "etats": [
                {"etat": "Helse", "first_period": "2022", "last_period": "2022"},
                {"etat": "Oppvekst", "first_period": "2023", "last_period": "2024"},
            ],
        }
    ]
    # The digest of the raw file the stage read, computed here with hashlib itself.
    digest = hashlib.sha256((DATA / "fravaer.csv").read_bytes()).hexdigest()
    assert data["source"]["sha256"] == digest


def test_two_runs_write_identical_bytes(dirs):
    assert _run(dirs, "a") == 0
    assert _run(dirs, "b") == 0
    first = (dirs / "a" / "absence.json").read_bytes()
    assert first == (dirs / "b" / "absence.json").read_bytes()


def test_an_error_in_the_data_exits_2_and_keeps_the_last_good_output(dirs, capsys):
    assert _run(dirs) == 0
    good = (dirs / "processed" / "absence.json").read_bytes()
    raw = dirs / "raw" / "fravaer-test" / "fravaer.csv"
    raw.write_text(raw.read_text(encoding="utf-8").replace(";11,4;", ";114,0;"), encoding="utf-8")
    assert _run(dirs) == 2
    err = capsys.readouterr().err
    assert "Totalt %" in err and "rad 2" in err
    assert (dirs / "processed" / "absence.json").read_bytes() == good


def test_a_target_for_an_unknown_etat_is_a_config_error(dirs, tmp_path):
    study = tmp_path / "study"
    shutil.copytree(DATA / "study", study)
    text = (study / "absence.yaml").read_text(encoding="utf-8")
    (study / "absence.yaml").write_text(text.replace("scope: Helse", "scope: Helse og omsorg"))
    code = main(
        [
            "absence",
            "--study",
            str(study),
            "--raw",
            str(dirs / "raw"),
            "--processed",
            str(dirs / "p"),
            "--reports",
            str(dirs / "r"),
        ]
    )
    assert code == 2
    assert not (dirs / "p" / "absence.json").exists()


def test_ranking_etats_must_exist_in_the_file(dirs, tmp_path):
    study = tmp_path / "study"
    shutil.copytree(DATA / "study", study)
    text = (study / "absence.yaml").read_text(encoding="utf-8")
    (study / "absence.yaml").write_text(
        text.replace("ranking: {count: 1}", "ranking: {etats: [Omsorg]}")
    )
    args = ["absence", "--study", str(study), "--raw", str(dirs / "raw")]
    assert main(args + ["--processed", str(dirs / "p"), "--reports", str(dirs / "r")]) == 2


def test_tertial_file_with_only_totals_runs_unweighted_in_period_order(tmp_path):
    study = tmp_path / "study"
    shutil.copytree(DATA / "study", study)
    (study / "absence.yaml").write_text(
        "file: tertial.csv\n"
        "period_type: tertial\n"
        "columns: {unit: Enhet, etat: Etat, period: Periode, total: Fravær}\n",
        encoding="utf-8",
    )
    raw = tmp_path / "raw" / "fravaer-test"
    raw.mkdir(parents=True)
    (raw / "tertial.csv").write_text(
        "Enhet,Etat,Periode,Fravær\n"
        "A,H,1. tertial 2025,10.0\n"
        "A,H,3. tertial 2024,9.0\n"
        "B,H,3. tertial 2024,5.0\n"
        "B,H,1. tertial 2025,6.0\n",
        encoding="utf-8",
    )
    args = ["absence", "--study", str(study), "--raw", str(tmp_path / "raw")]
    assert main(args + ["--processed", str(tmp_path / "p"), "--reports", str(tmp_path / "r")]) == 0
    data = json.loads((tmp_path / "p" / "absence.json").read_text(encoding="utf-8"))
    assert data["periods"] == ["3. tertial 2024", "1. tertial 2025"]
    assert data["method"] == "unweighted_mean"
    assert data["fields"] == ["total"]
    kommune = [t for t in data["trend"] if t["level"] == "kommune"]
    assert [t["total"] for t in kommune] == pytest.approx([0.07, 0.08])
    assert kommune[1]["change"] == pytest.approx(0.01)
    assert data["mismatches"] == [] and data["target_gaps"] == []
