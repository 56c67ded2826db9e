"""``python -m pipeline codebook draft <export>``: a first codebook written from an export.

The revisor should only have to correct it. From the header row and the
answers it finds:

- metadata and identifying columns from the platform profile;
- batteries and multiple choice: consecutive columns ``"<stem> - <item>"``;
  a group whose cells hold only the option's own label, ``1``/``0`` or blank
  (or SurveyXact's ``Valgt``/``Ikke valgt``) is multiple choice;
- the common Norwegian scales ("Svært dårlig … Svært god(t)", "I svært liten
  grad … I svært stor grad", "Svært/Helt uenig … Svært/Helt enig", "Aldri …
  Svært ofte"), with "Vet ikke"/"Ikke aktuelt" off the scale
  (:mod:`pipeline.codebook.scales`);
- Ja/Nei questions, numbers, free text (many distinct, long answers), and
  background variables (etat, sektor, rolle …) by their header;
- anything else with few distinct answers is single choice, labels in order
  of first appearance, or in code order where the file has value labels;
- what the file declares (docs/platforms.md): SPSS variable labels «Stem -
  item» group EFS grids and options, 0/1 variables under one stem are multiple
  choice whatever their labels say, SPSS string variables are free text;
  SurveyXact's ``structure`` gives question texts and kinds (Single, Multiple,
  String, Double, Date) and ``bg_*`` variables are background; system
  variables (EFS ``tester``) are left out and ``ip_addr``/``u_*`` marked as
  identifiers.

Routing (``asked_if``) cannot be inferred; questions that many respondents
left blank get a comment suggesting it. What a column is comes from
:mod:`pipeline.codebook.infer`; this module puts the questions together (ids,
types, scales, proposed wording) and :mod:`pipeline.codebook.write` writes the
YAML, in the format :mod:`pipeline.codebook.load` reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline import cli
from pipeline.codebook import infer
from pipeline.codebook.infer import Column
from pipeline.codebook.scales import ScaleFamily, is_off_scale, match_scale, off_labels
from pipeline.codebook.wording import draft_short, propose_direction
from pipeline.codebook.write import render_draft
from pipeline.config import PLATFORMS
from pipeline.errors import PipelineError
from pipeline.files import write_text
from pipeline.reading import RawExport, read_export
from pipeline.reading.profiles import PROFILES
from pipeline.redaction import Redactor


@dataclass
class DraftQuestion:
    """One drafted question: its codebook entry and the comments the revisor should read.

    ``comments`` go above the question; ``checks`` above one of its keys (the
    proposed ``direction``), ``item_checks`` above one of its items (by index).
    """

    data: dict[str, object]
    comments: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)
    item_checks: dict[int, str] = field(default_factory=dict)


@dataclass
class Draft:
    """A codebook draft: the YAML mapping plus comments for the revisor."""

    platform: str
    platform_detected: bool
    metadata: dict[str, object]
    identifiers: list[str]
    scales: dict[str, dict[str, object]]
    questions: list[DraftQuestion]
    skipped: list[str]
    source: str


# --- ids ----------------------------------------------------------------------------

# Filler words left out of ids (after æ → ae, ø → o, å → a).
_STOPWORDS = frozenset(
    """
    a at av ble blir de den denne dere det dette din dine disse ditt du eller en er et ett
    flere folgende for fra gjelder grad har hatt hva hvilke hvilken hvilket hvis hvor hvordan
    i jeg jobber kan lopet man mange manedene maneder med meg mener mest min mine mitt nar
    noen og om opplever pa sin sine siste sitt skal som synes til tre var vaere vaert ved
    vi ville vurderer arene
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


def slug(text: str, words: int = 3, limit: int = 32) -> str:
    """A short ascii snake_case id from a header text (æ → ae, ø → o, å → a).

    >>> slug("Hvordan vurderer du det fysiske arbeidsmiljøet på arbeidsplassen din?")
    'fysiske_arbeidsmiljoet'
    >>> slug("Har du de siste 12 månedene hatt medarbeidersamtale?")
    'medarbeidersamtale'
    >>> slug("Støy", words=2), slug("12 måneder"), slug("Hva?")
    ('stoy', 'v12', 'hva')
    """
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    tokens = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    words_only = [t for t in tokens if t not in _STOPWORDS and not t.isdigit()]
    kept = words_only or [t for t in tokens if t not in _STOPWORDS] or tokens or ["sporsmal"]
    out = ""
    for token in kept[:words]:
        candidate = f"{out}_{token}" if out else token
        if len(candidate) > limit and out:
            break
        out = candidate[:limit]
    if out[0].isdigit():
        out = f"v{out}"
    return out


