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
left blank get a comment suggesting it. See :mod:`pipeline.codebook.load` for
the format written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from pipeline import cli
from pipeline.codebook.load import ITEM_SEPARATOR
from pipeline.codebook.scales import ScaleFamily, is_off_scale, match_scale, off_labels
from pipeline.codebook.wording import draft_short, propose_direction
from pipeline.config import PLATFORMS
from pipeline.errors import PipelineError
from pipeline.files import write_text
from pipeline.reading import RawExport, read_export
from pipeline.reading.profiles import PROFILES, Profile

CHOSEN_MARKS = {"1", "0", "valgt", "ikke valgt"}
BACKGROUND_WORDS = (
    "etat",
    "sektor",
    "avdeling",
    "enhet",
    "rolle",
    "stilling",
    "tjenesteområde",
    "tjenesteomrade",
    "virksomhet",
    "arbeidssted",
    "kommunalområde",
)


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


# --- reading the answers --------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def answers(column: pd.Series) -> list[object]:
    """Non-empty cells of a column, as found."""
    return [v for v in column if v is not None and not (isinstance(v, str) and not v.strip())]


def distinct_labels(values: Iterable[object]) -> list[str]:
    """Distinct answers as text, in order of first appearance.

    >>> distinct_labels(["Nei", "Ja", "Nei", 3.0])
    ['Nei', 'Ja', '3']
    """
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(_text(value), None)
    return list(seen)


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return bool(re.fullmatch(r"-?\d+([.,]\d+)?", str(value).strip()))


# --- ids ----------------------------------------------------------------------------


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


# --- the draft ---------------------------------------------------------------------


@dataclass
class Column:
    """An answer column: its header, the text it shows, and where it sits in a group."""

    name: str  # frame column (the header, or the SPSS variable name)
    text: str  # header text as the respondent saw it
    by_code: bool  # matched by ``code`` (SPSS variable name) rather than header
    stem: str | None = None
    label: str | None = None
    explicit: bool = False  # grouped by code prefix: the item needs its own header


@dataclass
class DraftQuestion:
    data: dict[str, object]
    comments: list[str] = field(default_factory=list)


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


def _find(raw: RawExport, name: str | None) -> str | None:
    """The frame column whose header (or SPSS variable label) is ``name``, in any case."""
    if not name:
        return None
    for column in raw.frame.columns:
        if column.casefold() == name.casefold():
            return column
    for column, label in raw.column_labels.items():
        if label.casefold() == name.casefold():
            return column
    return None


def _identifiers(raw: RawExport, profile: Profile) -> list[str]:
    """Columns with personal data: names any platform uses, the profile's prefixes
    (EFS ``u_*``), and columns whose every answer is an e-mail address."""
    known = {i.casefold() for p in PROFILES.values() for i in p.identifiers}
    prefixes = tuple(p.casefold() for p in profile.identifier_prefixes)
    found = []
    for column in raw.frame.columns:
        names = {column.casefold(), raw.column_labels.get(column, column).casefold()}
        # personal-data names of every platform: a column called «Navn» is dropped anyway
        by_profile = any(n in known or n.startswith(prefixes) for n in names)
        values = [str(v) for v in answers(raw.frame[column])[:50]]
        looks_like_email = bool(values) and all(
            re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", v, re.I) for v in values
        )
        if by_profile or looks_like_email:
            found.append(column)
    return found


def _columns(raw: RawExport, skip: set[str]) -> list[Column]:
    columns = []
    for name in raw.frame.columns:
        if name in skip:
            continue
        label = raw.column_labels.get(name)
        text = label or name
        columns.append(Column(name=name, text=text, by_code=bool(label)))
    # a stem is shared by consecutive columns "<stem> - <item>"
    for i, column in enumerate(columns):
        if ITEM_SEPARATOR not in column.text:
            continue
        stem, label = column.text.rsplit(ITEM_SEPARATOR, 1)
        neighbours = [
            c
            for c in columns[max(0, i - 1) : i + 2]
            if c is not column and c.text.startswith(stem + ITEM_SEPARATOR)
        ]
        if neighbours and stem.strip() and label.strip():
            column.stem, column.label = stem, label
    # platforms that name columns by code (SurveyXact s_2_1, s_2_2) group options by prefix
    for i, column in enumerate(columns):
        prefix = re.fullmatch(r"(.+?)_\d+", column.name)
        if column.stem is not None or column.by_code or prefix is None:
            continue
        neighbours = [
            c
            for c in columns[max(0, i - 1) : i + 2]
            if c is not column and re.fullmatch(re.escape(prefix.group(1)) + r"_\d+", c.name)
        ]
        if neighbours:
            column.stem, column.label, column.explicit = prefix.group(1), column.name, True
    return columns


