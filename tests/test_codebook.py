"""Codebook: batteries, multiple choice and routing read from YAML."""

import textwrap

import pytest

from pipeline.codebook import load_codebook
from pipeline.errors import PipelineError

CODEBOOK = """\
platform: questback_essentials
metadata: {respondent_id: "Respondent-ID", started: "Start", completed: "Slutt"}
scales:
  god5:
    labels: [Svært dårlig, Dårlig, Middels, God, Svært god]
    off_scale: [Vet ikke]
    direction: high
questions:
  - id: etat
    type: background
    header: "Hvilken etat jobber du i?"
    labels: [Helse og velferd, Familie og oppvekst]
  - id: fysisk
    type: likert
    text: "Hvordan vurderer du det fysiske arbeidsmiljøet:"
    scale: god5
    items:
      - {id: fysisk_inneklima, label: Inneklima}
      - {id: fysisk_stoy, label: Støyforhold}
  - id: forhold
    type: multiple
    text: "Hvilke forhold?"
    asked_if: {etat: [Helse og velferd]}
    options:
      - {id: forhold_annet, label: Annet}
"""


def write(tmp_path, text):
    path = tmp_path / "codebook.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_battery_items_become_variables_with_default_headers(tmp_path):
    cb = load_codebook(write(tmp_path, CODEBOOK))
    item = cb.variable("fysisk_stoy")
    assert item.header == "Hvordan vurderer du det fysiske arbeidsmiljøet: - Støyforhold"
    assert item.question == "fysisk"
    assert item.scale.side("Dårlig") == "unfavourable"
    assert item.not_on_scale == ("Vet ikke",)
    assert [v.id for v in cb] == ["etat", "fysisk_inneklima", "fysisk_stoy", "forhold_annet"]


def test_multiple_choice_options_are_choice_variables_with_routing(tmp_path):
    cb = load_codebook(write(tmp_path, CODEBOOK))
    option = cb.variable("forhold_annet")
    assert option.type == "choice"
    assert option.asked_if.clauses == (("etat", ("Helse og velferd",)),)
    assert len(cb.sha256) == 64


def test_routing_to_unknown_variable_is_an_error(tmp_path):
    path = write(tmp_path, CODEBOOK.replace("asked_if: {etat:", "asked_if: {sektor:"))
    with pytest.raises(PipelineError, match="«sektor»"):
        load_codebook(path)


def test_unknown_scale_is_an_error(tmp_path):
    with pytest.raises(PipelineError, match="skalaen «god7»"):
        load_codebook(write(tmp_path, CODEBOOK.replace("scale: god5", "scale: god7")))


def test_direction_on_an_item_overrides_its_scale_and_reverses_favourable_and_unfavourable(
    tmp_path,
):
    cb = load_codebook(
        write(
            tmp_path, CODEBOOK.replace("label: Støyforhold}", "label: Støyforhold, direction: low}")
        )
    )
    normal, reversed_ = cb.variable("fysisk_inneklima").scale, cb.variable("fysisk_stoy").scale
    assert normal.side("Svært god") == "favourable" and normal.side("Dårlig") == "unfavourable"
    assert (
        reversed_.side("Svært god") == "unfavourable" and reversed_.side("Dårlig") == "favourable"
    )
    assert reversed_.display_labels[0] == "Svært god"  # the unfavourable end is drawn on the left


def test_direction_none_gives_no_favourable_side(tmp_path):
    cb = load_codebook(write(tmp_path, CODEBOOK.replace("direction: high", "direction: none")))
    scale = cb.variable("fysisk_inneklima").scale
    assert scale.side("Svært god") is None and scale.favourable_labels == ()


def test_unknown_direction_is_refused_in_norwegian(tmp_path):
    with pytest.raises(PipelineError, match="direction» skal være en av high, low, none"):
        load_codebook(write(tmp_path, CODEBOOK.replace("direction: high", "direction: opp")))


def test_ingest_check_names_the_rated_question_that_has_no_direction(tmp_path):
    from pipeline.codebook.load import require_directions

    path = write(tmp_path, CODEBOOK.replace("    direction: high\n", ""))
    with pytest.raises(PipelineError) as caught:
        require_directions(load_codebook(path), path)
    message = str(caught.value)
    assert "«fysisk»" in message and "gunstig" in message
    assert "Hvordan vurderer du det fysiske arbeidsmiljøet" in message


def test_routing_is_described_with_short_labels_and_answer_texts_not_ids(tmp_path):
    cb = load_codebook(
        write(
            tmp_path,
            CODEBOOK.replace(
                'header: "Hvilken etat jobber du i?"',
                'header: "Hvilken etat jobber du i?"\n    short: arbeidssted',
            ),
        )
    )
    text = cb.question("forhold").asked_if.describe(cb)
    assert text == "som svarte «Helse og velferd» på spørsmålet om arbeidssted"


def test_short_label_is_drafted_from_the_question_text_when_the_codebook_has_none(tmp_path):
    cb = load_codebook(write(tmp_path, CODEBOOK))
    assert cb.question("fysisk").short == "det fysiske arbeidsmiljøet"
    assert cb.short_of("fysisk_stoy") == "det fysiske arbeidsmiljøet (Støyforhold)"
