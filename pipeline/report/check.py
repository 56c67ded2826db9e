"""Check the finished report in a real browser: accessibility, phone layout, screenshots.

``python -m pipeline report-check --html reports/rapport.html --pdf reports/rapport.pdf
--out reports`` (``make report-check``) opens the HTML in headless Chromium
(Debian's ``chromium``, driven by Playwright; Playwright's own browser download
is not used) and

- runs axe-core (``axe_playwright_python``) plus the report's own rules (one
  ``h1``, no skipped heading levels, every table with header cells, every
  figure with a caption) and fails on any serious or critical violation;
- loads the page at a phone's size (375 × 812) and fails if the page is wider
  than the screen (a wide table may scroll inside its own wrapper);
- reads the page at 1280, 768 and 390 px and fails if an element is wider than
  its container outside a region that scrolls, if a table or figure caption is
  cut off, or if the smallest text of a figure is drawn under 11 px;
- fails if the report tries to fetch anything from the internet: it must be one
  self-contained file;
- saves screenshots for a person to look at: ``skjermbilde-side-1.png`` … of the
  first three screens at 1280 px width, and ``skjermbilde-mobil.png`` at 390 px;
- prints the PDF's page count and whether it is tagged (with ``pdfinfo`` from
  poppler-utils, when installed), and reads the page text positions
  (``pdftotext -bbox``) to fail on a page that ends with a heading or a figure
  printed apart from the sentence that introduces it.

Exit status: 0 when all checks pass, 1 when a check fails, 2 on a user error
(missing file, no Chromium).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.files import write_bytes

BLOCKING_IMPACTS = ("critical", "serious")
IMPACT_ORDER = ("critical", "serious", "moderate", "minor")
IMPACT_NB = {
    "critical": "kritisk",
    "serious": "alvorlig",
    "moderate": "moderat",
    "minor": "mindre",
}
PHONE = (375, 812)
DESKTOP = (1280, 800)
MOBILE_SCREENSHOT = (390, 844)
# The widths the layout check reads the report at: a laptop, a tablet standing up, a phone.
LAYOUT_WIDTHS = (1280, 768, 390)
MIN_FIGURE_TEXT_PX = 11.0
SCREENSHOT_PAGES = 3

# Norwegian wording for the axe rules a report is most likely to break; others keep axe's
# English help text.
AXE_RULES_NB = {
    "image-alt": "Bilder må ha et tekstalternativ (alt).",
    "svg-img-alt": 'SVG-figurer med role="img" må ha et tekstalternativ.',
    "role-img-alt": 'Elementer med role="img" må ha et tekstalternativ.',
    "color-contrast": "Teksten har for lav kontrast mot bakgrunnen.",
    "document-title": "Dokumentet må ha en <title>.",
    "html-has-lang": '<html> må ha et lang-attributt (lang="nb").',
    "html-lang-valid": "lang-attributtet på <html> må være en gyldig språkkode.",
    "valid-lang": "lang-attributter må være gyldige språkkoder.",
    "link-name": "Lenker må ha en tekst som sier hvor de går.",
    "td-has-header": "Datacellene i tabellen må ha overskriftsceller.",
    "th-has-data-cells": "Overskriftsceller i tabellen må høre til dataceller.",
    "td-headers-attr": "headers-attributtet i tabellen må peke på celler i samme tabell.",
    "duplicate-id-aria": "ID-er som brukes av ARIA, må være unike.",
    "aria-valid-attr-value": "ARIA-attributtene har ugyldige verdier.",
    "list": "Lister må bare inneholde <li>-elementer.",
    "listitem": "<li> må stå i en liste (<ul> eller <ol>).",
    "meta-viewport": "Siden må kunne forstørres (ikke user-scalable=no).",
    "scrollable-region-focusable": 'Et område som ruller, må kunne nås med tastaturet (tabindex="0").',
    "nested-interactive": "Interaktive elementer kan ikke ligge inni hverandre.",
}

# The report's own rules, beyond axe: the issue requires one h1, ordered headings, real table
# headers and a text alternative for every figure. Run in the page; returns axe-shaped results.
HOUSE_RULES_JS = r"""
() => {
  const selector = (el) => {
    if (el.id) return '#' + CSS.escape(el.id);
    const parts = [];
    while (el && el.nodeType === 1 && el !== document.documentElement) {
      if (el.id) { parts.unshift('#' + CSS.escape(el.id)); break; }
      const siblings = Array.from(el.parentNode.children).filter(s => s.tagName === el.tagName);
      const tag = el.tagName.toLowerCase();
      parts.unshift(siblings.length > 1 ? `${tag}:nth-of-type(${siblings.indexOf(el) + 1})` : tag);
      el = el.parentElement;
    }
    return parts.join(' > ') || 'html';
  };
  const out = [];
  const add = (id, help, elements) => {
    if (elements.length) out.push({id, impact: 'serious', help, targets: elements.map(selector)});
  };
  const h1 = Array.from(document.querySelectorAll('h1'));
  if (h1.length !== 1) {
    out.push({id: 'rapport-en-h1', impact: 'serious',
      help: `Rapporten skal ha nøyaktig én h1-overskrift (har ${h1.length}).`,
      targets: h1.length ? h1.map(selector) : ['body']});
  }
  let previous = 0;
  const skipped = [];
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(heading.tagName[1]);
    if (previous && level > previous + 1) skipped.push(heading);
    previous = level;
  }
  add('rapport-overskriftsnivaa',
      'Overskriftene hopper over et nivå (for eksempel fra h2 rett til h4).', skipped);
  add('rapport-tabell-uten-overskrifter',
      'Tabellen har ingen overskriftsceller (<th>).',
      Array.from(document.querySelectorAll('table')).filter(t => !t.querySelector('th')));
  add('rapport-figur-uten-bildetekst',
      'Figuren har ingen bildetekst (<figcaption>).',
      Array.from(document.querySelectorAll('figure')).filter(f => !f.querySelector('figcaption')));
  return out;
}
"""

# Elements that stick out to the right of the screen, skipping those inside a container that
# scrolls or clips horizontally (a table in a scrolling wrapper is fine).
OVERFLOW_JS = r"""
() => {
  const width = window.innerWidth;
  const clips = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (offenders.some(o => o.contains(el))) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width > 0 && rect.right > width + 1 && !clips(el)) offenders.push(el);
  }
  const meta = document.querySelector('meta[name="viewport"]');
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    offenders: offenders.slice(0, 10).map(name),
    viewportMeta: Boolean(meta && /width\s*=\s*device-width/.test(meta.content || '')),
  };
}
"""


# At one width: elements wider than their container (outside a region that scrolls), captions
# cut off by the edge of the screen or of their table's scrolling region, and the drawn width
# of every figure (the text size follows from it).
LAYOUT_JS = r"""
() => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll') return p;
    }
    return null;
  };
  const shown = (el) => {
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden' &&
      style.position !== 'absolute' && style.position !== 'fixed';
  };
  const width = window.innerWidth;
  const tooWide = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.parentElement || !shown(el) || scroller(el)) continue;
    if (tooWide.some(o => o.contains(el))) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0) continue;
    const parent = el.parentElement.getBoundingClientRect();
    if (rect.width > parent.width + 1 || rect.right > width + 1) tooWide.push(el);
  }
  const clipped = [];
  for (const cap of document.querySelectorAll('caption, figcaption')) {
    if (!shown(cap)) continue;
    const rect = cap.getBoundingClientRect();
    const box = scroller(cap);
    const right = Math.min(width, box ? box.getBoundingClientRect().right : width);
    const left = box ? box.getBoundingClientRect().left : 0;
    if (rect.right > right + 1 || rect.left < left - 1 || cap.scrollWidth > cap.clientWidth + 1) {
      clipped.push(name(cap) + ' «' + cap.textContent.trim().slice(0, 60) + '»');
    }
  }
  const figures = Array.from(document.querySelectorAll('figure[id] img')).map(img => ({
    id: img.closest('figure').id, width: img.getBoundingClientRect().width,
  }));
  return {tooWide: tooWide.slice(0, 10).map(name), clipped: clipped.slice(0, 10), figures};
}
"""


@dataclass(frozen=True)
class Layout:
    """How the report reads at one screen width.

    ``too_wide`` names elements wider than their container or the screen
    (elements inside a region that scrolls sideways are allowed);
    ``clipped_captions`` names table and figure captions cut off by the screen
    or by their table's scrolling region; ``small_figure_text`` names figures
    whose smallest text is drawn under :data:`MIN_FIGURE_TEXT_PX`, with the size.
    """

    width: int
    too_wide: tuple[str, ...] = ()
    clipped_captions: tuple[str, ...] = ()
    small_figure_text: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        """True when nothing sticks out, no caption is cut and all figure text is readable."""
        return not (self.too_wide or self.clipped_captions or self.small_figure_text)


def figure_text_units(figures_dir: Path) -> dict[str, tuple[float, float]]:
    """Per figure id (``fig-…``): the smallest font size and the width, in the SVG's own units.

    Read from the print variant (text kept as text) named in ``index.json``; the
    screen variant draws the same layout as paths. Empty when there is no index.
    """
    index_path = Path(figures_dir) / "index.json"
    if not index_path.is_file():
        return {}
    import json

    sizes = {}
    for entry in json.loads(index_path.read_text(encoding="utf-8")):
        path = Path(figures_dir) / entry.get("print_file", "")
        if not entry.get("print_file") or not path.is_file():
            continue
        svg = path.read_text(encoding="utf-8")
        fonts = [float(x) for x in re.findall(r"font(?:-size)?:\s*(?:[a-z]+\s+)*([0-9.]+)px", svg)]
        view = re.search(r'viewBox="[0-9.\-]+ [0-9.\-]+ ([0-9.]+) ', svg)
        if fonts and view:
            sizes[f"fig-{entry['id']}"] = (min(fonts), float(view.group(1)))
    return sizes


def layout_at(
    html_path: Path,
    width: int,
    *,
    browser: Any | None = None,
    figures_dir: Path | None = None,
) -> Layout:
    """Read the report at ``width`` px: overflow, cut captions, and figure text size.

    ``figures_dir`` holds ``index.json`` and the print SVGs (default: ``figures/``
    beside the HTML); figures not found there are not measured.
    """
    html_path = Path(html_path)
    units = figure_text_units(figures_dir or html_path.parent / "figures")
    size = (width, 900)
    with (
        _browser(browser) as active,
        open_report(active, html_path, size=size, mobile=width < 500) as (page, _),
    ):
        found = page.evaluate(LAYOUT_JS)
    small = []
    for figure in found["figures"]:
        if figure["id"] in units:
            font, view_width = units[figure["id"]]
            px = font * figure["width"] / view_width
            if px < MIN_FIGURE_TEXT_PX:
                small.append(f"{figure['id']} ({px:.1f} px)")
    return Layout(
        width=width,
        too_wide=tuple(found["tooWide"]),
        clipped_captions=tuple(found["clipped"]),
        small_figure_text=tuple(small),
    )


@dataclass(frozen=True)
class Overflow:
    """How the report fits a phone screen.

    ``page_width`` is ``document.documentElement.scrollWidth`` and
    ``screen_width`` is ``window.innerWidth`` at a 375 px wide viewport;
    ``elements`` names the elements that stick out; ``viewport_meta`` says
    whether the page has ``<meta name="viewport" content="width=device-width …">``,
    without which a phone shows the page zoomed out to desktop width.
    """

    page_width: int
    screen_width: int
    viewport_meta: bool
    elements: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fits(self) -> bool:
        """True when a phone shows the page at its own width without sideways scrolling."""
        return self.viewport_meta and self.page_width <= self.screen_width


def chromium_path() -> Path:
    """Debian's Chromium executable, or a Norwegian error saying how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise PipelineError(
            "Fant ikke nettleseren Chromium, som trengs for å sjekke rapporten.",
            hint="Installer Debian-pakken: sudo apt-get install chromium (CI gjør det i .ci/run).",
        )
    return Path(found)


