"""The browser check: axe-core and the report's own rules, phone layout, self-contained file, screenshots."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.report import check
from pipeline.report.check import (
    accessibility_violations,
    chromium_path,
    external_requests,
    pdf_info,
    phone_overflow,
    save_screenshots,
)

DATA = Path(__file__).parent / "data" / "report"
FIXTURE = DATA / "rapport.html"
BROKEN = DATA / "mangler-alt.html"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser(system_tool: Any) -> Iterator[Any]:
    """One headless Chromium for the whole module (either name the product accepts)."""
    system_tool("chromium", "chromium-browser", package="chromium")
    with check.browser_session() as session:
        yield session


def _variant(tmp_path: Path, old: str, new: str, source: Path = FIXTURE) -> Path:
    """A copy of a fixture report with one piece of HTML replaced."""
    html = source.read_text(encoding="utf-8")
    assert old in html, f"{old!r} finnes ikke i {source.name}"
    target = tmp_path / source.name
    target.write_text(html.replace(old, new, 1), encoding="utf-8")
    return target


def _ids(violations: list[dict]) -> set[str]:
    return {v["id"] for v in violations}


@pytest.mark.browser
def test_fixture_report_has_no_serious_or_critical_violations(browser: Any) -> None:
    assert accessibility_violations(FIXTURE, browser=browser) == []


@pytest.mark.browser
@pytest.mark.slow
def test_example_study_report_has_no_serious_or_critical_violations(
    browser: Any, example_run: Any
) -> None:
    assert accessibility_violations(example_run.reports / "rapport.html", browser=browser) == []


@pytest.mark.browser
@pytest.mark.slow
def test_example_study_report_fits_a_phone_screen(browser: Any, example_run: Any) -> None:
    overflow = phone_overflow(example_run.reports / "rapport.html", browser=browser)
    assert overflow.fits, overflow.elements


@pytest.mark.browser
def test_image_without_alt_and_table_without_headers_are_reported(browser: Any) -> None:
    violations = accessibility_violations(BROKEN, browser=browser)
    by_id = {v["id"]: v for v in violations}
    assert by_id["image-alt"]["impact"] == "critical"
    assert by_id["image-alt"]["targets"] == ["img"]
    assert by_id["image-alt"]["help"] == "Bilder må ha et tekstalternativ (alt)."
    assert by_id["rapport-tabell-uten-overskrifter"]["targets"] == ["body > main > table"]
    assert [v["impact"] for v in violations] == sorted(
        (v["impact"] for v in violations), key=check.IMPACT_ORDER.index
    )


@pytest.mark.browser
def test_svg_figure_without_a_name_is_reported(browser: Any, tmp_path: Path) -> None:
    html = _variant(tmp_path, 'role="img" aria-labelledby="figur-1-tekst"', 'role="img"')
    assert "svg-img-alt" in _ids(accessibility_violations(html, browser=browser))


@pytest.mark.browser
def test_skipped_heading_level_and_second_h1_are_reported(browser: Any, tmp_path: Path) -> None:
    html = _variant(tmp_path, "<h3>1.1 Bakgrunn</h3>", "<h1>Ekstra</h1><h3>1.1 Bakgrunn</h3>")
    violations = {v["id"]: v for v in accessibility_violations(html, browser=browser)}
    assert "rapport-en-h1" in violations
    assert "(har 2)" in violations["rapport-en-h1"]["help"]
    assert "rapport-overskriftsnivaa" in violations
    assert "heading-order" not in violations  # axe's own rule is only "moderate"


@pytest.mark.browser
def test_impacts_none_also_lists_moderate_violations(browser: Any, tmp_path: Path) -> None:
    html = _variant(tmp_path, "<h3>1.1 Bakgrunn</h3>", "<h1>Ekstra</h1><h3>1.1 Bakgrunn</h3>")
    everything = {v["id"]: v for v in accessibility_violations(html, browser=browser, impacts=None)}
    assert everything["heading-order"]["impact"] == "moderate"
    assert "rapport-en-h1" in everything


@pytest.mark.browser
def test_figure_without_caption_is_reported(browser: Any, tmp_path: Path) -> None:
    html = _variant(tmp_path, '<figcaption id="figur-1-tekst">', '<p id="figur-1-tekst">')
    html.write_text(html.read_text(encoding="utf-8").replace("</figcaption>", "</p>", 1))
    violations = {v["id"]: v for v in accessibility_violations(html, browser=browser)}
    assert violations["rapport-figur-uten-bildetekst"]["targets"] == ["#figur-1"]


@pytest.mark.browser
def test_fixture_report_fits_a_phone_screen(browser: Any) -> None:
    overflow = phone_overflow(FIXTURE, browser=browser)
    assert overflow.fits
    assert overflow.viewport_meta
    assert overflow.page_width <= overflow.screen_width <= 375
    assert overflow.elements == ()


@pytest.mark.browser
def test_wide_element_on_a_phone_is_reported_by_name(browser: Any, tmp_path: Path) -> None:
    html = _variant(tmp_path, "<main>", '<main><div class="bred" style="width: 900px">Bred</div>')
    overflow = phone_overflow(html, browser=browser)
    assert not overflow.fits
    assert overflow.page_width > 375
    assert "div.bred" in overflow.elements


@pytest.mark.browser
def test_wide_table_in_a_scrolling_wrapper_is_allowed(browser: Any, tmp_path: Path) -> None:
    wide = '<div class="table-wrap"><table style="width: 900px"><tr><th>Bred tabell</th></tr></table></div>'
    html = _variant(tmp_path, "<main>", "<main>" + wide)
    assert phone_overflow(html, browser=browser).fits


@pytest.mark.browser
def test_page_without_viewport_meta_does_not_fit_a_phone(browser: Any, tmp_path: Path) -> None:
    html = _variant(
        tmp_path, '<meta name="viewport" content="width=device-width, initial-scale=1">', ""
    )
    overflow = phone_overflow(html, browser=browser)
    assert not overflow.viewport_meta
    assert not overflow.fits


@pytest.mark.browser
def test_fixture_report_fetches_nothing_from_the_internet(browser: Any) -> None:
    assert external_requests(FIXTURE, browser=browser) == []


@pytest.mark.browser
def test_external_image_is_blocked_and_reported(browser: Any, tmp_path: Path) -> None:
    html = _variant(
        tmp_path, "<main>", '<main><img src="https://example.invalid/logo.png" alt="Logo">'
    )
    assert external_requests(html, browser=browser) == ["https://example.invalid/logo.png"]


@pytest.mark.browser
def test_screenshots_have_fixed_names_and_are_png(browser: Any, tmp_path: Path) -> None:
    stale = tmp_path / "skjermbilde-side-3.png"
    stale.write_bytes(b"gammel")
    saved = save_screenshots(BROKEN, tmp_path, browser=browser)
    assert [p.name for p in saved] == ["skjermbilde-side-1.png", "skjermbilde-mobil.png"]
    assert all(p.read_bytes().startswith(PNG) for p in saved)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in saved)


@pytest.mark.browser
def test_screenshots_of_a_long_report_are_capped_at_three_screens(
    browser: Any, tmp_path: Path
) -> None:
    html = _variant(tmp_path, "<main>", '<main><div style="height: 5000px"></div>')
    saved = save_screenshots(html, tmp_path / "ut", browser=browser)
    names = [p.name for p in saved]
    assert names == [f"skjermbilde-side-{i}.png" for i in (1, 2, 3)] + ["skjermbilde-mobil.png"]


@pytest.fixture
def shared_browser(browser: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command line reuse the module's browser instead of starting its own."""

    @contextlib.contextmanager
    def session() -> Iterator[Any]:
        yield browser

    monkeypatch.setattr(check, "browser_session", session)


