"""Write the reader fixtures: one small survey table in every supported format.

Run from the repository root (the outputs are committed):

    .venv/bin/python tests/data/reading/make_fixtures.py

The table is synthetic: six respondents of a Questback Essentials export with
Norwegian letters, a battery on the "Svært dårlig … Svært god" scale, a
multiple-choice question, datetimes, an unfinished response with blanks, and
free text with quotes, separators and a line break. It is written as xlsx, as
CSV in each encoding/separator platforms use, and as SPSS with value labels;
all of them must read to the same frame. ``bad/`` holds broken inputs, and
``efs.csv``/``surveyxact*`` the other platforms' shapes.

The CSV files come out byte for byte the same on every run; the xlsx and sav
files carry the time they were written (openpyxl and ReadStat stamp it), so
their bytes change but not their content.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pyreadstat

HERE = Path(__file__).parent

FYSISK = "Hvordan vurderer du det fysiske arbeidsmiljøet på arbeidsplassen din?"
FORHOLD = "Hvilke forhold mener du bidrar til sykefraværet? (flere valg mulig)"
GOD5 = ["Svært dårlig", "Dårlig", "Middels", "God", "Svært god"]

HEADERS = [
    "Respondent-ID",
    "Starttidspunkt",
    "Sluttidspunkt",
    "Status",
    "E-post",
    "Hvilken etat jobber du i?",
    f"{FYSISK} - Inneklima",
    f"{FYSISK} - Støy",
    f"{FYSISK} - Lys, luft og temperatur",
    f"{FORHOLD} - Arbeidsmengde",
    f"{FORHOLD} - Ledelse",
    f"{FORHOLD} - Annet",
    "I hvilken grad trives du på jobb?",
    "Har du vært sykmeldt de siste 12 månedene?",
    "Hvor mange år har du jobbet i kommunen?",
    "Har du forslag til tiltak som kan redusere sykefraværet?",
]

T = dt.datetime
# fmt: off
ROWS = [
    [101, T(2025, 2, 3, 8, 15), T(2025, 2, 3, 8, 31), "Fullført", "kari@modum.kommune.no",
     "Helse og velferd", "God", "Middels", "Svært god", "Arbeidsmengde", None, None,
     "I stor grad", "Nei", 12, "Mer tid til oppfølging av den enkelte."],
    [102, T(2025, 2, 3, 9, 2), T(2025, 2, 3, 9, 20), "Fullført", "ola@modum.kommune.no",
     "Oppvekst og kultur", "Dårlig", "Svært dårlig", "Dårlig", "Arbeidsmengde", "Ledelse", None,
     "I liten grad", "Ja", 3, 'Bedre ventilasjon; færre "ekstra" møter, takk'],
    [103, T(2025, 2, 4, 13, 45), T(2025, 2, 4, 14, 3), "Fullført", "per@modum.kommune.no",
     "Teknisk, miljø og næring", "Vet ikke", "God", "Middels", None, None, "Annet",
     "I svært stor grad", "Nei", 25, None],
    [104, T(2025, 2, 5, 7, 59), None, "Ikke fullført", "åse@modum.kommune.no",
     "Helse og velferd", "Svært dårlig", None, None, None, None, None,
     None, None, None, None],
    [105, T(2025, 2, 6, 10, 30), T(2025, 2, 6, 10, 44), "Fullført", "bjørn@modum.kommune.no",
     "Oppvekst og kultur", "Middels", "Dårlig", "God", None, "Ledelse", "Annet",
     "I noen grad", "Vet ikke", 7, "Støy i garderoben\nog for lite plass"],
    [106, T(2025, 2, 7, 15, 5), T(2025, 2, 7, 15, 21), "Fullført", "ærlig@modum.kommune.no",
     "Teknisk, miljø og næring", "Svært god", "Svært god", "God", "Arbeidsmengde", None, None,
     "I svært liten grad", "Ja", 1, "Økt bemanning i ferier – særlig på sykehjemmet"],
]
# fmt: on


def frame() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=HEADERS, dtype=object)


def write_xlsx(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Svar"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    for cell in sheet["B"][1:] + sheet["C"][1:]:
        cell.number_format = "dd.mm.yyyy hh:mm:ss"
    workbook.create_sheet("Om eksporten").append(["Eksportert fra Questback Essentials"])
    workbook.save(path)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def csv_text(headers: list[str], rows: list[list[object]], separator: str, newline: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator=newline)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return buffer.getvalue()


# (file name, encoding as Python names it, separator, line ending)
CSV_VARIANTS = [
    ("svar-utf8-komma.csv", "utf-8", ",", "\n"),
    ("svar-utf8-semikolon.csv", "utf-8", ";", "\n"),
    ("svar-utf8bom-semikolon.csv", "utf-8-sig", ";", "\r\n"),
    ("svar-utf16-tab.csv", "utf-16-le-bom", "\t", "\r\n"),  # SurveyXact "Unicode"
    ("svar-utf16be-tab.csv", "utf-16-be-bom", "\t", "\n"),
    ("svar-cp1252-semikolon.csv", "cp1252", ";", "\r\n"),  # Excel "CSV (semikolondelt)"
    ("svar-cp1252-komma.csv", "cp1252", ",", "\r\n"),
    ("svar-utf8-tab.csv", "utf-8", "\t", "\n"),
]


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def write_sav(path: Path) -> None:
    """SPSS as Questback writes it: short names, question text as label, coded answers."""
    names = ["rid", "start", "slutt", "status", "epost", "etat",
             "fys_1", "fys_2", "fys_3", "forh_1", "forh_2", "forh_3",
             "trives", "sykmeldt", "aar", "tiltak"]  # fmt: skip
    etats = ["Helse og velferd", "Oppvekst og kultur", "Teknisk, miljø og næring"]
    god5 = {i + 1: label for i, label in enumerate(GOD5)} | {9: "Vet ikke"}
    grad = ["I svært liten grad", "I liten grad", "I noen grad", "I stor grad", "I svært stor grad"]
    labels = {
        "status": {1: "Fullført", 2: "Ikke fullført"},
        "etat": {i + 1: e for i, e in enumerate(etats)},
        "fys_1": god5,
        "fys_2": god5,
        "fys_3": god5,
        "forh_1": {1: "Arbeidsmengde"},
        "forh_2": {1: "Ledelse"},
        "forh_3": {1: "Annet"},
        "trives": {i + 1: g for i, g in enumerate(grad)},
        "sykmeldt": {1: "Ja", 2: "Nei", 9: "Vet ikke"},
    }
    coded = []
    for row in ROWS:
        out = []
        for name, value in zip(names, row, strict=True):
            if name in labels and value is not None:
                value = next(k for k, v in labels[name].items() if v == value)
            out.append(value)
        coded.append(out)
    data = pd.DataFrame(coded, columns=names)
    for name in names:
        if name in ("epost", "tiltak"):
            data[name] = data[name].astype(object).where(data[name].notna(), "")
        elif name in ("start", "slutt"):
            data[name] = pd.to_datetime(data[name])
        else:
            data[name] = pd.to_numeric(data[name]).astype("float64")
    pyreadstat.write_sav(
        data,
        str(path),
        column_labels=HEADERS,
        variable_value_labels=labels,
        variable_format={"start": "DATETIME20", "slutt": "DATETIME20"},
    )


def png_bytes() -> bytes:
    """A valid 1×1 PNG, to be renamed .xlsx."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def write_bad(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "tom.csv").write_bytes(b"")
    (folder / "bare-overskrift.csv").write_bytes(
        csv_text(HEADERS, [], ";", "\r\n").encode("utf-8-sig")
    )
    xlsx = (HERE / "svar.xlsx").read_bytes()
    (folder / "avkuttet.xlsx").write_bytes(xlsx[: len(xlsx) // 2])
    (folder / "bilde.xlsx").write_bytes(png_bytes())
    doubled = HEADERS[:7] + HEADERS[6:7] + HEADERS[8:]
    (folder / "dobbel-overskrift.csv").write_bytes(
        csv_text(doubled, ROWS, ";", "\n").encode("utf-8")
    )
    workbook = openpyxl.Workbook()
    workbook.active.title = "Eksport 1"
    workbook.active.append(HEADERS)
    workbook.active.append([_text(v) for v in ROWS[0]])
    workbook.save(folder / "feil-ark.xlsx")  # read with sheet="Svar": no such sheet


def write_efs(path: Path) -> None:
    """EFS: system variables, coded answers, -77/-99 for not seen / left empty; ``;``."""
    headers = ["lfdn", "dispcode", "lastpage", "datetime", "date_of_last_access",
               "v_1", "v_2", "v_3"]  # fmt: skip
    rows = [
        [1, 31, 5, "2025-02-03 08:15:00", "2025-02-03 08:31:00", 4, 1, "Mer tid"],
        [2, 22, 2, "2025-02-03 09:02:00", "2025-02-03 09:05:00", 2, -77, -66],
        [3, 32, 5, "2025-02-04 13:45:00", "2025-02-04 14:03:00", -77, 0, -99],
    ]
    path.write_bytes(csv_text(headers, rows, ";", "\r\n").encode("utf-8"))


def write_surveyxact(folder: Path) -> None:
    """SurveyXact: dataset split over two sheets, a Labels sheet; and the CSV trio."""
    part1 = [["respondentid", "statoverall", "starttime", "closetime", "s_1"],
             [9001, 4, "2025-02-03 08:15:00", "2025-02-03 08:31:00", 1],
             [9002, 3, "2025-02-03 09:02:00", None, 2],
             [9003, 4, "2025-02-04 13:45:00", "2025-02-04 14:03:00", 3]]  # fmt: skip
    part2 = [["respondentid", "s_2_1", "s_2_2"], [9003, 1, 0], [9001, 0, 1], [9002, 0, 0]]
    labels = [["statoverall", 3, "Noen svar"], ["statoverall", 4, "Gjennomført"],
              ["s_1", 1, "Ja"], ["s_1", 2, "Nei"], ["s_1", 3, "Vet ikke"],
              ["s_2_1", 0, "Ikke valgt"], ["s_2_1", 1, "Valgt"],
              ["s_2_2", 0, "Ikke valgt"], ["s_2_2", 1, "Valgt"]]  # fmt: skip
    structure = [["questionName", "variableName", "questionType", "subType", "questionText"],
                 ["s_1", "s_1", "Closed", "Single", "Trives du på jobb?"]]  # fmt: skip
    workbook = openpyxl.Workbook()
    for title, grid in (
        ("Dataset(1)", part1),
        ("Dataset(2)", part2),
        ("Structure", structure),
        ("Labels", labels),
    ):
        sheet = workbook.create_sheet(title)
        for row in grid:
            sheet.append(row)
    workbook.remove(workbook["Sheet"])
    workbook.save(folder / "surveyxact.xlsx")
    csv_folder = folder / "surveyxact"
    csv_folder.mkdir(exist_ok=True)
    joined = [row + [dict((r[0], r[1:]) for r in part2[1:])[row[0]]][0] for row in part1[1:]]
    text = csv_text(part1[0] + part2[0][1:], joined, "\t", "\r\n")
    (csv_folder / "dataset.csv").write_bytes(encode(text, "utf-16-le-bom"))
    label_text = "".join("\t".join(str(c) for c in row) + "\r\n" for row in labels)
    (csv_folder / "labels.csv").write_bytes(encode(label_text, "utf-16-le-bom"))


def main() -> None:
    write_xlsx(HERE / "svar.xlsx")
    for name, encoding, separator, newline in CSV_VARIANTS:
        text = csv_text(HEADERS, ROWS, separator, newline)
        (HERE / name).write_bytes(encode(text, encoding))
    write_sav(HERE / "svar.sav")
    write_bad(HERE / "bad")
    write_efs(HERE / "efs.csv")
    write_surveyxact(HERE)


if __name__ == "__main__":
    main()