@contextlib.contextmanager
def browser_session() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``) for the checks; closed afterwards."""
    from playwright.sync_api import sync_playwright  # heavy; only when a check runs

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), args=["--no-sandbox"], headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def _browser(browser: Any | None) -> Iterator[Any]:
    if browser is not None:
        yield browser
    else:
        with browser_session() as own:
            yield own


@contextlib.contextmanager
def open_report(
    browser: Any, html_path: Path, *, size: tuple[int, int] = DESKTOP, mobile: bool = False
) -> Iterator[tuple[Any, list[str]]]:
    """Open the report in a fresh browser context; yield the page and blocked external URLs.

    Requests to http(s) are blocked and recorded: the report must work as one file.
    """
    html_path = Path(html_path)
    if not html_path.is_file():
        raise PipelineError("Fant ikke rapporten som skal sjekkes.", file=html_path)
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=1,
        is_mobile=mobile,
        has_touch=mobile,
        locale="nb-NO",
        reduced_motion="reduce",
    )
    blocked: list[str] = []

    def block(route: Any) -> None:
        blocked.append(route.request.url)
        route.abort()

    try:
        context.route(re.compile(r"^https?://"), block)
        page = context.new_page()
        page.goto(html_path.resolve().as_uri(), wait_until="load")
        yield page, blocked
    finally:
        context.close()


def _axe_results(page: Any) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options={"resultTypes": ["violations"]}).response
    results = []
    for violation in response["violations"]:
        targets = []
        for node in violation["nodes"]:
            # A target is a list of selectors: one per frame or shadow root on the way in.
            parts = [" ".join(t) if isinstance(t, list) else str(t) for t in node["target"]]
            targets.append(" >>> ".join(parts))
        results.append(
            {
                "id": violation["id"],
                "impact": violation.get("impact") or "minor",
                "help": AXE_RULES_NB.get(violation["id"], violation["help"]),
                "help_url": violation.get("helpUrl", ""),
                "targets": targets,
                "source": "axe-core",
            }
        )
    return results


def _house_results(page: Any) -> list[dict]:
    return [
        {**found, "help_url": "", "source": "rapportregel"}
        for found in page.evaluate(HOUSE_RULES_JS)
    ]


def _sorted(violations: list[dict]) -> list[dict]:
    rank = {impact: i for i, impact in enumerate(IMPACT_ORDER)}
    return sorted(violations, key=lambda v: (rank.get(v["impact"], len(rank)), v["id"]))


def accessibility_violations(
    html_path: Path,
    *,
    browser: Any | None = None,
    impacts: Sequence[str] | None = BLOCKING_IMPACTS,
) -> list[dict]:
    """Accessibility violations in a report, from axe-core and the report's own rules.

    Parameters
    ----------
    html_path
        The report HTML.
    browser
        A Playwright browser to reuse (from :func:`browser_session`); one is
        started and closed when None.
    impacts
        Keep only these impact levels (default: serious and critical, the ones
        that fail the check); None keeps all.

    Returns
    -------
    list of dict
        One dict per rule broken, most severe first: ``id`` (axe rule id or
        ``rapport-…``), ``impact`` (critical/serious/moderate/minor), ``help``
        (Norwegian where known), ``help_url``, ``targets`` (CSS selectors of the
        elements), ``source`` (``axe-core`` or ``rapportregel``).
    """
    with _browser(browser) as active, open_report(active, html_path) as (page, _):
        violations = _axe_results(page) + _house_results(page)
    if impacts is not None:
        violations = [v for v in violations if v["impact"] in impacts]
    return _sorted(violations)


def phone_overflow(html_path: Path, *, browser: Any | None = None) -> Overflow:
    """Whether the report fits a phone screen (375 × 812) without sideways scrolling.

    The page is laid out at exactly 375 px (no mobile zoom-out, which would
    hide the problem by shrinking the page) and measured there.
    """
    with _browser(browser) as active, open_report(active, html_path, size=PHONE) as (page, _):
        found = page.evaluate(OVERFLOW_JS)
    return Overflow(
        page_width=int(found["scrollWidth"]),
        screen_width=int(found["innerWidth"]),
        viewport_meta=bool(found["viewportMeta"]),
        elements=tuple(found["offenders"]),
    )


def save_screenshots(
    html_path: Path, out_dir: Path, *, browser: Any | None = None, pages: int = SCREENSHOT_PAGES
) -> list[Path]:
    """Save the first screens at 1280 px width and the first phone screen (390 px) as PNG.

    Files: ``skjermbilde-side-1.png`` … ``skjermbilde-side-<pages>.png`` (fewer
    when the report is shorter; older extra files are removed) and
    ``skjermbilde-mobil.png``.
    """
    out_dir = Path(out_dir)
    saved = []
    with _browser(browser) as active:
        with open_report(active, html_path, size=DESKTOP) as (page, _):
            width, height = DESKTOP
            total = page.evaluate("document.documentElement.scrollHeight")
            # A last screen with only a sliver of page (the bottom margin) is not worth a picture.
            count = max(1, min(pages, math.ceil(total / height - 0.1)))
            for number in range(1, count + 1):
                clip = {"x": 0, "y": (number - 1) * height, "width": width, "height": height}
                target = out_dir / f"skjermbilde-side-{number}.png"
                write_bytes(
                    target, page.screenshot(full_page=True, clip=clip, animations="disabled")
                )
                saved.append(target)
            for number in range(count + 1, pages + 1):
                (out_dir / f"skjermbilde-side-{number}.png").unlink(missing_ok=True)
        with open_report(active, html_path, size=MOBILE_SCREENSHOT, mobile=True) as (page, _):
            target = out_dir / "skjermbilde-mobil.png"
            write_bytes(target, page.screenshot(animations="disabled"))
            saved.append(target)
    return saved


def external_requests(html_path: Path, *, browser: Any | None = None) -> list[str]:
    """URLs on the internet the report tries to load (it should load none), sorted."""
    # The report has no scripts, so everything it fetches is requested before "load".
    with _browser(browser) as active, open_report(active, html_path) as (_, blocked):
        found = list(blocked)
    return sorted(set(found))


@dataclass(frozen=True)
class PdfInfo:
    """What ``pdfinfo`` says about the PDF."""

    pages: int
    tagged: bool


def pdf_info(pdf_path: Path) -> PdfInfo | None:
    """Page count and tagging from ``pdfinfo`` (poppler-utils); None when it is not installed."""
    pdf_path = Path(pdf_path)
    if not pdf_path.is_file():
        raise PipelineError("Fant ikke PDF-en som skal sjekkes.", file=pdf_path)
    tool = shutil.which("pdfinfo")
    if tool is None:
        return None
    result = subprocess.run([tool, str(pdf_path)], capture_output=True, text=True, check=False)
    fields = dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in result.stdout.splitlines())
    )
    if result.returncode != 0 or "Pages" not in fields:
        raise PipelineError(
            "PDF-en kan ikke leses; den er trolig skadet eller ufullstendig.",
            file=pdf_path,
            hint="Lag rapporten på nytt med «make report».",
        )
    return PdfInfo(pages=int(fields["Pages"]), tagged=fields.get("Tagged", "no") == "yes")


def fmt_px(value: float) -> str:
    """A pixel size in the check's Norwegian output: ``11 px``."""
    return f"{value:g}\u00a0px"


