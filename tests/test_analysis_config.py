"""analysis.yaml: what a study declares, and Norwegian errors naming the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analysis.config import load_analysis_config
from pipeline.codebook.load import load_codebook
from pipeline.errors import PipelineError

STUDY = Path(__file__).resolve().parents[1] / "studies" / "modum-2025"


@pytest.fixture(scope="module")
def codebook():
    return load_codebook(STUDY / "codebook.yaml")


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "analysis.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_study_declares_k_comparisons_and_free_text(codebook):
    config = load_analysis_config(STUDY / "analysis.yaml", codebook)
    assert config.k == 5
    assert [g.id for g in config.group_comparisons] == ["medarbeidersamtale"]
    assert config.show_free_text is True
    assert config.max_free_text_answers == 100


def test_max_free_text_answers_is_read_from_the_study(tmp_path, codebook):
    path = _config(tmp_path, "free_text:\n  show: true\n  max_answers: 12\n")
    assert load_analysis_config(path, codebook).max_free_text_answers == 12


def test_max_free_text_answers_below_one_is_a_norwegian_error(tmp_path, codebook):
    path = _config(tmp_path, "free_text:\n  show: true\n  max_answers: 0\n")
    with pytest.raises(PipelineError, match="max_answers» må være minst 1"):
        load_analysis_config(path, codebook)


def test_comparison_of_a_question_not_in_the_codebook_names_the_key(tmp_path, codebook):
    path = _config(
        tmp_path,
        "group_comparisons:\n  - id: x\n    variable: finnes_ikke\n    by: etat\n    success: [Ja]\n",
    )
    with pytest.raises(PipelineError, match="finnes_ikke") as error:
        load_analysis_config(path, codebook)
    assert "analysis.yaml" in str(error.value)


GAP = """gaps:
  - id: g
    title: T
    group_a: {label: Ansatte uten personalansvar, where: {rolle: [Ansatt]}}
    group_b: Ledere
{extra}    pairs:
      - {label: Kontakt, a: ansatt_kontakt, b: leder_kontakt}
"""


def test_a_gap_group_is_a_label_and_a_rule_and_overlap_defaults_to_group_b(tmp_path, codebook):
    gap = load_analysis_config(_config(tmp_path, GAP.replace("{extra}", "")), codebook).gaps[0]
    assert gap.group_a.label == "Ansatte uten personalansvar"
    assert gap.group_a.where.clauses == (("rolle", ("Ansatt",)),)
    assert gap.group_b.where is None
    assert (gap.overlap, gap.holm_family) == ("b", "g")


def test_holm_family_is_read_from_the_comparison(tmp_path, codebook):
    path = _config(tmp_path, GAP.replace("{extra}", "    holm_family: felles\n"))
    assert load_analysis_config(path, codebook).gaps[0].holm_family == "felles"


def test_unknown_overlap_rule_is_a_norwegian_error_naming_the_key(tmp_path, codebook):
    path = _config(tmp_path, GAP.replace("{extra}", "    overlap: begge\n"))
    with pytest.raises(PipelineError, match=r"gaps\[1\]\.overlap» skal være en av a, b, both"):
        load_analysis_config(path, codebook)


def test_group_rule_on_a_variable_not_in_the_codebook_names_it(tmp_path, codebook):
    path = _config(tmp_path, GAP.replace("{extra}", "").replace("rolle:", "stilling:"))
    with pytest.raises(PipelineError, match="stilling"):
        load_analysis_config(path, codebook)