@pytest.mark.browser
@pytest.mark.usefixtures("shared_browser")
def test_command_line_passes_the_fixture_and_reports_the_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], system_tool: Any
) -> None:
    from pipeline.report.pdf import write_pdf

    system_tool("pdfinfo", package="poppler-utils")
    pdf = tmp_path / "rapport.pdf"
    write_pdf(
        FIXTURE.read_text(encoding="utf-8"),
        pdf,
        base_url=DATA,
        title="Arbeidsmiljø og sykefravær",
        kommune="Testkommune",
        year="2025",
    )
    code = main(
        ["report-check", "--html", str(FIXTURE), "--pdf", str(pdf), "--out", str(tmp_path / "ut")]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Alle sjekkene er bestått." in out
    assert (tmp_path / "ut" / "skjermbilde-side-1.png").is_file()
    assert (tmp_path / "ut" / "skjermbilde-mobil.png").is_file()
    assert "rapport.pdf har 5 sider, tagget (PDF/UA)." in out


@pytest.mark.browser
@pytest.mark.usefixtures("shared_browser")
def test_command_line_fails_with_rule_and_selector_in_norwegian(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report-check", "--html", str(BROKEN), "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "[kritisk] image-alt: Bilder må ha et tekstalternativ (alt)." in out
    assert "element: img" in out
    assert "[alvorlig] rapport-tabell-uten-overskrifter" in out
    assert "Sjekken fant feil." in out


def test_command_line_missing_html_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report-check", "--html", str(tmp_path / "finnes-ikke.html")]) == 2
    assert "Fant ikke rapporten" in capsys.readouterr().err


def test_missing_chromium_is_a_norwegian_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check.shutil, "which", lambda name: None)
    with pytest.raises(PipelineError, match="Chromium") as raised:
        chromium_path()
    assert "apt-get install chromium" in str(raised.value)


def test_pdf_info_reads_pages_and_tagging(tmp_path: Path, system_tool: Any) -> None:
    system_tool("pdfinfo", package="poppler-utils")
    from pipeline.report.pdf import write_pdf

    pdf = tmp_path / "r.pdf"
    write_pdf(
        FIXTURE.read_text(encoding="utf-8"), pdf, base_url=DATA, title="T", kommune="K", year="2025"
    )
    info = pdf_info(pdf)
    assert info is not None and info.pages == 5 and info.tagged


def test_pdf_info_on_a_broken_pdf_is_a_user_error(tmp_path: Path, system_tool: Any) -> None:
    system_tool("pdfinfo", package="poppler-utils")
    broken = tmp_path / "r.pdf"
    broken.write_bytes(b"%PDF-1.7 avbrutt")
    with pytest.raises(PipelineError, match="skadet"):
        pdf_info(broken)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", check.LAYOUT_WIDTHS)
def test_example_report_has_no_cut_table_or_caption_and_readable_figure_text(
    browser: Any, example_run: Any, width: int
) -> None:
    layout = check.layout_at(example_run.reports / "rapport.html", width, browser=browser)
    assert layout.fits, layout


@pytest.mark.browser
@pytest.mark.slow
def test_layout_check_finds_cut_captions_and_tiny_figure_text(
    browser: Any, example_run: Any, tmp_path: Path
) -> None:
    html = (example_run.reports / "rapport.html").read_text(encoding="utf-8")
    for rule in (
        ".figure-scroll img { width: 640px; max-width: none; }",
        "position: sticky; left: 0; max-width: 100cqi;",
    ):
        assert rule in html
        html = html.replace(rule, "")
    (tmp_path / "rapport.html").write_text(html, encoding="utf-8")
    layout = check.layout_at(
        tmp_path / "rapport.html", 390, browser=browser, figures_dir=example_run.reports / "figures"
    )
    assert layout.clipped_captions and layout.small_figure_text


@pytest.mark.browser
@pytest.mark.slow
def test_side_contents_lists_sections_and_appendices_and_marks_where_the_reader_is(
    browser: Any, example_run: Any
) -> None:
    with check.open_report(browser, example_run.reports / "rapport.html", size=(1280, 800)) as (
        page,
        _,
    ):
        nav = page.locator("nav.side-nav")
        assert nav.is_visible()
        assert nav.locator('a[href="#vedlegg-3"]').count() == 1
        assert nav.locator('a[href="#metode-tittel"] + ol a').count() >= 3
        page.evaluate("document.getElementById('vedlegg-2').scrollIntoView()")
        page.wait_for_function("document.querySelector('.side-nav [aria-current]') !== null")
        assert page.locator(".side-nav [aria-current]").get_attribute("href") == "#vedlegg-2"
        assert nav.evaluate("el => getComputedStyle(el).position") == "sticky"
    with check.open_report(
        browser, example_run.reports / "rapport.html", size=(390, 844), mobile=True
    ) as (page, _):
        assert page.locator(".side-nav summary").is_visible()
        assert not page.locator('.side-nav a[href="#vedlegg-2"]').is_visible()
        page.locator(".side-nav summary").click()
        assert page.locator('.side-nav a[href="#vedlegg-2"]').is_visible()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("size", "mobile"), [((390, 844), True), ((1280, 800), False)])
def test_the_example_report_shows_one_example_banner_on_a_phone_and_a_desktop(
    browser: Any, example_run: Any, size: tuple[int, int], mobile: bool
) -> None:
    with check.open_report(
        browser, example_run.reports / "rapport.html", size=size, mobile=mobile
    ) as (page, _):
        banners = page.locator(".example-banner")
        visible = [banners.nth(i).is_visible() for i in range(banners.count())]
        assert visible.count(True) == 1, visible
        assert "syntetiske data" in banners.first.inner_text()
        top = page.locator("header.forside").bounding_box()
        assert top is not None and top["y"] < size[1] / 2  # the cover, with its banner, comes first
