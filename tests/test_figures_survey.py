"""Which figures a survey gets: one per closed question by its type, one per direction of a
battery whose items run different ways, and a drawing that matches its index entry."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from pipeline.codebook.model import Question, Scale, Variable
from pipeline.figures import survey

LABELS = ("Aldri", "Av og til", "Ofte")


def _scale(direction: str) -> Scale:
    return Scale(id="ofte", labels=LABELS, low_end=1, high_end=1, direction=direction)


def _item(label: str, n: int, shares: tuple[float, float, float]) -> dict:
    return {
        "label": label,
        "n": n,
        "base": {"answered": n, "on_scale": n, "shares_of": "on_scale"},
        "suppressed": False,
        "frequencies": [
            {"label": lab, "share": s, "off_scale": False}
            for lab, s in zip(LABELS, shares, strict=True)
        ],
        "likert": {"n": n, "mean": 2.0, "favourable": {"p": 0.5}, "unfavourable": {"p": 0.2}},
    }


def _mixed_battery() -> tuple[dict, Question]:
    question = Question(
        id="plager",
        type="likert",
        text="Hvor ofte …",
        short="plager",
        variables=(
            Variable(id="hode", type="likert", text="?", label="Hodepine", scale=_scale("low")),
            Variable(id="glede", type="likert", text="?", label="Glede", scale=_scale("high")),
            Variable(id="ar", type="likert", text="?", label="Årstid", scale=_scale("none")),
        ),
    )
    q = {
        "id": "plager",
        "type": "likert",
        "text": "Hvor ofte …",
        "n_min": 10,
        "n_max": 30,
        "variables": [
            _item("Hodepine", 10, (0.6, 0.2, 0.2)),
            _item("Glede", 20, (0.1, 0.1, 0.8)),
            _item("Årstid", 30, (0.3, 0.3, 0.4)),
        ],
    }
    return q, question


def test_a_battery_whose_items_run_different_ways_gets_one_titled_figure_per_direction():
    q, question = _mixed_battery()
    drawings = survey.likert_figures(q, question, 5)
    entries = [entry for entry, _ in drawings]
    assert [e["id"] for e in entries] == [
        "sporsmal-plager",
        "sporsmal-plager--high",
        "sporsmal-plager--none",
    ]
    assert [e["title"] for e in entries] == [
        "Plager (lave svar er gunstige)",
        "Plager (høye svar er gunstige)",
        "Plager (ingen gunstig ende)",
    ]
    assert [e["n"] for e in entries] == [[10, 10], [20, 20], [30, 30]]
    assert [[row[0] for row in e["table"]["rows"]] for e in entries] == [
        ["Hodepine"],
        ["Glede"],
        ["Årstid"],
    ]


def test_every_part_draws_one_bar_per_answer_of_its_own_items():
    q, question = _mixed_battery()
    for _, draw in survey.likert_figures(q, question, 5):
        fig = draw()
        assert isinstance(fig, Figure)
        assert len(fig.axes[0].patches) == len(LABELS)  # one item, one segment per answer


def test_likert_reach_is_the_longest_side_of_the_parts_with_a_favourable_end():
    q, question = _mixed_battery()
    # «Hodepine» (low is favourable): unfavourable «Ofte» 0.2 + half of the middle 0.1 one
    # side, 0.6 + 0.1 the other; «Glede»: 0.8 + 0.05. The part without direction has no axis.
    assert survey.likert_reach(q, question) == pytest.approx(0.85)


def test_each_question_type_gets_its_kind_of_figure():
    multiple = {
        "id": "m",
        "type": "multiple",
        "text": "Hva? (flere valg mulig)",
        "multiple": {"suppressed": True},
        "variables": [],
    }
    single = {
        "id": "s",
        "type": "single",
        "text": "Er du leder?",
        "variables": [{"suppressed": True, "n_all": 0, "frequencies": []}],
    }
    for q, alt in ((multiple, "flest valgte øverst"), (single, "over svarene")):
        [(entry, _)] = survey.question_figures(q, None, 5, reach=None, grouping=False)
        assert entry["id"] == f"sporsmal-{q['id']}" and alt in entry["alt"]
