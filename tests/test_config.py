"""Study configuration: a clear Norwegian message for each mistake a revisor can make."""

import textwrap
from pathlib import Path

import pytest

from pipeline.config import MAX_YAML_BYTES, ConfigReader, StudyKeys, load_study
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


def test_broken_yaml_gives_line_and_column_in_norwegian(tmp_path):
    folder = write_study(tmp_path, STUDY.replace("title: Sykefravær", "title: Sykefravær: mål"))
    with pytest.raises(PipelineError) as err:
        load_study(folder)
    assert (err.value.line, err.value.col) == (3, 18)
    assert str(err.value).startswith(
        "Fil «study.yaml», linje 3, kolonne 18: Filen er ikke gyldig YAML"
    )
    assert "anførselstegn" in str(err.value)


def test_unclosed_list_is_reported_at_its_line(tmp_path):
    folder = write_study(tmp_path, STUDY + "signatures: [\n")
    with pytest.raises(PipelineError, match="ikke gyldig YAML") as err:
        load_study(folder)
    assert err.value.line == 22


def test_misspelt_key_names_file_line_and_closest_key(tmp_path):
    folder = write_study(tmp_path, STUDY + "palce: Drammen\n")
    with pytest.raises(PipelineError) as err:
        load_study(folder)
    assert str(err.value).startswith(
        "Fil «study.yaml», linje 21: Ukjent nøkkel «palce». Mente du «place»?"
    )


def test_misspelt_nested_key_is_refused_so_names_are_not_silently_left_unredacted(tmp_path):
    folder = write_study(tmp_path, STUDY + "redaction: {nmaes: [Ola Nordmann]}\n")
    with pytest.raises(PipelineError, match="«nmaes» under «redaction». Mente du «names»") as err:
        load_study(folder)
    assert err.value.line == 21


def test_unknown_key_in_a_list_item_names_its_path(tmp_path):
    folder = write_study(tmp_path, STUDY.replace("    criteria:", "    kriterier:"))
    with pytest.raises(PipelineError, match=r"«kriterier» under «problemstillinger\[1\]»"):
        load_study(folder)


def test_unknown_key_in_another_study_file_stops_loading_the_study(tmp_path):
    folder = write_study(tmp_path, STUDY)
    (folder / "analysis.yaml").write_text("anonymity:\n  kk: 5\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="«kk» under «anonymity». Mente du «k»") as err:
        load_study(folder)
    assert (Path(err.value.file).name, err.value.line) == ("analysis.yaml", 2)


def test_group_names_under_invited_counts_are_the_revisors_own(tmp_path):
    study = load_study(write_study(tmp_path, STUDY.replace("Helse", "Helse og velferd")))
    assert "Helse og velferd" in study.config.survey.invited


def test_anchors_and_aliases_are_refused(tmp_path):
    text = STUDY.replace(
        'criteria: ["Kommunen skal ha mål."]', 'criteria: &k ["Kommunen skal ha mål."]'
    )
    text += "signatures: *k\n"
    folder = write_study(tmp_path, text)
    with pytest.raises(PipelineError) as err:
        load_study(folder)
    assert "Ankere og aliaser (&, *) er ikke tillatt i studiefiler." in str(err.value)
    assert err.value.line == 11


def test_a_nested_alias_bomb_is_refused_before_it_expands(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 10)]
    folder = write_study(tmp_path, STUDY)
    (folder / "report.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="Ankere og aliaser"):
        load_study(folder)


def test_a_key_written_twice_is_refused(tmp_path):
    folder = write_study(tmp_path, STUDY + "kommune: Annenkommune\n")
    with pytest.raises(
        PipelineError, match="«kommune» står to ganger \\(første gang på linje 2\\)"
    ):
        load_study(folder)


def test_an_oversized_study_file_is_refused(tmp_path):
    folder = write_study(tmp_path, STUDY + "#" + "x" * MAX_YAML_BYTES + "\n")
    with pytest.raises(PipelineError, match="for stor"):
        load_study(folder)


@pytest.mark.parametrize(
    "export",
    ["../../../etc/passwd", "/etc/passwd", "..", "sub/eksport.csv", "C:\\\\data\\\\eksport.csv"],
)
def test_export_must_be_a_plain_file_name(tmp_path, export):
    folder = write_study(tmp_path, STUDY.replace("export: eksport.csv", f"export: '{export}'"))
    with pytest.raises(PipelineError, match="«survey.export» skal være bare et filnavn") as err:
        load_study(folder)
    assert err.value.line == 14


def test_symlink_out_of_the_raw_folder_is_refused_naming_the_key(tmp_path):
    study = load_study(write_study(tmp_path, STUDY), tmp_path / "raw")
    outside = tmp_path / "hemmelig.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    study.raw_dir.mkdir(parents=True)
    (study.raw_dir / "eksport.csv").symlink_to(outside)
    with pytest.raises(PipelineError, match="«survey.export» peker ut av"):
        study.export_path  # noqa: B018 (the property checks the path)


def test_symlink_inside_the_raw_folder_is_allowed(tmp_path):
    study = load_study(write_study(tmp_path, STUDY), tmp_path / "raw")
    study.raw_dir.mkdir(parents=True)
    (study.raw_dir / "eksport-v2.csv").write_text("a\n1\n", encoding="utf-8")
    (study.raw_dir / "eksport.csv").symlink_to(study.raw_dir / "eksport-v2.csv")
    assert study.export_path == study.raw_dir / "eksport.csv"


def test_reading_an_undeclared_key_is_a_programming_error():
    reader = ConfigReader({"place": "Drammen"}, Path("study.yaml"), kind=StudyKeys)
    with pytest.raises(LookupError, match="StudyKeys declares no key 'plass'"):
        reader.get("plass", str, "")
    with pytest.raises(TypeError, match="read as <class 'int'>"):
        reader.get("place", int)


def test_a_declared_choice_is_enforced_with_the_closest_as_hint(tmp_path):
    folder = write_study(tmp_path, STUDY.replace("questback_essentials", "questback_esentials"))
    with pytest.raises(PipelineError, match="Mente du «questback_essentials»") as err:
        load_study(folder)
    assert err.value.line == 13


def test_an_impossible_date_is_a_norwegian_error_with_its_line(tmp_path):
    folder = write_study(
        tmp_path, STUDY.replace("report_date: 2025-05-07", "report_date: 2025-02-30")
    )
    with pytest.raises(PipelineError, match="«2025-02-30» er ikke en gyldig dato") as err:
        load_study(folder)
    assert (err.value.line, err.value.col) == (5, 14)


def test_deeply_nested_brackets_are_a_norwegian_error(tmp_path):
    folder = write_study(tmp_path, STUDY + "x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(PipelineError, match="for dypt nestet"):
        load_study(folder)
