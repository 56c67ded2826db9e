"""The ``report`` stage: results and figures → ``reports/rapport.html`` and ``rapport.pdf``.

``--format html`` renders the Jinja templates into one self-contained HTML
file (CSS inline, figures as embedded SVG); ``--format pdf`` prints that HTML
file with WeasyPrint, so the PDF always shows exactly what the HTML shows.
"""

from __future__ import annotations

import argparse
import sys

from pipeline import cli
from pipeline.codebook.load import load_codebook
from pipeline.errors import PipelineError
from pipeline.files import write_text
from pipeline.report.texts import EXAMPLE_BANNER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)
    parser.add_argument(
        "--format",
        choices=("html", "pdf"),
        default="html",
        help="html: reports/rapport.html; pdf: reports/rapport.pdf fra HTML-filen",
    )


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    html_path = paths.reports / "rapport.html"
    if args.format == "pdf":
        from pipeline.report.context import with_print_figures
        from pipeline.report.pdf import write_pdf

        if not html_path.is_file():
            raise PipelineError(
                "HTML-rapporten mangler. Lag den først (--format html).", file=html_path
            )
        target = paths.reports / "rapport.pdf"
        write_pdf(
            with_print_figures(html_path.read_text(encoding="utf-8"), paths.figures),
            target,
            base_url=paths.reports,
            title=study.config.title,
            kommune=study.config.kommune,
            year=str(study.config.report_date.year),
            banner=EXAMPLE_BANNER if study.config.example else "",
        )
        print(f"Rapporten → {target}")
        return 0
    from pipeline.report.context import build_context
    from pipeline.report.render import render_html

    codebook = load_codebook(study.codebook_path)
    scales = {q.id: q.variables[0].scale for q in codebook.questions if q.type == "likert"}
    context = build_context(study, paths, scales)
    html = render_html(context)
    texts = context["missing"]  # complete once rendered: templates may add placeholders
    texts.check_final(study.config.final, study.file("study.yaml"))
    write_text(html_path, html)
    if texts.missing:
        print(f"Advarsel: {texts.summary()}", file=sys.stderr)
    print(f"Rapporten → {html_path}")
    return 0
