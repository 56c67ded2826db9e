"""The rendered report: every chapter, numbered captions with n and alt text, Norwegian numbers, escaping."""

from __future__ import annotations

import html as html_lib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.cli import main


def text_of(page: str) -> str:
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]*"', "", page)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_chapter_of_a_forvaltningsrevisjon_report_is_present(example_run):
    page = example_run.html
    for heading in (
        "Sammendrag",
        "1 Innledning",
        "2 Metode",
        "3 Revisjonskriterier",
        "4 Sykefravær i kommunen",
        "5 Mål og rapportering",
        "6 System og praksis",
        "7 Konklusjon",
        "8 Anbefalinger",
        "Vedlegg 1: Kommunedirektørens uttalelse",
        "Vedlegg 2: Revisjonskriterier",
        "Vedlegg 3: Svarfordeling for alle spørsmål",
        "Vedlegg 4: Om dataene",
    ):
        assert heading in page, heading
    assert page.count("<h1") == 1
    assert '<html lang="nb">' in page


def test_fakta_and_revisors_vurdering_are_kept_apart_in_each_problemstilling_chapter(example_run):
    page = example_run.html
    assert page.count('<div class="fakta">') == page.count('<div class="vurdering">') == 2


def test_every_figure_has_alt_text_and_a_caption_with_n(example_run):
    page = example_run.html
    figures = re.findall(r"<figure.*?</figure>", page, flags=re.S)
    assert len(figures) >= 20
    for figure in figures:
        alt = re.search(r'<img [^>]*alt="([^"]+)"', figure)
        assert alt and len(alt.group(1)) > 20, figure[:200]
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, flags=re.S).group(1)
        if "sykefravaer" not in figure[:80]:  # registered absence is not a survey: no n
            assert "n\u00a0=\u00a0" in html_lib.unescape(caption), caption


def test_no_unformatted_numbers_in_the_text(example_run):
    text = text_of(example_run.html)
    assert not re.findall(r"\b\d+\.\d+\s?%", text)  # 42.5 %
    assert not re.findall(r"\b0\.\d{2,}\b", text)  # 0.425
    assert not re.findall(r"\d %", text)  # a normal space before % may wrap
    # decimal points only in dates (28.02.2025) and numbered headings (1.2)
    stray = [
        m for m in re.findall(r"\b\d+\.\d+\b", text) if not re.fullmatch(r"\d{1,2}\.\d{1,2}", m)
    ]
    dates = set(re.findall(r"\b\d{2}\.\d{2}\.\d{4}\b", text))
    assert all(any(m in d for d in dates) for m in stray), stray


def test_generated_sentence_matches_the_published_one(example_run):
    text = re.sub(r"\s+", " ", text_of(example_run.html)).replace("\u00a0", " ")
    assert (
        "42,5 % av de ansatte i Helse og velferd har hatt medarbeidersamtale med sin leder de siste "
        "12 månedene, mot 81,0 % i Familie og oppvekst – en forskjell på 38,5 prosentpoeng."
    ) in text


def test_free_text_is_redacted_and_holds_no_test_strings(example_run):
    page = example_run.html
    assert "Dette er en test" not in page and "script&gt;" not in page
    assert "[navn fjernet]" in page and "[telefonnummer fjernet]" in page
    assert not re.search(r"[\w.]+@[\w-]+\.\w+", text_of(page))  # no e-mail address anywhere
    assert not re.search(r"\b9\d{2} ?\d{2} ?\d{3}\b", text_of(page))  # no phone number


def test_data_appendix_names_the_input_file_and_its_sha256(example_run):
    import json

    manifest = json.loads((example_run.processed / "manifest.json").read_text(encoding="utf-8"))
    page = example_run.html
    assert manifest["input"]["file"] in page
    assert manifest["input"]["sha256"] in page
    assert "E-post" in page  # the dropped identifier column is named, its values are not


def test_two_renders_give_identical_html(example_run, tmp_path):
    shutil.copytree(example_run.reports / "figures", tmp_path / "figures")
    args = example_run.args("report", "--format", "html")
    args[args.index("--reports") + 1] = str(tmp_path)
    assert main(args) == 0
    assert (tmp_path / "rapport.html").read_bytes() == (
        example_run.reports / "rapport.html"
    ).read_bytes()


def test_report_stage_without_results_says_what_to_run(tmp_path, capsys):
    args = [
        "report",
        "--processed",
        str(tmp_path / "p"),
        "--reports",
        str(tmp_path / "r"),
        "--format",
        "html",
    ]
    assert main(args) == 2
    assert "Kjør trinnet «analyse» først" in capsys.readouterr().err


@pytest.fixture(scope="module")
def example_pdf(example_run, tmp_path_factory, system_tool) -> Path:
    """The example study's report printed to PDF once for the PDF tests."""
    system_tool("pdftotext", package="poppler-utils")
    folder = tmp_path_factory.mktemp("pdf")
    shutil.copy(example_run.reports / "rapport.html", folder / "rapport.html")
    shutil.copytree(example_run.reports / "figures", folder / "figures")
    args = example_run.args("report", "--format", "pdf")
    args[args.index("--reports") + 1] = str(folder)
    assert main(args) == 0
    return folder / "rapport.pdf"


@pytest.mark.slow
def test_pdf_carries_the_key_figures(example_pdf):
    text = subprocess.run(
        ["pdftotext", "-layout", str(example_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = re.sub(r"[\s\u00a0]+", " ", text)
    for figure in ("1 124", "42,5 %", "81,0 %", "38,5", "3,49", "51,2 %", "23,3", "12,4 %"):
        assert figure in text, figure
    # Figures are printed from their text variant, so their words are in the PDF too.
    assert "Andel av svarene (ugunstige til venstre, gunstige til høyre)" in text


@pytest.mark.slow
def test_no_text_in_the_pdf_runs_off_the_page(example_pdf):
    # A wide table is clipped at the paper's edge in print, where it cannot scroll.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(example_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    off_page = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", boxes, re.S), start=1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        for x_max, word in re.findall(r'xMax="([\d.]+)"[^>]*>([^<]*)</word>', page):
            if float(x_max) > width:
                off_page.append((number, word))
    assert off_page == []


def test_free_text_sample_says_how_many_of_how_many_answers_are_shown():
    from pipeline.templating import environment

    template = environment().from_string(
        '{% from "macros.html.j2" import facts %}{{ facts(items, 5) }}'
    )
    item = {
        "kind": "free_text",
        "shown": True,
        "suppressed": False,
        "text": "Hva hindrer tilrettelegging?",
        "n": 1234,
        "sample": ["Bemanning", "<b>Tid</b>"],
    }
    page = re.sub(r"\s+", " ", template.render(items=[item]))
    assert "et tilfeldig utvalg på 2 av 1 234 svar" in page  # \s+ took the no-break space
    assert "<li>&lt;b&gt;Tid&lt;/b&gt;</li>" in page
