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
        negative: 2                     # the two lowest labels are negative
        positive: 2                     # the two highest are positive
        off_scale: [Vet ikke]
    questions:
      - id: etat
        type: background
        header: "Hvilken etat jobber du i?"
        labels: [Helse og velferd, Familie og oppvekst]
      - id: fysisk                      # a battery: one variable per item
        type: likert
        text: "Hvordan vurderer du det fysiske arbeidsmiljøet …:"
        scale: god5
        items:
          - {id: fysisk_inneklima, label: Inneklima}   # header: "<text> - <label>"
      - id: forhold
        type: multiple
        text: "Hvilke forhold … (flere valg mulig)"
        asked_if: {fravaer_arbeidsrelatert: [Fysiske faktorer, Begge deler]}
        options:
          - {id: forhold_annet, label: Annet}

A column is matched by ``header`` (the header text) or ``code`` (the platform's
variable name). Items and options default to the header ``"<text> - <label>"``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.codebook.model import (
    QUESTION_TYPES,
    Codebook,
    Condition,
    Metadata,
    Question,
    Scale,
    Variable,
)
from pipeline.config import PLATFORMS, ConfigReader, read_yaml
from pipeline.errors import PipelineError

ITEM_SEPARATOR = " - "


def _scale(r: ConfigReader, scale_id: str) -> Scale:
    labels = tuple(r.strings("labels"))
    negative = r.get("negative", int, 2)
    positive = r.get("positive", int, 2)
    if negative + positive > len(labels):
        raise PipelineError(
            f"Skalaen «{scale_id}» har {len(labels)} svaralternativer, men "
            f"negative + positive = {negative + positive}.",
            file=r.file,
        )
    codes = {str(k): v for k, v in r.get("codes", dict, {}).items()}
    return Scale(
        id=scale_id,
        labels=labels,
        negative=negative,
        positive=positive,
        off_scale=tuple(r.strings("off_scale", [])),
        codes=codes,
    )


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
    if q_type not in QUESTION_TYPES:
        raise PipelineError(
            f"Spørsmål «{q_id}»: ukjent type. Gyldige typer: {', '.join(QUESTION_TYPES)}.",
            file=r.file,
            values=(q_type,),
        )
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
            )
        label = item.get("label", str)
        item_code = item.get("code", str, None)
        item_header = item.get("header", str, None)
        if item_header is None and item_code is None:
            item_header = f"{text}{ITEM_SEPARATOR}{label}"
        return Variable(
            id=item.get("id", str),
            type=v_type,
            text=text,
            header=item_header,
            code=item_code,
            question=q_id,
            label=label,
            labels=labels,
            off_scale=off_scale,
            scale=scale,
            asked_if=asked_if,
            required=item.get("required", bool, required),
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
    return Question(id=q_id, type=q_type, text=text, variables=variables, asked_if=asked_if)


def parse_codebook(data: dict[str, Any], file: Path) -> Codebook:
    """Build a codebook from parsed YAML (see the module docstring for the format)."""
    r = ConfigReader(data, file)
    platform = r.get("platform", str)
    if platform not in PLATFORMS:
        raise PipelineError(
            f"«platform» skal være en av {', '.join(PLATFORMS)}.", file=file, values=(platform,)
        )
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
