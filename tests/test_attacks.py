"""Attacks on the pipeline, kept as regression tests (issue 17), on a small study that is not Modum.

The fixture ``tests/data/attacks`` is a made-up kommune with 40 respondents: «Teknisk drift»
has only 3 (all of them finished), «Skole» 37. Its free text holds fødselsnummer, D-nummer,
account numbers, e-mail, phone numbers, surnames alone, names in lowercase and capitals and
the study's own local names. Each test names the attack it repeats.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import main
from pipeline.errors import PipelineError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "attacks"
STUDY_ID = "provekommune-2025"
EXPORT = DATA / "raw" / STUDY_ID / "svar.csv"

# Every identifier the fixture's free text holds, as it is written there.
IDENTIFIERS = [
    "01017012345",
    "010170 12345",
    "15076500565",
    "55076500559",
    "1234.56.78903",
    "1234 56 78903",
    "12345678903",
    "912 34 567",
    "ola.nordmann@prove.kommune.no",
    "@prove.kommune.no",
]
NAMES = re.compile(
    r"\b(nordmann|hansen|kari|olsen|anne-lise|berg-hansen|bjørkelund|solstua)\b", re.IGNORECASE
)
# Not after a decimal point: numbers in the SVG paths of figures and icons are not identifiers.
ELEVEN_DIGITS = re.compile(r"(?<![\w/+.,])\d{6}[ -]?\d{5}(?![\w/+])")
ACCOUNT = re.compile(r"(?<![\w.])\d{4}[. ]\d{2}[. ]\d{5}(?![\w])")


class Layout:
    """A copy of the attack study and its raw folder, and where one run writes."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.study = base / "study"
        self.raw = base / "raw"
        self.processed = base / "processed"
        self.reports = base / "reports"
        shutil.copytree(DATA / "study", self.study)
        shutil.copytree(DATA / "raw", self.raw)

    @property
    def export(self) -> Path:
        return self.raw / STUDY_ID / "svar.csv"

    def args(self, stage: str, *extra: str) -> list[str]:
        return [
            stage,
            "--study",
            str(self.study),
            "--raw",
            str(self.raw),
            "--processed",
            str(self.processed),
            "--reports",
            str(self.reports),
            *extra,
        ]

    def run(self, stage: str, *extra: str) -> int:
        return main(self.args(stage, *extra))

    @property
    def page(self) -> str:
        return (self.reports / "validering.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory, system_tool) -> Layout:
    """The attack study through every stage: HTML and PDF, figures, and notebooks 01 and 04."""
    system_tool("pdftotext", package="poppler-utils")  # the scans read the PDF through it
    run = Layout(tmp_path_factory.mktemp("attack-run"))
    for stage in ("ingest", "analyse", "figures"):
        assert run.run(stage) == 0, stage
    assert run.run("report", "--format", "both") == 0
    from pipeline.notebooks import run as run_notebooks

    run_notebooks(
        run.study,
        run.processed,
        run.reports / "notebooks",
        raw=run.raw,
        notebooks=[
            ROOT / "notebooks" / "01-svarinngang-og-frafall.py",
            ROOT / "notebooks" / "04-fritekst.py",
        ],
    )
    return run


def _pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _texts(folder: Path) -> dict[Path, str]:
    """Every output file under ``folder`` as searchable text (PDF through pdftotext, parquet
    through pandas, SVG data: URIs in HTML decoded)."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".pdf":
            out[path] = _pdf_text(path)
        elif path.suffix == ".parquet":
            out[path] = pd.read_parquet(path).to_csv(sep=";")
        else:
            text = path.read_bytes().decode("utf-8", errors="replace")
            # figures are inlined as SVG: read their text too (other images are pixels)
            for blob in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", text):
                text += "\n" + base64.b64decode(blob).decode("utf-8", errors="replace")
            out[path] = html_lib.unescape(text)
    return out


# --- 1. Identity numbers, account numbers and names -------------------------------------------


def _identifiers_in(text: str) -> list[str]:
    """Every identifier of the fixture's kinds found in ``text`` (empty when none)."""
    flat = " ".join(text.split())
    found = [identifier for identifier in IDENTIFIERS if identifier in flat]
    for pattern in (ELEVEN_DIGITS, ACCOUNT, NAMES):
        found += [m.group(0) for m in pattern.finditer(flat)]
    return found


def test_no_identifier_of_the_export_reaches_any_output_file(full_run):
    files = {**_texts(full_run.processed), **_texts(full_run.reports)}
    assert any(p.suffix == ".pdf" for p in files) and any(p.suffix == ".parquet" for p in files)
    assert any("notebooks" in p.parts for p in files)
    assert full_run.reports / "validering.html" in files
    assert full_run.processed / "validation.json" in files
    for path, text in files.items():
        assert not _identifiers_in(text), (path, _identifiers_in(text))


def _with_cells(run: Layout, changes: dict[tuple[int, int], str], extra: list[str] = ()) -> None:
    """Rewrite the export: ``changes`` maps (line, column) to a new cell; ``extra`` adds one
    column (its header first, then one cell per respondent)."""
    lines = [line.split(";") for line in run.export.read_text(encoding="utf-8").splitlines()]
    for (line, column), value in changes.items():
        lines[line][column] = value
    if extra:
        lines = [cells + [cell] for cells, cell in zip(lines, extra, strict=True)]
    run.export.write_text("\n".join(";".join(cells) for cells in lines), encoding="utf-8")


def _add_number_question(run: Layout, **keys: object) -> None:
    """A number question «Antall dager borte» at the end of the fixture's codebook."""
    path = run.study / "codebook.yaml"
    codebook = yaml.safe_load(path.read_text(encoding="utf-8"))
    codebook["questions"].append(
        {"id": "dager", "type": "number", "header": "Antall dager borte", "required": False} | keys
    )
    path.write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")


def _validation_files(run: Layout) -> dict[Path, str]:
    files = {run.reports / "validering.html": html_lib.unescape(run.page)}
    if (run.processed / "validation.json").is_file():
        files[run.processed / "validation.json"] = (run.processed / "validation.json").read_text(
            encoding="utf-8"
        )
    return files


def test_identity_numbers_and_names_in_closed_answers_and_ids_are_redacted_on_the_page(tmp_path):
    run = Layout(tmp_path)
    role, respondent = 6, 0  # columns «Hva er din rolle?» and «Respondent-ID»
    _with_cells(
        run,
        {
            (1, role): "15076500565",
            (2, role): "010170 12345",
            (3, role): "Kari Nordmann",
            (4, role): "1234.56.78903",
            (5, respondent): "55076500559",
            (6, respondent): "55076500559",
        },
    )
    assert run.run("ingest") == 2
    page = html_lib.unescape(run.page)
    assert not _identifiers_in(page), _identifiers_in(page)
    assert not (run.processed / "validation.json").exists()  # errors: nothing is read in
    # the revisor still learns what kind of value stands where
    for label in ("[fødselsnummer fjernet]", "[nummer fjernet]", "[navn fjernet]"):
        assert label in page
    assert "[kontonummer fjernet]" in page and "[d-nummer fjernet]" in page
    assert "rad 2" in page and "rad 6, 7" in page and "Hva er din rolle?" in page


def test_identity_numbers_answered_by_those_not_asked_are_redacted_in_validation_json(tmp_path):
    run = Layout(tmp_path)
    _add_number_question(run, asked_if={"rolle": ["Leder"]})
    # rows 2 and 3 of the file are «Ansatt»: not asked, but a number was written anyway
    answers = ["Antall dager borte"] + [""] * 40
    answers[2], answers[3] = "15076500565", "1017012345"
    _with_cells(run, {}, extra=answers)
    assert run.run("ingest") == 0
    files = _validation_files(run)
    assert len(files) == 2
    for path, text in files.items():
        assert not _identifiers_in(text), (path, _identifiers_in(text))
        assert "15076500565" not in text and "1017012345" not in text
        assert "15 076 500 565" not in text and "1\u00a0017\u00a0012\u00a0345" not in text
    findings = json.loads(files[run.processed / "validation.json"])
    (routing,) = [f for f in findings if f["check"] == "routing_respected"]
    assert routing["values"] == ["[fødselsnummer fjernet]", "[nummer fjernet]"]
    assert routing["rows"] == [3, 4] and routing["column"] == "Antall dager borte"
    assert "[fødselsnummer fjernet]" in files[run.reports / "validering.html"]


def test_a_number_the_export_is_rejected_for_is_shown_redacted(tmp_path):
    run = Layout(tmp_path)
    _add_number_question(run)
    _with_cells(run, {}, extra=["Antall dager borte", "912 34 567"] + [""] * 39)
    assert run.run("ingest") == 2
    page = html_lib.unescape(run.page)
    assert "Svaret er ikke et tall" in page and "[telefonnummer fjernet]" in page
    assert "912 34 567" not in page and "rad 2" in page


def test_an_identifier_column_the_export_is_rejected_for_shows_no_value(tmp_path):
    run = Layout(tmp_path)
    _add_number_question(run, identifying=True, header="Ansattnummer")
    _with_cells(run, {}, extra=["Ansattnummer", "150765 00565x"] + [""] * 39)
    assert run.run("ingest") == 2
    page = html_lib.unescape(run.page)
    assert "Svaret er ikke et tall" in page and "Ansattnummer" in page and "rad 2" in page
    assert "150765" not in page and "fjernet" not in page  # no value at all, not even redacted


# A fødselsnummer and a D-nummer as typed (6 + 5 digits), and a name: none may reach the terminal,
# which ends up in CI logs and e-mails.
TYPED = ["150765 00565", "550765 00559", "Kari Nordmann"]


def _terminal(run: Layout, capsys) -> str:
    """stdout and stderr of one rejected ingest run through the CLI."""
    capsys.readouterr()
    assert run.run("ingest") == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return out + err


def _typed_into_number_column(run: Layout, **keys: object) -> None:
    header = keys.get("header", "Antall dager borte")
    _add_number_question(run, **keys)
    _with_cells(run, {}, extra=[str(header), *TYPED] + [""] * 37)


def test_the_terminal_shows_no_value_of_an_identifier_column_only_file_column_and_rows(
    tmp_path, capsys
):
    run = Layout(tmp_path)
    _typed_into_number_column(run, identifying=True, header="Ansattnummer")
    terminal = _terminal(run, capsys)
    assert "Fil «svar.csv», kolonne «Ansattnummer»: Svaret er ikke et tall. (rad 2, 3, 4)" in (
        terminal
    )
    assert "Verdi" not in terminal and "fjernet" not in terminal  # no value, not even redacted
    assert "150765" not in terminal and "550765" not in terminal
    assert not _identifiers_in(terminal), _identifiers_in(terminal)


def test_the_terminal_shows_values_of_a_number_column_only_redacted(tmp_path, capsys):
    run = Layout(tmp_path)
    _typed_into_number_column(run)
    terminal = _terminal(run, capsys)
    assert "Fil «svar.csv», kolonne «Antall dager borte»: Svaret er ikke et tall." in terminal
    assert "«[fødselsnummer fjernet]», «[d-nummer fjernet]», «[navn fjernet]»" in terminal
    assert "(rad 2, 3, 4)" in terminal
    assert "150765" not in terminal and "550765" not in terminal
    assert not _identifiers_in(terminal), _identifiers_in(terminal)


def test_the_terminal_shows_unknown_closed_answers_only_redacted(tmp_path, capsys):
    run = Layout(tmp_path)
    role = 6  # «Hva er din rolle?»
    _with_cells(run, {(line, role): value for line, value in enumerate(TYPED, start=1)})
    terminal = _terminal(run, capsys)
    assert "Kolonne «Hva er din rolle?»: 3 ukjente svar" in terminal and "svar.csv" in terminal
    for label in ("[fødselsnummer fjernet]", "[d-nummer fjernet]", "[navn fjernet]"):
        assert label in terminal
    assert "rad 2" in terminal and "rad 4" in terminal
    assert "150765" not in terminal and "550765" not in terminal
    assert not _identifiers_in(terminal), _identifiers_in(terminal)


def test_identity_numbers_in_a_number_question_are_stored_missing_with_a_warning(tmp_path, capsys):
    run = Layout(tmp_path)
    _add_number_question(run)
    # a fødselsnummer, one that lost its leading zero (010180 10018), a D-nummer, an account
    # number; then ordinary answers, one of them a long number that is none of those
    typed = ["15076500565", "1018010018", "55076500559", "12345678903", "3", "12", "1017012345"]
    _with_cells(run, {}, extra=["Antall dager borte", *typed] + [""] * 33)
    capsys.readouterr()
    assert run.run("ingest") == 0
    out, err = capsys.readouterr()
    warning = (
        "Advarsel: Kolonne «Antall dager borte»: 4 svar ser ut som fødselsnummer, D-nummer eller "
        "kontonummer og er lagret som manglende (rad 2, 3, 4, 5). Verdiene vises ikke."
    )
    assert warning in out and "Validering av «svar.csv»: 0 feil" in out
    stored = pd.read_parquet(run.processed / "responses.parquet")["dager"]
    assert stored.iloc[:4].isna().all()
    assert stored.iloc[4:7].tolist() == [3.0, 12.0, 1017012345.0]
    files = {
        **_validation_files(run),
        run.processed / "responses.parquet": stored.to_csv(sep=";"),
        Path("terminal"): out + err,
    }
    for path, text in files.items():
        assert not _identifiers_in(text), (path, _identifiers_in(text))
        for number in typed[:4]:
            assert number not in text, (path, number)
    (finding,) = [
        f
        for f in json.loads(files[run.processed / "validation.json"])
        if f["check"] == "identity_number_in_number"
    ]
    assert finding["values"] == [] and finding["rows"] == [2, 3, 4, 5]
    assert finding["severity"] == "warning" and finding["count"] == 4


def test_a_question_marked_identifying_is_dropped_and_the_stages_after_ingest_run(tmp_path, capsys):
    run = Layout(tmp_path)
    _add_number_question(run, identifying=True, header="Ansattnummer")
    _with_cells(run, {}, extra=["Ansattnummer", "4711", "15076500565"] + [""] * 38)
    assert run.run("ingest") == 0
    out = capsys.readouterr().out
    assert "Identifiserende kolonner fjernet: «E-post», «Ansattnummer»" in out
    assert "finnes ikke" not in out  # a dropped column is not reported as missing
    assert "dager" not in pd.read_parquet(run.processed / "responses.parquet").columns
    assert run.run("analyse") == 0
    results = (run.processed / "results.json").read_text(encoding="utf-8")
    assert '"dager"' not in results and "15076500565" not in results


def test_redacted_free_text_keeps_its_labels_and_ordinary_words(full_run):
    answers = pd.read_parquet(full_run.processed / "responses.parquet")["kommentar"].dropna()
    text = " ".join(answers)
    for label in (
        "[fødselsnummer fjernet]",
        "[d-nummer fjernet]",
        "[kontonummer fjernet]",
        "[nummer fjernet]",
        "[navn fjernet]",
        "[telefonnummer fjernet]",
        "[e-post fjernet]",
    ):
        assert label in text
    assert "per dag, og på bakken er det glatt" in text


def test_method_chapter_says_what_is_removed_and_that_the_revisor_must_read_free_text(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    assert "renset for navn" not in html
    for words in ("fødselsnumre", "D-numre", "kontonumre", "etternavn", "små bokstaver"):
        assert words in html
    assert "Revisor skal derfor lese alle fritekstsvar" in html


# --- 2. Groups under k ------------------------------------------------------------------------


def _table(html: str, caption: str) -> list[list[str]]:
    """The body rows of the first table whose caption contains ``caption``, as cell texts."""
    at = html.index(caption)
    body = html[at : html.index("</table>", at)]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [
        [
            html_lib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)
        ]
        for r in rows
    ]


def test_response_tables_hide_the_small_group_and_label_the_protecting_one(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    rates = {row[0]: row for row in _table(html, "Inviterte, startede og fullførte")}
    assert rates["Teknisk drift"] == ["Teknisk drift", "10"] + ["under 5"] * 4
    assert rates["Skole"] == ["Skole", "50"] + ["skjult"] * 4
    assert rates["Totalt"][:4] == ["Totalt", "60", "40", "34"]
    rep = {row[0]: row for row in _table(html, "Respondentene sammenlignet med de inviterte")}
    assert rep["Teknisk drift"][3:] == ["under 5", "under 5"]
    assert rep["Skole"][3:] == ["skjult", "skjult"]
    assert "Kjikvadrattest" not in html  # the test statistic would give the counts away
    assert html.count("«Skjult»: gruppen har minst 5 svar") >= 2


def test_dropout_sentence_does_not_say_where_the_dropouts_came_from(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    assert "av disse i" not in html
    assert "100,0\u00a0%" not in html.split("fullførte ikke")[1].split("</p>")[0]
    assert (
        "Fordelingen vises ikke for Skole og Teknisk drift, fordi en gruppe har under 5 svar."
        in html
    )


def test_the_method_chapter_says_what_a_hidden_cell_reads(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    assert "Ingen resultater vises for grupper med under 5 svar" in html
    assert "I tabellene står det «under 5» i stedet for antallet." in " ".join(html.split())
    assert "færre enn 5" not in html


def test_appendix_and_figure_of_the_group_question_hide_the_small_group(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    etat = {row[0]: row for row in _table(html, "Etat (andel av alle svar")}
    assert etat["Teknisk drift"][1:] == ["under 5"] * 3
    assert etat["Skole"][1:] == ["skjult"] * 3
    index = json.loads((full_run.reports / "figures" / "index.json").read_text(encoding="utf-8"))
    figure = next(e for e in index if e["id"] == "sporsmal-etat")
    assert figure["table"]["rows"] == [
        ["Skole", "skjult", "skjult"],
        ["Teknisk drift", "under 5", "under 5"],
    ]
    svg = (full_run.reports / "figures" / figure["print_file"]).read_text(encoding="utf-8")
    assert "under 5" in svg and "skjult" in svg and "92,5" not in svg


def test_no_count_of_the_small_group_anywhere_in_the_pdf(full_run):
    text = " ".join(_pdf_text(full_run.reports / "rapport.pdf").split())
    # 10 are invited (not about the respondents); a date such as 03.03.2025 is no count;
    # pdftotext joins a table's cells, so the sources table's «… Teknisk drift» + «60 inviterte»
    # (the kommune's total invited) reads as one line: a number of invited is no respondent count
    assert not re.search(r"Teknisk drift (?!10 )\d+(?![.\d])(?! inviterte)", text)
    assert not re.search(r"Teknisk drift \d+,\d", text)
    assert "av disse i" not in text


def test_report_and_notebook_hide_the_same_groups_with_the_same_labels(full_run):
    notebook = (full_run.reports / "notebooks" / "01-svarinngang-og-frafall.html").read_text(
        encoding="utf-8"
    )
    labels = {"Teknisk drift": "under 5", "Skole": "skjult"}
    seen = {name: 0 for name in labels}
    # pandas writes its tables without captions: find each group's rows by name
    for name, label in labels.items():
        for match in re.finditer(rf"<td>{name}</td>(.*?)</tr>", notebook, re.S):
            cells = re.findall(r"<td>(.*?)</td>", match.group(1))
            if cells and cells[0].isdigit():
                cells = cells[1:]  # the invited, which are not about the respondents
            assert cells and all(c == label for c in cells), (name, cells)
            seen[name] += 1
    assert seen["Teknisk drift"] >= 1 and seen["Skole"] >= 2  # response and dropout tables


def test_the_one_rule_hides_by_every_count_and_labels_secondary_groups():
    from pipeline.analysis.anonymity import (
        category_suppression,
        hidden_response_groups,
        mark_groups,
    )

    results = {
        "k": 5,
        "response": {
            "rates": [
                {"group": "Teknisk drift", "started": 3},
                {"group": "Skole", "started": 555},
                {"group": None, "started": 558},
            ]
        },
    }
    assert hidden_response_groups(results) == {"Teknisk drift": "primary", "Skole": "secondary"}
    table = pd.DataFrame({"n1": [40, 40, 9], "n2": [40, 3, 9]})
    assert mark_groups(table, 5, n=["n1", "n2"])["suppression"].tolist() == [
        None,
        "primary",
        "secondary",
    ]
    assert category_suppression([100, 0, 20], 5) == [None, None, None]


def test_a_hidden_group_in_a_figure_says_why():
    from pipeline.figures.bars import choice_bars

    fig = choice_bars(
        pd.DataFrame(
            {
                "label": ["A", "B", "C"],
                "share": [0.0, 0.0, 0.5],
                "count": [0, 0, 20],
                "suppressed": ["primary", "secondary", False],
            }
        ),
        k=5,
    )
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "under 5" in texts and "skjult" in texts


# --- 5. No network ---------------------------------------------------------------------------


def test_remote_image_in_a_revisor_text_is_refused_naming_file_and_line(tmp_path, capsys):
    run = Layout(tmp_path)
    fakta = run.study / "texts" / "fakta.md"
    fakta.write_text("Første linje.\n\n![bilde](http://example.org/pixel.png)\n", encoding="utf-8")
    for stage in ("ingest", "analyse", "figures"):
        assert run.run(stage) == 0
    capsys.readouterr()
    assert run.run("report", "--format", "html") == 2
    err = capsys.readouterr().err
    assert "fakta.md" in err and "Linje 3" in err and "nettet" in err
    assert not (run.reports / "rapport.html").exists()


def test_links_to_sources_stay_plain_links(full_run):
    html = (full_run.reports / "rapport.html").read_text(encoding="utf-8")
    assert '<a href="https://lovdata.no/lov/2005-06-17-62">arbeidsmiljøloven</a>' in html
    assert not re.search(r"<(img|script|link|iframe)[^>]+(src|href)=\"(https?:)?//", html)


def test_weasyprint_fetches_nothing_from_the_network_or_outside_the_reports_folder(tmp_path):
    from pipeline.report.pdf import LocalFetcher, write_pdf

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    port = server.getsockname()[1]
    secret = tmp_path / "hemmelig.png"
    secret.write_bytes(b"\x89PNG")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "lenke.png").symlink_to(secret)
    for src in (f"http://127.0.0.1:{port}/pixel.png", str(secret), "lenke.png", "../hemmelig.png"):
        page = f'<html lang="nb"><body><h1>R</h1><img src="{src}" alt="x"></body></html>'
        with pytest.raises(PipelineError, match="PDF-en ble ikke laget"):
            write_pdf(
                page, reports / "r.pdf", base_url=reports, title="R", kommune="K", year="2025"
            )
    with pytest.raises(BlockingIOError):
        server.accept()  # nobody called
    server.close()
    assert not (reports / "r.pdf").exists()
    fetcher = LocalFetcher(reports)
    (reports / "egen.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert fetcher((reports / "egen.svg").as_uri()).read().startswith(b"<svg")


def test_notebook_html_is_self_contained(full_run):
    for page in (full_run.reports / "notebooks").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", text), page
        assert not re.search(r"<link[^>]+href=\"https?:", text), page
        assert "cdnjs" not in text and "cdn.jsdelivr" not in text and "unpkg" not in text


# --- 6. One atomic report --------------------------------------------------------------------

_KILL_DURING_PDF = """
import os, sys
import pipeline.report.pdf as pdf

def killed(*args, into=None, **kwargs):
    into.write_bytes(b"%PDF-1.7 half")
    os._exit(9)  # like kill -9: no clean-up runs

pdf.write_pdf = killed
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reported_then_edited(tmp_path: Path) -> tuple[Layout, dict[str, str]]:
    """A full report (HTML and PDF, their digests) and then a changed text in the study."""
    run = Layout(tmp_path)
    for stage in ("ingest", "analyse", "figures"):
        assert run.run(stage) == 0
    assert run.run("report", "--format", "both") == 0
    old = {name: _digest(run.reports / name) for name in ("rapport.html", "rapport.pdf")}
    (run.study / "texts" / "fakta.md").write_text("En ny tekst.\n", encoding="utf-8")
    return run, old


def test_killed_pdf_step_leaves_the_old_pair_and_the_next_run_cleans_up(tmp_path):
    run, old = _reported_then_edited(tmp_path)
    killed = subprocess.run(
        [sys.executable, "-c", _KILL_DURING_PDF, *run.args("report", "--format", "both")],
        cwd=ROOT,
        capture_output=True,
    )
    assert killed.returncode == 9
    assert {name: _digest(run.reports / name) for name in old} == old
    assert list(run.reports.glob(".rapport.pdf.*.tmp"))  # the kill left its temp file
    figures_left = run.reports / ".figures.999999999.abc.tmp"
    figures_left.mkdir()  # as a killed figures run leaves it
    (figures_left / "index.json").write_text("[]")
    assert run.run("figures") == 0
    assert run.run("report", "--format", "both") == 0
    assert not list(run.reports.glob(".*.tmp"))
    assert "En ny tekst." in (run.reports / "rapport.html").read_text(encoding="utf-8")
    assert _digest(run.reports / "rapport.pdf") != old["rapport.pdf"]


def test_failed_pdf_step_replaces_neither_file(tmp_path, monkeypatch, capsys):
    run, old = _reported_then_edited(tmp_path)
    import pipeline.report.pdf as pdf

    def failing(*args, into=None, **kwargs):
        into.write_bytes(b"%PDF half")
        raise PipelineError("PDF-en ble ikke laget.")

    monkeypatch.setattr(pdf, "write_pdf", failing)
    assert run.run("report", "--format", "both") == 2
    assert {name: _digest(run.reports / name) for name in old} == old
    assert not list(run.reports.glob(".*.tmp"))


# --- 7. validering.html on every run that reads a file ---------------------------------------


def _good_page(run: Layout) -> None:
    assert run.run("ingest") == 0
    assert "0 feil" in run.page


def _reject(run: Layout, capsys) -> str:
    capsys.readouterr()
    assert run.run("ingest") == 2
    err = capsys.readouterr().err
    assert "0 feil" not in run.page and "1 feil" in run.page
    return err


@pytest.mark.parametrize(
    "attack",
    ["png_renamed", "empty", "truncated_binary", "duplicate_header", "missing_column"],
)
def test_rejected_export_rewrites_the_validation_page(tmp_path, capsys, attack):
    run = Layout(tmp_path)
    _good_page(run)
    before = _digest(run.processed / "responses.parquet")
    header, *rows = run.export.read_text(encoding="utf-8").splitlines()
    if attack == "png_renamed":
        run.export.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    elif attack == "empty":
        run.export.write_bytes(b"")
    elif attack == "truncated_binary":
        run.export.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    elif attack == "duplicate_header":
        run.export.write_text(
            "\n".join([header.replace("Hva er din rolle?", "Etat")] + rows), encoding="utf-8"
        )
    elif attack == "missing_column":
        cells = [line.split(";") for line in [header, *rows]]
        run.export.write_text("\n".join(";".join(c[:6] + c[7:]) for c in cells), encoding="utf-8")
    err = _reject(run, capsys)
    assert "Traceback" not in err and "svar.csv" in err
    assert "svar.csv" in run.page
    assert _digest(run.processed / "responses.parquet") == before  # the last good output stays


@pytest.mark.parametrize("file", ["study.yaml", "codebook.yaml"])
def test_bad_yaml_rewrites_the_validation_page(tmp_path, capsys, file):
    run = Layout(tmp_path)
    _good_page(run)
    (run.study / file).write_text("id: [ikke lukket\nkommune: x\n", encoding="utf-8")
    err = _reject(run, capsys)
    assert file in err and "YAML" in err
    assert "YAML" in run.page


# --- 8. A missing battery item ---------------------------------------------------------------


def test_missing_battery_item_is_not_pointed_at_another_item(tmp_path, capsys):
    run = Layout(tmp_path)
    lines = run.export.read_text(encoding="utf-8").splitlines()
    cells = [line.split(";") for line in lines]
    run.export.write_text("\n".join(";".join(c[:8] + c[9:]) for c in cells), encoding="utf-8")
    assert run.run("ingest") == 2
    err = capsys.readouterr().err
    assert "Arbeidsbelastning" in err
    assert "Mente du" not in err  # «… - Trivsel» is another item, not a suggestion


def test_misspelt_battery_item_still_gets_a_suggestion(tmp_path, capsys):
    run = Layout(tmp_path)
    text = run.export.read_text(encoding="utf-8")
    run.export.write_text(text.replace("- Arbeidsbelastning", "- Arbeidsbelastnign"), "utf-8")
    assert run.run("ingest") == 2
    assert (
        "Mente du «Hvor enig er du i påstandene? - Arbeidsbelastnign»?" in capsys.readouterr().err
    )


# --- The attacks of the first round that already passed -------------------------------------


def test_unknown_answer_is_an_error_naming_column_value_and_row(tmp_path, capsys):
    run = Layout(tmp_path)
    lines = run.export.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(";Skole;", ";Sykehjem;")
    run.export.write_text("\n".join(lines), encoding="utf-8")
    assert run.run("ingest") == 2
    assert "«Sykehjem»" in run.page and "rad 6" in run.page and "Etat" in run.page


def test_duplicate_respondent_ids_stop_the_run(tmp_path):
    run = Layout(tmp_path)
    lines = run.export.read_text(encoding="utf-8").splitlines()
    lines[3] = "5000;" + lines[3].split(";", 1)[1]
    run.export.write_text("\n".join(lines), encoding="utf-8")
    assert run.run("ingest") == 2
    assert "5000" in run.page


def test_timestamps_outside_the_survey_window_are_reported(tmp_path):
    run = Layout(tmp_path)
    text = run.export.read_text(encoding="utf-8").replace("03.03.2025 08:00", "01.01.2024 08:00")
    run.export.write_text(text, encoding="utf-8")
    run.run("ingest")
    assert "2024" in run.page


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_three_encodings_read_the_same(tmp_path, encoding):
    run = Layout(tmp_path)
    text = run.export.read_text(encoding="utf-8")
    run.export.write_bytes(text.encode(encoding))
    assert run.run("ingest") == 0
    frame = pd.read_parquet(run.processed / "responses.parquet")
    assert frame["etat"].value_counts().to_dict() == {"Skole": 37, "Teknisk drift": 3}


def test_raw_data_is_never_changed(full_run):
    assert _digest(full_run.raw / STUDY_ID / "svar.csv") == _digest(EXPORT)


# --- Fuzzing: a Norwegian PipelineError or success, never another exception -----------------

_YAML_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.dates().map(str),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _mutations(document: dict) -> st.SearchStrategy[dict]:
    """The document with one key at any depth replaced, deleted or given a random value."""

    def paths(node, prefix=()):
        if isinstance(node, dict):
            for key, value in node.items():
                yield (*prefix, key)
                yield from paths(value, (*prefix, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield (*prefix, i)
                yield from paths(value, (*prefix, i))

    every = list(paths(document))

    @st.composite
    def mutate(draw):
        import copy

        doc = copy.deepcopy(document)
        for _ in range(draw(st.integers(1, 3))):
            path = draw(st.sampled_from(every))
            node = doc
            try:
                for step in path[:-1]:
                    node = node[step]
                if draw(st.booleans()) and isinstance(node, dict):
                    node.pop(path[-1], None)
                else:
                    node[path[-1]] = draw(_YAML_VALUES)
            except (KeyError, IndexError, TypeError):
                continue
        return doc

    return mutate()


def _load_everything(study: Path) -> None:
    from pipeline.analysis.config import load_analysis_config
    from pipeline.codebook.load import load_codebook
    from pipeline.config import load_study
    from pipeline.report.config import load_report_config

    loaded = load_study(study, study.parent / "raw")
    codebook = load_codebook(study / "codebook.yaml")
    load_analysis_config(study / "analysis.yaml", codebook)
    load_report_config(study / "report.yaml", loaded.config.problemstillinger)


_NORWEGIAN = re.compile(
    r"[æøå]|\b(er|har|ikke|ingen|en|et|i|på|som|skal|mangler|finnes|kan|må|og|eller|for|men|"
    r"med|til|av|feil|ugyldig|filen|kolonne|rad)\b",
    re.I,
)


def _assert_norwegian(error: PipelineError) -> None:
    assert error.message.strip()
    assert _NORWEGIAN.search(error.message), error.message
    assert "Traceback" not in str(error)


@pytest.mark.parametrize("file", ["study.yaml", "codebook.yaml", "analysis.yaml", "report.yaml"])
def test_fuzzed_study_files_give_a_norwegian_error_or_load(tmp_path_factory, file):
    original = yaml.safe_load((DATA / "study" / file).read_text(encoding="utf-8"))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(doc=_mutations(original), raw_text=st.one_of(st.none(), st.text(max_size=80)))
    def check(doc, raw_text):
        base = tmp_path_factory.mktemp("fuzz-yaml")
        shutil.copytree(DATA / "study", base / "study")
        target = base / "study" / file
        if raw_text is not None:
            target.write_text(raw_text, encoding="utf-8")
        else:
            target.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        try:
            _load_everything(base / "study")
        except PipelineError as error:
            _assert_norwegian(error)

    check()


_CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(
        ["", "Skole", "Teknisk drift", "Enig", "Vet ikke", "31.02.2025 25:61", "1e309"]
    ),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 9), _CELLS), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 4000)),
    junk=st.binary(max_size=20),
)
def test_fuzzed_exports_give_a_norwegian_error_or_ingest(tmp_path_factory, edits, cut, junk):
    run = Layout(tmp_path_factory.mktemp("fuzz-csv"))
    rows = [line.split(";") for line in run.export.read_text(encoding="utf-8").splitlines()]
    for row, column, value in edits:
        rows[row % len(rows)][column % len(rows[0])] = value.replace(";", ",").replace("\n", " ")
    data = "\n".join(";".join(r) for r in rows).encode("utf-8")
    if cut is not None:
        data = data[:cut] + junk
    run.export.write_bytes(data)
    from pipeline.config import Paths, load_study
    from pipeline.ingest import ingest

    try:
        ingest(load_study(run.study, run.raw), Paths(run.processed, run.reports))
    except PipelineError as error:
        _assert_norwegian(error)
        assert "feil" in run.page


def test_the_attack_studys_results_file_matches_the_typed_records(full_run, results_problems):
    data = json.loads((full_run.processed / "results.json").read_text(encoding="utf-8"))
    assert results_problems(data) == []
