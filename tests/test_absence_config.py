"""absence.yaml: each mistake a revisor can make gets a Norwegian message naming the key."""

from pathlib import Path

import pytest

from pipeline.absence.config import load_absence_config
from pipeline.errors import PipelineError

DATA = Path(__file__).parent / "data" / "absence"


def _load(tmp_path, old, new):
    text = (DATA / "study" / "absence.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "absence.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return load_absence_config(tmp_path / "absence.yaml")


def test_percentages_are_held_as_shares():
    config = load_absence_config(DATA / "study" / "absence.yaml")
    assert config.tolerance == pytest.approx(0.002)
    assert config.targets[0].value == pytest.approx(0.08)
    assert config.national.value == pytest.approx(0.091)
    assert config.targets[0].smarte["spesifikk"] == "Ja."
    assert config.targets[0].smarte["realistisk"] == ""


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("period_type: year", "period_type: week", "period_type"),
        ("  total: Totalt %\n", "", "columns.total"),
        ("  legemeldt: Legemeldt %\n", "", "egenmeldt"),
        ("    value: 8\n", "    value: 800\n", "value"),
        (
            'smarte: {spesifikk: "Ja."}',
            'smarte: {smart: "Ja."}',
            "«smart» under «targets[1].smarte»",
        ),
        ("    reference: national\n", "    reference: ssb\n", "reference"),
        ("id: helse", "id: mal-8", "samme"),
    ],
)
def test_config_mistakes_are_explained(tmp_path, old, new, words):
    with pytest.raises(PipelineError) as info:
        _load(tmp_path, old, new)
    assert words in info.value.message
    assert info.value.file == tmp_path / "absence.yaml"


def test_reference_national_needs_a_national_reference(tmp_path):
    text = (DATA / "study" / "absence.yaml").read_text(encoding="utf-8")
    start = text.index("national_reference:")
    end = text.index("targets:")
    (tmp_path / "absence.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(PipelineError, match="national_reference"):
        load_absence_config(tmp_path / "absence.yaml")
