"""The report as a tagged, accessible PDF (PDF/UA-1) with WeasyPrint.

:func:`write_pdf` takes the finished report HTML (the same file readers get as
``rapport.html``) and prints it with ``templates/print.css`` added as a user
stylesheet: A4 pages, a running header "kommune | year | title", "Side 3 av 40"
in the footer, no header or footer on the front page, page numbers in the table
of contents, and figures and table rows kept whole.

PDF/UA-1 (``pdf_variant="pdf/ua-1"``) makes WeasyPrint tag the structure
(``/StructTreeRoot``, headings, tables with header cells, figures), set
``/MarkInfo``, ``DisplayDocTitle`` and the XMP metadata. WeasyPrint takes a
figure's alternative text for an inline SVG from its ``<title>`` element; the
report names its SVGs with ``aria-labelledby`` (the figure caption), so
:func:`write_pdf` copies that text into a ``<title>`` first.

Same HTML, same bytes: WeasyPrint writes no run date of its own; creation and
modification dates are set only from ``SOURCE_DATE_EPOCH`` when it is set, and
the file identifier is derived from the HTML.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import logging
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from xml.etree import ElementTree

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from pipeline.errors import PipelineError
from pipeline.files import write_with
from pipeline.templating import templates_dir

PDF_VARIANT = "pdf/ua-1"
SVG_NS = "http://www.w3.org/2000/svg"


def css_string(value: str) -> str:
    """Quote ``value`` as a CSS string literal (for ``content:``).

    >>> css_string('Modum kommune | 2025 | «Arbeidsmiljø»')
    '"Modum kommune | 2025 | «Arbeidsmiljø»"'
    >>> css_string('Sitat "med" \\\\ og\\nlinjeskift')
    '"Sitat \\\\22 med\\\\22  \\\\5c  og\\\\a linjeskift"'
    """
    out = []
    for char in value:
        if char in '"\\' or ord(char) < 0x20 or char == "\x7f":
            # Hex escape plus a space, so a following hex digit is not swallowed.
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def running_header_css(*, kommune: str, year: str, title: str, banner: str = "") -> str:
    """The ``@page`` rule that puts "kommune | year | title" in the running header.

    A ``banner`` (an example study's «Eksempel – syntetiske data») goes on the right.

    >>> print(running_header_css(kommune="Modum kommune", year="2025", title="Sykefravær"))
    @page { @top-left { content: "Modum kommune | 2025 | Sykefravær"; } }
    >>> print(running_header_css(kommune="K", year="2025", title="T", banner="Eksempel"))
    @page { @top-left { content: "K | 2025 | T"; } @top-right { content: "Eksempel"; font-weight: bold; } }
    """
    text = " | ".join(part.strip() for part in (kommune, year, title) if part and part.strip())
    right = f" @top-right {{ content: {css_string(banner)}; font-weight: bold; }}" if banner else ""
    return f"@page {{ @top-left {{ content: {css_string(text)}; }}{right} }}"


def source_date(environ: Mapping[str, str] | None = None) -> str | None:
    """The document date from ``SOURCE_DATE_EPOCH`` as a W3C date-time, or None.

    >>> source_date({"SOURCE_DATE_EPOCH": "1740700800"})
    '2025-02-28T00:00:00Z'
    >>> source_date({}) is None
    True
    """
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        seconds = int(raw)
    except ValueError:
        raise PipelineError(
            "SOURCE_DATE_EPOCH må være et helt antall sekunder siden 1.1.1970.",
            values=[raw],
            hint="Fjern variabelen eller sett den til for eksempel 1740700800.",
        ) from None
    moment = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _element_text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def label_inline_svgs(root: ElementTree.Element) -> int:
    """Give each inline ``<svg>`` a ``<title>`` from its ``aria-label``/``aria-labelledby``.

    WeasyPrint uses the SVG ``<title>`` as the ``/Alt`` text of the tagged
    figure. SVGs that already have a title are left alone.

    Returns
    -------
    int
        Number of SVGs given a title.
    """
    by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
    labelled = 0
    for svg in root.iter(f"{{{SVG_NS}}}svg"):
        if svg.find(f"{{{SVG_NS}}}title") is not None:
            continue
        label = (svg.get("aria-label") or "").strip()
        if not label and svg.get("aria-labelledby"):
            parts = [by_id[i] for i in svg.get("aria-labelledby", "").split() if i in by_id]
            label = " ".join(_element_text(part) for part in parts)
        if not label:
            continue
        title = ElementTree.Element(f"{{{SVG_NS}}}title")
        title.text = label
        svg.insert(0, title)
        labelled += 1
    return labelled


class LocalFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, limited to ``data:`` URIs and files inside one folder.

    The report is one self-contained file; anything else it asks for (an image on a
    web server, a file elsewhere on the disk, reached through ``..`` or a symlink) is
    refused and WeasyPrint reports it as an error, so no PDF is made.

    >>> import tempfile
    >>> fetch = LocalFetcher(Path(tempfile.mkdtemp()))
    >>> fetch("data:text/plain;base64,aGVp").read()
    b'hei'
    >>> fetch("http://example.org/pixel.png")
    Traceback (most recent call last):
    ...
    ValueError: Ikke tillatt i rapporten (bare rapportens egne filer): http://example.org/pixel.png
    """

    def __init__(self, root: Path, **kwargs: object) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False, **kwargs)
        self.root = Path(root).resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            from urllib.parse import unquote, urlsplit

            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_relative_to(self.root):
                return super().fetch(url, headers)
        elif scheme == "data":
            return super().fetch(url, headers)
        raise ValueError(f"Ikke tillatt i rapporten (bare rapportens egne filer): {url}")


