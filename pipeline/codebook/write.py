"""A codebook draft as commented YAML (:func:`render_draft`), in the format of
:mod:`pipeline.codebook.load`.

The header tells the revisor what to go through; each question's keys come in
the order a reader expects (:data:`KEY_ORDER`); what the revisor must check
stays a comment beside the key it is about: routing above the question,
«SJEKK» above the proposed ``direction`` (or above the item that differs),
left-out columns at the end. Written by :mod:`pipeline.yamlwrite`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import yamlwrite
from pipeline.config import PLATFORMS

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from pipeline.codebook.draft import Draft, DraftQuestion

# A question's keys in the order a reader expects them; any other key follows.
KEY_ORDER = (
    "id",
    "type",
    "text",
    "header",
    "code",
    "short",
    "scale",
    "direction",
    "labels",
    "off_scale",
)
# Keys holding one entry per column: a list of one-line mappings.
MEMBER_KEYS = ("items", "options")

HEADER = """\
Utkast til kodebok, laget automatisk fra «{source}».
Dette er et UTKAST. Gå gjennom det før du bruker det:
 - id-ene er korte navn laget fra spørsmålsteksten; gi dem gjerne bedre navn
   (små bokstaver, tall og _). De brukes i analysen og rapporten.
 - sjekk typen til hvert spørsmål (background, single, likert, multiple, number, text)
   og at svaralternativene står i riktig rekkefølge (skalaer fra lavest til høyest).
 - svaralternativer som ingen valgte, mangler i «labels»; legg dem til.
 - hvem som fikk spørsmålet (ruting, «asked_if») kan ikke leses ut av eksporten;
   legg det inn for spørsmål som bare ble stilt til noen.
 - kolonner med personopplysninger står under «identifiers» og fjernes ved innlesing.
 - «short» er det rapportens setninger kaller spørsmålet («Av de 533 som svarte på
   spørsmålet om <short>, …»); det er laget fra spørsmålsteksten, så skriv det om.
 - «direction» sier hvilken ende av en skala som er gunstig: high (høye svar), low (lave
   svar, f.eks. hvor ofte det er konflikter) eller none (ingen gunstig ende). Forslagene er
   merket SJEKK; rapportens farger, rangeringer og setninger følger dem.
"""

# Nesting as written: questions' «- » two spaces in, their keys four, items' «- » six.
_QUESTION_INDENT = 2 * yamlwrite.INDENT
_MEMBER_INDENT = 3 * yamlwrite.INDENT


def _value(value: object) -> object:
    """Lists and mappings inside a question on one line, as the revisor scans them."""
    return yamlwrite.flow(value) if isinstance(value, list | dict) else value


def _question(question: DraftQuestion) -> CommentedMap:
    data = question.data
    keys = [k for k in KEY_ORDER if k in data] + [k for k in data if k not in KEY_ORDER]
    node = yamlwrite.mapping()
    for key in keys:
        if key in MEMBER_KEYS:
            members = yamlwrite.sequence(yamlwrite.flow(m) for m in data[key])  # type: ignore[attr-defined]
            for index, check in question.item_checks.items():
                yamlwrite.note_above(members, index, [check], indent=_MEMBER_INDENT)
            node[key] = members
        else:
            node[key] = _value(data[key])
        if key in question.checks:
            yamlwrite.note_above(node, key, [question.checks[key]], indent=_QUESTION_INDENT)
    return node


def render_draft(draft: Draft) -> str:
    """The draft as commented YAML in the format of :mod:`pipeline.codebook.load`."""
    header = HEADER.format(source=draft.source).splitlines()
    if not draft.platform_detected:
        header.append(
            "Plattformen ble ikke gjenkjent fra kolonneoverskriftene; "
            f"sjekk «platform» (gyldige: {', '.join(PLATFORMS)})."
        )
    doc = yamlwrite.mapping({"platform": draft.platform})
    if draft.metadata:
        doc["metadata"] = yamlwrite.mapping({k: _value(v) for k, v in draft.metadata.items()})
    doc["identifiers"] = yamlwrite.flow(draft.identifiers)
    if draft.scales:
        doc["scales"] = yamlwrite.mapping(
            (scale_id, yamlwrite.mapping({k: _value(v) for k, v in scale.items()}))
            for scale_id, scale in draft.scales.items()
        )
    questions = yamlwrite.sequence(_question(q) for q in draft.questions)
    for index, question in enumerate(draft.questions):
        yamlwrite.note_above(
            questions, index, question.comments, indent=yamlwrite.INDENT, blank=index > 0
        )
    doc["questions"] = questions
    for key in list(doc)[1:]:  # an empty line between the sections
        yamlwrite.note_above(doc, key, [], blank=True)
    footer = []
    if draft.skipped:
        footer.append(
            "Kolonner som ikke er tatt med (datoer og klokkeslett; legg dem inn selv om de trengs):"
        )
        footer += [f" - {text}" for text in draft.skipped]
    return yamlwrite.dump(doc, header=header, footer=footer)
