"""Which figures a survey gets, each as a :data:`Drawing`: its index entry and how to draw it.

One figure per closed question (its kind follows the question type; a Likert
battery whose items run different ways gets one per direction), one per group
comparison and perception-gap comparison, and the drop-off curve. The numbers a
figure draws come from :mod:`pipeline.figures.shares`, its words from
:mod:`pipeline.figures.captions`.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from pipeline.analysis.anonymity import grouping_questions
from pipeline.analysis.results import GapComparison, GroupComparison, QuestionResult, Results
from pipeline.codebook.model import Codebook, Question
from pipeline.figures import captions, shares
from pipeline.figures.bars import choice_bars, grouped_bars
from pipeline.figures.dropoff import dropoff_curve
from pipeline.figures.gaps import gap_dotplot
from pipeline.figures.index import FigureEntry
from pipeline.figures.likert import diverging_bars, diverging_reach, stacked_bars
from pipeline.figures.style import sequential_colours

Drawing = tuple[FigureEntry, Callable[[], Figure]]


def likert_reach(q: QuestionResult, question: Question) -> float:
    """How far a Likert figure's bars reach from the centre line (see :func:`likert_figure`)."""
    reaches = []
    for _, part_q, part_question in shares.by_direction(q, question):
        scale = shares.likert_scale(part_question)
        if scale.has_direction:
            reaches.append(
                diverging_reach(
                    shares.likert_shares(part_q, scale.display_labels),
                    labels=scale.display_labels,
                    n_unfavourable=len(scale.unfavourable_labels),
                    n_favourable=len(scale.favourable_labels),
                )
            )
    return max(reaches, default=0.0)


def likert_figures(
    q: QuestionResult, question: Question, k: int, reach: float | None = None
) -> list[Drawing]:
    """A Likert item or battery; a battery whose items run different ways gets one figure each.

    The first direction keeps ``sporsmal-<id>``, the others add ``--<direction>``.
    """
    parts = shares.by_direction(q, question)
    return [
        likert_figure(
            part_q,
            part_question,
            k,
            reach,
            suffix="" if i == 0 else f"--{direction}",
            part=captions.DIRECTION_TITLES[direction] if len(parts) > 1 else "",
        )
        for i, (direction, part_q, part_question) in enumerate(parts)
    ]


def likert_figure(
    q: QuestionResult,
    question: Question,
    k: int,
    reach: float | None = None,
    *,
    suffix: str = "",
    part: str = "",
) -> Drawing:
    """Diverging bars, unfavourable end on the left (stacked bars without a favourable end);
    ``reach`` gives several figures one axis."""
    scale = shares.likert_scale(question)
    labels = scale.display_labels
    table = shares.likert_shares(q, labels, captions.short_title(q, question))
    entry = captions.likert_entry(q, question, k, suffix=suffix, part=part)
    if not scale.has_direction:
        return entry, lambda: stacked_bars(
            table, labels=labels, colours=sequential_colours(labels), row="item", k=k
        )
    return entry, lambda: diverging_bars(
        table,
        labels=labels,
        n_unfavourable=len(scale.unfavourable_labels),
        n_favourable=len(scale.favourable_labels),
        k=k,
        reach=reach,
    )


def battery_figure(q: QuestionResult, question: Question, k: int) -> Drawing:
    """100 % stacked bars, one per item, for a battery of single-choice items (Ja/Nei/Vet ikke)."""
    var0 = question.variables[0]
    labels, off = list(var0.labels), list(var0.off_scale)
    table = shares.battery_shares(q, labels + off)
    return captions.battery_entry(q, question, k), lambda: stacked_bars(
        table, labels=labels, off_scale=off, row="item", k=k
    )


def choice_figure(
    q: QuestionResult, question: Question | None, k: int, grouping: bool = False
) -> Drawing:
    """Horizontal bars of each answer's share of all answers.

    For a ``grouping`` question (its answers are groups: etat, role) an answer under
    ``k`` is hidden like any small group, with secondary suppression.
    """
    v = q["variables"][0]
    hidden = [] if v.get("suppressed") else shares.hidden_answers(v, k, grouping)
    table = shares.answer_shares(v, hidden)
    return captions.choice_entry(q, question, k, hidden), lambda: choice_bars(table, k=k)


def multiple_figure(q: QuestionResult, question: Question | None, k: int) -> Drawing:
    """Bars of the share of respondents choosing each option."""
    table = shares.option_shares(q["multiple"])
    return captions.multiple_entry(q, question, k), lambda: choice_bars(table, k=k)


def group_figure(comparison: GroupComparison, question: QuestionResult | None, k: int) -> Drawing:
    """Grouped bars of every answer's share per group, and in total, with Wilson intervals."""
    table = shares.group_shares(comparison, question)
    return captions.group_entry(comparison, question, k), lambda: grouped_bars(table, k=k)


def gap_figure(g: GapComparison, k: int) -> Drawing:
    """Dot plot of the two groups' share favourable per item."""
    table = shares.gap_shares(g)
    return captions.gap_entry(g, k), lambda: gap_dotplot(
        table, group_a=g["group_a"], group_b=g["group_b"], k=k
    )


def dropoff_figure(results: Results) -> Drawing:
    """How many are still taking part at each question; routed questions marked as such."""
    table = shares.dropoff_counts(results["response"])
    return captions.dropoff_entry(results["response"]), lambda: dropoff_curve(table)


def question_figures(
    q: QuestionResult, question: Question, k: int, *, reach: float | None, grouping: bool
) -> list[Drawing]:
    """The figure(s) of one closed question; its type decides the kind."""
    if q["type"] == "multiple":
        return [multiple_figure(q, question, k)]
    if q["type"] == "likert":
        return likert_figures(q, question, k, reach)
    if len(q["variables"]) > 1:
        return [battery_figure(q, question, k)]
    return [choice_figure(q, question, k, grouping=grouping)]


def survey_figures(results: Results, codebook: Codebook) -> list[Drawing]:
    """Every survey figure the report can use, in a fixed order."""
    k = results["k"]
    drawings: list[Drawing] = [dropoff_figure(results)]
    by_id = {q["id"]: q for q in results["questions"]}
    grouping = grouping_questions(results)
    # Every diverging figure gets the same axis, so bars can be compared across figures.
    reach = max(
        (
            likert_reach(q, codebook.question(q["id"]))
            for q in results["questions"]
            if q["type"] == "likert"
        ),
        default=None,
    )
    for q in results["questions"]:
        drawings += question_figures(
            q, codebook.question(q["id"]), k, reach=reach, grouping=q["id"] in grouping
        )
    for c in results["comparisons"]["groups"]:
        drawings.append(group_figure(c, by_id.get(c["variable"]), k))
    for g in results["comparisons"]["gaps"]:
        drawings.append(gap_figure(g, k))
    return drawings
