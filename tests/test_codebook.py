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
    assert item.scale.side("Dårlig") == "negative"
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
