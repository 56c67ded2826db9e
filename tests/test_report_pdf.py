"""The PDF writer: tagged PDF/UA with title and language, running header, page numbers, same bytes."""

from __future__ import annotations

import re
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.report.pdf import css_string, label_inline_svgs, source_date, write_pdf

DATA = Path(__file__).parent / "data" / "report"
FIXTURE = DATA / "rapport.html"
TITLE = "Arbeidsmiljø og sykefravær"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def pdftotext(system_tool: Callable[..., str]) -> str:
    """Path of poppler's pdftotext (see ``system_tool`` in conftest)."""
    return system_tool("pdftotext", package="poppler-utils")


def _write(tmp_path: Path, name: str = "rapport.pdf", html: str | None = None) -> Path:
    target = tmp_path / name
    write_pdf(
        FIXTURE.read_text(encoding="utf-8") if html is None else html,
        target,
        base_url=DATA,
        title=TITLE,
        kommune="Testkommune",
        year="2025",
    )
    return target


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream decompressed, so objects in object streams can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not Flate (or not a stream we need)
    return b"\n".join(parts)


def _pdf_string(text: str) -> bytes:
    """``text`` as WeasyPrint writes a non-ASCII PDF string: UTF-16BE hex with BOM."""
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"


def _pages_text(pdf: Path, tool: str) -> list[str]:
    text = subprocess.run(
        [tool, "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.replace(NBSP, " ").split("\f")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("pdf"))


def test_writes_a_pdf_file(pdf: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF-1.7")


def test_pdf_is_tagged_with_structure_tree_and_language(pdf: Path) -> None:
    content = _inflated(pdf.read_bytes())
    assert b"/StructTreeRoot" in content
    assert b"/MarkInfo <</Marked true>>" in content
    assert b"/Lang (nb)" in content
    assert b"/S /Table" in content and b"/S /TH" in content


def test_pdf_declares_pdf_ua_1_and_shows_the_title(pdf: Path) -> None:
    content = _inflated(pdf.read_bytes())
    assert b'pdfuaid:part="1"' in content
    assert b"/DisplayDocTitle true" in content
    assert b"/Title " + _pdf_string(TITLE) in content
    assert f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{TITLE}'.encode() in content


def test_inline_svg_figure_gets_its_caption_as_alt_text(pdf: Path) -> None:
    content = _inflated(pdf.read_bytes())
    caption = "Figur 1. Andel ansatte som har hatt medarbeidersamtale"
    assert b"/S /Figure" in content
    assert b"/Alt " + _pdf_string(caption)[:-1] in content  # prefix of the full caption


def test_same_html_gives_identical_bytes(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.pdf").read_bytes()
    second = _write(tmp_path, "b.pdf").read_bytes()
    assert first == second


def test_different_html_gives_a_different_file_identifier(tmp_path: Path) -> None:
    html = FIXTURE.read_text(encoding="utf-8")
    first = _inflated(_write(tmp_path, "a.pdf", html).read_bytes())
    second = _inflated(
        _write(tmp_path, "b.pdf", html.replace("545 ansatte", "546 ansatte")).read_bytes()
    )
    ids = [re.search(rb"/ID \[\((\w+)\)", content).group(1) for content in (first, second)]
    assert ids[0] != ids[1]


def test_source_date_epoch_sets_creation_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1740700800")
    content = _inflated(_write(tmp_path).read_bytes())
    assert b"/CreationDate (D:20250228000000Z)" in content
    assert b"/ModDate (D:20250228000000Z)" in content


def test_without_source_date_epoch_there_is_no_run_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = _inflated(_write(tmp_path).read_bytes())
    assert b"/CreationDate" not in content
    assert b"/ModDate" not in content


def test_invalid_source_date_epoch_is_a_norwegian_error() -> None:
    with pytest.raises(PipelineError, match="SOURCE_DATE_EPOCH"):
        source_date({"SOURCE_DATE_EPOCH": "i går"})


def test_norwegian_percent_is_in_the_pdf_text(pdf: Path, pdftotext: str) -> None:
    text = "\n".join(_pages_text(pdf, pdftotext))
    assert "42,5 % av de ansatte i Helse og velferd" in " ".join(text.split())


def test_front_page_has_no_header_or_page_number(pdf: Path, pdftotext: str) -> None:
    front = _pages_text(pdf, pdftotext)[0]
    assert "Arbeidsmiljø og sykefravær" in front
    assert "Testkommune | 2025" not in front
    assert "Side 1" not in front


def test_other_pages_have_running_header_and_side_x_av_y(pdf: Path, pdftotext: str) -> None:
    pages = [page for page in _pages_text(pdf, pdftotext) if page.strip()]
    assert len(pages) == 5
    for number, page in enumerate(pages[1:], start=2):
        assert "Testkommune | 2025 | Arbeidsmiljø og sykefravær" in page
        assert f"Side {number} av 5" in page


def test_table_of_contents_shows_the_page_of_each_chapter(pdf: Path, pdftotext: str) -> None:
    pages = _pages_text(pdf, pdftotext)
    toc = pages[1]
    for chapter in ("Sammendrag", "1 Innledning", "2 Medarbeidersamtaler"):
        entry = re.search(rf"^{re.escape(chapter)}\s*\.+\s*(\d+)\s*$", toc, re.M)
        assert entry is not None, f"{chapter} mangler i innholdsfortegnelsen"
        page_number = int(entry.group(1))
        assert chapter in pages[page_number - 1].split("Side")[0]


def test_figure_is_not_split_across_pages(pdf: Path, pdftotext: str) -> None:
    pages = _pages_text(pdf, pdftotext)
    with_caption = [i for i, page in enumerate(pages) if "Figur 1." in page]
    with_bars = [
        i for i, page in enumerate(pages) if "Familie og oppvekst" in page and "81,0 %" in page
    ]
    assert len(with_caption) == 1
    assert with_caption[0] in with_bars


def test_failed_write_keeps_the_previous_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from weasyprint.document import Document

    target = _write(tmp_path)
    before = target.read_bytes()

    def half_written(self: Document, target: Path, *args: object, **kwargs: object) -> None:
        Path(target).write_bytes(b"%PDF-1.7 halvferdig")
        raise OSError("disken er full")

    monkeypatch.setattr(Document, "write_pdf", half_written)
    with pytest.raises(OSError, match="disken er full"):
        _write(tmp_path)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_css_string_escapes_quotes_so_a_title_cannot_break_the_rule() -> None:
    quoted = css_string('Rapport "x"; } @page { margin: 0')
    assert quoted.count('"') == 2
    assert quoted.startswith('"Rapport \\22 x\\22 ;')


def test_svg_with_title_keeps_its_own_title() -> None:
    from xml.etree import ElementTree

    svg_ns = "http://www.w3.org/2000/svg"
    root = ElementTree.Element("html")
    svg = ElementTree.SubElement(root, f"{{{svg_ns}}}svg", {"aria-label": "Fra aria"})
    ElementTree.SubElement(svg, f"{{{svg_ns}}}title").text = "Egen tittel"
    bare = ElementTree.SubElement(root, f"{{{svg_ns}}}svg", {"aria-label": "Fra aria"})
    assert label_inline_svgs(root) == 1
    assert svg.find(f"{{{svg_ns}}}title").text == "Egen tittel"
    assert bare.find(f"{{{svg_ns}}}title").text == "Fra aria"


def test_long_data_table_under_a_figure_does_not_push_the_figure_to_a_new_page(
    tmp_path: Path, pdftotext: str
) -> None:
    html = FIXTURE.read_text(encoding="utf-8")
    rows = "".join(
        f'<tr><th scope="row">Spørsmål {i}</th><td>{i}</td><td>50,0 %</td></tr>' for i in range(80)
    )
    html = html.replace("</tbody>", rows + "</tbody>", 1)  # the table inside figure 1's <details>
    pages = _pages_text(_write(tmp_path, html=html), pdftotext)
    heading = next(i for i, page in enumerate(pages) if "2 Medarbeidersamtaler" in page and i > 1)
    assert "Figur 1." in pages[heading]
    assert "Spørsmål 79" not in pages[heading]  # the table continues on the next pages
    assert "Etat" in pages[heading + 1]  # with its header row repeated


def test_missing_figure_file_fails_and_keeps_the_previous_pdf(tmp_path: Path) -> None:
    target = _write(tmp_path)
    before = target.read_bytes()
    html = FIXTURE.read_text(encoding="utf-8").replace(
        "<main>", '<main><img src="figures/finnes-ikke.svg" alt="Figur som mangler">'
    )
    with pytest.raises(PipelineError, match="WeasyPrint meldte feil") as raised:
        _write(tmp_path, html=html)
    assert "finnes-ikke.svg" in str(raised.value)
    assert target.read_bytes() == before


def test_image_without_alt_text_fails(tmp_path: Path) -> None:
    image = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E"
    html = FIXTURE.read_text(encoding="utf-8").replace("<main>", f'<main><img src="{image}">')
    with pytest.raises(PipelineError) as raised:
        _write(tmp_path, html=html)
    assert "has no required alt description" in str(raised.value)
    assert not (tmp_path / "rapport.pdf").exists()


def test_table_of_contents_link_to_missing_chapter_fails(tmp_path: Path) -> None:
    html = FIXTURE.read_text(encoding="utf-8").replace('href="#kap-2"', 'href="#kap-9"')
    with pytest.raises(PipelineError) as raised:
        _write(tmp_path, html=html)
    assert "kap-9" in str(raised.value)
