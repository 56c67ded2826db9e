"""The ``figures`` stage: ``results.json`` (and ``absence.json``) → SVG figures and ``index.json``.

Which figures a survey gets and what each draws is :mod:`pipeline.figures.survey`
(numbers from :mod:`~pipeline.figures.shares`, words from
:mod:`~pipeline.figures.captions`); the registered-absence figures are
:mod:`pipeline.absence.figures`. This module draws them all, saves each for the
screen and for print, and writes the index the report reads: per figure its
caption, text alternative and its numbers as a formatted table.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from pipeline import cli
from pipeline.analysis.results import Results, read_results
from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook
from pipeline.figures.index import FigureEntry
from pipeline.figures.parallel import Job, run_jobs
from pipeline.figures.style import print_name, save_svg, save_svg_pair
from pipeline.figures.survey import survey_figures
from pipeline.files import atomic_dir, write_json

# A figure: its index entry, how to draw it, and how to save it (survey and absence differ).
PlannedFigure = tuple[FigureEntry, Callable[[], Figure], Callable[..., None]]


def all_figures(
    results: Results, codebook: Codebook, absence: dict[str, Any] | None = None
) -> list[PlannedFigure]:
    """Every figure of the study: its index entry, how to draw it and how to save it.

    The survey figures (:func:`survey_figures`), then the registered-absence
    figures when ``absence.json`` is given; each kind is saved by its own
    deterministic SVG writer.
    """
    from pipeline.absence.figures import absence_figures
    from pipeline.absence.figures import save_svg as save_absence_svg

    drawings: list[PlannedFigure] = [(e, d, save_svg) for e, d in survey_figures(results, codebook)]
    if absence is not None:
        drawings += [(e, d, save_absence_svg) for e, d in absence_figures(absence)]
    # The report stage finds the print variant by the index, without importing matplotlib.
    return [({**e, "print_file": print_name(e["file"])}, d, save) for e, d, save in drawings]


def write_figures(
    results: Results,
    codebook: Codebook,
    out_dir: Path,
    absence: dict[str, Any] | None = None,
    *,
    workers: int | None = None,
) -> list[FigureEntry]:
    """Draw and save every figure; return the index entries (also written to ``index.json``).

    The figures are drawn on ``workers`` processes (default: the cores available,
    see :func:`pipeline.figures.parallel.run_jobs`); the files do not depend on it.
    """
    drawings = all_figures(results, codebook, absence)
    jobs = [
        Job(entry["id"], partial(_draw_and_save, draw, out_dir / entry["file"], save))
        for entry, draw, save in drawings
    ]
    run_jobs(jobs, workers=workers)
    entries = [entry for entry, _, _ in drawings]
    write_json(out_dir / "index.json", entries)
    return entries


def _draw_and_save(draw: Callable[[], Figure], path: Path, save: Callable[..., None]) -> None:
    save_svg_pair(draw(), path, save=save)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    results = read_results(paths.results, study.id)
    codebook = load_codebook(study.codebook_path).stored()
    absence = None
    if study.file("absence.yaml").is_file() and paths.absence.is_file():
        absence = json.loads(paths.absence.read_text(encoding="utf-8"))
    # One folder swap: a failed run leaves the previous figures and their index together.
    with atomic_dir(paths.figures) as folder:
        entries = write_figures(results, codebook, folder, absence)
    print(f"{len(entries)} figurer → {paths.figures}")
    return 0
