"""The words of each survey figure: short title, caption, text alternative and table text."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.codebook.model import Question, Scale, Variable
from pipeline.figures import captions

NBSP = "\u00a0"
AGREE = Scale(
    id="enig",
    labels=("Uenig", "Både og", "Enig"),
    low_end=1,
    high_end=1,
    off_scale=("Vet ikke",),
    direction="high",
)


def _likert_question(scale: Scale = AGREE) -> Question:
    return Question(
        id="jobb",
        type="likert",
        text="Hvor enig er du?",
        variables=(
            Variable(id="trives", type="likert", text="?", label="Jeg trives", scale=scale),
        ),
        short="påstander om jobben",
    )


def _likert_record(*, suppressed: bool = False, answered: int = 20) -> dict:
    item = {
        "label": "Jeg trives",
        "n": 20,
        "base": {"answered": answered, "on_scale": 20, "shares_of": "on_scale"},
        "suppressed": suppressed,
        "frequencies": [
            {"label": "Uenig", "share": 0.25, "off_scale": False},
            {"label": "Enig", "share": 0.75, "off_scale": False},
            {"label": "Vet ikke", "share": None, "off_scale": True},
        ],
        "likert": {"n": 20, "mean": 2.5, "favourable": {"p": 0.75}, "unfavourable": {"p": 0.25}},
    }
    return {"id": "jobb", "text": "Hvor enig er du?", "n_min": 20, "n_max": 20, "variables": [item]}


def test_figure_title_is_the_codebook_short_label_and_the_caption_keeps_the_question():
    q = {"text": "I hvilken grad opplever du at du får støtte fra leder når du er sykmeldt?"}
    assert captions.short_title(q, SimpleNamespace(short="støtte fra leder")) == "Støtte fra leder"
    assert captions.short_title(q, SimpleNamespace(short="")) == q["text"]
    assert captions.short_title(q, None) == q["text"]


def test_likert_caption_names_the_part_the_base_and_the_answers_left_out():
    caption = captions.likert_caption(_likert_record(), _likert_question(), "høye svar er gunstige")
    assert caption == (
        "Hvor enig er du? (høye svar er gunstige) (andel av svarene på skalaen, "
        f"n{NBSP}={NBSP}20; «Vet ikke» er holdt utenfor)"
    )


def test_likert_caption_says_how_many_answered_when_some_answered_off_the_scale():
    caption = captions.likert_caption(_likert_record(answered=26), _likert_question())
    assert f"(andel av svarene på skalaen, n{NBSP}={NBSP}20 av 26 som svarte; «Vet ikke»" in caption


def test_figure_base_gives_whom_the_shares_are_of_as_a_count_or_the_range_over_items():
    q = _likert_record(answered=26)
    other = dict(q["variables"][0], base={"answered": 30, "on_scale": 20, "shares_of": "on_scale"})
    hidden = {"label": "Liten", "suppressed": True}  # a suppressed item has no base
    q["variables"] += [other, hidden]
    assert captions.figure_base(q) == {
        "shares_of": "on_scale",
        "answered": [26, 30],
        "on_scale": 20,
    }
    assert captions.figure_base(dict(q, variables=[hidden])) is None


def test_a_multiple_choice_caption_keeps_the_questions_own_note_and_says_it_once():
    q = {
        "id": "hjelp",
        "text": "Hva hjalp? (flere valg mulig)",
        "multiple": {
            "suppressed": False,
            "respondents": 12,
            "options": [
                {"label": "Samtale", "count": 7, "share": 7 / 12, "share_of_mentions": 0.5}
            ],
        },
    }
    entry = captions.multiple_entry(q, None, 5)
    assert entry["caption"] == (
        f"Hva hjalp? (flere valg mulig; andel av respondentene, n{NBSP}={NBSP}12)"
    )
    assert "base" not in entry  # results.json has no per-variable base for a multiple choice


def test_likert_table_prints_a_missing_answer_as_a_dash_and_a_suppressed_item_without_numbers():
    table = captions.likert_table(_likert_record(), ["Uenig", "Både og", "Enig"], 5, "Jobb")
    assert table["headers"] == ["Påstand", "Uenig", "Både og", "Enig", "n"]
    assert table["rows"] == [["Jeg trives", f"25,0{NBSP}%", "–", f"75,0{NBSP}%", "20"]]
    hidden = captions.likert_table(_likert_record(suppressed=True), ["Uenig", "Enig"], 5, "Jobb")
    assert hidden["rows"] == [["Jeg trives", "under 5", "under 5", "–"]]


def test_likert_alt_text_says_where_the_favourable_answers_are_and_gives_each_items_shares():
    alt = captions.likert_alt(_likert_record(), _likert_question())
    assert alt.startswith("Liggende stolpediagram med ugunstige svar («Uenig») til venstre")
    assert f"Jeg trives: 75,0{NBSP}% gunstige og 25,0{NBSP}% ugunstige." in alt


def test_likert_alt_text_without_a_favourable_end_gives_the_mean_instead():
    scale = Scale(
        id="ar", labels=("Under 2 år", "Over 2 år"), low_end=1, high_end=1, direction="none"
    )
    alt = captions.likert_alt(_likert_record(), _likert_question(scale))
    assert (
        alt
        == "Liggende stablede stolper fra «Under 2 år» til «Over 2 år». Jeg trives: gjennomsnitt 2,50."
    )


def test_a_part_of_a_battery_split_by_direction_names_its_direction_in_the_title():
    entry = captions.likert_entry(
        _likert_record(), _likert_question(), 5, suffix="--low", part="lave svar er gunstige"
    )
    assert entry["id"] == "sporsmal-jobb--low" and entry["file"] == "sporsmal-jobb--low.svg"
    assert entry["title"] == "Påstander om jobben (lave svar er gunstige)"
    assert entry["n"] == [20, 20]


def test_choice_table_hides_a_small_group_with_its_reason():
    q = {
        "id": "sektor",
        "text": "Hvor jobber du?",
        "variables": [
            {
                "suppressed": False,
                "n_all": 50,
                "base": {"answered": 50, "on_scale": 50, "shares_of": "answered"},
                "frequencies": [
                    {"label": "Skole", "count": 40, "share_all": 0.8},
                    {"label": "Omsorg", "count": 7, "share_all": 0.14},
                    {"label": "Teknisk", "count": 3, "share_all": 0.06},
                ],
            }
        ],
    }
    entry = captions.choice_entry(q, None, 5, [None, "secondary", "primary"])
    assert entry["table"]["rows"] == [
        ["Skole", "40", f"80,0{NBSP}%"],
        ["Omsorg", "skjult", "skjult"],
        ["Teknisk", "under 5", "under 5"],
    ]
    assert entry["caption"] == f"Hvor jobber du? (n{NBSP}={NBSP}50)"
    assert "Omsorg skjult" in entry["alt"] and "40" not in entry["alt"]


def test_gap_table_says_whether_a_difference_is_unlikely_to_be_chance():
    item = {
        "label": "Leder følger opp",
        "suppressed": False,
        "share_a": {"p": 0.9, "k": 18, "n": 20},
        "share_b": {"p": 0.6, "k": 30, "n": 50},
        "gap": {"difference": -0.3},
        "p_holm": 0.01,
    }
    g = {"id": "x", "title": "Oppfølging", "group_a": "Ledere", "group_b": "Ansatte"}
    entry = captions.gap_entry(dict(g, items=[item, dict(item, p_holm=0.2)]), 5)
    assert entry["table"]["rows"][0] == [
        "Leder følger opp",
        f"90,0{NBSP}% (18 av 20)",
        f"60,0{NBSP}% (30 av 50)",
        "\u221230,0",
        "Ja",
    ]
    assert entry["table"]["rows"][1][-1] == "Nei"
    assert entry["caption"].startswith("Oppfølging: andel som svarer gunstig blant ledere")
    assert entry["n"] == [70, 70]
