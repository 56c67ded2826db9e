"""Reading exports: every format and encoding gives the same table; bad files get Norwegian errors.

Fixtures are written by ``tests/data/reading/make_fixtures.py``.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.errors import PipelineError
from pipeline.files import sha256_file
from pipeline.reading import read_export
from pipeline.reading.table import column_letter

DATA = Path(__file__).parent / "data" / "reading"
BAD = DATA / "bad"

CSV_FILES = {
    "svar-utf8-komma.csv": ("utf-8", ","),
    "svar-utf8-semikolon.csv": ("utf-8", ";"),
    "svar-utf8-tab.csv": ("utf-8", "\t"),
    "svar-utf8bom-semikolon.csv": ("utf-8-sig", ";"),
    "svar-utf16-tab.csv": ("utf-16-le", "\t"),
    "svar-utf16be-tab.csv": ("utf-16-be", "\t"),
    "svar-cp1252-semikolon.csv": ("cp1252", ";"),
    "svar-cp1252-komma.csv": ("cp1252", ","),
}


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text the way a CSV writes them, so typed and text formats compare."""

    def text(value: object) -> object:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return str(value)

    return frame.apply(lambda column: column.map(text)).astype(object)


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return normalised(read_export(DATA / "svar.xlsx").frame)


@pytest.mark.parametrize("name", [*CSV_FILES, "svar.sav"])
def test_every_format_and_encoding_reads_to_the_same_table(name, expected):
    raw = read_export(DATA / name)
    frame = raw.frame.rename(columns=raw.column_labels)  # SPSS: short names, labels = headers
    pd.testing.assert_frame_equal(normalised(frame), expected)
    # rows as the user sees them: a .sav has no header row, so its first respondent is row 1
    first = 1 if name.endswith(".sav") else 2
    assert raw.rows.tolist() == list(range(first, first + 6))


@pytest.mark.parametrize(("name", "how"), CSV_FILES.items())
def test_csv_encoding_and_separator_are_found_without_flags(name, how):
    source = read_export(DATA / name).source
    assert (source.format, source.encoding, source.separator) == ("csv", *how)


def test_source_info_names_file_checksum_sheet_and_platform():
    path = DATA / "svar.xlsx"
    source = read_export(path).source
    assert source.path == path
    assert source.format == "xlsx"
    assert source.sha256 == sha256_file(path)
    assert source.size_bytes == path.stat().st_size
    assert source.sheet == "Svar"
    assert source.platform == "questback_essentials"
    assert source.encoding is None and source.separator is None


def test_xlsx_keeps_datetimes_numbers_and_norwegian_letters():
    frame = read_export(DATA / "svar.xlsx").frame
    assert frame.loc[0, "Starttidspunkt"] == dt.datetime(2025, 2, 3, 8, 15)
    assert frame.loc[0, "Respondent-ID"] == 101
    assert isinstance(frame.loc[0, "Respondent-ID"], int)
    assert frame.loc[2, "Hvilken etat jobber du i?"] == "Teknisk, miljø og næring"
    assert frame.loc[5, "E-post"] == "ærlig@modum.kommune.no"


def test_empty_cells_are_none_and_text_keeps_quotes_separators_and_line_breaks():
    for name in ("svar.xlsx", "svar-utf8-komma.csv", "svar-utf16-tab.csv"):
        frame = read_export(DATA / name).frame
        assert frame.loc[3, "Sluttidspunkt"] is None, name
        tiltak = frame["Har du forslag til tiltak som kan redusere sykefraværet?"]
        assert tiltak[1] == 'Bedre ventilasjon; færre "ekstra" møter, takk', name
        assert tiltak[4] == "Støy i garderoben\nog for lite plass", name


def test_named_sheet_is_read_and_its_case_does_not_matter():
    raw = read_export(BAD / "feil-ark.xlsx", sheet="eksport 1")
    assert raw.source.sheet == "Eksport 1"
    assert raw.frame.loc[0, "Status"] == "Fullført"


def test_format_is_found_from_content_not_file_name(tmp_path):
    xlsx_as_dat = tmp_path / "eksport.dat"
    shutil.copy(DATA / "svar.xlsx", xlsx_as_dat)
    csv_as_xlsx = tmp_path / "eksport.xlsx"
    shutil.copy(DATA / "svar-utf8-semikolon.csv", csv_as_xlsx)
    assert read_export(xlsx_as_dat).source.format == "xlsx"
    assert read_export(csv_as_xlsx).source.format == "csv"


