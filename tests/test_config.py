"""Study configuration: a clear Norwegian message for each mistake a revisor can make."""

import textwrap

import pytest

from pipeline.config import load_study
from pipeline.errors import PipelineError

STUDY = """\
id: test-2025
kommune: Testkommune
title: Sykefravær
revisor: Testrevisjon IKS
report_date: 2025-05-07
ordered_by: "Kontrollutvalget, sak 1/24"
purpose: "Vurdere rutiner."
problemstillinger:
  - id: p1
    text: "Har kommunen klare mål?"
    criteria: ["Kommunen skal ha mål."]
survey:
  platform: questback_essentials
  export: eksport.csv
  invitation: 2025-01-22
  reminders: [2025-01-28, 2025-02-05]
  closed: 2025-02-28
  invited:
    variable: etat
    counts: {"Helse": 10, "Oppvekst": 12}
"""


def write_study(tmp_path, text):
    folder = tmp_path / "test-2025"
    folder.mkdir()
    (folder / "study.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_load_study_reads_survey_and_invited_total(tmp_path):
    study = load_study(write_study(tmp_path, STUDY), tmp_path / "raw")
    assert study.config.survey.invited_total == 22
    assert study.export_path == tmp_path / "raw" / "test-2025" / "eksport.csv"
    assert study.config.survey.reminders[0].isoformat() == "2025-01-28"


def test_missing_key_names_file_and_key(tmp_path):
    folder = write_study(tmp_path, STUDY.replace("kommune: Testkommune\n", ""))
    with pytest.raises(PipelineError) as err:
        load_study(folder)
    assert "«kommune» mangler" in str(err.value)
    assert "study.yaml" in str(err.value)


def test_unknown_platform_is_refused_with_the_choices(tmp_path):
    folder = write_study(tmp_path, STUDY.replace("questback_essentials", "typeform"))
    with pytest.raises(PipelineError, match="questback_essentials, efs, surveyxact"):
        load_study(folder)


def test_broken_yaml_gives_line_number(tmp_path):
    folder = write_study(tmp_path, STUDY + "survey: [\n")
    with pytest.raises(PipelineError) as err:
        load_study(folder)
    assert err.value.rows
