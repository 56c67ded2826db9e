"""``python -m pipeline paths``: the raw files a study names, written for make.

The Makefile needs the export (``survey: export:`` in ``study.yaml``) and the absence
register (``file:`` in ``absence.yaml``) as prerequisites, so that a new export re-runs
ingest. Rather than read YAML itself, it includes what this stage prints: the paths as
the pipeline's own study reader resolves them, escaped so that make reads a name with
spaces, «#», «$», «:» or quotes as one file::

    RAW_EXPORT := data/raw/fjellby-2025/Svar\\ 2025\\ \\#2.xlsx
    RAW_EXPORT_SH := 'data/raw/fjellby-2025/Svar 2025 #2.xlsx'
    ABSENCE_RAW :=

``RAW_EXPORT`` is for rule lines, ``RAW_EXPORT_SH`` (quoted for the shell) for recipes.
A name make cannot take at all is refused in Norwegian, naming the key and the file.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from pathlib import Path

from pipeline import cli
from pipeline.config import Study, raw_path
from pipeline.errors import PipelineError

# Characters make treats specially in a rule line; a backslash makes each literal.
_MAKE_SPECIAL = frozenset(" \t#:;*?[]")  # not «=»: make takes «\=» literally


@dataclass(frozen=True)
class RawFile:
    """A raw file a study names: where, and which key in which study file names it."""

    path: Path
    key: str
    named_in: Path


def raw_files(study: Study) -> list[RawFile]:
    """The export, and the absence register when the study has ``absence.yaml``.

    The files need not exist (``python -m pipeline check`` says when one is missing).
    """
    files = [RawFile(study.export_path, "survey.export", study.file("study.yaml"))]
    absence_yaml = study.file("absence.yaml")
    if absence_yaml.is_file():
        from pipeline.absence.config import load_absence_config

        config = load_absence_config(absence_yaml)
        path = raw_path(study.raw_dir, config.file, key="file", file=absence_yaml)
        files.append(RawFile(path, "file", absence_yaml))
    return files


def make_word(raw: RawFile) -> str:
    """The path as one word in a make rule line.

    >>> make_word(RawFile(Path("data/raw/x/Svar 2025 #2.xlsx"), "survey.export", Path("s.yaml")))
    'data/raw/x/Svar\\\\ 2025\\\\ \\\\#2.xlsx'
    >>> make_word(RawFile(Path("data/raw/x/a$b.csv"), "survey.export", Path("s.yaml")))
    'data/raw/x/a$$b.csv'
    """
    text = str(raw.path)
    bad = [c for c in text if ord(c) < 32 and c != "\t" or c == "\x7f"]
    if bad or (text.endswith(")") and "(" in text):
        # make reads «name(member)» as a member of an archive, and a line break ends a rule
        why = "et linjeskift eller et annet kontrolltegn" if bad else "en parentes helt til slutt"
        raise PipelineError(
            f"Filnavnet «{raw.path.name}» inneholder {why}, og make kan ikke bruke det som "
            "rådatafil.",
            file=raw.named_in,
            values=(raw.path.name,),
            hint=f"Gi filen i {raw.path.parent}/ et nytt navn (f.eks. med filendelsen til slutt, "
            f"«eksport.xlsx»), og skriv det nye navnet under «{raw.key}».",
        )
    escaped = "".join(f"\\{c}" if c in _MAKE_SPECIAL else c for c in text)
    return escaped.replace("$", "$$")


def shell_word(raw: RawFile) -> str:
    """The path quoted for a recipe's shell, as a make variable value.

    >>> shell_word(RawFile(Path("data/raw/x/Svar 2025 #2.xlsx"), "survey.export", Path("s.yaml")))
    "'data/raw/x/Svar 2025 \\\\#2.xlsx'"
    """
    return shlex.quote(str(raw.path)).replace("$", "$$").replace("#", "\\#")


def make_include(study: Study) -> str:
    """The lines the Makefile includes: ``RAW_EXPORT``, ``RAW_EXPORT_SH``, ``ABSENCE_RAW``."""
    export, *absence = raw_files(study)
    return (
        "# Written by «python -m pipeline paths»: the raw files the study names.\n"
        f"RAW_EXPORT := {make_word(export)}\n"
        f"RAW_EXPORT_SH := {shell_word(export)}\n"
        f"ABSENCE_RAW := {' '.join(make_word(a) for a in absence)}\n"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    study, _ = cli.study_and_paths(args)
    print(make_include(study), end="")
    return 0