def _groups(columns: list[Column]) -> list[list[Column]]:
    groups: list[list[Column]] = []
    for column in columns:
        if column.stem is not None and groups and groups[-1][0].stem == column.stem:
            groups[-1].append(column)
        else:
            groups.append([column])
    return groups


def _declared_multiple(raw: RawExport, group: list[Column]) -> bool:
    """The file says these columns are multiple-choice options: SurveyXact ``structure``
    calls them Multiple, or (EFS) each is a 0/1 variable whose labels are only for
    «not chosen»/«chosen», whatever the words (Ja/Nei, valgt/ikke valgt, quoted)."""
    if all(raw.column_types.get(c.name) == "multiple" for c in group):
        return True
    missing = set(_missing_codes(raw))
    codes = [{k for k in raw.value_labels.get(c.name, {}) if str(k) not in missing} for c in group]
    return all(c and c <= {0, 1} for c in codes)


def _missing_codes(raw: RawExport) -> tuple[str, ...]:
    platform = raw.source.platform
    return PROFILES[platform].missing_codes if platform in PROFILES else ()


def labels_in_code_order(raw: RawExport, name: str, found: list[str]) -> list[str]:
    """The answers as the file's value labels order them (codes ascending, the platform's
    missing-value codes left out), then any found answer without a label; only the found
    answers, in their order, when the file has no labels for the column."""
    mapping = raw.value_labels.get(name)
    if not mapping:
        return found
    missing = set(_missing_codes(raw))
    ordered = [
        label
        for code, label in sorted(mapping.items(), key=lambda kv: str(kv[0]).zfill(12))
        if str(code) not in missing
    ]
    return list(dict.fromkeys(ordered + found))


def _is_multiple(raw: RawExport, group: list[Column]) -> bool:
    if _declared_multiple(raw, group):
        return True
    any_answer = False
    for column in group:
        for value in answers(raw.frame[column.name]):
            text = _text(value).casefold()
            if text not in CHOSEN_MARKS and text != (column.label or "").strip().casefold():
                return False
            any_answer = True
    return any_answer


def _completed(raw: RawExport, metadata: dict[str, object]) -> pd.Series:
    """Who finished, as far as the export tells (everyone, if it does not)."""
    frame = raw.frame
    status = metadata.get("status")
    values = {str(v).casefold() for v in metadata.get("completed_values", [])}  # type: ignore[union-attr]
    if isinstance(status, str) and values:
        return frame[status].map(lambda v: v is not None and _text(v).casefold() in values)
    completed = metadata.get("completed")
    if isinstance(completed, str):
        return frame[completed].notna()
    return pd.Series(True, index=frame.index)


def _is_background(column: Column) -> bool:
    """A background variable: SurveyXact ``bg_*`` (from the respondent list), or a header
    naming the unit, sector or role."""
    if column.name.casefold().startswith("bg_"):
        return True
    return any(re.search(rf"\b{w}", column.text.casefold()) for w in BACKGROUND_WORDS)


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