class Ids:
    """Hands out unique ids: ``stoy``, then ``stoy_2`` …"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}_{n}", n + 1
        self.used.add(candidate)
        return candidate


def _code_id(text: str) -> str | None:
    """A header that already is a variable name (``v_12``, ``s_2_1``, ``Q3a``) is kept as the id.

    >>> _code_id("v_12"), _code_id("Q3a"), _code_id("Hvilken etat?")
    ('v_12', 'q3a', None)
    """
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,31}", text) and re.search(r"\d", text):
        return text.lower()
    return None


def _item_id(question_id: str, column: Column) -> str:
    """``<first word of the question id>_<item>``, e.g. ``fysiske_inneklima``; or the code."""
    if column.explicit:
        return _code_id(column.name) or slug(column.name, words=6)
    return f"{question_id.split('_')[0]}_{slug(column.label or column.text, words=2, limit=24)}"


# --- the questions -----------------------------------------------------------------


class _Builder:
    """Turns groups of columns into questions, sharing ids and scales between them."""

    def __init__(self, raw: RawExport, completed: pd.Series) -> None:
        self.raw = raw
        self.completed = completed.astype(bool)
        self.ids = Ids()
        self.scales: dict[str, dict[str, object]] = {}
        self.families: dict[str, str] = {}  # scale id -> family id
        self.skipped: list[str] = []
        self.redactor = Redactor()
        self.withheld: dict[str, int] = {}  # column -> answers kept out of its labels

    def shown(self, columns: list[Column], labels: list[str]) -> list[str]:
        """The answers that may stand in the codebook as its answer options.

        The codebook lives in the study folder, beside the report: an answer the redaction
        would change (a name, an identity number typed where a choice was expected) is
        not written there; :meth:`withheld_comment` tells the revisor it was left out.
        """
        kept = [label for label in labels if self.redactor.redact(label) == label]
        if len(kept) < len(labels):
            self.withheld[columns[0].name] = len(labels) - len(kept)
        return kept

    def withheld_comment(self, columns: list[Column]) -> list[str]:
        count = sum(self.withheld.get(c.name, 0) for c in columns)
        if not count:
            return []
        what = "ett svar" if count == 1 else f"{count} ulike svar"
        return [
            f"SJEKK: {what} ser ut som personopplysninger og står ikke i «labels»; "
            "er det et svaralternativ, legg det til."
        ]

    def scale_id(self, family: ScaleFamily, labels: tuple[str, ...], off: list[str]) -> str:
        """The scale's id, shared by questions with the same labels and off-scale answers.

        The same labels with other off-scale answers («Vet ikke» here, «Ikke aktuelt»
        there) are a scale of their own, e.g. ``godt5_vet_ikke``.
        """
        for scale_id, scale in self.scales.items():
            if (
                self.families[scale_id] == family.id
                and tuple(scale["labels"]) == labels  # type: ignore[arg-type]
                and list(scale.get("off_scale", [])) == off  # type: ignore[call-overload]
            ):
                return scale_id
        taken = any(self.families[s] == family.id for s in self.scales)
        base = f"{family.id}_{slug(' '.join(off), words=4)}" if taken and off else family.id
        scale_id, n = base, 2
        while scale_id in self.scales:
            scale_id, n = f"{base}_{n}", n + 1
        self.families[scale_id] = family.id
        self.scales[scale_id] = {"labels": list(labels)}
        if off:
            self.scales[scale_id]["off_scale"] = off
        return scale_id

    def where(self, column: Column) -> dict[str, object]:
        return {"code": column.name} if column.by_code else {"header": column.text}

    def routing_comment(self, group: list[Column]) -> list[str]:
        answered_all = self.raw.frame[[c.name for c in group]].notna().any(axis=1)
        answered = int(answered_all[self.completed].sum())
        total = int(self.completed.sum())
        if 0 < answered < 0.8 * total:
            return [
                f"Besvart av {answered} av {total} som fullførte: ble spørsmålet bare stilt "
                "til noen? Legg i så fall inn «asked_if»."
            ]
        if answered_all.any() and answered == 0:
            return ["Bare besvart av noen som ikke fullførte: sjekk typen og rutingen."]
        if answered == 0:
            return ["Ingen svar i eksporten: typen er gjettet, sjekk den."]
        return []

    def questions(self, group: list[Column]) -> list[DraftQuestion]:
        """One question for a column or a group of columns sharing a stem."""
        values = [v for c in group for v in infer.answers(self.raw.frame[c.name])]
        labels = infer.distinct_labels(values)
        if len(group) > 1 and infer.is_multiple(self.raw, group):
            return [self.multiple(group)]
        # columns grouped by a code prefix (v_1, v_2) are a group only as multiple choice
        if len(group) > 1 and not group[0].explicit and not infer.is_open(values, labels):
            return [
                self.battery(group, infer.labels_in_code_order(self.raw, group[0].name, labels))
            ]
        # numbers or free text under one stem: each column is its own question
        single = (self.single_column(c, *self._answers(c)) for c in group)
        return [q for q in single if q is not None]

    def _answers(self, column: Column) -> tuple[list[object], list[str]]:
        values = infer.answers(self.raw.frame[column.name])
        return values, infer.distinct_labels(values)

    def members(self, q_id: str, group: list[Column]) -> list[dict[str, object]]:
        """The items of a battery or the options of a multiple-choice question."""
        members = []
        for column in group:
            member: dict[str, object] = {
                "id": self.ids(_item_id(q_id, column)),
                "label": column.label,
            }
            if column.by_code:
                member["code"] = column.name
            elif column.explicit:
                member["header"] = column.name
            members.append(member)
        return members

    def multiple(self, group: list[Column]) -> DraftQuestion:
        stem = group[0].stem or group[0].text
        q_id = self.ids(_code_id(stem) or slug(stem, words=2))
        options = self.members(q_id, group)
        data = {"id": q_id, "type": "multiple", "text": group[0].stem, "options": options}
        return DraftQuestion(data, self.routing_comment(group))

    def battery(self, group: list[Column], labels: list[str]) -> DraftQuestion:
        q_id = self.ids(slug(group[0].stem or group[0].text, words=2))
        items = self.members(q_id, group)
        data: dict[str, object] = {"id": q_id}
        scale = match_scale(labels)
        if scale is not None:
            off = off_labels(labels)
            data |= {"type": "likert", "text": group[0].stem}
            data["scale"] = self.scale_id(scale[0], scale[1], off)
        else:
            on, off = self.single_labels(self.shown(group, labels))
            if not on:  # only "Vet ikke"-type answers: list them as the labels
                on, off = off, []
            data |= {"type": "single", "text": group[0].stem, "labels": on}
            if off:
                data["off_scale"] = off
        data["items"] = items
        return DraftQuestion(data, self.routing_comment(group) + self.withheld_comment(group))

    @staticmethod
    def single_labels(labels: list[str]) -> tuple[list[str], list[str]]:
        on = [label for label in labels if not is_off_scale(label)]
        off = off_labels(labels)
        if {"ja", "nei"} <= {label.casefold() for label in on}:
            on = sorted(on, key=lambda label: {"ja": 0, "nei": 1}.get(label.casefold(), 2))
        return on, off

    def single_column(
        self, column: Column, values: list[object], labels: list[str]
    ) -> DraftQuestion | None:
        q_id = self.ids(_code_id(column.text) or slug(column.text, words=2))
        comments = self.routing_comment([column])
        data: dict[str, object] = {"id": q_id}
        declared = self.raw.column_types.get(column.name)
        if declared == "date" or (
            values and all(isinstance(v, dt.date | dt.datetime | dt.time) for v in values)
        ):
            self.skipped.append(column.text)
            return None
        labels = infer.labels_in_code_order(self.raw, column.name, labels)
        if declared == "number" or (
            declared is None
            and values
            and all(infer.is_number(v) for v in values)
            and len(labels) > 2
        ):
            data |= {"type": "number", **self.where(column)}
        elif declared == "text" or not values or infer.is_free_text(labels, values):
            data |= {"type": "text", **self.where(column)}
        elif (scale := match_scale(labels)) is not None:
            off = off_labels(labels)
            data |= {"type": "likert", **self.where(column)}
            data["scale"] = self.scale_id(scale[0], scale[1], off)
        else:
            on, off = self.single_labels(self.shown([column], labels))
            if not on:
                on, off = off, []
            background = infer.is_background(column)
            data |= {"type": "background" if background else "single", **self.where(column)}
            data["labels"] = on
            if off:
                data["off_scale"] = off
        if column.by_code:
            data["text"] = column.text
        if data["type"] not in ("text", "number"):
            comments += self.withheld_comment([column])
        return DraftQuestion(data, comments)


def draft_codebook(raw: RawExport) -> Draft:
    """Guess a codebook from an export (see the module docstring for the rules).

    Parameters
    ----------
    raw
        The export as read by :func:`pipeline.reading.read_export`.

    Returns
    -------
    Draft
        Write it with :func:`pipeline.codebook.write.render_draft`; the YAML loads with
        :func:`pipeline.codebook.load.parse_codebook`.
    """
    platform = raw.source.platform
    # not recognised: draft for Questback Essentials (the common case) and say so at the top
    profile = PROFILES[platform if platform in PROFILES else PLATFORMS[0]]
    metadata: dict[str, object] = {}
    for key, name in (
        ("respondent_id", profile.respondent_id),
        ("started", profile.started),
        ("completed", profile.completed),
        ("status", profile.status),
        ("last_page", profile.last_page),
    ):
        found = infer.find_column(raw, name)
        if found is not None:
            metadata[key] = found
    if "status" in metadata:
        metadata["completed_values"] = list(profile.completed_values)
    identifiers = infer.identifiers(raw, profile)
    ignored = {infer.find_column(raw, name) for name in (*profile.ignored, profile.tester)}
    named = {v for k, v in metadata.items() if k != "completed_values"}
    skip = {s for s in named | set(identifiers) | ignored if isinstance(s, str)}

    completed = infer.completed(raw, metadata)
    tester = infer.find_column(raw, profile.tester)
    if tester is not None:  # test respondents are not among those who finished
        completed &= raw.frame[tester].map(lambda v: v is None or infer.as_text(v) != "1")
    builder = _Builder(raw, completed)
    questions = []
    for group in infer.groups(infer.columns(raw, skip)):
        questions += builder.questions(group)
    for question in questions:
        propose_wording(question, builder.scales)
    return Draft(
        platform=profile.name,
        platform_detected=platform is not None,
        metadata=metadata,
        identifiers=identifiers,
        scales=builder.scales,
        questions=questions,
        skipped=builder.skipped,
        source=raw.source.path.name,
    )


def propose_wording(question: DraftQuestion, scales: dict[str, dict[str, object]]) -> None:
    """Add a drafted ``short`` label and, on a rated question, a proposed ``direction``.

    The direction goes on the question, or on each item where the items differ
    (an adverse item in an otherwise positive battery); a «SJEKK» comment above
    the ``direction`` key (or the item) says what was proposed and why, for the
    revisor to check.
    """
    data = question.data
    text = str(data.get("text") or data.get("header") or data["id"])
    data["short"] = draft_short(text)
    if data.get("type") != "likert" or data.get("scale") not in scales:
        return
    labels = [str(x) for x in scales[str(data["scale"])]["labels"]]  # type: ignore[union-attr]
    items = data.get("items")
    if not isinstance(items, list):
        proposal = propose_direction(text, labels)
        data["direction"] = proposal.direction
        question.checks["direction"] = (
            f"SJEKK «direction: {proposal.direction}»: {proposal.reason}."
        )
        return
    proposals = [propose_direction(text, labels, str(item["label"])) for item in items]
    common = max({p.direction for p in proposals}, key=[p.direction for p in proposals].count)
    data["direction"] = common
    reason = next(p.reason for p in proposals if p.direction == common)
    question.checks["direction"] = f"SJEKK «direction: {common}»: {reason}."
    for index, (item, proposal) in enumerate(zip(items, proposals, strict=True)):
        if proposal.direction != common:
            item["direction"] = proposal.direction
            question.item_checks[index] = (
                f"SJEKK «{item['label']}» har «direction: {proposal.direction}»: {proposal.reason}."
            )


# --- stage ---------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``codebook draft <export> [--out FILE]``."""
    parser.add_argument(
        "action", choices=["draft"], metavar="draft", help="lag et utkast til kodebok"
    )
    parser.add_argument(
        "export", type=Path, metavar="EKSPORT", help="eksportfilen (.xlsx, .csv eller .sav)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FIL",
        help="hvor utkastet skrives (standard: skriv til skjermen)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="skriv over en kodebok som finnes fra før"
    )
    parser.add_argument(
        "--sheet", default=None, metavar="ARK", help="Excel-arket som skal leses (standard: første)"
    )
    parser.add_argument(
        "--platform", choices=PLATFORMS, default=None, help="plattformen (standard: gjenkjennes)"
    )
    cli.add_common_arguments(parser)


def main(args: argparse.Namespace) -> int:
    """Read the export and write the draft codebook."""
    raw = read_export(args.export, sheet=args.sheet, platform=args.platform)
    draft = draft_codebook(raw)
    text = render_draft(draft)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if out.exists() and not args.overwrite:
        raise PipelineError(
            "Kodeboken finnes allerede og blir ikke skrevet over.",
            file=out,
            hint="Velg et annet filnavn med --out, eller legg til --overwrite.",
        )
    write_text(out, text)
    n_vars = sum(
        len(q.data.get("items", q.data.get("options", [None])))  # type: ignore[arg-type]
        for q in draft.questions
    )
    print(
        f"Skrev utkast til kodebok med {len(draft.questions)} spørsmål ({n_vars} variabler) "
        f"til {out}. Gå gjennom id-er, typer og ruting før bruk.",
        file=sys.stderr,
    )
    return 0
