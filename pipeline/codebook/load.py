"""Read a study's ``codebook.yaml`` into a :class:`~pipeline.codebook.model.Codebook`.

Format (keys in English, texts as the respondents saw them)::

    platform: questback_essentials      # or efs, surveyxact
    metadata:                           # export columns with respondent metadata
      respondent_id: "Respondent-ID"
      started: "Starttidspunkt"
      completed: "Sluttidspunkt"        # blank when the respondent did not finish
    identifiers: ["E-post"]             # more identifying columns to drop at ingest
    scales:
      god5:
        labels: [Svært dårlig, Dårlig, Middels, God, Svært god]
        low_end: 2                      # the two lowest labels make the low end (default 2)
        high_end: 2                     # the two highest the high end (default 2)
        direction: high                 # the favourable end: high, low or none
        off_scale: [Vet ikke]
    questions:
      - id: etat
        type: background
        header: "Hvilken etat jobber du i?"
        short: etat                     # what sentences call the question (default drafted)
        labels: [Helse og velferd, Familie og oppvekst]
      - id: fysisk                      # a battery: one variable per item
        type: likert
        text: "Hvordan vurderer du det fysiske arbeidsmiljøet …:"
        scale: god5
        items:
          - {id: fysisk_inneklima, label: Inneklima}   # header: "<text> - <label>"
          - {id: fysisk_stoy, label: Støy, direction: low}  # this item runs the other way
      - id: forhold
        type: multiple
        text: "Hvilke forhold … (flere valg mulig)"
        asked_if: {fravaer_arbeidsrelatert: [Fysiske faktorer, Begge deler]}
        options:
          - {id: forhold_annet, label: Annet}

``direction`` says which end of an ordered scale is favourable: ``high``,
``low`` or ``none`` (no good or bad end). It may stand on the scale, the
question or a battery item; the nearest one counts. Ingest refuses a codebook
in which a rated question has none (:func:`require_directions`).

A column is matched by ``header`` (the header text) or ``code`` (the platform's
variable name). Items and options default to the header ``"<text> - <label>"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.codebook.model import (
    DIRECTIONS,
    QUESTION_TYPES,
    Codebook,
    Condition,
    Metadata,
    Question,
    Scale,
    Variable,
)
from pipeline.codebook.wording import draft_short
from pipeline.config import PLATFORMS, ConfigReader, key, read_yaml
from pipeline.errors import PipelineError

ITEM_SEPARATOR = " - "


DIRECTION_HELP = (
    "Hvilken ende av skalaen som er gunstig: high (høye svar), low (lave svar, f.eks. hvor ofte "
    "det er konflikter) eller none (ingen gunstig ende). Påkrevd for skalaspørsmål, på skalaen, "
    "spørsmålet eller påstanden."
)


@dataclass(frozen=True)
class MetadataKeys:
    """Kolonnene i eksporten med opplysninger om respondenten (overskriften slik den står i filen)."""

    respondent_id: str = key("Respondentens id hos plattformen (fjernes ved innlesing).")
    started: str = key("Tidspunktet respondenten startet.")
    completed: str = key("Tidspunktet respondenten fullførte (tom når hen ikke fullførte).")
    status: str = key("Plattformens statusfelt.")
    completed_values: list[str] = key("Verdiene i statusfeltet som betyr fullført.")
    last_page: str = key("Plattformens felt for siste side respondenten så.")


@dataclass(frozen=True)
class ScaleKeys:
    """En svarskala: alternativene fra lavest til høyest, og hvilken ende som er gunstig."""

    labels: list[str] = key("Svaralternativene på skalaen, fra lavest til høyest.", required=True)
    low_end: int = key("Hvor mange av de laveste alternativene som er den lave enden.", default=2)
    high_end: int = key("Hvor mange av de høyeste alternativene som er den høye enden.", default=2)
    direction: str = key(DIRECTION_HELP, choices=DIRECTIONS)
    off_scale: list[str] = key("Svar utenfor skalaen, f.eks. [Vet ikke, Ikke aktuelt].")
    codes: dict[str, str] = key("Plattformens tallkoder og alternativet hver står for.")


@dataclass(frozen=True)
class ItemKeys:
    """Én påstand i et batteri (items) eller ett alternativ i et flervalgsspørsmål (options)."""

    id: str = key("Variabel-id, unik i kodeboken.", required=True)
    label: str = key("Påstanden eller alternativet slik respondenten så det.", required=True)
    header: str = key("Kolonneoverskriften; standard er «<spørsmålstekst> - <label>».")
    code: str = key("Plattformens variabelnavn, i stedet for «header».")
    required: bool = key("false: frivillig å svare på (standard: som spørsmålet).")
    direction: str = key(
        "For en påstand som går motsatt vei av resten av batteriet: high, low eller none.",
        choices=DIRECTIONS,
    )


@dataclass(frozen=True)
class QuestionKeys:
    """Ett spørsmål i spørreskjemaet, i samme rekkefølge som skjemaet."""

    id: str = key("Spørsmålets id, unik i kodeboken.", required=True)
    type: str = key("Spørsmålstypen.", required=True, choices=QUESTION_TYPES)
    text: str = key("Spørsmålsteksten slik respondenten så den (standard: «header»).")
    header: str = key("Kolonneoverskriften i eksporten (for spørsmål med én kolonne).")
    code: str = key("Plattformens variabelnavn, i stedet for «header».")
    short: str = key(
        "Kort navn på spørsmålet i rapportens setninger, slik at det passer etter «spørsmålet om» "
        "(standard: laget fra spørsmålsteksten)."
    )
    direction: str = key(
        "For likert: hvilken ende av skalaen som er gunstig for dette spørsmålet (overstyrer skalaen).",
        choices=DIRECTIONS,
    )
    scale: str | ScaleKeys = key(
        "For likert: id-en til en skala under «scales», eller en skala skrevet ut her."
    )
    labels: list[str] = key(
        "For background og single: svaralternativene i rekkefølge (påkrevd for dem)."
    )
    off_scale: list[str] = key("For background og single: svar utenfor skalaen.")
    items: list[ItemKeys] = key("For likert og single: påstandene i et batteri.")
    options: list[ItemKeys] = key("For multiple: alternativene (påkrevd for dem).")
    asked_if: dict[str, str | list[str]] = key(
        "Spørsmålet stilles bare når en annen variabel har et av svarene, "
        "f.eks. {medarbeidersamtale: [Nei]}."
    )
    required: bool = key("false: frivillig å svare på.", default=True)
    identifying: bool = key(
        "true: kolonnen identifiserer respondenten og fjernes ved innlesing.", default=False
    )


@dataclass(frozen=True)
class CodebookKeys:
    """Kodeboken: hvilke kolonner i eksporten som er hvilke spørsmål, og hvordan svarene leses.
    «make study» lager et utkast; revisor retter det."""

    platform: str = key("Plattformen eksporten kommer fra.", required=True, choices=PLATFORMS)
    metadata: MetadataKeys = key("Kolonner med opplysninger om respondenten.")
    identifiers: list[str] = key(
        "Flere identifiserende kolonner (overskrifter) som fjernes ved innlesing."
    )
    scales: dict[str, ScaleKeys] = key("Svarskalaene, hver med en id som spørsmålene viser til.")
    questions: list[QuestionKeys] = key("Spørsmålene i skjemaets rekkefølge.", required=True)


def _direction(r: ConfigReader) -> str | None:
    return r.get("direction", str, None)  # the keys class checks it is one of DIRECTIONS


def _scale(r: ConfigReader, scale_id: str) -> Scale:
    labels = tuple(r.strings("labels"))
    low_end = r.get("low_end", int, 2)
    high_end = r.get("high_end", int, 2)
    if low_end + high_end > len(labels):
        raise PipelineError(
            f"Skalaen «{scale_id}» har {len(labels)} svaralternativer, men "
            f"low_end + high_end = {low_end + high_end}.",
            file=r.file,
        )
    codes = {str(k): v for k, v in r.get("codes", dict, {}).items()}
    return Scale(
        id=scale_id,
        labels=labels,
        low_end=low_end,
        high_end=high_end,
        off_scale=tuple(r.strings("off_scale", [])),
        codes=codes,
        direction=_direction(r),
    )


def _directed(scale: Scale | None, direction: str | None) -> Scale | None:
    """The scale as a question or item sees it: its own ``direction`` wins."""
    if scale is None or direction is None or direction == scale.direction:
        return scale
    return replace(scale, direction=direction)


def _condition(r: ConfigReader) -> Condition | None:
    if not r.has("asked_if"):
        return None
    raw = r.get("asked_if", dict)
    clauses = []
    for var, values in raw.items():
        if not isinstance(values, list):
            values = [values]
        clauses.append((str(var), tuple(values)))
    return Condition(tuple(clauses))


def _question(r: ConfigReader, scales: dict[str, Scale], position: int) -> Question:
    q_id = r.get("id", str)
    q_type = r.get("type", str)
    header = r.get("header", str, None)
    code = r.get("code", str, None)
    text = r.get("text", str, header or "")
    asked_if = _condition(r)
    required = r.get("required", bool, True)

    scale: Scale | None = None
    if q_type == "likert":
        if r.has("scale") and isinstance(r.data["scale"], dict):
            scale = _scale(r.section("scale"), f"{q_id}-skala")
        else:
            scale_id = r.get("scale", str)
            if scale_id not in scales:
                raise PipelineError(
                    f"Spørsmål «{q_id}» bruker skalaen «{scale_id}», som ikke er definert under «scales».",
                    file=r.file,
                )
            scale = scales[scale_id]
    scale = _directed(scale, _direction(r))
    short = r.get("short", str, None) or draft_short(text or header or q_id)
    labels = tuple(r.strings("labels", [])) if q_type in ("background", "single") else ()
    off_scale = tuple(r.strings("off_scale", [])) if q_type in ("background", "single") else ()
    if q_type in ("background", "single") and not labels:
        raise PipelineError(f"Spørsmål «{q_id}» mangler «labels».", file=r.file)

    def variable(item: ConfigReader | None, v_type: str) -> Variable:
        if item is None:
            if not (header or code):
                raise PipelineError(
                    f"Spørsmål «{q_id}» mangler «header» (kolonneoverskrift) eller «code».",
                    file=r.file,
                )
            return Variable(
                id=q_id,
                type=v_type,
                text=text or header or q_id,
                header=header,
                code=code,
                labels=labels,
                off_scale=off_scale,
                scale=scale,
                asked_if=asked_if,
                identifying=r.get("identifying", bool, False),
                required=required,
                short=short,
            )
        label = item.get("label", str)
        item_id = item.get("id", str)
        item_code = item.get("code", str, None)
        item_header = item.get("header", str, None)
        if item_header is None and item_code is None:
            item_header = f"{text}{ITEM_SEPARATOR}{label}"
        return Variable(
            id=item_id,
            type=v_type,
            text=text,
            header=item_header,
            code=item_code,
            question=q_id,
            label=label,
            labels=labels,
            off_scale=off_scale,
            scale=_directed(scale, _direction(item)),
            asked_if=asked_if,
            required=item.get("required", bool, required),
            short=short,
        )

    if q_type == "multiple":
        options = r.sections("options", required=True)
        variables = tuple(variable(o, "choice") for o in options)
    elif r.has("items"):
        if q_type not in ("likert", "single"):
            raise PipelineError(
                f"Spørsmål «{q_id}»: bare likert- og enkeltvalgsspørsmål kan ha «items».",
                file=r.file,
            )
        variables = tuple(variable(i, q_type) for i in r.sections("items", required=True))
    else:
        variables = (variable(None, q_type),)
    return Question(
        id=q_id, type=q_type, text=text, variables=variables, asked_if=asked_if, short=short
    )


def parse_codebook(data: dict[str, Any], file: Path) -> Codebook:
    """Build a codebook from parsed YAML (see the module docstring for the format)."""
    r = ConfigReader(data, file, kind=CodebookKeys)
    platform = r.get("platform", str)
    scales_r = r.section("scales", required=False)
    scales = {str(k): _scale(scales_r.section(k), str(k)) for k in scales_r.data}
    m = r.section("metadata", required=False)
    metadata = Metadata(
        respondent_id=m.get("respondent_id", str, None),
        started=m.get("started", str, None),
        completed=m.get("completed", str, None),
        status=m.get("status", str, None),
        completed_values=tuple(m.strings("completed_values", [])),
        last_page=m.get("last_page", str, None),
    )
    questions = tuple(
        _question(q, scales, i) for i, q in enumerate(r.sections("questions", required=True))
    )
    seen: dict[str, str] = {}
    for q in questions:
        for v in q.variables:
            if v.id in seen:
                raise PipelineError(
                    f"Variabel-id «{v.id}» er brukt to ganger (i «{seen[v.id]}» og «{q.id}»).",
                    file=file,
                )
            seen[v.id] = q.id
    for q in questions:
        for var, _ in q.asked_if.clauses if q.asked_if else ():
            if var not in seen:
                raise PipelineError(
                    f"Spørsmål «{q.id}»: «asked_if» viser til «{var}», som ikke finnes i kodeboken.",
                    file=file,
                )
    return Codebook(
        platform=platform,
        questions=questions,
        scales=scales,
        metadata=metadata,
        identifiers=tuple(r.strings("identifiers", [])),
    )


def missing_directions(codebook: Codebook) -> list[Variable]:
    """Rated variables whose codebook does not say which end of the scale is favourable."""
    return [v for v in codebook if v.scale is not None and v.scale.direction is None]


def require_directions(codebook: Codebook, file: Path | str) -> None:
    """Refuse a codebook with rated questions that have no ``direction`` (Norwegian message)."""
    missing = missing_directions(codebook)
    if not missing:
        return
    names = []
    for q in codebook.questions:
        gone = [v for v in q.variables if v in missing]
        if not gone:
            continue
        if len(gone) == len(q.variables) or len(q.variables) == 1:
            names.append(f"«{q.id}»")
        else:
            names.append(f"«{q.id}» (påstandene {', '.join(f'«{v.label}»' for v in gone)})")
    raise PipelineError(
        "Kodeboken sier ikke hvilken ende av skalaen som er gunstig for "
        + ("spørsmålet " if len(names) == 1 else "spørsmålene ")
        + ", ".join(names)
        + f" (spørsmålsteksten: «{missing[0].text}»).",
        file=file,
        hint="Skriv «direction: high» (høye svar er gunstige), «direction: low» (lave svar er "
        "gunstige, f.eks. hvor ofte noe uheldig skjer) eller «direction: none» på skalaen, "
        "spørsmålet eller påstanden.",
    )


def load_codebook(path: Path | str) -> Codebook:
    """Read and check ``codebook.yaml``; the result carries the file's SHA-256."""
    path = Path(path)
    codebook = parse_codebook(read_yaml(path), path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Codebook(
        platform=codebook.platform,
        questions=codebook.questions,
        scales=codebook.scales,
        metadata=codebook.metadata,
        identifiers=codebook.identifiers,
        sha256=digest,
    )
