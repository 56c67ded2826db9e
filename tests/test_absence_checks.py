"""Checks on the absence register: each kind of bad number is found and described."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.absence.checks import check_absence, missing_periods
from pipeline.absence.config import load_absence_config
from pipeline.absence.read import read_absence

DATA = Path(__file__).parent / "data" / "absence"
HEADER = "Enhet;Etat;År;Egenmeldt %;Legemeldt %;Totalt %;Korttid %;Langtid %;Avtalte dagsverk"


def _read(tmp_path, text=None, *, tolerance=None):
    target = tmp_path / "fravaer.csv"
    if text is None:
        shutil.copy(DATA / "fravaer.csv", target)
    else:
        target.write_text(HEADER + "\n" + text, encoding="utf-8")
    yaml_text = (DATA / "study" / "absence.yaml").read_text(encoding="utf-8")
    if tolerance is not None:
        yaml_text = yaml_text.replace("tolerance_points: 0.2", f"tolerance_points: {tolerance}")
    (tmp_path / "absence.yaml").write_text(yaml_text, encoding="utf-8")
    config = load_absence_config(tmp_path / "absence.yaml")
    register = read_absence(target, config)
    return register, config


def test_a_crafted_mismatch_is_listed_with_unit_period_components_total_and_difference(tmp_path):
    register, config = _read(tmp_path)
    result = check_absence(register, config)
    units = [m for m in result.mismatches if m["level"] == "unit"]
    assert len(units) == 1
    m = units[0]
    assert (m["unit"], m["etat"], m["period"], m["row"]) == ("Sykehjem", "Helse", "2024", 4)
    assert m["components"] == {"egenmeldt": pytest.approx(0.014), "legemeldt": pytest.approx(0.119)}
    assert m["components_sum"] == pytest.approx(0.133)
    assert m["total"] == pytest.approx(0.148)
    assert m["difference"] == pytest.approx(0.015)
    # The etat figure, weighted like the analysis, inherits the mismatch.
    etat = [x for x in result.mismatches if x["level"] == "etat"]
    assert [(x["etat"], x["period"]) for x in etat] == [("Helse", "2024")]
    assert etat[0]["difference"] == pytest.approx(0.01125)
    warning = [f for f in result.findings if f["check"] == "components_sum"][0]
    assert warning["severity"] == "warning"
    assert warning["rows"] == [4]
    assert warning["column"] == "Totalt %"
    assert not result.errors


def test_the_published_helse_og_velferd_2024_figures_are_a_mismatch_of_1_3_points(tmp_path):
    register, config = _read(tmp_path, "Sykehjem;Helse og velferd;2024;1,2;8,6;11,1;4,0;7,1;1000")
    [unit, etat] = sorted(check_absence(register, config).mismatches, key=lambda m: m["level"])
    assert unit["difference"] == pytest.approx(0.013)
    assert etat["components_sum"] == pytest.approx(0.098)


@pytest.mark.parametrize(
    ("total", "tolerance", "flagged"),
    [("11,2", 0.2, False), ("11,0", 0.2, False), ("11,3", 0.2, True), ("11,1", 0, True)],
)
def test_tolerance_from_the_study_decides_what_counts_as_a_mismatch(
    tmp_path, total, tolerance, flagged
):
    # 1,4 + 9,6 = 11,0
    row = f"A;H;2024;1,4;9,6;{total};4,0;{total.replace('11', '7')};100"
    register, config = _read(tmp_path, row, tolerance=tolerance)
    hits = [m for m in check_absence(register, config).mismatches if m["check"] == "components_sum"]
    assert bool(hits) is flagged


def test_short_plus_long_term_is_checked_against_the_total_on_its_own(tmp_path):
    register, config = _read(tmp_path, "A;H;2024;1,4;9,6;11,0;3,0;7,0;100")
    result = check_absence(register, config)
    [m] = [m for m in result.mismatches if m["level"] == "unit"]
    assert m["check"] == "duration_sum"
    assert m["difference"] == pytest.approx(0.01)


def test_missing_periods_are_found_per_unit():
    frame = pd.DataFrame(
        {"unit": ["A", "A", "A", "B", "B"], "period_index": [2020, 2021, 2023, 2020, 2023]}
    )
    gaps = missing_periods(frame, "year")
    assert gaps[["unit", "period"]].values.tolist() == [
        ["A", "2022"],
        ["B", "2021"],
        ["B", "2022"],
    ]


def test_missing_periods_understand_tertials_across_the_new_year():
    frame = pd.DataFrame({"unit": ["A", "A"], "period_index": [2023 * 3 + 2, 2024 * 3 + 1]})
    assert missing_periods(frame, "tertial")["period"].tolist() == ["1. tertial 2024"]


def test_a_unit_missing_a_year_gives_a_warning_naming_unit_and_period(tmp_path):
    text = (DATA / "fravaer.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in text[1:] if not line.startswith("Skole;Oppvekst;2023")]
    register, config = _read(tmp_path, "\n".join(kept))
    [warning] = [
        f for f in check_absence(register, config).findings if f["check"] == "periods_complete"
    ]
    assert warning["severity"] == "warning"
    assert "«Skole»" in warning["message"]
    assert warning["values"] == ["2023"]


def test_a_duplicated_unit_and_period_is_an_error_with_both_rows(tmp_path):
    register, config = _read(
        tmp_path, "A;H;2024;1,0;9,0;10,0;3,0;7,0;100\nA;H;2024;1,0;8,0;9,0;3,0;6,0;100"
    )
    result = check_absence(register, config)
    [error] = result.errors
    assert error["check"] == "unit_period_unique"
    assert error["rows"] == [2, 3]
    assert error["values"] == ["A 2024"]
    assert result.mismatches == []  # sums over duplicated rows are not reported


def test_a_rate_above_100_percent_is_an_error_naming_column_value_and_row(tmp_path):
    register, config = _read(
        tmp_path, "A;H;2023;1,0;9,0;10,0;3,0;7,0;100\nA;H;2024;1,0;9,0;110,0;3,0;7,0;100"
    )
    [error] = check_absence(register, config).errors
    assert error["check"] == "rate_range"
    assert error["column"] == "Totalt %"
    assert error["rows"] == [3]
    assert error["values"] == ["110,0"]


def test_agreed_days_must_be_present_and_positive_when_mapped(tmp_path):
    register, config = _read(
        tmp_path, "A;H;2023;1,0;9,0;10,0;3,0;7,0;\nA;H;2024;1,0;9,0;10,0;3,0;7,0;0"
    )
    [error] = check_absence(register, config).errors
    assert error["check"] == "agreed_days_positive"
    assert error["rows"] == [2, 3]