def test_sav_applies_value_labels_and_keeps_them():
    raw = read_export(DATA / "svar.sav")
    assert raw.frame.loc[0, "fys_1"] == "God"
    assert raw.frame.loc[2, "fys_1"] == "Vet ikke"
    assert raw.value_labels["fys_1"][4] == "God"
    assert raw.value_labels["etat"][3] == "Teknisk, miljø og næring"
    assert raw.column_labels["rid"] == "Respondent-ID"
    assert raw.source.platform == "questback_essentials"  # found from the variable labels


def test_header_whitespace_is_stripped_and_row_numbers_are_file_rows(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text(
        ' Respondent-ID ;"Kommentar "\n1;"to\nlinjer"\n\n2;ok\n;\n3;\n', encoding="utf-8"
    )
    raw = read_export(path)
    assert list(raw.frame.columns) == ["Respondent-ID", "Kommentar"]
    # a record spanning two lines is one row; blank and empty rows are dropped, not renumbered
    assert raw.rows.tolist() == [2, 4, 6]
    assert raw.frame["Kommentar"].tolist() == ["to\nlinjer", "ok", None]


def test_excel_sep_line_names_the_separator_and_is_not_the_header(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_bytes("sep=;\r\nID;Svar, kort\r\n1;Ja, gjerne\r\n".encode("cp1252"))
    raw = read_export(path)
    assert (raw.source.separator, list(raw.frame.columns)) == (";", ["ID", "Svar, kort"])
    assert raw.rows.tolist() == [3]


def test_comma_in_unquoted_header_does_not_fool_the_separator(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text("Lys, luft og temperatur;Støy\nGod;Dårlig\nMiddels;God\n", encoding="utf-8")
    raw = read_export(path)
    assert raw.source.separator == ";"
    assert list(raw.frame.columns) == ["Lys, luft og temperatur", "Støy"]


def test_efs_missing_codes_become_empty_and_status_keeps_its_code():
    raw = read_export(DATA / "efs.csv")
    assert raw.source.platform == "efs"
    assert raw.frame["v_2"].tolist() == ["1", None, "0"]  # -77 not seen; 0 is an answer
    assert raw.frame["v_3"].tolist() == ["Mer tid", None, None]  # -66 and -99
    assert raw.frame["dispcode"].tolist() == ["31", "22", "32"]


def test_surveyxact_dataset_sheets_are_joined_on_respondent_and_labelled():
    raw = read_export(DATA / "surveyxact.xlsx")
    frame = raw.frame
    assert raw.source.platform == "surveyxact"
    assert list(frame.columns) == [
        "respondentid",
        "statoverall",
        "starttime",
        "closetime",
        "s_1",
        "s_2_1",
        "s_2_2",
    ]
    assert frame["s_1"].tolist() == ["Ja", "Nei", "Vet ikke"]
    # Dataset(2) lists respondents in another order: joined on respondentid, not position
    assert frame["s_2_1"].tolist() == ["Ikke valgt", "Ikke valgt", "Valgt"]
    assert frame["s_2_2"].tolist() == ["Valgt", "Ikke valgt", "Ikke valgt"]
    assert frame["statoverall"].tolist() == [4, 3, 4]  # status codes are left as codes
    assert raw.value_labels["statoverall"][4] == "Gjennomført"


def test_surveyxact_labels_apply_to_a_dataset_sheet_named_explicitly():
    raw = read_export(DATA / "surveyxact.xlsx", sheet="Dataset(1)")
    assert raw.frame["s_1"].tolist() == ["Ja", "Nei", "Vet ikke"]
    assert "s_2_1" not in raw.frame.columns


def test_surveyxact_unicode_csv_uses_labels_csv_beside_it():
    raw = read_export(DATA / "surveyxact" / "dataset.csv")
    assert (raw.source.encoding, raw.source.separator) == ("utf-16-le", "\t")
    assert raw.frame["s_1"].tolist() == ["Ja", "Nei", "Vet ikke"]
    assert raw.frame["s_2_1"].tolist() == ["Ikke valgt", "Ikke valgt", "Valgt"]


def test_platform_can_be_given_and_must_be_known():
    assert read_export(DATA / "svar.xlsx", platform="efs").source.platform == "efs"
    with pytest.raises(PipelineError, match="Ukjent plattform"):
        read_export(DATA / "svar.xlsx", platform="questback")


def message(exc: pytest.ExceptionInfo) -> str:
    return str(exc.value)


@pytest.mark.parametrize(
    ("name", "sheet", "words"),
    [
        ("tom.csv", None, "er tom"),
        ("bare-overskrift.csv", None, "inneholder ingen svar"),
        ("avkuttet.xlsx", None, "ødelagt eller ufullstendig"),
        ("bilde.xlsx", None, "er ikke en Excel-, CSV- eller SPSS-fil"),
        ("dobbel-overskrift.csv", None, "står i to kolonner (G og H"),
        ("feil-ark.xlsx", "Svar", "Fant ikke arket «Svar». Arkene i filen er: «Eksport 1»"),
    ],
)
def test_bad_input_gives_a_norwegian_message_naming_the_file(name, sheet, words):
    with pytest.raises(PipelineError) as exc:
        read_export(BAD / name, sheet=sheet)
    assert f"Fil «{name}»" in message(exc)
    assert words in message(exc)


def test_duplicated_header_names_the_header():
    with pytest.raises(PipelineError) as exc:
        read_export(BAD / "dobbel-overskrift.csv")
    assert exc.value.column.endswith("arbeidsplassen din? - Inneklima")


def test_missing_file_is_named():
    with pytest.raises(PipelineError, match="finnes ikke") as exc:
        read_export(DATA / "finnes-ikke.xlsx")
    assert "finnes-ikke.xlsx" in message(exc)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "gamle Excel-formatet (.xls)"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + bytes(100)
            + "EncryptedPackage".encode("utf-16-le"),
            "passordbeskyttet",
        ),
        (b"%PDF-1.7\n", "PDF-fil"),
        (b"\x00\x01\x02\x03binary", "binære data"),
        (b"<html><body><table><tr><td>Svar</td></tr></table>", "nettside (HTML)"),
        (
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "Excel 2003",
        ),
        ("<!DOCTYPE html><html>".encode("utf-16"), "nettside (HTML)"),
    ],
)
def test_files_that_are_not_exports_are_named_for_what_they_are(tmp_path, content, words):
    path = tmp_path / "eksport.xlsx"
    path.write_bytes(content)
    with pytest.raises(PipelineError, match="eksport.xlsx") as exc:
        read_export(path)
    assert words in message(exc)


def test_column_with_answers_but_no_header_is_an_error_with_its_letter(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text("Respondent-ID;;Status\n1;x;Fullført\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="Kolonne B har ingen overskrift") as exc:
        read_export(path)
    assert exc.value.rows == (2,)


def test_empty_trailing_column_without_header_is_dropped(tmp_path):
    path = tmp_path / "structure.csv"
    path.write_text("a;b;\n1;2;\n", encoding="utf-8")  # SurveyXact's phantom column
    assert list(read_export(path).frame.columns) == ["a", "b"]


def test_row_with_too_many_fields_names_its_row(tmp_path):
    path = tmp_path / "svar.csv"
    path.write_text("a;b\n1;2\n3;4\n5;6;7\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="flere felt") as exc:
        read_export(path)
    assert exc.value.rows == (4,)


def test_csv_or_spss_given_a_sheet_name_is_an_error():
    with pytest.raises(PipelineError, match="CSV-fil uten ark"):
        read_export(DATA / "svar-utf8-komma.csv", sheet="Svar")
    with pytest.raises(PipelineError, match="SPSS-fil uten ark"):
        read_export(DATA / "svar.sav", sheet="Svar")


def test_sav_reports_the_encoding_it_declares():
    assert read_export(DATA / "svar.sav").source.encoding == "UTF-8"


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_header_below_blank_rows_keeps_file_row_numbers(tmp_path):
    path = workbook(
        tmp_path / "svar.xlsx", [[None], [None], ["ID", "Svar"], [1, "Ja"], [None], [2, 3.5]]
    )
    raw = read_export(path)
    assert raw.rows.tolist() == [4, 6]
    assert raw.frame.to_dict("list") == {"ID": [1, 2], "Svar": ["Ja", 3.5]}


def test_xlsx_with_only_a_header_has_no_answers(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", [["ID", "Svar"]])
    with pytest.raises(PipelineError, match="inneholder ingen svar"):
        read_export(path)


def test_xlsx_duplicated_header_names_both_column_letters(tmp_path):
    path = workbook(tmp_path / "svar.xlsx", [["ID", "Svar", "Etat", "Svar"], [1, "Ja", "X", "Nei"]])
    with pytest.raises(PipelineError, match=r"\(B og D, kolonne nr. 2 og 4\)") as exc:
        read_export(path)
    assert exc.value.column == "Svar"


def test_column_letters_follow_excel():
    assert [column_letter(i) for i in (0, 6, 7, 26, 27)] == ["A", "G", "H", "AA", "AB"]