class _Builder:
    def __init__(self, raw: RawExport, completed: pd.Series) -> None:
        self.raw = raw
        self.completed = completed.astype(bool)
        self.ids = Ids()
        self.scales: dict[str, dict[str, object]] = {}
        self.families: dict[str, str] = {}  # scale id -> family id
        self.skipped: list[str] = []

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
        values = [v for c in group for v in answers(self.raw.frame[c.name])]
        labels = distinct_labels(values)
        if len(group) > 1 and _is_multiple(self.raw, group):
            return [self.multiple(group)]
        # columns grouped by a code prefix (v_1, v_2) are a group only as multiple choice
        if len(group) > 1 and not group[0].explicit and not self._is_open(values, labels):
            return [self.battery(group, labels_in_code_order(self.raw, group[0].name, labels))]
        # numbers or free text under one stem: each column is its own question
        single = (self.single_column(c, *self._answers(c)) for c in group)
        return [q for q in single if q is not None]

    def _answers(self, column: Column) -> tuple[list[object], list[str]]:
        values = answers(self.raw.frame[column.name])
        return values, distinct_labels(values)

    def _is_open(self, values: list[object], labels: list[str]) -> bool:
        numbers = bool(values) and all(_is_number(v) for v in values) and len(labels) > 2
        return numbers or (bool(values) and self._is_free_text(labels, values))

    def multiple(self, group: list[Column]) -> DraftQuestion:
        stem = group[0].stem or group[0].text
        q_id = self.ids(_code_id(stem) or slug(stem, words=2))
        options = []
        for column in group:
            option: dict[str, object] = {
                "id": self.ids(_item_id(q_id, column)),
                "label": column.label,
            }
            if column.by_code:
                option["code"] = column.name
            elif column.explicit:
                option["header"] = column.name
            options.append(option)
        data = {"id": q_id, "type": "multiple", "text": group[0].stem, "options": options}
        return DraftQuestion(data, self.routing_comment(group))

    def battery(self, group: list[Column], labels: list[str]) -> DraftQuestion:
        q_id = self.ids(slug(group[0].stem or group[0].text, words=2))
        items = []
        for column in group:
            item: dict[str, object] = {
                "id": self.ids(_item_id(q_id, column)),
                "label": column.label,
            }
            if column.by_code:
                item["code"] = column.name
            elif column.explicit:
                item["header"] = column.name
            items.append(item)
        data: dict[str, object] = {"id": q_id}
        scale = match_scale(labels)
        if scale is not None:
            off = off_labels(labels)
            data |= {"type": "likert", "text": group[0].stem}
            data["scale"] = self.scale_id(scale[0], scale[1], off)
        else:
            on, off = self.single_labels(labels)
            if not on:  # only "Vet ikke"-type answers: list them as the labels
                on, off = off, []
            data |= {"type": "single", "text": group[0].stem, "labels": on}
            if off:
                data["off_scale"] = off
        data["items"] = items
        return DraftQuestion(data, self.routing_comment(group))

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
        labels = labels_in_code_order(self.raw, column.name, labels)
        if declared == "number" or (
            declared is None and values and all(_is_number(v) for v in values) and len(labels) > 2
        ):
            data |= {"type": "number", **self.where(column)}
        elif declared == "text" or not values or self._is_free_text(labels, values):
            data |= {"type": "text", **self.where(column)}
        elif (scale := match_scale(labels)) is not None:
            off = off_labels(labels)
            data |= {"type": "likert", **self.where(column)}
            data["scale"] = self.scale_id(scale[0], scale[1], off)
        else:
            on, off = self.single_labels(labels)
            if not on:
                on, off = off, []
            background = _is_background(column)
            data |= {"type": "background" if background else "single", **self.where(column)}
            data["labels"] = on
            if off:
                data["off_scale"] = off
        if column.by_code:
            data["text"] = column.text
        return DraftQuestion(data, comments)

    @staticmethod
    def _is_free_text(labels: list[str], values: list[object]) -> bool:
        if len(labels) > 30:
            return True
        mean_length = sum(len(label) for label in labels) / len(labels)
        return len(labels) / len(values) > 0.6 and mean_length >= 15 and len(labels) >= 3


