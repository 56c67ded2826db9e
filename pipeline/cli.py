"""Command line: ``python -m pipeline <stage> [options]``.

The CLI is a thin layer: each stage lives in its own module, which provides
``add_arguments(parser)`` and ``main(args) -> int``. A stage's module is
imported only when that stage runs, so ``--help`` and light stages start fast
(great-expectations is imported by the validation stage alone).

User errors (:class:`~pipeline.errors.PipelineError`) are printed in Norwegian
with a non-zero exit and no traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import Paths, Study, load_study
from pipeline.errors import PipelineError
from pipeline.redaction import Redactor, redacted_error

DEFAULT_STUDY = Path("studies/modum-2025")

EXIT_USER_ERROR = 2
EXIT_UNEXPECTED = 3


@dataclass(frozen=True)
class Stage:
    module: str
    help: str
    dev: bool = False  # a development tool in pipeline_dev: only in a source checkout


STAGES: dict[str, Stage] = {
    "ingest": Stage(
        "pipeline.ingest",
        "Les og valider eksporten, fjern identifiserende opplysninger og skriv "
        "data/processed/responses.parquet",
    ),
    "codebook": Stage("pipeline.codebook.draft", "Lag et utkast til kodebok fra en eksport"),
    "analyse": Stage("pipeline.analysis.run", "Beregn statistikken → data/processed/results.json"),
    "absence": Stage(
        "pipeline.absence.run",
        "Les og analyser registrert sykefravær → data/processed/absence.json",
    ),
    "figures": Stage("pipeline.figures.run", "Tegn figurene → reports/figures/"),
    "report": Stage("pipeline.report.run", "Lag rapporten → reports/rapport.html og rapport.pdf"),
    "preview": Stage(
        "pipeline.report.preview",
        "Vis HTML-rapporten i nettleseren og lag den på nytt når en fil i studiemappen endres",
    ),
    "report-check": Stage(
        "pipeline.report.check",
        "Sjekk rapporten i nettleseren: tilgjengelighet, mobilvisning og skjermbilder",
    ),
    "notebooks": Stage(
        "pipeline.notebooks", "Kjør analysenotatbøkene og lagre dem som HTML → reports/notebooks/"
    ),
    "study": Stage(
        "pipeline.scaffold", "Lag en ny studie fra en eksport (studies/<id>/ og data/raw/<id>/)"
    ),
    "check": Stage(
        "pipeline.check", "Sjekk studiefilene og at rådatafilene finnes, før noe trinn kjører"
    ),
    "paths": Stage(
        "pipeline.paths", "Skriv rådatafilene studien viser til, for Makefile (brukes av make)"
    ),
    "studieformat": Stage(
        "pipeline.studyformat", "Skriv docs/studieformat.md (alle nøklene i studiefilene) på nytt"
    ),
    "example": Stage(
        "pipeline_dev.example.generate",
        "Lag eksempelstudiens rådata på nytt (utviklingsverktøy)",
        dev=True,
    ),
    "bench": Stage(
        "pipeline_dev.bench",
        "Mål tid og minnebruk for hvert trinn på syntetiske eksporter (utviklingsverktøy)",
        dev=True,
    ),
    "synthetic": Stage(
        "pipeline_dev.synthetic",
        "Lag en syntetisk eksport med eksempelstudiens kodebok (utviklingsverktøy)",
        dev=True,
    ),
}


# argparse's own words, in Norwegian: the CLI is read by revisors.
_ARGPARSE_NB = {
    "usage: ": "bruk: ",
    "options": "valg",
    "positional arguments": "argumenter",
    "show this help message and exit": "vis denne hjelpeteksten og avslutt",
    "%(prog)s: error: %(message)s\n": "%(prog)s: feil: %(message)s\n",
    "the following arguments are required: %s": "disse argumentene mangler: %s",
    "unrecognized arguments: %s": "ukjente argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldig valg: %(value)r (velg blant %(choices)s)",
    "expected one argument": "forventet ett argument",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "ugyldig verdi: %(value)r",
}


def speak_norwegian() -> None:
    """Translate argparse's built-in messages (it looks ``_`` up at call time)."""
    argparse._ = lambda text: _ARGPARSE_NB.get(text, text)  # type: ignore[attr-defined]


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Options every stage takes: which study, and where to read and write."""
    parser.add_argument(
        "--study",
        type=Path,
        default=DEFAULT_STUDY,
        help=f"studiemappen (standard: {DEFAULT_STUDY})",
    )
    parser.add_argument(
        "--raw",
        type=Path,
        default=Path("data/raw"),
        help="mappen med rådata; studiens filer ligger i <raw>/<studie-id>/ (standard: data/raw)",
    )
    parser.add_argument(
        "--processed",
        type=Path,
        default=Paths.processed,
        help="hvor bearbeidede data skrives (standard: data/processed)",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=Paths.reports,
        help="hvor rapporter og figurer skrives (standard: reports)",
    )
    parser.add_argument("--debug", action="store_true", help="vis full feilsporing ved feil")


def study_and_paths(args: argparse.Namespace) -> tuple[Study, Paths]:
    """The study and output paths named by the common options."""
    return load_study(args.study, args.raw), Paths(args.processed, args.reports)


def _top_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Fra spørreundersøkelse til forvaltningsrevisjonsrapport. "
        "Hvert trinn leser filene fra trinnet før og skriver sine egne.",
        epilog="Skriv «python -m pipeline <trinn> --help» for valgene til et trinn.",
    )
    sub = parser.add_subparsers(dest="stage", metavar="<trinn>", title="trinn")
    for name, stage in STAGES.items():
        sub.add_parser(name, help=stage.help, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one stage; return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    speak_norwegian()
    if not argv or argv[0] not in STAGES:
        parser = _top_parser()
        if not argv:
            parser.print_help()
            return EXIT_USER_ERROR
        parser.parse_args(argv)  # prints help or an error and exits
        return EXIT_USER_ERROR
    name, rest = argv[0], argv[1:]
    stage = STAGES[name]
    try:
        module = importlib.import_module(stage.module)
    except ModuleNotFoundError as exc:
        if not stage.dev or not str(exc.name).startswith(("pipeline_dev", "openpyxl")):
            raise
        print(
            f"Feil: trinnet «{name}» er et utviklingsverktøy. Det finnes bare i en utsjekk av "
            "kildekoden med utviklingsmiljøet («make venv»), ikke i en vanlig installasjon "
            f"(mangler modulen {exc.name}).",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    parser = argparse.ArgumentParser(prog=f"python -m pipeline {name}", description=stage.help)
    module.add_arguments(parser)
    args = parser.parse_args(rest)
    debug = getattr(args, "debug", False)
    try:
        return int(module.main(args) or 0)
    except PipelineError as exc:
        if debug:
            raise
        # every stage: values from a data file's cells are shown only redacted
        print(f"Feil: {redacted_error(exc, Redactor())}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("Avbrutt.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a bare traceback
        if debug:
            raise
        print(
            f"Uventet feil i trinnet «{name}»: {type(exc).__name__}: "
            f"{Redactor().redact(str(exc))}\n"
            "Dette er trolig en feil i programmet, ikke i dataene dine. "
            "Kjør på nytt med --debug og send utskriften til den som vedlikeholder verktøyet.",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED
