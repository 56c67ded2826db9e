"""Reading absence statistics: formats, periods and numbers as HR systems write them."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.absence.config import load_absence_config
from pipeline.absence.periods import parse_period
from pipeline.absence.read import read_absence
from pipeline.errors import PipelineError

DATA = Path(__file__).parent / "data" / "absence"


@pytest.fixture
def config():
    return load_absence_config(DATA / "study" / "absence.yaml")


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("2024", "year", "2024"),
        ("2024.0", "year", "2024"),
        ("2024-T2", "tertial", "2. tertial 2024"),
        ("2. tertial 2024", "tertial", "2. tertial 2024"),
        ("T3 2024", "tertial", "3. tertial 2024"),
        ("2024K1", "quarter", "1. kvartal 2024"),
        ("2024-Q4", "quarter", "4. kvartal 2024"),
        ("3. kvartal 2024", "quarter", "3. kvartal 2024"),
        ("2024-03", "month", "mars 2024"),
        ("03.2024", "month", "mars 2024"),
        ("Mars 2024", "month", "mars 2024"),
        ("des. 2024", "month", "desember 2024"),
    ],
)
def test_periods_are_read_in_the_forms_hr_systems_write(text, kind, label):
    assert parse_period(text, kind).label == label


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("4. tertial 2024", "tertial"),
        ("2024-13", "month"),
        ("ma 2024", "month"),
        ("2024", "quarter"),
    ],
)
def test_impossible_or_ambiguous_periods_are_rejected(text, kind):
    assert parse_period(text, kind) is None


def test_consecutive_months_have_consecutive_indices_across_the_new_year():
    assert parse_period("2025-01", "month").index - parse_period("2024-12", "month").index == 1


def test_csv_with_decimal_comma_reads_to_shares_with_file_rows(tmp_path, config):
    shutil.copy(DATA / "fravaer.csv", tmp_path / "fravaer.csv")
    register = read_absence(tmp_path / "fravaer.csv", config)
    f = register.frame
    assert len(f) == 12
    first = f.iloc[0]
    assert (first["unit"], first["etat"], first["period"], first["row"]) == (
        "Sykehjem",
        "Helse",
        "2022",
        2,
    )
    assert first["total"] == pytest.approx(0.114)
    assert first["agreed_days"] == 6000
    assert register.source.separator == ";"
    assert register.headers["total"] == "Totalt %"


def test_xlsx_reads_to_the_same_register_as_csv(tmp_path, config):
    shutil.copy(DATA / "fravaer.csv", tmp_path / "fravaer.csv")
    from_csv = read_absence(tmp_path / "fravaer.csv", config).frame
    table = pd.read_csv(DATA / "fravaer.csv", sep=";", decimal=",")
    table.to_excel(tmp_path / "fravaer.xlsx", index=False)
    from_xlsx = read_absence(tmp_path / "fravaer.xlsx", config).frame
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_windows_1252_csv_with_commas_is_read(tmp_path, config):
    text = (DATA / "fravaer.csv").read_text(encoding="utf-8")
    text = text.replace("Sykehjem", "Sykehjem Ås").replace(",", ".").replace(";", ",")
    (tmp_path / "fravaer.csv").write_bytes(text.encode("cp1252"))
    f = read_absence(tmp_path / "fravaer.csv", config).frame
    assert f["unit"].iloc[0] == "Sykehjem Ås"
    assert f["total"].iloc[0] == pytest.approx(0.114)


def test_a_value_that_is_not_a_number_names_column_value_and_row(tmp_path, config):
    text = (
        (DATA / "fravaer.csv").read_text(encoding="utf-8").replace(";7,0;2,5;", ";ukjent;2,5;", 1)
    )
    (tmp_path / "fravaer.csv").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        read_absence(tmp_path / "fravaer.csv", config)
    assert info.value.column == "Totalt %"
    assert list(info.value.values) == ["ukjent"]
    assert list(info.value.rows) == [5]


def test_a_period_of_the_wrong_type_is_explained(tmp_path, config):
    text = (DATA / "fravaer.csv").read_text(encoding="utf-8").replace(";2022;", ";2022-T1;", 1)
    (tmp_path / "fravaer.csv").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        read_absence(tmp_path / "fravaer.csv", config)
    assert "år" in info.value.message
    assert list(info.value.rows) == [2]


def test_a_mapped_column_missing_from_the_file_is_named(tmp_path, config):
    text = (DATA / "fravaer.csv").read_text(encoding="utf-8").replace("Totalt %", "Total", 1)
    (tmp_path / "fravaer.csv").write_text(text, encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        read_absence(tmp_path / "fravaer.csv", config)
    assert list(info.value.values) == ["Totalt %"]


def test_a_missing_file_says_where_to_put_it(tmp_path, config):
    with pytest.raises(PipelineError) as info:
        read_absence(tmp_path / "fravaer.csv", config)
    assert "absence.yaml" in info.value.hint


def test_the_register_is_read_like_a_survey_export_utf16_tabs_and_any_file_name(tmp_path, config):
    # SurveyXact-style "Unicode" text (UTF-16 with BOM, tab-separated) under a name
    # that says nothing: the content decides, as for the survey export.
    text = (DATA / "fravaer.csv").read_text(encoding="utf-8").replace(";", "\t")
    path = tmp_path / "fravaer.dat"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    register = read_absence(path, config)
    assert (register.source.encoding, register.source.separator) == ("utf-16-le", "\t")
    expected = read_absence(DATA / "fravaer.csv", config).frame
    pd.testing.assert_frame_equal(register.frame, expected)
