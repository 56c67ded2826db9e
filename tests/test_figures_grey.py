"""Every figure reads in grey and without colour: categories differ in lightness or pattern,
lines in dash and marker, and the shares printed in bars never run into each other.

Checked on every figure of the example study and of a small fixture study that is not Modum
(``tests/data/grey``: a seven-point scale, a four-point scale without a middle, a multiple
choice), and on the palettes themselves.
"""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path
from typing import Any

import matplotlib.colors
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from pipeline.analysis.results import read_results
from pipeline.cli import main
from pipeline.codebook.load import load_codebook
from pipeline.figures import style
from pipeline.figures.run import all_figures

GREY_STUDY = Path(__file__).parent / "data" / "grey"


def _fill(patch: Patch) -> str | None:
    face = patch.get_facecolor()
    if face[3] == 0:
        return None  # an empty box (a suppressed cell), told apart by its text
    return matplotlib.colors.to_hex(face)


def _patch_categories(fig: Figure) -> dict[tuple[str, str | None], str]:
    """Every filled colour and pattern drawn as a bar or in a legend, with one label each."""
    found: dict[tuple[str, str | None], str] = {}
    for ax in fig.axes:
        for artist in ax.patches:
            if isinstance(artist, Rectangle) and (fill := _fill(artist)):
                found.setdefault((fill, artist.get_hatch()), artist.get_label())
    for legend in [*fig.legends, *(lg for ax in fig.axes for lg in [ax.get_legend()] if lg)]:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Patch) and (fill := _fill(handle)):
                found[(fill, handle.get_hatch())] = text.get_text()
    return found


def _lines(fig: Figure) -> list[tuple[str, Any, str]]:
    """(label, dash pattern, marker) of every line in a legend."""
    out = []
    for legend in [*fig.legends, *(lg for ax in fig.axes for lg in [ax.get_legend()] if lg)]:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True):
            if isinstance(handle, Line2D):
                dash = handle.get_linestyle() if handle.get_linestyle() != "None" else None
                if dash is not None:
                    dash = tuple(handle._dash_pattern[1] or ())  # the dashes as drawn
                out.append((text.get_text(), dash, str(handle.get_marker())))
    return out


def grey_problems(fig: Figure) -> list[str]:
    """What a reader without colour could not tell apart in ``fig`` (empty when all is well)."""
    problems = []
    categories = _patch_categories(fig)
    for (a, hatch_a), (b, hatch_b) in itertools.combinations(categories, 2):
        step = abs(style.lightness(a) - style.lightness(b))
        if hatch_a == hatch_b and step < style.MIN_LIGHTNESS_STEP:
            problems.append(
                f"{categories[(a, hatch_a)]!r} ({a}) and {categories[(b, hatch_b)]!r} ({b}) "
                f"differ by {step:.1f} L* and have the same pattern {hatch_a!r}"
            )
    for (name_a, dash_a, marker_a), (name_b, dash_b, marker_b) in itertools.combinations(
        _lines(fig), 2
    ):
        # markers alone (a dot plot) need only differ in shape; lines in dash and marker
        if marker_a == marker_b or (dash_a is not None and dash_a == dash_b):
            problems.append(f"lines {name_a!r} and {name_b!r} share a dash pattern or a marker")
    return problems


def overlapping_labels(fig: Figure) -> list[str]:
    """Shares printed in bars that overlap one another or stick out of their segment."""
    fig.draw_without_rendering()
    problems = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_gid() == "segment-label"]
        boxes = [t.get_window_extent() for t in texts]
        for (ta, ba), (tb, bb) in itertools.combinations(zip(texts, boxes, strict=True), 2):
            if ba.overlaps(bb):
                problems.append(f"{ta.get_text()!r} overlaps {tb.get_text()!r}")
    return problems


def _figures(processed: Path, study: Path) -> list[tuple[str, Figure]]:
    results = read_results(processed / "results.json")
    absence_file = processed / "absence.json"
    absence = (
        json.loads(absence_file.read_text(encoding="utf-8")) if absence_file.is_file() else None
    )
    codebook = load_codebook(study / "codebook.yaml")
    return [(entry["id"], draw()) for entry, draw, _ in all_figures(results, codebook, absence)]


