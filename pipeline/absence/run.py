"""The ``absence`` stage: registered sickness absence → ``data/processed/absence.json``.

``python -m pipeline absence --study studies/<id>`` reads ``absence.yaml`` and
the file it names in ``data/raw/<id>/``, checks it, and writes the analysis.
Errors in the data (rates outside 0–100 %, duplicated unit and period, missing
agreed working days) stop the run with a Norwegian message and leave the last
good ``absence.json`` in place; warnings (missing periods, components that do
not add up) are printed and carried into the report.
"""

from __future__ import annotations

import argparse
import sys

from pipeline import cli
from pipeline import formatting as fmt
from pipeline.absence.checks import check_absence
from pipeline.absence.config import absence_config_path, load_absence_config
from pipeline.absence.read import read_absence
from pipeline.absence.summary import summarise
from pipeline.config import raw_path as config_raw_path
from pipeline.errors import PipelineError, format_rows
from pipeline.files import raw_untouched, write_json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    cli.add_common_arguments(parser)


def _describe(finding: dict) -> str:
    text = finding["message"]
    if finding.get("column"):
        text = f"Kolonne «{finding['column']}»: {text}"
    if finding.get("values"):
        shown = ", ".join(f"«{v}»" for v in finding["values"][:5])
        more = " …" if len(finding["values"]) > 5 else ""
        text += f" ({shown}{more})"
    if finding.get("rows"):
        text += f" [{format_rows(finding['rows'])}]"
    return text


def main(args: argparse.Namespace) -> int:
    study, paths = cli.study_and_paths(args)
    config = load_absence_config(absence_config_path(study))
    raw_path = config_raw_path(study.raw_dir, config.file, key="file", file=config.path)
    with raw_untouched(raw_path):
        register = read_absence(raw_path, config)
        checks = check_absence(register, config)
    if checks.errors:
        for finding in checks.errors:
            print(f"Feil: {_describe(finding)}", file=sys.stderr)
        first = checks.errors[0]
        raise PipelineError(
            f"Sykefraværsstatistikken har {len(checks.errors)} feil og er ikke analysert.",
            file=raw_path,
            column=first.get("column"),
            rows=first.get("rows", ()),
            hint="Rett filen (eller kolonnene i absence.yaml) og kjør på nytt.",
        )
    for finding in checks.warnings:
        print(f"Advarsel: {_describe(finding)}")
    write_json(paths.absence, summarise(register, config, checks, study.id))
    print(
        f"Sykefravær: {len(register.frame)} rader fra «{raw_path.name}», "
        f"{fmt.count(len(checks.warnings), 'advarsel', 'advarsler')} → {paths.absence}"
    )
    return 0
