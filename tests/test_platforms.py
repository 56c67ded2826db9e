"""One survey exported from EFS (.sav), SurveyXact (three CSV files) and Questback Essentials
(CSV) gives the same respondents, counted from each platform's own status fields.

The fixture (tests/data/platforms/make_platform_fixtures.py): 64 invited in three units (30/20/14),
24 who never began, 40 who started, 34 who completed; EFS also lists 2 test respondents
and one person never invited, SurveyXact the same person as «Ny».
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.reading import read_export
from pipeline.reading.status import dispositions

DATA = Path(__file__).parent / "data" / "platforms"
PLATFORMS = ("questback", "efs", "surveyxact")


def _run(platform: str, base: Path, *stages: str, study: Path | None = None) -> Path:
    processed = base / platform / "processed"
    for stage in stages:
        code = main(
            [
                stage,
                "--study",
                str(study or DATA / platform),
                "--raw",
                str(DATA / "raw"),
                "--processed",
                str(processed),
                "--reports",
                str(base / platform / "reports"),
            ]
        )
        assert code == 0, (platform, stage)
    return processed


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    base = tmp_path_factory.mktemp("platforms")
    out = {}
    for platform in PLATFORMS:
        processed = _run(platform, base, "ingest", "analyse")
        out[platform] = {
            "results": json.loads((processed / "results.json").read_text(encoding="utf-8")),
            "manifest": json.loads((processed / "manifest.json").read_text(encoding="utf-8")),
            "responses": pd.read_parquet(processed / "responses.parquet"),
        }
    return out


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platforms_results_file_matches_the_typed_records(
    analysed, results_problems, platform
):
    assert results_problems(analysed[platform]["results"]) == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_started_completed_rate_dropout_and_margin_are_the_hand_counted_figures(analysed, platform):
    response = analysed[platform]["results"]["response"]
    total = response["rates"][-1]
    assert (total["invited"], total["started"], total["completed"]) == (64, 40, 34)
    assert total["rate_completed"]["p"] == pytest.approx(34 / 64)
    assert total["rate_started"]["p"] == pytest.approx(40 / 64)
    assert response["dropout"]["incomplete"] == 6
    assert response["dropout"]["dropout"]["p"] == pytest.approx(6 / 40)
    # the survey's one stated margin is for the completed respondents (issue 19):
    # 1.96 · √(0.25/34) · √((64 − 34)/(64 − 1))
    margin = 1.959963984540054 * math.sqrt(0.25 / 34) * math.sqrt(30 / 63)
    assert response["margin_of_error"]["with_fpc"] == pytest.approx(margin)
    by_group = {
        r["group"]: (r["invited"], r["started"], r["completed"]) for r in response["rates"][:-1]
    }
    assert by_group == {
        "Skole": (30, 18, 15),
        "Barnehage": (20, 13, 11),
        "Teknisk drift": (14, 9, 8),
    }


def test_the_three_exports_give_the_same_results_apart_from_platform_texts(analysed):
    def comparable(results: dict[str, Any]) -> dict[str, Any]:
        out = json.loads(json.dumps(results))
        del out["study_id"], out["response"]["definitions"], out["response"]["left_out"]["tests"]
        return out

    reference = comparable(analysed["questback"]["results"])
    assert comparable(analysed["efs"]["results"]) == reference
    assert comparable(analysed["surveyxact"]["results"]) == reference


def test_test_respondents_are_left_out_counted_and_their_answers_never_reach_the_data(
    analysed,
):
    efs = analysed["efs"]
    assert efs["results"]["response"]["left_out"] == {"tests": 2, "not_started": 24}
    assert efs["manifest"]["counts"]["tests"] == 2
    comments = efs["responses"]["kommentarer"].dropna().tolist()
    assert comments and "Test" not in comments
    assert len(efs["responses"]) == 40


def test_invitees_who_never_began_count_as_invited_and_never_as_started(analysed):
    for platform in ("efs", "surveyxact"):
        counts = analysed[platform]["manifest"]["counts"]
        assert (counts["not_started"], counts["invited_in_export"], counts["not_invited"]) == (
            24,
            64,
            1,
        )
        assert analysed[platform]["manifest"]["invited"] == {
            "variable": "enhet",
            "counts": {"Barnehage": 20, "Skole": 30, "Teknisk drift": 14},
            "source": "export",
        }


def test_the_printed_definition_of_started_names_each_platforms_own_rule(analysed):
    started = {p: analysed[p]["results"]["response"]["definitions"]["started"] for p in PLATFORMS}
    assert "starttidspunkt" in started["questback"]
    assert "dispcode" in started["efs"] and "21–23 eller 31–34" in started["efs"]
    assert "«Noen svar» eller «Gjennomført»" in started["surveyxact"]


def _ingest_changed(
    tmp_path: Path, platform: str, study: tuple[str, str], codebook: tuple[str, str]
) -> int:
    """Ingest the fixture study of ``platform`` with one text replaced in each file."""
    folder = tmp_path / "study"
    folder.mkdir()
    for name, (old, new) in (("study.yaml", study), ("codebook.yaml", codebook)):
        text = (DATA / platform / name).read_text(encoding="utf-8")
        assert old in text
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    args = ["ingest", "--study", str(folder), "--raw", str(DATA / "raw"),
            "--processed", str(tmp_path / "p"), "--reports", str(tmp_path / "r")]  # fmt: skip
    return main(args)


def test_invited_from_the_export_must_agree_with_study_yaml(tmp_path, capsys):
    code = _ingest_changed(tmp_path, "efs", ("Skole: 30", "Skole: 31"), ("", ""))
    assert code == 2
    err = capsys.readouterr().err
    assert "«Skole»: 31 i study.yaml, 30 i eksporten" in err
    assert not (tmp_path / "p" / "responses.parquet").exists()


def test_invited_from_the_export_is_refused_for_questback_which_lists_only_respondents(
    tmp_path, capsys
):
    counts = "    counts: {Skole"
    code = _ingest_changed(
        tmp_path, "questback", (counts, "    from_export: true\n" + counts), ("", "")
    )
    assert code == 2
    assert "kan ikke brukes med Questback Essentials" in capsys.readouterr().err


def test_a_metadata_column_the_codebook_names_must_exist(tmp_path, capsys):
    platform = "platform: surveyxact\n"
    missing = platform + "metadata:\n  started: finnes_ikke\n"
    code = _ingest_changed(tmp_path, "surveyxact", ("", ""), (platform, missing))
    assert code == 2
    assert "«finnes_ikke»" in capsys.readouterr().err


def test_row_numbers_of_a_sav_file_start_at_one_as_it_has_no_header_row():
    sav = read_export(DATA / "raw" / "fjellby-2024-efs" / "data_project_4711_2024_09_23.sav")
    csv = read_export(DATA / "raw" / "fjellby-2024-questback" / "fjellby-2024.csv")
    assert sav.rows[:2].tolist() == [1, 2]
    assert csv.rows[:2].tolist() == [2, 3]  # the header is row 1


def test_surveyxact_frafalt_counts_as_started_only_with_an_answer():
    frame = pd.DataFrame(
        {
            "status": ["1", "2", "3", "4", "5", "5"],
            "completed": [False, False, False, True, False, False],
        }
    )
    answered = pd.Series([False, False, True, True, True, False])
    assert dispositions(frame, "surveyxact", answered).tolist() == [
        "not_invited",
        "not_started",
        "started",
        "completed",
        "started",
        "not_started",
    ]


def test_questback_started_is_a_start_time_or_an_answer_not_the_invitation_list_background():
    frame = pd.DataFrame(
        {
            "started_at": pd.to_datetime(["2025-01-22 18:54", None, None, "2025-01-23 08:00"]),
            "completed": [False, False, False, True],
        }
    )
    answered = pd.Series([False, False, True, True])
    assert dispositions(frame, "questback_essentials", answered).tolist() == [
        "started",  # opened the survey, answered nothing: started (the Modum report's 558)
        "not_started",
        "started",
        "completed",
    ]


@pytest.mark.parametrize("platform", ["efs", "surveyxact"])
def test_invitees_in_a_group_the_codebook_lacks_are_named_with_column_and_rows_not_miscounted(
    platform, tmp_path, capsys
):
    labels = "[Skole, Barnehage, Teknisk drift]"
    code = _ingest_changed(tmp_path, platform, ("", ""), (labels, "[Skole, Barnehage]"))
    assert code == 2
    err = capsys.readouterr().err
    assert "Inviterte med en verdi som ikke står blant svaralternativene for «enhet»" in err
    assert "Teknisk drift" in err and "rad " in err
    assert "stemmer ikke med eksporten" not in err
    assert not (tmp_path / "p" / "responses.parquet").exists()
