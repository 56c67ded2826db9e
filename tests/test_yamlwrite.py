"""The YAML writer: what it writes, the study reader reads back as written, with the comments
where they were put."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipeline import yamlwrite
from pipeline.config import read_yaml


def _read(text: str, tmp_path) -> dict:
    path = tmp_path / "fil.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path)


def test_the_same_list_twice_is_written_twice_without_anchors(tmp_path):
    labels = ["Svært dårlig", "Dårlig", "God"]
    doc = yamlwrite.mapping(
        {
            "a": yamlwrite.mapping({"labels": labels}),
            "b": yamlwrite.mapping({"labels": labels}),
        }
    )
    text = yamlwrite.dump(doc)
    assert "&" not in text and "*" not in text
    assert _read(text, tmp_path) == {"a": {"labels": labels}, "b": {"labels": labels}}


def test_strings_yaml_1_1_would_read_as_something_else_are_quoted(tmp_path):
    tricky = ["No", "yes", "on", "OFF", "y", "1:20", "012", "0x1F", "1_000", "2024-01-01", "~", ""]
    tricky += ["Ja", "Nei", "12", "3.5", "null", ".inf", "a: b", "- x", "# y", "[z]", "'q'", ":0"]
    tricky += ["to\nlinjer", "NEL\x85", "LS\u2028"]
    doc = yamlwrite.mapping({"labels": yamlwrite.flow(tricky), "block": yamlwrite.sequence(tricky)})
    assert _read(yamlwrite.dump(doc), tmp_path) == {"labels": tricky, "block": tricky}


_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(st.lists(_TEXT, max_size=4), _TEXT, st.dictionaries(_TEXT, _TEXT, max_size=3))
def test_any_text_is_read_back_by_the_study_reader_as_written(labels, text, mapping):
    doc = yamlwrite.mapping(
        {
            "text": text,
            "labels": yamlwrite.flow(labels),
            "block": yamlwrite.mapping(mapping),
            "inline": yamlwrite.flow(mapping),
        }
    )
    expected = {"text": text, "labels": labels, "block": mapping, "inline": mapping}
    assert yaml.safe_load(yamlwrite.dump(doc)) == expected


def test_comments_sit_above_and_beside_their_keys_after_a_header():
    survey = yamlwrite.mapping({"platform": "efs", "closed": dt.date(2024, 9, 18)})
    yamlwrite.note_above(survey, "closed", ["REVISOR: datoen"], indent=yamlwrite.INDENT)
    doc = yamlwrite.mapping({"id": "fjellby-2024", "survey": survey})
    yamlwrite.note_beside(doc, "id", "REVISOR")
    yamlwrite.note_above(doc, "survey", [], blank=True)
    text = yamlwrite.dump(doc, header=["Studien"], footer=["place: Stedet"])
    assert text == (
        "# Studien\n"
        "\n"
        "id: fjellby-2024  # REVISOR\n"
        "\n"
        "survey:\n"
        "  platform: efs\n"
        "  # REVISOR: datoen\n"
        "  closed: 2024-09-18\n"
        "\n"
        "# place: Stedet\n"
    )


def test_a_document_is_written_to_the_same_bytes_every_time():
    def build() -> str:
        doc = yamlwrite.mapping({"labels": yamlwrite.flow(["Ja", "Nei"]), "n": 3})
        yamlwrite.note_above(doc, "n", ["SJEKK"])
        return yamlwrite.dump(doc, header=["Utkast"])

    assert build().encode() == build().encode()
