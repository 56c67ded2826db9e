"""``python -m pipeline studieformat``: write docs/studieformat.md from the declared keys.

The reference page for the study files is generated from the keys classes
(:func:`pipeline.config.study_file_kinds`), the same declarations the readers
check every key against, so the page cannot drift from what is read. A test
fails when the committed page differs from :func:`render`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import typing
from pathlib import Path
from typing import Any

from pipeline.config import (
    _TYPE_NAMES,
    MAX_YAML_BYTES,
    KeySpec,
    _alternatives,
    is_keys_class,
    keys_of,
    study_file_kinds,
)
from pipeline.errors import PipelineError
from pipeline.files import write_text

DEFAULT_OUT = Path("docs/studieformat.md")

_SCALARS = {**_TYPE_NAMES, Any: "hva som helst"}
_PLURALS = {str: "tekster", int: "heltall", float: "tall", dt.date: "datoer"}

INTRO = """\
# Studieformatet

<!-- Generert av «make studieformat» fra nøkkelklassene i pipeline/. Ikke rediger for hånd. -->

En studie er en mappe `studies/<id>/` med YAML- og Markdown-filer; eksporten og
eventuelle fraværstall ligger i `data/raw/<id>/`. Siden beskriver hver nøkkel
filene kan ha. «make study» lager alle filene med plassholdere (se README).

Regler for alle filene:

- En nøkkel som ikke står her, er en feil. Meldingen sier hvilken fil og linje,
  og foreslår nøkkelen som ligner mest («Mente du «place»?»).
- Ankere og aliaser (`&`, `*`) er ikke tillatt, og hver nøkkel kan stå bare én gang
  i samme oppslag.
- En fil kan være høyst {max_bytes} byte og skal være lagret som UTF-8.
- Filnavn for rådata (`survey.export` i study.yaml, `file` i absence.yaml) er bare
  filnavnet, uten mappe, `..` eller full sti. Filen skal ligge i `data/raw/<id>/`.
- Feil i YAML-syntaksen meldes med linje og kolonne før noe trinn kjører.

Kolonnen «Påkrevd» sier om nøkkelen må stå i filen når oppslaget den hører til, finnes.
"""


def _escape(text: str) -> str:
    """Markdown outside code: «<id>» would be read as an HTML tag."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _doc(cls: type) -> str:
    return _escape(" ".join((inspect.getdoc(cls) or "").split()))


def _type_name(kind: Any) -> str:
    names = []
    for alt in _alternatives(kind):
        origin, args = typing.get_origin(alt), typing.get_args(alt)
        if is_keys_class(alt):
            names.append("oppslag (se under)")
        elif origin is list:
            item = args[0] if args else Any
            if is_keys_class(item):
                names.append("liste med oppslag (se under)")
            else:
                names.append(f"liste med {_PLURALS.get(item, _type_name(item))}")
        elif origin is dict:
            value = args[1] if len(args) == 2 else Any
            what = "oppslag (se under)" if is_keys_class(value) else _type_name(value)
            names.append(f"oppslag: navn → {what}")
        else:
            names.append(_SCALARS.get(alt, getattr(alt, "__name__", str(alt))))
    return " eller ".join(names)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value == "":
        return "tom"
    return f"`{value}`"


def _row(spec: KeySpec) -> str:
    doc = _escape(spec.doc)
    if spec.choices:
        doc += " Én av: " + ", ".join(f"`{c}`" for c in spec.choices) + "."
    default = _value(spec.default) if spec.default is not None else ""
    required = "ja" if spec.required else "nei"
    cells = [f"`{spec.name}`", _type_name(spec.kind), required, default, doc]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _nested(spec: KeySpec) -> tuple[str, type] | None:
    """The keys class under a key, and how its path is written (``survey``, ``questions[]``)."""
    for alt in _alternatives(spec.kind):
        origin, args = typing.get_origin(alt), typing.get_args(alt)
        if is_keys_class(alt):
            return spec.name, alt
        if origin is list and args and is_keys_class(args[0]):
            return f"{spec.name}[]", args[0]
        if origin is dict and len(args) == 2 and is_keys_class(args[1]):
            return f"{spec.name}.<id>", args[1]
    return None


def _section(path: str, cls: type, level: int, out: list[str]) -> None:
    out += [f"{'#' * level} {path}", "", _doc(cls), ""]
    out += [
        "| Nøkkel | Type | Påkrevd | Standard | Beskrivelse |",
        "| --- | --- | --- | --- | --- |",
    ]
    specs = list(keys_of(cls).values())
    out += [_row(s) for s in specs]
    out.append("")
    prefix = "" if path.endswith(".yaml") else f"{path.strip('`')}."
    for spec in specs:
        nested = _nested(spec)
        if nested is not None:
            name, child = nested
            _section(f"`{prefix}{name}`", child, min(level + 1, 4), out)


def render() -> str:
    """The whole reference page, as Markdown."""
    from pipeline.formatting import integer

    out = [INTRO.format(max_bytes=integer(MAX_YAML_BYTES))]
    for name, cls in study_file_kinds().items():
        _section(name, cls, 2, out)
    return "\n".join(out).rstrip() + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"hvor siden skrives (standard: {DEFAULT_OUT})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="ikke skriv, bare sjekk at siden er oppdatert (feil hvis ikke)",
    )
    parser.add_argument("--debug", action="store_true", help="vis full feilsporing ved feil")


def main(args: argparse.Namespace) -> int:
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            raise PipelineError(
                "Siden er ikke oppdatert etter endringer i nøklene.",
                file=args.out,
                hint="Kjør «make studieformat» og ta med endringen.",
            )
        return 0
    write_text(args.out, text)
    print(f"Skrev {args.out}")
    return 0
