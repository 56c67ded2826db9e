"""One call that gives an analyst the processed data, the results and the report's figures.

The notebooks in ``notebooks/`` start with::

    from pipeline.workspace import open_study
    ws = open_study()

and get the same responses, codebook, ``results.json`` and ``absence.json``
the report is built from, the study's analysis settings (the anonymity
threshold ``k``), and :meth:`Workspace.figure`, which draws a figure with the
very function the figures stage uses. Nothing here computes a statistic: the
notebooks call :mod:`pipeline.analysis` and :mod:`pipeline.absence.analysis`.

Paths are resolved against the repository root (the nearest folder upwards
holding ``pyproject.toml``), so a notebook finds the data whether it runs from
``notebooks/`` in Jupyter Lab or is executed by ``make notebooks``. The
environment variables ``PIPELINE_STUDY``, ``PIPELINE_PROCESSED`` and
``PIPELINE_RAW`` override the defaults; ``python -m pipeline notebooks`` sets
them so the notebooks read the study and folder it was given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.figure import Figure

from pipeline.analysis.anonymity import hide_groups
from pipeline.analysis.config import AnalysisConfig, load_analysis_config
from pipeline.analysis.response import included
from pipeline.analysis.results import Results, read_results
from pipeline.codebook.model import Codebook
from pipeline.config import Paths, Study, load_study
from pipeline.errors import PipelineError
from pipeline.ingest import Manifest, load_responses

if TYPE_CHECKING:  # the figures are imported when a notebook first draws one
    from pipeline.figures.index import FigureEntry
    from pipeline.figures.run import PlannedFigure

DEFAULT_STUDY = Path("studies/modum-2025")
DEFAULT_PROCESSED = Path("data/processed")
DEFAULT_RAW = Path("data/raw")
ENV_STUDY = "PIPELINE_STUDY"
ENV_PROCESSED = "PIPELINE_PROCESSED"
ENV_RAW = "PIPELINE_RAW"


def find_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder from ``start`` upwards with ``pyproject.toml``.

    Falls back to ``start`` (the working directory by default) when there is none.
    """
    here = Path.cwd() if start is None else Path(start)
    here = here.resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return here


def _resolve(
    value: Path | str | None, env: str, default: Path, root: Path, environ: Mapping[str, str]
) -> Path:
    if value is None:
        value = environ.get(env) or default
    path = Path(value).expanduser()
    return path if path.is_absolute() else root / path