PT_PER_MM = 72 / 25.4
# The print stylesheet's page margins (templates/print.css): top 24 mm, bottom 22 mm. Text
# above and below them is the running header and the page number.
BODY_TOP_PT = 24 * PT_PER_MM
BODY_BOTTOM_PT = 22 * PT_PER_MM
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def pdf_body_lines(pdf_path: Path) -> list[list[str]] | None:
    """The lines of body text on each page of a PDF, top to bottom (header and footer left out).

    Read from ``pdftotext -bbox`` (poppler-utils); None when it is not installed.
    """
    import html as html_lib

    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run(
        [tool, "-bbox", str(pdf_path), "-"], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise PipelineError("PDF-en kan ikke leses med pdftotext.", file=Path(pdf_path))
    pages = []
    for _width, height, body in PAGE.findall(result.stdout):
        bottom = float(height) - BODY_BOTTOM_PT
        rows: dict[int, list[tuple[float, str]]] = {}
        for x, y, word in WORD.findall(body):
            if BODY_TOP_PT <= float(y) <= bottom:
                rows.setdefault(round(float(y) / 3), []).append((float(x), html_lib.unescape(word)))
        pages.append([" ".join(w for _, w in sorted(rows[key])) for key in sorted(rows)])
    return pages


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f\u00ad]+", "", text)


