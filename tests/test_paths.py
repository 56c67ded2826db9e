"""``python -m pipeline paths``: the raw files a study names, escaped for the Makefile."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.paths import RawFile, make_word, shell_word

ATTACKS = Path(__file__).parent / "data" / "attacks"


def _raw(name: str) -> RawFile:
    return RawFile(Path("data/raw/fjellby-2025") / name, "survey.export", Path("study.yaml"))


def test_make_word_escapes_what_make_would_split_or_read_as_a_comment_or_variable():
    assert make_word(_raw("Svar 2025 #2.xlsx")) == r"data/raw/fjellby-2025/Svar\ 2025\ \#2.xlsx"
    assert make_word(_raw("a$b;c:d*e.csv")) == r"data/raw/fjellby-2025/a$$b\;c\:d\*e.csv"
    assert make_word(_raw("x=y.csv")) == "data/raw/fjellby-2025/x=y.csv"  # make keeps «\=»


def test_shell_word_is_one_quoted_word_with_make_escapes():
    assert shell_word(_raw("kari's $svar #1.csv")) == (
        "'data/raw/fjellby-2025/kari'\"'\"'s $$svar \\#1.csv'"
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [("eksport(1)", "en parentes helt til slutt"), ("svar\n.csv", "et linjeskift")],
)
def test_a_name_make_cannot_read_is_refused_naming_file_key_and_value(name, why):
    with pytest.raises(PipelineError) as caught:
        make_word(_raw(name))
    error = caught.value
    assert why in error.message and "make kan ikke bruke det" in error.message
    assert error.file == Path("study.yaml") and error.values == (name,)
    assert "«survey.export»" in error.hint


def test_paths_prints_the_export_as_the_study_reader_resolves_it(tmp_path, capsys):
    study = tmp_path / "study"
    shutil.copytree(ATTACKS / "study", study)
    text = (study / "study.yaml").read_text(encoding="utf-8")
    assert "export: svar.csv" in text
    (study / "study.yaml").write_text(
        text.replace("export: svar.csv", "export: 'svar # 2025.csv'  # ny eksport"),
        encoding="utf-8",
    )
    assert main(["paths", "--study", str(study), "--raw", "rå data"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert r"RAW_EXPORT := rå\ data/provekommune-2025/svar\ \#\ 2025.csv" in out
    assert "RAW_EXPORT_SH := 'rå data/provekommune-2025/svar \\# 2025.csv'" in out
    assert "ABSENCE_RAW := " in out  # the study has no absence.yaml
