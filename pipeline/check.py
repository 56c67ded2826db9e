"""``python -m pipeline check``: the study folder and its raw files, before any stage runs.

Reads every study file (unknown keys, YAML problems) and checks that the raw
files they name exist in ``data/raw/<id>/``. The Makefile runs it when a raw
file is missing, so the revisor reads the pipeline's Norwegian message
instead of make's «No rule to make target».
"""

from __future__ import annotations

import argparse

from pipeline import cli
from pipeline.config import raw_path
from pipeline.errors import PipelineError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    study, _ = cli.study_and_paths(args)
    export = study.export_path
    if not export.is_file():
        raise PipelineError(
            "Eksportfilen finnes ikke.",
            file=export,
            hint=f"Legg eksporten i {study.raw_dir}/, eller rett «survey: export:» i "
            f"{study.file('study.yaml')}.",
        )
    absence_yaml = study.file("absence.yaml")
    if absence_yaml.is_file():
        from pipeline.absence.config import load_absence_config

        config = load_absence_config(absence_yaml)
        path = raw_path(study.raw_dir, config.file, key="file", file=absence_yaml)
        if not path.is_file():
            raise PipelineError(
                "Fraværsfilen finnes ikke.",
                file=path,
                hint=f"Legg filen i {study.raw_dir}/, rett «file:» i {absence_yaml}, "
                "eller slett absence.yaml når studien ikke har fraværstall.",
            )
    print(f"Studien {study.root} er i orden.")
    return 0
