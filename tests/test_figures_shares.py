"""What each survey figure draws: results records cut into the drawing functions' tables."""

from __future__ import annotations

import pytest

from pipeline.codebook.model import Question, Scale, Variable
from pipeline.figures import shares

OFTEN = Scale(
    id="ofte", labels=("Aldri", "Sjelden", "Ofte"), low_end=1, high_end=1, off_scale=("Vet ikke",)
)


def _freq(label: str, count: int, share: float | None, *, off: bool = False) -> dict:
    return {
        "label": label,
        "count": count,
        "share": share,
        "share_all": count / 10,
        "off_scale": off,
    }


def _item(label: str, n: int, *, suppressed: bool = False) -> dict:
    return {
        "label": label,
        "n": n,
        "n_all": n + 1,
        "suppressed": suppressed,
        "frequencies": [
            _freq("Aldri", 2, 2 / n),
            _freq("Sjelden", 3, 3 / n),
            _freq("Vet ikke", 1, None, off=True),
        ],
    }


def test_likert_shares_leave_off_scale_answers_out_and_show_a_missing_answer_as_zero():
    q = {"text": "Hvor ofte?", "variables": [_item("Hodepine", 5)]}
    table = shares.likert_shares(q, ["Aldri", "Sjelden", "Ofte"])
    assert list(table["label"]) == ["Aldri", "Sjelden", "Ofte"]
    assert list(table["share"]) == pytest.approx([0.4, 0.6, 0.0])
    assert set(table["n"]) == {5} and not table["suppressed"].any()


def test_likert_shares_of_a_suppressed_item_carry_no_numbers():
    q = {"text": "Hvor ofte?", "variables": [_item("Hodepine", 3, suppressed=True)]}
    table = shares.likert_shares(q, ["Aldri", "Sjelden"])
    assert table["suppressed"].all() and (table["share"] == 0).all() and (table["n"] == 0).all()


def test_a_likert_item_without_a_label_is_named_by_the_figure_title_else_the_question():
    q = {"text": "Hvor ofte?", "variables": [dict(_item("", 5), label=None)]}
    assert set(shares.likert_shares(q, ["Aldri"], "Plager")["item"]) == {"Plager"}
    assert set(shares.likert_shares(q, ["Aldri"])["item"]) == {"Hvor ofte?"}


def test_a_battery_is_split_by_direction_and_each_part_has_its_own_n():
    def var(id_: str, direction: str) -> Variable:
        scale = Scale(id="s", labels=OFTEN.labels, low_end=1, high_end=1, direction=direction)
        return Variable(id=id_, type="likert", text="?", scale=scale)

    question = Question(
        id="q",
        type="likert",
        text="?",
        variables=(var("a", "low"), var("b", "high"), var("c", "low")),
    )
    q = {
        "id": "q",
        "text": "?",
        "n_min": 4,
        "n_max": 9,
        "variables": [_item("A", 4), _item("B", 9), _item("C", 6)],
    }
    parts = shares.by_direction(q, question)
    assert [d for d, _, _ in parts] == ["low", "high"]
    low_q, low_question = parts[0][1], parts[0][2]
    assert [v["label"] for v in low_q["variables"]] == ["A", "C"]
    assert [v.id for v in low_question.variables] == ["a", "c"]
    assert (low_q["n_min"], low_q["n_max"]) == (4, 6)
    assert (parts[1][1]["n_min"], parts[1][1]["n_max"]) == (9, 9)
    assert q["n_min"] == 4 and len(q["variables"]) == 3  # the record itself is left as it is


def test_a_small_answer_of_a_grouping_question_is_hidden_and_another_to_protect_it():
    v = {
        "suppressed": False,
        "frequencies": [
            {"label": "Skole", "count": 40, "share_all": 0.8},
            {"label": "Omsorg", "count": 7, "share_all": 0.14},
            {"label": "Teknisk", "count": 3, "share_all": 0.06},
        ],
    }
    hidden = shares.hidden_answers(v, 5, grouping=True)
    assert hidden == [None, "secondary", "primary"]
    table = shares.answer_shares(v, hidden)
    assert list(table["suppressed"]) == [False, "secondary", "primary"]
    assert list(table["count"]) == [40, 0, 0]
    assert shares.hidden_answers(v, 5, grouping=False) == [None, None, None]


def test_group_shares_without_a_breakdown_show_each_groups_success_share_with_its_interval():
    comparison = {
        "by": "sektor",
        "success": ["Ja"],
        "groups": [
            {
                "group": "Skole",
                "suppressed": False,
                "p": 0.5,
                "ci_low": 0.3,
                "ci_high": 0.7,
                "n": 20,
            },
            {"group": "Omsorg", "suppressed": True, "suppression": "secondary"},
        ],
    }
    table = shares.group_shares(comparison, None)
    assert list(table["label"]) == ["Ja", "Ja"]
    assert list(table["suppressed"]) == [False, "secondary"]
    assert table.loc[0, "ci_high"] == 0.7


def test_gap_shares_give_the_gap_in_points_and_hide_an_item_without_both_shares():
    def share(p: float, low: float, high: float) -> dict:
        return {"p": p, "ci_low": low, "ci_high": high}

    shown = dict(label="Leder følger opp", suppressed=False, gap={"difference": -0.3})
    shown.update(share_a=share(0.9, 0.8, 0.95), share_b=share(0.6, 0.5, 0.7))
    no_b = dict(shown, label="Bare ledere", share_b=None)
    table = shares.gap_shares({"items": [shown, {"label": "Liten", "suppressed": True}, no_b]})
    assert table.loc[0, "gap_points"] == pytest.approx(-30.0)
    assert list(table["suppressed"]) == [False, True, True]


def test_a_breakdown_gives_each_group_then_the_total_every_answer_on_the_scale():
    def variable(ja: int, nei: int) -> dict:
        n = ja + nei
        return {
            "suppressed": False,
            "n": n,
            "frequencies": [
                {
                    "label": lab,
                    "count": c,
                    "share": c / n,
                    "ci_low": 0.1,
                    "ci_high": 0.9,
                    "off_scale": False,
                }
                for lab, c in (("Ja", ja), ("Nei", nei))
            ]
            + [{"label": "Vet ikke", "count": 2, "share": None, "off_scale": True}],
        }

    question = {
        "variables": [variable(30, 10)],
        "breakdowns": {
            "sektor": [
                {
                    "group": "Skole",
                    "suppressed": False,
                    "suppression": None,
                    "variables": [variable(27, 9)],
                },
                {"group": "Omsorg", "suppressed": True, "suppression": "primary"},
            ]
        },
    }
    table = shares.group_shares({"by": "sektor", "success": ["Ja"], "groups": []}, question)
    assert list(zip(table["group"], table["label"], strict=True)) == [
        ("Skole", "Ja"),
        ("Skole", "Nei"),
        ("Omsorg", "Ja"),
        ("Omsorg", "Nei"),
        ("Totalt", "Ja"),
        ("Totalt", "Nei"),
    ]
    assert list(table["share"]) == pytest.approx([0.75, 0.25, 0.0, 0.0, 0.75, 0.25])
    assert list(table["suppressed"]) == [False, False, "primary", "primary", False, False]