def draft_codebook(raw: RawExport) -> Draft:
    """Guess a codebook from an export (see the module docstring for the rules).

    Parameters
    ----------
    raw
        The export as read by :func:`pipeline.reading.read_export`.

    Returns
    -------
    Draft
        Render it with :func:`render_draft`; the YAML loads with
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
        found = _find(raw, name)
        if found is not None:
            metadata[key] = found
    if "status" in metadata:
        metadata["completed_values"] = list(profile.completed_values)
    identifiers = _identifiers(raw, profile)
    ignored = {_find(raw, name) for name in (*profile.ignored, profile.tester)}
    named = {v for k, v in metadata.items() if k != "completed_values"}
    skip = {s for s in named | set(identifiers) | ignored if isinstance(s, str)}

    completed = _completed(raw, metadata)
    tester = _find(raw, profile.tester)
    if tester is not None:  # test respondents are not among those who finished
        completed &= raw.frame[tester].map(lambda v: v is None or _text(v) != "1")
    builder = _Builder(raw, completed)
    questions = []
    for group in _groups(_columns(raw, skip)):
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
    (an adverse item in an otherwise positive battery); a comment above the
    question says what was proposed and why, for the revisor to check.
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
        question.comments.append(f"SJEKK «direction: {proposal.direction}»: {proposal.reason}.")
        return
    proposals = [propose_direction(text, labels, str(item["label"])) for item in items]
    common = max({p.direction for p in proposals}, key=[p.direction for p in proposals].count)
    data["direction"] = common
    question.comments.append(
        f"SJEKK «direction: {common}»: {next(p.reason for p in proposals if p.direction == common)}."
    )
    for item, proposal in zip(items, proposals, strict=True):
        if proposal.direction != common:
            item["direction"] = proposal.direction
            question.comments.append(
                f"SJEKK «{item['label']}» har «direction: {proposal.direction}»: {proposal.reason}."
            )


# --- writing YAML ------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w ÀÆØÅæøåÀ-ÿ.()/?'-]*")


def scalar(value: object) -> str:
    """A YAML scalar, quoted only when plain text would be read differently.

    >>> scalar("Svært god"), scalar("Ja"), scalar("12"), scalar("a: b"), scalar("Nei")
    ('Svært god', 'Ja', '"12"', '"a: b"', 'Nei')
    """
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text == text.strip():
        try:
            if yaml.safe_load(f"[{text}]") == [text] and yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)


def _flow(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


_KEY_ORDER = (
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


def _question_lines(question: DraftQuestion) -> list[str]:
    lines = [f"  # {comment}" for comment in question.comments]
    first = True
    data = question.data
    keys = [k for k in _KEY_ORDER if k in data] + [k for k in data if k not in _KEY_ORDER]
    for key, value in ((k, data[k]) for k in keys):
        prefix = "  - " if first else "    "
        first = False
        if key in ("items", "options"):
            lines.append(f"{prefix}{key}:")
            lines += [f"      - {_flow(entry)}" for entry in value]  # type: ignore[union-attr]
        else:
            lines.append(f"{prefix}{key}: {_flow(value)}")
    return lines


HEADER = """\
# Utkast til kodebok, laget automatisk fra «{source}».
# Dette er et UTKAST. Gå gjennom det før du bruker det:
#  - id-ene er korte navn laget fra spørsmålsteksten; gi dem gjerne bedre navn
#    (små bokstaver, tall og _). De brukes i analysen og rapporten.
#  - sjekk typen til hvert spørsmål (background, single, likert, multiple, number, text)
#    og at svaralternativene står i riktig rekkefølge (skalaer fra lavest til høyest).
#  - svaralternativer som ingen valgte, mangler i «labels»; legg dem til.
#  - hvem som fikk spørsmålet (ruting, «asked_if») kan ikke leses ut av eksporten;
#    legg det inn for spørsmål som bare ble stilt til noen.
#  - kolonner med personopplysninger står under «identifiers» og fjernes ved innlesing.
#  - «short» er det rapportens setninger kaller spørsmålet («Av de 533 som svarte på
#    spørsmålet om <short>, …»); det er laget fra spørsmålsteksten, så skriv det om.
#  - «direction» sier hvilken ende av en skala som er gunstig: high (høye svar), low (lave
#    svar, f.eks. hvor ofte det er konflikter) eller none (ingen gunstig ende). Forslagene er
#    merket SJEKK; rapportens farger, rangeringer og setninger følger dem.
"""


def render_draft(draft: Draft) -> str:
    """The draft as commented YAML in the format of :mod:`pipeline.codebook.load`."""
    lines = HEADER.format(source=draft.source).splitlines()
    if not draft.platform_detected:
        lines.append(
            "# Plattformen ble ikke gjenkjent fra kolonneoverskriftene; "
            f"sjekk «platform» (gyldige: {', '.join(PLATFORMS)})."
        )
    lines += ["", f"platform: {draft.platform}", ""]
    if draft.metadata:
        lines.append("metadata:")
        lines += [f"  {k}: {_flow(v)}" for k, v in draft.metadata.items()]
        lines.append("")
    lines += [f"identifiers: {_flow(draft.identifiers)}", ""]
    if draft.scales:
        lines.append("scales:")
        for scale_id, scale in draft.scales.items():
            lines.append(f"  {scale_id}:")
            lines += [f"    {k}: {_flow(v)}" for k, v in scale.items()]
        lines.append("")
    lines.append("questions:")
    for question in draft.questions:
        lines += _question_lines(question)
        lines.append("")
    if draft.skipped:
        lines.append(
            "# Kolonner som ikke er tatt med (datoer og klokkeslett; legg dem inn selv om de trengs):"
        )
        lines += [f"#  - {text}" for text in draft.skipped]
    return "\n".join(lines).rstrip("\n") + "\n"


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