def print_layout_problems(html_text: str, pdf_path: Path) -> list[str] | None:
    """Pages of the PDF that end on a heading, and figures printed apart from their intro.

    A figure's introducing sentence (``p.generated`` right before the figure)
    must end on the page where the figure's caption («Figur n:») is. None when
    ``pdftotext`` is missing.
    """
    from pipeline.report.navigation import plain

    pages = pdf_body_lines(pdf_path)
    if pages is None:
        return None
    main = html_text[html_text.find("<main") :]
    headings = [
        _squeeze(plain(text)) for text in re.findall(r"<h[2-4][^>]*>(.*?)</h[2-4]>", main, re.S)
    ]
    problems = []
    for number, lines in enumerate(pages, start=1):
        if not lines:
            continue
        # the page's last one to three lines are a whole heading (not a word that ends one)
        tails = {_squeeze(" ".join(lines[-k:])) for k in (1, 2, 3)}
        if tails & set(headings):
            problems.append(f"Side {number} slutter med en overskrift: «{lines[-1]}»")
    intro = re.compile(
        r'<p class="generated">(.*?)</p>\s*(?:<p class="note">.*?</p>\s*)?<figure\b.*?'
        r'<figcaption><a class="number"[^>]*>(Figur \d+:)</a>',
        re.S,
    )
    squeezed = [_squeeze(" ".join(lines)) for lines in pages]
    for sentence, label in intro.findall(main):
        caption_page = next((i for i, t in enumerate(squeezed) if _squeeze(label) in t), None)
        if caption_page is None:
            continue
        end = _squeeze(plain(sentence))[-30:]
        if end not in squeezed[caption_page]:
            problems.append(
                f"{label[:-1]} står på side {caption_page + 1}, men setningen som innleder den, "
                f"gjør ikke det: «{plain(sentence)[:70]} …»"
            )
    return problems


