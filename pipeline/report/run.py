"""The ``report`` stage: results and figures → ``reports/rapport.html`` and ``rapport.pdf``.

``--format html`` renders the Jinja templates into one self-contained HTML
file (CSS inline, figures as embedded SVG), alone: the quick loop while a
revisor writes. ``--format pdf`` prints the existing HTML file with WeasyPrint.
``--format both`` (what ``make report`` runs) renders the HTML, prints the PDF
from it, and moves the two into place only when both were made: a PDF step that
fails or is killed never leaves a new ``rapport.html`` beside an old
``rapport.pdf``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from pipeline import cli
from pipeline.config import Paths, Study
from pipeline.errors import PipelineError
from pipeline.files import atomic_path, write_text
from pipeline.report.texts import EXAMPLE_BANNER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)
    parser.add_argument(
        "--format",
        choices=("html", "pdf", "both"),
        default="html",
        help="html: reports/rapport.html; pdf: reports/rapport.pdf fra HTML-filen; "
        "both: begge, og ingen av dem byttes ut hvis PDF-en feiler",
    )


def _html(study: Study, paths: Paths) -> str:
    """The report HTML; warns about revisor texts still missing, refuses a final report
    that lacks them."""
    from pipeline.report.context import build_context
    from pipeline.report.render import render_html

    context = build_context(study, paths)
    html = render_html(context)
    texts = context["missing"]  # complete once rendered: templates may add placeholders
    texts.check_final(study.config.final, study.file("study.yaml"))
    if texts.missing:
        print(f"Advarsel: {texts.summary()}", file=sys.stderr)
    return html


def _pdf(study: Study, paths: Paths, html: str, target: Path, into: Path | None = None) -> None:
    from pipeline.report.context import with_print_figures
    from pipeline.report.pdf import write_pdf

    write_pdf(
        with_print_figures(html, paths.figures),
        target,
        base_url=paths.reports,
        title=study.config.title,
        kommune=study.config.kommune,
        year=str(study.config.report_date.year),
        banner=EXAMPLE_BANNER if study.config.example else "",
        into=into,
    )


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    html_path = paths.reports / "rapport.html"
    pdf_path = paths.reports / "rapport.pdf"
    if args.format == "pdf":
        if not html_path.is_file():
            raise PipelineError(
                "HTML-rapporten mangler. Lag den først (--format html).", file=html_path
            )
        _pdf(study, paths, html_path.read_text(encoding="utf-8"), pdf_path)
        print(f"Rapporten → {pdf_path}")
        return 0
    html = _html(study, paths)
    if args.format == "html":
        write_text(html_path, html)
        print(f"Rapporten → {html_path}")
        return 0
    # Both files are written beside their targets and renamed only after both succeeded.
    with contextlib.ExitStack() as stack:
        pdf_tmp = stack.enter_context(atomic_path(pdf_path))
        html_tmp = stack.enter_context(atomic_path(html_path))
        html_tmp.write_bytes(html.encode("utf-8"))
        _pdf(study, paths, html, pdf_path, into=pdf_tmp)
    print(f"Rapporten → {html_path} og {pdf_path}")
    return 0
