"""Page breaks in the PDF, read from the page text positions (pdftotext -bbox): no page ends
with a heading, and a figure is printed on the page where its introducing sentence ends."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.report.check import pdf_body_lines, print_layout_problems
from pipeline.report.navigation import add_navigation
from pipeline.report.pdf import write_pdf


@pytest.fixture(scope="module")
def pdftotext(system_tool) -> str:
    return system_tool("pdftotext", package="poppler-utils")


def _page(body: str) -> str:
    """A small report page as the template would render it (with navigation added)."""
    head = '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>T</title></head>'
    return head + add_navigation(f'<body><main id="innhold">{body}</main></body>') + "</html>"


FIGURE = (
    '<p class="generated">Her er setningen som innleder figuren om samarbeid.</p>'
    '<figure id="fig-a"><div class="figure-scroll"><img alt="figur" src="data:image/svg+xml;base64,'
    "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0MDAiIGhlaWdodD0iMzAwIj48"
    'cmVjdCB3aWR0aD0iNDAwIiBoZWlnaHQ9IjMwMCIgZmlsbD0iIzQzOTNDMyIvPjwvc3ZnPg=="></div>'
    "<figcaption>Samarbeid (n = 41)</figcaption></figure>"
)
FILLER = "<p>" + "Fyllsetning om arbeidsmiljø og sykefravær i kommunen. " * 55 + "</p>"


def _print(tmp_path: Path, html: str) -> Path:
    target = tmp_path / "rapport.pdf"
    write_pdf(html, target, base_url=tmp_path, title="T", kommune="K", year="2025")
    return target


def test_print_stylesheet_keeps_the_intro_sentence_with_its_figure(
    pdftotext: str, tmp_path: Path
) -> None:
    html = _page('<section class="chapter"><h2>1 Kapittel</h2>' + FILLER + FIGURE + "</section>")
    assert print_layout_problems(html, _print(tmp_path, html)) == []


def test_check_finds_a_figure_apart_from_its_intro_and_a_page_ending_on_a_heading(
    pdftotext: str, tmp_path: Path
) -> None:
    forced = FIGURE.replace('<figure id="fig-a"', '<figure id="fig-a" style="break-before: page"')
    body = '<section class="chapter"><h2>1 Kapittel</h2><p>Kort.</p>' + forced
    body += '<h3 style="break-after: page">1.1 Overskrift alene</h3><p>Neste side.</p></section>'
    html = _page(body)
    problems = print_layout_problems(html, _print(tmp_path, html))
    assert any("Figur 1" in p for p in problems), problems
    assert any("slutter med en overskrift" in p for p in problems), problems


@pytest.mark.slow
def test_example_report_pdf_has_no_lone_heading_or_intro_at_a_page_end(
    pdftotext: str, example_run: Any, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    shutil.copytree(example_run.reports, reports)
    args = example_run.args("report", "--format", "pdf")
    args[args.index("--reports") + 1] = str(reports)
    assert main(args) == 0
    pdf = reports / "rapport.pdf"
    assert len(pdf_body_lines(pdf) or []) > 40
    html = (reports / "rapport.html").read_text(encoding="utf-8")
    assert print_layout_problems(html, pdf) == []