@dataclass(frozen=True, eq=False)
class Workspace:
    """Everything a notebook needs about one study, loaded once.

    Attributes
    ----------
    study
        The study folder's configuration (:class:`pipeline.config.Study`).
    paths
        Where the processed data was read from.
    responses
        ``responses.parquet``: one row per respondent who started, free text already redacted.
    codebook, manifest
        The study's codebook and the ingest run's manifest.
    analysis
        ``analysis.yaml``: anonymity threshold ``k``, comparisons, whether free text may be shown.
    results
        ``results.json`` as typed records (:mod:`pipeline.analysis.results`).
    absence
        ``absence.json`` as a dict, or ``None`` when the study has no registered absence.
    """

    study: Study
    paths: Paths
    responses: pd.DataFrame
    codebook: Codebook
    manifest: Manifest
    analysis: AnalysisConfig
    results: Results
    absence: dict[str, Any] | None

    @property
    def k(self) -> int:
        """The anonymity threshold: no shown cell rests on fewer than ``k`` respondents."""
        return self.analysis.k

    @property
    def included(self) -> pd.DataFrame:
        """The respondents the question statistics rest on (the study's inclusion rule).

        ``all_available``: everyone who started; ``completed_only``: those who
        finished. The same rule as the analysis stage (:func:`pipeline.analysis.response.included`).
        """
        return included(self.responses, self.study.config.survey.inclusion)

    def _drawings(self) -> list[PlannedFigure]:
        from pipeline.figures.run import all_figures

        return all_figures(self.results, self.codebook, self.absence)

    def _drawing(self, fig_id: str) -> PlannedFigure:
        drawings = self._drawings()
        for drawing in drawings:
            if drawing[0]["id"] == fig_id:
                return drawing
        known = ", ".join(d[0]["id"] for d in drawings)
        raise PipelineError(
            f"Figuren «{fig_id}» finnes ikke for denne studien.",
            hint=f"Figurene som finnes: {known}.",
        )

    def figure_ids(self) -> list[str]:
        """The ids of every figure the report can use, in the figures stage's order."""
        return [entry["id"] for entry, _, _ in self._drawings()]

    def figure(self, fig_id: str) -> Figure:
        """The figure ``fig_id`` (e.g. ``frafall``, ``sporsmal-tema``, ``gruppe-medarbeidersamtale``).

        Drawn by the same function, from the same ``results.json``, as the SVG in the report.
        """
        return self._drawing(fig_id)[1]()

    def figure_entry(self, fig_id: str) -> FigureEntry:
        """The figure's entry in ``reports/figures/index.json``: title, caption, alt text, table."""
        return self._drawing(fig_id)[0]

    def figure_table(self, fig_id: str) -> pd.DataFrame:
        """The numbers printed under the figure in the report, as a table of formatted text."""
        table = self.figure_entry(fig_id)["table"]
        return pd.DataFrame(table["rows"], columns=table["headers"])

    def save_figure(self, fig_id: str, path: Path | str) -> None:
        """Save the figure as SVG exactly as the figures stage does (same bytes)."""
        _, draw, save = self._drawing(fig_id)
        save(draw(), Path(path))

    def absence_register(self) -> pd.DataFrame:
        """The registered absence, one row per unit and period, as :mod:`pipeline.absence.analysis` takes it."""
        if self.absence is None:
            raise PipelineError(
                "Studien har ikke registrert sykefravær (absence.json mangler).",
                file=self.paths.absence,
                hint="Legg til absence.yaml i studiemappen og kjør «make absence».",
            )
        return pd.DataFrame(self.absence["units"])

    def anonymise(
        self,
        table: pd.DataFrame,
        *,
        n: str = "n",
        total_shown: bool = True,
        keep: Sequence[str] = (),
    ) -> pd.DataFrame:
        """A table with every group that rests on fewer than ``k`` respondents blanked.

        Applies :func:`pipeline.analysis.anonymity.suppress` (primary and
        secondary suppression, :func:`pipeline.analysis.anonymity.hide_groups`, the
        rule the report follows) and replaces every cell of a suppressed row, except
        the columns in ``keep``, with «under k» or, for a group hidden only to
        protect a smaller one, «skjult». Use it on any table a notebook builds from
        the responses before showing it.

        Parameters
        ----------
        table
            One row per group with its number of respondents in column ``n``.
        total_shown
            Whether a total over these groups is shown too.
        keep
            Label columns to leave as they are (e.g. the group name).
        """
        return hide_groups(table, self.k, n=n, total_shown=total_shown, keep=keep)


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def open_study(
    study: Path | str | None = None,
    processed: Path | str | None = None,
    *,
    raw: Path | str | None = None,
    root: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Workspace:
    """Load a study's processed data, results and settings for analysis in a notebook.

    Parameters
    ----------
    study
        The study folder (default ``$PIPELINE_STUDY`` or ``studies/modum-2025``).
    processed
        The processed-data folder (default ``$PIPELINE_PROCESSED`` or ``data/processed``).
    raw
        Where raw files live (default ``$PIPELINE_RAW`` or ``data/raw``); only
        the study's configuration refers to it, nothing is read from it.
    root
        The folder relative paths are resolved against (default: the repository root).
    environ
        The environment to read the defaults from (default ``os.environ``).

    Raises
    ------
    PipelineError
        If the study folder or the processed data are missing, in Norwegian.
    """
    environ = os.environ if environ is None else environ
    root = find_root() if root is None else Path(root)
    study_dir = _resolve(study, ENV_STUDY, DEFAULT_STUDY, root, environ)
    processed_dir = _resolve(processed, ENV_PROCESSED, DEFAULT_PROCESSED, root, environ)
    raw_dir = _resolve(raw, ENV_RAW, DEFAULT_RAW, root, environ)
    loaded = load_study(study_dir, raw_dir)
    paths = Paths(processed=processed_dir)
    missing = [p for p in (paths.responses, paths.manifest, paths.results) if not p.is_file()]
    if missing:
        names = ", ".join(p.name for p in missing)
        raise PipelineError(
            f"Fant ikke de bearbeidede dataene ({names}) i «{processed_dir}».",
            hint="Kjør «make analyse» først (og «make absence» for sykefraværet).",
        )
    responses, codebook, manifest = load_responses(processed_dir, loaded.codebook_path)
    results = read_results(paths.results)
    if results.get("study_id") != loaded.id or manifest.data.get("study_id") != loaded.id:
        raise PipelineError(
            f"Dataene i «{processed_dir}» hører til studien «{results.get('study_id')}», "
            f"ikke «{loaded.id}».",
            hint=f"Kjør «make analyse STUDY={study_dir}» først.",
        )
    absence = None
    if loaded.file("absence.yaml").is_file() and paths.absence.is_file():
        absence = _read_json(paths.absence)
    return Workspace(
        study=loaded,
        paths=paths,
        responses=responses,
        codebook=codebook,
        manifest=manifest,
        analysis=load_analysis_config(loaded.file("analysis.yaml"), codebook),
        results=results,
        absence=absence,
    )