class _Collect(logging.Handler):
    """Keeps WeasyPrint's error messages (missing images, broken links, images without alt)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def weasyprint_errors() -> Iterator[list[str]]:
    """Collect the errors WeasyPrint logs inside the block (it logs instead of raising)."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


@contextlib.contextmanager
def _font_timestamps_fixed() -> Iterator[None]:
    """Without HarfBuzz-Subset, WeasyPrint subsets fonts with fontTools, which stamps each
    subset's ``head.modified`` with the clock unless ``SOURCE_DATE_EPOCH`` is set."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def write_pdf(
    html: str,
    target: Path,
    *,
    base_url: Path,
    title: str,
    kommune: str,
    year: str,
    lang: str = "nb",
    banner: str = "",
    into: Path | None = None,
) -> None:
    """Print the report HTML to a tagged PDF/UA-1 file, atomically.

    Parameters
    ----------
    html
        The complete report HTML.
    target
        The PDF to write (``reports/rapport.pdf``); replaced only when the
        whole PDF was made.
    base_url
        Folder that relative links in the HTML (figures) are resolved against; the
        only folder WeasyPrint may read files from (:class:`LocalFetcher`).
    title
        Document title: PDF metadata and the running header.
    kommune, year
        Shown before the title in the running header.
    lang
        Document language (BCP 47) for the PDF catalogue.
    banner
        Shown on the right of the running header on every page (an example
        study's «Eksempel – syntetiske data»).
    into
        Write to this (temporary) file instead, not atomically: for a caller that
        moves the PDF into place together with the HTML (:mod:`pipeline.report.run`).

    Raises
    ------
    PipelineError
        When WeasyPrint reports an error (an image or stylesheet it cannot
        load, a link to a missing anchor, an image without ``alt``); the
        previous PDF is then left in place.

    Notes
    -----
    Deterministic: the PDF has no creation date unless ``SOURCE_DATE_EPOCH``
    is set, and its ``/ID`` is the SHA-256 of the HTML (first 32 hex digits),
    so the same HTML gives the same bytes.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> page = '<html lang="nb"><body><h1>Rapport</h1><p>42,5 %</p></body></html>'
    >>> write_pdf(page, folder / "r.pdf", base_url=folder, title="Rapport",
    ...           kommune="Modum kommune", year="2025")
    >>> (folder / "r.pdf").read_bytes()[:5]
    b'%PDF-'
    """
    document = HTML(
        string=html,
        base_url=str(Path(base_url).resolve()) + os.sep,
        url_fetcher=LocalFetcher(Path(base_url)),
    )
    label_inline_svgs(document.etree_element)
    options = {
        "stylesheets": [
            CSS(filename=str(templates_dir() / "print.css")),
            CSS(string=running_header_css(kommune=kommune, year=year, title=title, banner=banner)),
        ],
        "pdf_variant": PDF_VARIANT,
        "pdf_identifier": hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii"),
    }
    date = source_date()

    def print_to(tmp: Path) -> None:
        with weasyprint_errors() as errors, _font_timestamps_fixed():
            rendered = document.render(**options)
            rendered.metadata.title = title
            rendered.metadata.lang = lang
            if date is not None:
                rendered.metadata.created = rendered.metadata.modified = date
            rendered.write_pdf(tmp, **options)
        if errors:
            # A figure that failed to load or an image without alt text would give a PDF that
            # looks finished but is not; keep the last good PDF instead.
            raise PipelineError(
                "PDF-en ble ikke laget, fordi WeasyPrint meldte feil (manglende figur, "
                "lenke til et anker som ikke finnes, bilde uten tekstalternativ, eller "
                "innhold utenfor rapportmappen).",
                file=target,
                values=sorted(set(errors)),
                hint="Rett feilen i HTML-rapporten (eller figurene) og lag rapporten på nytt.",
            )

    if into is not None:
        print_to(into)
        return
    write_with(Path(target), print_to)
