"""Report tables: each states the base its shares are of, and the margin of error at that base."""

from __future__ import annotations

import pandas as pd

from pipeline.analysis.questions import describe_question
from pipeline.analysis.response import margin_of_error
from pipeline.codebook.model import Question, Variable
from pipeline.report.tables import frequency_tables, margin_text


def _results(question: Question, answers: list[str | None]) -> dict:
    summary = describe_question(pd.DataFrame({question.id: answers}), question, 5)
    for v in summary["variables"]:
        v["margin_of_error"] = margin_of_error(v["base"][v["base"]["shares_of"]], None)
    return {
        "k": 5,
        "questions": [{"id": question.id, "type": question.type, "text": "Spm", **summary}],
    }


def test_a_single_choice_table_gives_the_n_its_shares_are_of_including_off_scale_answers():
    var = Variable("s", "single", "Spm", labels=("Ja", "Nei"), off_scale=("Vet ikke",))
    results = _results(Question("s", "single", "Spm", (var,)), ["Ja"] * 6 + ["Vet ikke"] * 4)
    caption = frequency_tables(results)[0]["caption"]
    # shares are of all 10 answers, so the table says n = 10, not the 6 on the scale
    assert "andel av alle svar, n\u00a0=\u00a010;" in caption
    assert "feilmargin høyst ±31,0 prosentpoeng" in caption


def test_the_survey_margin_of_error_says_its_base_and_its_assumption():
    text = margin_text(margin_of_error(489, 1124), {"p": 0.00002})
    assert text.startswith("Med 489 fullførte svar av 1\u00a0124 inviterte")
    assert "tilfeldig utvalg" in text
    assert "trolig større enn feilmarginen alene viser" in text
    # plain words for a lay reader: the interval around 50 %, the correction in brackets
    assert "med stor sikkerhet (95\u00a0%) mellom 46,7 og 53,3\u00a0%" in text
    assert "endelig populasjon" not in text