@pytest.fixture(scope="module")
def grey_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The grey-test fixture study run through ingest and analyse; its processed folder."""
    base = tmp_path_factory.mktemp("grey")
    (base / "raw" / "grey-test").mkdir(parents=True)
    shutil.copy(GREY_STUDY / "svar.csv", base / "raw" / "grey-test" / "svar.csv")
    for stage in ("ingest", "analyse"):
        args = [stage, "--study", str(GREY_STUDY), "--raw", str(base / "raw")]
        args += ["--processed", str(base / "processed"), "--reports", str(base / "reports")]
        assert main(args) == 0, stage
    return base / "processed"


def test_the_grey_studys_results_file_matches_the_typed_records(grey_study, results_problems):
    data = json.loads((grey_study / "results.json").read_text(encoding="utf-8"))
    assert results_problems(data) == []


def test_every_figure_of_a_small_fixture_study_reads_in_grey(grey_study: Path) -> None:
    figures = _figures(grey_study, GREY_STUDY)
    assert {fig_id for fig_id, _ in figures} >= {"sporsmal-trivsel", "sporsmal-lokaler"}
    problems = {fig_id: grey_problems(fig) + overlapping_labels(fig) for fig_id, fig in figures}
    assert {k: v for k, v in problems.items() if v} == {}


def test_seven_point_scale_is_told_apart_by_pattern_where_lightness_is_too_close(
    grey_study: Path,
) -> None:
    fig = dict(_figures(grey_study, GREY_STUDY))["sporsmal-trivsel"]
    hatches = {h for _, h in _patch_categories(fig)}
    assert hatches - {None}, "seven answers cannot all differ by lightness alone"


@pytest.mark.slow
def test_every_figure_of_the_example_study_reads_in_grey(example_run: Any) -> None:
    figures = _figures(example_run.processed, Path("studies/modum-2025").resolve())
    assert len(figures) > 15
    problems = {fig_id: grey_problems(fig) + overlapping_labels(fig) for fig_id, fig in figures}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize(("n_negative", "n_positive"), [(1, 1), (2, 2), (3, 3), (4, 4), (1, 3)])
@pytest.mark.parametrize("neutral", [0, 1])
def test_every_answer_scale_keeps_its_answers_apart_in_grey(
    n_negative: int, n_positive: int, neutral: int
) -> None:
    labels = [f"svar {i}" for i in range(n_negative + neutral + n_positive)]
    colours = style.answer_colours(labels, n_negative, n_positive)
    order = labels[n_negative:][::-1] + labels[:n_negative]
    hatches = style.separating_hatches({label: colours[label] for label in order})
    for a, b in itertools.combinations(labels, 2):
        step = abs(style.lightness(colours[a]) - style.lightness(colours[b]))
        assert step >= style.MIN_LIGHTNESS_STEP or hatches[a] != hatches[b], (a, b)


def test_five_point_scale_needs_no_pattern_and_its_two_ends_are_different_greys() -> None:
    labels = [
        "I svært liten grad",
        "I liten grad",
        "I noen grad",
        "I stor grad",
        "I svært stor grad",
    ]
    colours = style.answer_colours(labels, 2, 2)
    assert set(style.separating_hatches(colours).values()) == {None}
    ends = abs(style.lightness(colours[labels[0]]) - style.lightness(colours[labels[-1]]))
    mild = abs(style.lightness(colours[labels[1]]) - style.lightness(colours[labels[-2]]))
    assert ends >= style.MIN_LIGHTNESS_STEP and mild >= style.MIN_LIGHTNESS_STEP


def test_the_check_finds_two_categories_of_the_same_grey() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.bar([0], [1], color="#B2182B", label="I svært liten grad")  # the old RdBu ends: L* 38
    ax.bar([1], [1], color="#2166AC", label="I svært stor grad")  # and 43
    assert len(grey_problems(fig)) == 1


def test_the_check_finds_two_lines_with_the_same_dash() -> None:
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 1], ":", color="#555555", label="Mål")
    ax.plot([0, 1], [2, 2], ":", color="#555555", marker="x", label="Landet")
    ax.legend()
    assert len(grey_problems(fig)) == 1