def format_violation(violation: dict) -> str:
    """One violation as the Norwegian lines the check prints.

    >>> print(format_violation({"id": "image-alt", "impact": "critical",
    ...     "help": "Bilder må ha et tekstalternativ (alt).", "help_url": "",
    ...     "targets": ["img", "#figur-2 > img"]}))
      [kritisk] image-alt: Bilder må ha et tekstalternativ (alt).
        element: img
        element: #figur-2 > img
    """
    impact = IMPACT_NB.get(violation["impact"], violation["impact"])
    lines = [f"  [{impact}] {violation['id']}: {violation['help']}"]
    lines += [f"    element: {target}" for target in violation["targets"][:10]]
    if len(violation["targets"]) > 10:
        lines.append(f"    … og {len(violation['targets']) - 10} til")
    if violation.get("help_url"):
        lines.append(f"    mer: {violation['help_url']}")
    return "\n".join(lines)


def run_checks(html_path: Path, pdf_path: Path | None, out_dir: Path) -> int:
    """Run every check, print the results in Norwegian; 0 when all pass, 1 otherwise."""
    html_path, out_dir = Path(html_path), Path(out_dir)
    if not html_path.is_file():
        raise PipelineError("Fant ikke rapporten som skal sjekkes.", file=html_path)
    failed = False
    with browser_session() as browser:
        violations = accessibility_violations(html_path, browser=browser)
        if violations:
            failed = True
            print(
                f"Tilgjengelighet: {len(violations)} alvorlige eller kritiske brudd i {html_path.name}:"
            )
            for violation in violations:
                print(format_violation(violation))
        else:
            print(
                f"Tilgjengelighet: ingen alvorlige eller kritiske brudd i {html_path.name} (axe-core og rapportens egne regler)."
            )

        overflow = phone_overflow(html_path, browser=browser)
        if not overflow.viewport_meta:
            failed = True
            print(
                'Mobil: siden mangler <meta name="viewport" content="width=device-width, '
                'initial-scale=1">, så en mobil viser den forminsket.'
            )
        if overflow.page_width > overflow.screen_width:
            failed = True
            print(
                f"Mobil: siden er {overflow.page_width} px bred på en skjerm som er "
                f"{overflow.screen_width} px, så leseren må rulle sidelengs."
            )
            for element in overflow.elements:
                print(f"    for bred: {element}")
        if overflow.fits:
            print(f"Mobil: siden passer på en skjerm som er {overflow.screen_width} px bred.")

        for width in LAYOUT_WIDTHS:
            layout = layout_at(html_path, width, browser=browser)
            if layout.fits:
                print(
                    f"{width} px: ingen tabell eller figur er for bred, ingen bildetekst er kuttet, "
                    f"figurteksten er minst {fmt_px(MIN_FIGURE_TEXT_PX)}."
                )
                continue
            failed = True
            for element in layout.too_wide:
                print(f"{width} px: bredere enn plassen sin (og ruller ikke): {element}")
            for caption in layout.clipped_captions:
                print(f"{width} px: tabell- eller figurtekst er kuttet: {caption}")
            for figure in layout.small_figure_text:
                print(
                    f"{width} px: figurteksten er mindre enn {fmt_px(MIN_FIGURE_TEXT_PX)}: {figure}"
                )

        blocked = external_requests(html_path, browser=browser)
        if blocked:
            failed = True
            print(
                "Selvstendig fil: rapporten prøver å hente dette fra internett (skal hente ingenting):"
            )
            for url in blocked[:10]:
                print(f"    {url}")
        else:
            print("Selvstendig fil: rapporten henter ingenting fra internett.")

        saved = save_screenshots(html_path, out_dir, browser=browser)
        print("Skjermbilder: " + ", ".join(str(path) for path in saved))

    if pdf_path is not None:
        info = pdf_info(Path(pdf_path))
        if info is None:
            print("PDF: pdfinfo (poppler-utils) er ikke installert; sidetallet ble ikke sjekket.")
        else:
            tagged = "tagget (PDF/UA)" if info.tagged else "IKKE tagget"
            print(f"PDF: {Path(pdf_path).name} har {info.pages} sider, {tagged}.")
            if not info.tagged:
                failed = True
            problems = print_layout_problems(html_path.read_text(encoding="utf-8"), Path(pdf_path))
            if problems:
                failed = True
                for problem in problems:
                    print(f"PDF: {problem}")
            elif problems is not None:
                print(
                    "PDF: ingen side slutter med en overskrift, og hver figur står på samme side "
                    "som setningen som innleder den."
                )

    print("Sjekken fant feil." if failed else "Alle sjekkene er bestått.")
    return 1 if failed else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Command-line options of ``python -m pipeline report-check``, with Norwegian help."""
    parser.description = (
        "Sjekk rapporten i nettleseren Chromium: tilgjengelighet (axe-core), visning på "
        "mobil, at filen er selvstendig, og lagre skjermbilder av de første sidene."
    )
    parser.add_argument(
        "--html",
        type=Path,
        required=True,
        help="rapporten som HTML (for eksempel reports/rapport.html)",
    )
    parser.add_argument(
        "--pdf", type=Path, default=None, help="rapporten som PDF; sidetallet skrives ut"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="mappen skjermbildene lagres i (standard: mappen HTML-filen ligger i)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="vis hele feilmeldingen (traceback) ved feil"
    )


def main(args: argparse.Namespace) -> int:
    """Run the check (``python -m pipeline report-check``); the exit status says whether it passed."""
    out_dir = args.out if args.out is not None else args.html.parent
    return run_checks(args.html, args.pdf, out_dir)
