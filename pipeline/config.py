"""Study configuration: the study folder a revisor writes, read into dataclasses.

A study folder (``studies/<id>/``) holds YAML and Markdown only:

- ``study.yaml``: kommune, revisor, bestilling, problemstillinger, the survey
  (platform, export file, dates, invited per sector, inclusion rule);
- ``codebook.yaml``: export columns → variables (:mod:`pipeline.codebook`);
- ``analysis.yaml``: anonymity threshold and which comparisons to run
  (:mod:`pipeline.analysis.config`);
- ``report.yaml`` and ``texts/*.md``: the report's chapters and the revisor's
  prose (:mod:`pipeline.report`);
- ``absence.yaml``: registered sickness absence, optional (:mod:`pipeline.absence`).

The study's raw files live in ``data/raw/<id>/`` and are never written.

Declaring a key
---------------
Every key a study file may hold is declared once, as a field of a small
"keys" dataclass next to the reader that reads it (``StudyKeys`` here,
``CodebookKeys`` in :mod:`pipeline.codebook.load`, …)::

    @dataclass(frozen=True)
    class SurveyKeys:
        '''Undersøkelsen: plattform og eksport.'''   # the section's text in the docs

        platform: str = key("Plattformen eksporten kommer fra.", required=True, choices=PLATFORMS)
        invited: InvitedKeys = key("Hvem som ble invitert.")   # a nested mapping
        reminders: list[dt.date] = key("Datoer for purringer.")

The annotation is the key's type (a nested keys class is a mapping, ``list[X]``
a list of them, ``dict[str, X]`` a mapping with the revisor's own keys), the
text is Norwegian. From these declarations:

- :func:`read_yaml` + :class:`ConfigReader` refuse any key that is not
  declared, naming file, line and the closest valid key;
- a reader that asks for an undeclared key, or with another type than
  declared, fails in the tests (a programming error, not the revisor's);
- ``python -m pipeline studieformat`` writes ``docs/studieformat.md``, and a
  test fails when the committed page differs.

A new key is one line in the right keys class, the reader's ``r.get(...)`` and
``make studieformat``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import functools
import types
import typing
from collections.abc import Hashable
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from pipeline.errors import PipelineError

T = TypeVar("T")

_TYPE_NAMES = {
    str: "tekst",
    int: "heltall",
    float: "tall",
    bool: "ja/nei (true/false)",
    list: "liste",
    dict: "oppslag (nøkkel: verdi)",
    dt.date: "dato (ÅÅÅÅ-MM-DD)",
}

# A study file is a page or two of YAML; a codebook for a long survey is about 100 kB.
MAX_YAML_BYTES = 2_000_000


# --- Declaring keys ---------------------------------------------------------------------------


def key(
    doc: str,
    *,
    required: bool = False,
    default: Any = None,
    choices: tuple[str, ...] = (),
) -> Any:
    """Declare one key of a study file as a field of a keys dataclass.

    Parameters
    ----------
    doc
        What the key means, in Norwegian, as docs/studieformat.md shows it.
    required
        Whether the file must have the key (some keys are required only in
        certain cases; say so in ``doc`` and leave this False).
    default
        The value used when the key is absent, as shown in the docs.
    choices
        The allowed values, when there is a fixed list.
    """
    return field(
        default=None,
        metadata={"doc": doc, "required": required, "default": default, "choices": choices},
    )


@dataclass(frozen=True)
class KeySpec:
    """One declared key: its name, type annotation and documentation."""

    name: str
    kind: Any
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()


def is_keys_class(kind: Any) -> bool:
    """Whether ``kind`` is a keys dataclass (a mapping with declared keys)."""
    return isinstance(kind, type) and is_dataclass(kind)


@functools.cache
def keys_of(cls: type) -> dict[str, KeySpec]:
    """The declared keys of a keys dataclass, in declaration order."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: KeySpec(
            name=f.name,
            kind=hints[f.name],
            doc=f.metadata["doc"],
            required=f.metadata["required"],
            default=f.metadata["default"],
            choices=tuple(f.metadata["choices"]),
        )
        for f in fields(cls)
        if "doc" in f.metadata
    }


def _alternatives(kind: Any) -> tuple[Any, ...]:
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return tuple(a for a in typing.get_args(kind) if a is not type(None))
    return (kind,)


def mapping_kind(kind: Any) -> Any:
    """The mapping an annotation allows: a keys class, a ``dict[str, X]``, or None."""
    for alt in _alternatives(kind):
        if is_keys_class(alt) or typing.get_origin(alt) is dict:
            return alt
    return None


def item_kind(kind: Any) -> Any:
    """The item type of a list an annotation allows, or None."""
    for alt in _alternatives(kind):
        if typing.get_origin(alt) is list:
            args = typing.get_args(alt)
            return args[0] if args else Any
    return None


def _value_kind(mapping: Any) -> Any:
    """What a mapping's values are: a declared key's type, or X in ``dict[str, X]``."""
    args = typing.get_args(mapping)
    return args[1] if len(args) == 2 else Any


def _base(kind: Any) -> Any:
    if is_keys_class(kind):
        return dict
    return typing.get_origin(kind) or kind


def _accepts(kind: Any, asked: type) -> bool:
    """Whether a reader asking for ``asked`` matches the declared annotation."""
    bases = {_base(a) for a in _alternatives(kind)}
    return Any in bases or asked in bases or (asked is float and int in bases)


def _line_of(data: Any, name: Any = None) -> int | None:
    if name is not None:
        return getattr(data, "lines", {}).get(name)
    return getattr(data, "line", None)


def _unknown_key(name: Any, known: list[str], data: Any, file: Path, where: str) -> PipelineError:
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
    under = f" under «{where.rstrip('.')}»" if where else ""
    advice = f"Mente du «{close[0]}»?" if close else f"Gyldige nøkler her: {', '.join(known)}."
    return PipelineError(
        f"Ukjent nøkkel «{name}»{under}. {advice}",
        file=file,
        line=_line_of(data, name),
        hint="Alle nøklene er beskrevet i docs/studieformat.md.",
    )


def check_keys(data: Any, kind: Any, file: Path, where: str = "") -> None:
    """Refuse the first key (in file order) that ``kind`` does not declare, anywhere in ``data``.

    >>> @dataclass(frozen=True)
    ... class PlaceKeys:
    ...     place: str = key("Stedet.")
    >>> check_keys({"palce": "Drammen"}, PlaceKeys, Path("study.yaml"))
    Traceback (most recent call last):
    pipeline.errors.PipelineError: Fil «study.yaml»: Ukjent nøkkel «palce». Mente du «place»?
      Tips: Alle nøklene er beskrevet i docs/studieformat.md.
    """
    if isinstance(data, dict):
        mapping = mapping_kind(kind)
        if is_keys_class(mapping):
            known = keys_of(mapping)
            for name, value in data.items():
                spec = known.get(str(name))
                if spec is None:
                    raise _unknown_key(name, list(known), data, file, where)
                check_keys(value, spec.kind, file, f"{where}{name}.")
        elif mapping is not None:
            for name, value in data.items():
                check_keys(value, _value_kind(mapping), file, f"{where}{name}.")
    elif isinstance(data, list):
        item = item_kind(kind)
        if item is not None:
            for i, value in enumerate(data, start=1):
                check_keys(value, item, file, f"{where.rstrip('.')}[{i}].")


# --- Reading YAML safely ----------------------------------------------------------------------


class _Mapping(dict):
    """A YAML mapping that remembers the line of each key (1-based), for messages."""

    __slots__ = ("line", "lines")


class _Refused(yaml.MarkedYAMLError):
    """Something valid YAML allows and a study file does not (anchors, duplicate keys)."""


class _StudyLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, and with line numbers for keys.

    Aliases are refused because nested aliases expand exponentially (the
    "billion laughs" file) and because a study file is read by people, who
    should see every value where it applies.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(
                problem="Ankere og aliaser (&, *) er ikke tillatt i studiefiler.",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _StudyLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        name = loader.construct_object(key_node, deep=True)
        if not isinstance(name, Hashable):
            raise _Refused(
                problem="En nøkkel kan ikke være en liste eller et oppslag.",
                problem_mark=key_node.start_mark,
            )
        if name in mapping.lines:
            raise _Refused(
                problem=f"Nøkkelen «{name}» står to ganger "
                f"(første gang på linje {mapping.lines[name]}).",
                problem_mark=key_node.start_mark,
            )
        mapping.lines[name] = key_node.start_mark.line + 1
        mapping[name] = loader.construct_object(value_node, deep=True)
    return mapping


def _construct_timestamp(loader: _StudyLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:  # 2025-02-30 looks like a date and is not one
        raise _Refused(
            problem=f"«{node.value}» er ikke en gyldig dato.", problem_mark=node.start_mark
        ) from exc


_StudyLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_StudyLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# PyYAML's messages for the mistakes people make by hand, in Norwegian.
_YAML_PROBLEMS = (
    (
        "mapping values are not allowed",
        "et kolon står der det ikke kan stå. En tekst med kolon må stå i anførselstegn.",
    ),
    ("could not find expected ':'", "fant ikke kolonet etter en nøkkel."),
    (
        "cannot start any token",
        "tegnet kan ikke stå her (tabulator kan ikke brukes til innrykk; bruk mellomrom).",
    ),
    ("expected <block end>", "innrykket stemmer ikke med linjene over."),
    ("expected ',' or ']'", "en liste i [hakeparenteser] er ikke lukket riktig."),
    ("expected ',' or '}'", "et oppslag i {krøllparenteser} er ikke lukket riktig."),
    ("but found '<stream end>'", "filen slutter før en liste eller et oppslag er lukket."),
    ("found unexpected end of stream", "filen slutter før et anførselstegn er lukket."),
    (
        "unknown escape character",
        "ukjent tegn etter \\ i en tekst i doble anførselstegn. Bruk enkle anførselstegn.",
    ),
    ("expected a comment or a line break", "noe står etter en verdi på samme linje."),
    ("block sequence entries are not allowed", "en liste («- ») står der det ikke kan stå."),
    ("expected <document start>", "filen skal bare inneholde ett YAML-dokument."),
)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    for english, norwegian in _YAML_PROBLEMS:
        if english in problem:
            return f"Filen er ikke gyldig YAML: {norwegian}"
    return f"Filen er ikke gyldig YAML (teknisk beskrivelse: {problem})."


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a study file's YAML mapping, refusing what a study file must not hold.

    The file must be UTF-8, at most :data:`MAX_YAML_BYTES`, valid YAML with
    one mapping at the top, without anchors, aliases or duplicate keys. Each
    problem is a Norwegian :class:`PipelineError` with line and column.
    Mappings in the result remember the line of each key (for messages).
    """
    path = Path(path)
    if not path.is_file():
        raise PipelineError("Filen finnes ikke.", file=path)
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        from pipeline.formatting import integer

        raise PipelineError(
            f"Filen er for stor for en studiefil ({integer(size)} byte; "
            f"grensen er {integer(MAX_YAML_BYTES)} byte).",
            file=path,
        )
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PipelineError("Filen er ikke lagret som UTF-8.", file=path) from exc
    try:
        data = yaml.load(text, Loader=_StudyLoader)  # noqa: S506 (a safe loader, see above)
    except _Refused as exc:
        mark = exc.problem_mark
        raise PipelineError(
            str(exc.problem), file=path, line=mark.line + 1, col=mark.column + 1
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise PipelineError(
            _yaml_problem(exc),
            file=path,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from exc
    except yaml.YAMLError as exc:
        raise PipelineError(_yaml_problem(exc), file=path) from exc
    except RecursionError as exc:  # thousands of nested brackets
        raise PipelineError("Filen er for dypt nestet til å være en studiefil.", file=path) from exc
    if data is None:
        data = _Mapping()
        data.line, data.lines = 1, {}
    if not isinstance(data, dict):
        raise PipelineError("Filen skal inneholde nøkler og verdier (et YAML-oppslag).", file=path)
    return data


@dataclass(frozen=True)
class ConfigReader:
    """Typed access to one YAML mapping, naming file, line and key path in errors.

    ``kind`` is the mapping's keys class (see "Declaring a key" above). A root
    reader (no ``prefix``) refuses every undeclared key in the whole file when
    it is made; asking for an undeclared key is a programming error.

    >>> r = ConfigReader({"k": 5}, Path("analysis.yaml"))
    >>> r.get("k", int)
    5
    >>> r.get("missing", int, 3)
    3
    """

    data: dict[str, Any]
    file: Path
    prefix: str = ""
    kind: Any = None

    def __post_init__(self) -> None:
        if self.kind is not None and not self.prefix:
            check_keys(self.data, self.kind, self.file)

    @classmethod
    def load(cls, path: Path | str, kind: type) -> ConfigReader:
        """Read a study file (:func:`read_yaml`) and check its keys against ``kind``."""
        return cls(read_yaml(Path(path)), Path(path), kind=kind)

    def _where(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _spec(self, key: str, asked: type) -> KeySpec:
        """The declaration of ``key`` (Any without one); checks the reader asks as declared."""
        mapping = mapping_kind(self.kind) if self.kind is not None else None
        if mapping is None:
            return KeySpec(key, Any, "")
        if not is_keys_class(mapping):
            return KeySpec(key, _value_kind(mapping), "")
        spec = keys_of(mapping).get(key)
        if spec is None:
            raise LookupError(f"{mapping.__name__} declares no key {key!r}: add it with key(...)")
        if not _accepts(spec.kind, asked):
            raise TypeError(f"{mapping.__name__}.{key} is declared {spec.kind}, read as {asked}")
        return spec

    def has(self, key: str) -> bool:
        return key in self.data and self.data[key] is not None

    def line(self, key: str | None = None) -> int | None:
        """The line of ``key`` in the file (or of this mapping), when known."""
        return _line_of(self.data, key) if key is not None else _line_of(self.data)

    def get(self, key: str, kind: type[T], default: Any = ...) -> T:
        """The value at ``key``; required when no ``default`` is given.

        A declared ``choices`` list is enforced here, with the closest choice as a hint.
        """
        spec = self._spec(key, kind)
        if not self.has(key):
            if default is ...:
                raise PipelineError(
                    f"Nøkkelen «{self._where(key)}» mangler.", file=self.file, line=self.line()
                )
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if kind is dt.date and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is dt.date and isinstance(value, dt.datetime):
            ok = False
        if not ok:
            raise PipelineError(
                f"«{self._where(key)}» skal være {_TYPE_NAMES.get(kind, kind.__name__)}.",
                file=self.file,
                values=(value,),
                line=self.line(key),
            )
        if spec.choices and value not in spec.choices:
            close = difflib.get_close_matches(str(value), spec.choices, n=1, cutoff=0.5)
            raise PipelineError(
                f"«{self._where(key)}» skal være en av {', '.join(spec.choices)}.",
                file=self.file,
                values=(value,),
                line=self.line(key),
                hint=f"Mente du «{close[0]}»?" if close else None,
            )
        return value  # type: ignore[return-value]

    def section(self, key: str, *, required: bool = True) -> ConfigReader:
        """A reader for the mapping at ``key`` (empty when optional and absent)."""
        kind = mapping_kind(self._spec(key, dict).kind)
        if not self.has(key) and not required:
            return ConfigReader({}, self.file, f"{self._where(key)}.", kind)
        return ConfigReader(self.get(key, dict), self.file, f"{self._where(key)}.", kind)

    def sections(self, key: str, *, required: bool = False) -> list[ConfigReader]:
        """Readers for a list of mappings at ``key``."""
        kind = item_kind(self._spec(key, list).kind)
        items = self.get(key, list) if required else self.get(key, list, [])
        readers = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                raise PipelineError(
                    f"Element {i} i «{self._where(key)}» skal være et oppslag (nøkkel: verdi).",
                    file=self.file,
                    line=self.line(key),
                )
            readers.append(ConfigReader(item, self.file, f"{self._where(key)}[{i}].", kind))
        return readers

    def strings(self, key: str, default: Any = ...) -> list[str]:
        """A list of texts at ``key``."""
        items = self.get(key, list, default)
        return [str(x) for x in items]


PLATFORMS = ("questback_essentials", "efs", "surveyxact")
INCLUSION_RULES = ("all_available", "completed_only")


# --- study.yaml: the declared keys --------------------------------------------------------------


@dataclass(frozen=True)
class ProblemstillingKeys:
    """Én problemstilling med revisjonskriteriene som er utledet for den."""

    id: str = key("Kort id som report.yaml viser til, f.eks. «p1».", required=True)
    text: str = key("Problemstillingen slik den står i rapporten.", required=True)
    criteria: list[str] = key("Revisjonskriteriene for problemstillingen, ett punkt per kriterium.")


@dataclass(frozen=True)
class InvitedKeys:
    """Hvor mange som ble invitert, fordelt på en bakgrunnsvariabel. Grunnlaget for svarprosenten."""

    variable: str = key(
        "Id-en til bakgrunnsvariabelen i codebook.yaml som fordeler de inviterte, f.eks. «etat».",
        required=True,
    )
    counts: dict[str, int] = key(
        "Antall inviterte per gruppe: gruppenavnet slik det står i eksporten, og et heltall. "
        "Påkrevd, unntatt med «from_export: true».",
    )
    from_export: bool = key(
        "Tell inviterte per gruppe fra eksporten (EFS og SurveyXact, der alle inviterte er "
        "rader med bakgrunnsvariabelen). Står «counts» også, må tallene stemme med eksporten. "
        "Kan ikke brukes med Questback Essentials.",
        default=False,
    )


@dataclass(frozen=True)
class SurveyKeys:
    """Spørreundersøkelsen: plattform, eksportfil, datoer og hvem som ble invitert."""

    platform: str = key("Plattformen eksporten kommer fra.", required=True, choices=PLATFORMS)
    export: str = key(
        "Filnavnet til eksporten i data/raw/<id>/, uten mappe. For SurveyXact er det "
        "datafilen (dataset), se README.",
        required=True,
    )
    sheet: str = key("Arket i en xlsx-eksport, når det ikke er det første.")
    invitation: dt.date = key("Datoen invitasjonen ble sendt.", required=True)
    reminders: list[dt.date] = key("Datoene for purringer (tom liste når ingen ble sendt).")
    closed: dt.date = key("Datoen undersøkelsen ble stengt.", required=True)
    invited: InvitedKeys = key("Antall inviterte per gruppe.", required=True)
    inclusion: str = key(
        "Hvilke svar som tas med: «all_available» tar med delvise svar der de finnes, "
        "«completed_only» bare fullførte besvarelser.",
        default="all_available",
        choices=INCLUSION_RULES,
    )
    background_from_invitation: bool = key(
        "true når bakgrunnsvariabelen kommer fra invitasjonslisten (et skjult felt i eksporten), "
        "ikke fra et spørsmål respondenten svarte på.",
        default=False,
    )


@dataclass(frozen=True)
class SignatureKeys:
    """Én som signerer rapporten."""

    name: str = key("Navnet.", required=True)
    role: str = key("Rollen, f.eks. «Oppdragsansvarlig revisor».", required=True)


@dataclass(frozen=True)
class RedactionKeys:
    """Fjerning av navn i fritekst utover listene over vanlige norske fornavn og etternavn."""

    names: list[str] = key(
        "Lokale navn (personer, steder, enheter) som skal fjernes fra fritekstsvarene, "
        "uansett store eller små bokstaver."
    )


@dataclass(frozen=True)
class InterviewKeys:
    """Ett intervju revisjonen har gjennomført."""

    role: str = key("Rollen til den som ble intervjuet, f.eks. «HR-leder».", required=True)
    unit: str = key("Enheten eller arbeidsstedet.", default="")
    date: dt.date = key("Datoen for intervjuet.")


@dataclass(frozen=True)
class SourcesKeys:
    """Datakildene ved siden av spørreundersøkelsen (tabellen «Datakilder» i metodekapitlet)."""

    documents: list[str] = key("Dokumentene som er gjennomgått, ett per linje.")
    interviews: list[InterviewKeys] = key("Intervjuene, med rolle, enhet og dato.")


@dataclass(frozen=True)
class HoeringKeys:
    """Høringen: når utkastet ble sendt, til hvem, og uttalelsen som kom tilbake."""

    sent: dt.date = key("Datoen utkastet ble sendt på høring.")
    to: str = key("Hvem utkastet ble sendt til, f.eks. «kommunedirektøren».", default="")
    answered: dt.date = key("Datoen på uttalelsen (texts/uttalelse.md).")
    answered_by: str = key("Hvem som har skrevet uttalelsen, med navn og rolle.", default="")


@dataclass(frozen=True)
class StudyKeys:
    """Studien: kommunen, bestillingen, problemstillingene og spørreundersøkelsen."""

    id: str = key(
        "Studiens id, lik mappenavnet, f.eks. «modum-2025». Rådata ligger i data/raw/<id>/.",
        required=True,
    )
    kommune: str = key(
        "Kommunens navn slik rapporten skriver det, f.eks. «Modum kommune».", required=True
    )
    title: str = key("Rapportens tittel.", required=True)
    revisor: str = key("Revisjonsselskapet som skriver rapporten.", required=True)
    report_date: dt.date = key("Rapportens dato.", required=True)
    ordered_by: str = key(
        "Bestillingen, f.eks. «Kontrollutvalget, sak 42/24, 06.09.2024».", required=True
    )
    purpose: str = key(
        "Formålet med prosjektet som en hel setning, slik det står i rapporten "
        "(«Formålet med undersøkelsen er å vurdere …»).",
        required=True,
    )
    problemstillinger: list[ProblemstillingKeys] = key("Problemstillingene.", required=True)
    survey: SurveyKeys = key("Spørreundersøkelsen.", required=True)
    place: str = key("Stedet i signaturen («Drammen, den …»).", default="")
    signatures: list[SignatureKeys] = key("De som signerer rapporten.")
    redaction: RedactionKeys = key(
        "Navn som skal fjernes fra fritekst i tillegg til vanlige fornavn og etternavn."
    )
    sources: SourcesKeys = key("Dokumenter og intervjuer rapporten bygger på.")
    hoering: HoeringKeys = key(
        "Høringen. En dato eller et navn som mangler, vises som plassholder i utkastet."
    )
    example: bool = key(
        "true for et eksempel med syntetiske data: forsiden, sidehodet og hver figurtekst "
        "sier det.",
        default=False,
    )
    final: bool = key(
        "true når rapporten er endelig: da er en tekst som mangler, en feil i stedet for en "
        "plassholder «[Revisor skriver her: …]».",
        default=False,
    )


@dataclass(frozen=True)
class Problemstilling:
    """One audit question with its derived criteria (revisjonskriterier)."""

    id: str
    text: str
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Survey:
    """How the survey was run: platform, export file, dates and who was invited."""

    platform: str
    export: Path
    invitation: dt.date
    reminders: tuple[dt.date, ...]
    closed: dt.date
    invited_by: str
    invited: dict[str, int]  # as stated in study.yaml (may be empty with invited_from_export)
    inclusion: str = "all_available"  # or "completed_only"
    sheet: str | None = None
    background_from_invitation: bool = False
    # count invited per group from the export's invitee rows (EFS, SurveyXact); checked
    # against ``invited`` when both are given
    invited_from_export: bool = False

    @property
    def invited_total(self) -> int:
        return sum(self.invited.values())

    def with_invited(self, counts: dict[str, int] | None) -> Survey:
        """The survey with the invited counts ingest settled on (from study.yaml or the export)."""
        return self if counts is None else dataclasses.replace(self, invited=dict(counts))


@dataclass(frozen=True)
class Interview:
    """One interview the revisor held: the interviewee's role, where they work, and when."""

    role: str
    unit: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Sources:
    """The data sources besides the survey (RSK 001: documents and interviews)."""

    documents: tuple[str, ...] = ()
    interviews: tuple[Interview, ...] = ()


@dataclass(frozen=True)
class Hoering:
    """The høring: when the draft went to whom, and the dated uttalelse that came back."""

    sent: dt.date | None = None
    to: str = ""
    answered: dt.date | None = None
    answered_by: str = ""  # who signed the uttalelse (name and role)


@dataclass(frozen=True)
class StudyConfig:
    """Everything in ``study.yaml``."""

    id: str
    kommune: str
    title: str
    revisor: str
    report_date: dt.date
    ordered_by: str
    purpose: str
    problemstillinger: tuple[Problemstilling, ...]
    survey: Survey
    place: str = ""
    signatures: tuple[tuple[str, str], ...] = ()
    hoering: Hoering = Hoering()
    sources: Sources = Sources()
    example: bool = False  # synthetic data: the report says so on every page
    final: bool = False  # the report is final: a missing revisor text is an error
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Study:
    """A study folder and where its raw files are."""

    root: Path
    config: StudyConfig
    raw_dir: Path

    @property
    def id(self) -> str:
        return self.config.id

    @property
    def export_path(self) -> Path:
        """The export in ``data/raw/<id>/`` (a symbolic link out of the folder is refused)."""
        return raw_path(
            self.raw_dir,
            self.config.survey.export,
            key="survey.export",
            file=self.file("study.yaml"),
        )

    @property
    def codebook_path(self) -> Path:
        return self.root / "codebook.yaml"

    def file(self, name: str) -> Path:
        """A file in the study folder."""
        return self.root / name


@dataclass(frozen=True)
class Paths:
    """Where a run writes: processed data and reports (overridable for tests)."""

    processed: Path = Path("data/processed")
    reports: Path = Path("reports")

    @property
    def responses(self) -> Path:
        return self.processed / "responses.parquet"

    @property
    def manifest(self) -> Path:
        return self.processed / "manifest.json"

    @property
    def validation(self) -> Path:
        return self.processed / "validation.json"

    @property
    def results(self) -> Path:
        return self.processed / "results.json"

    @property
    def absence(self) -> Path:
        return self.processed / "absence.json"

    @property
    def figures(self) -> Path:
        return self.reports / "figures"


def plain_file_name(r: ConfigReader, key: str) -> str:
    """A raw file's name from a study file: a plain name, no folder, no «..», not absolute."""
    value = r.get(key, str)
    if value in ("", ".", "..") or "/" in value or "\\" in value or Path(value).is_absolute():
        raise PipelineError(
            f"«{r.prefix}{key}» skal være bare et filnavn i data/raw/<id>/, "
            "uten mappe, «..» eller full sti.",
            file=r.file,
            values=(value,),
            line=r.line(key),
            hint="Legg (en kopi av) filen i data/raw/<id>/ og skriv bare filnavnet, "
            "f.eks. «eksport.xlsx».",
        )
    return value


def raw_path(raw_dir: Path, name: Path | str, *, key: str, file: Path) -> Path:
    """``raw_dir / name``, refusing a symbolic link that leads out of ``raw_dir``.

    ``key`` and ``file`` name where the file name was given (e.g. ``survey.export``
    in ``study.yaml``), so the message says what to change.
    """
    path = Path(raw_dir) / name
    if (path.is_symlink() or path.exists()) and not path.resolve().is_relative_to(
        Path(raw_dir).resolve()
    ):
        raise PipelineError(
            f"«{key}» peker ut av {raw_dir}/ (filen er en symbolsk lenke til "
            f"{path.resolve()}). Rådata skal ligge i studiens egen mappe.",
            file=file,
            values=(str(name),),
            hint=f"Kopier filen inn i {raw_dir}/ i stedet for å lenke til den.",
        )
    return path


def _survey(r: ConfigReader) -> Survey:
    platform = r.get("platform", str)
    inclusion = r.get("inclusion", str, "all_available")
    invited = r.section("invited")
    from_export = invited.get("from_export", bool, False)
    counts = invited.get("counts", dict, {} if from_export else ...)
    if from_export and platform == "questback_essentials":
        raise PipelineError(
            f"«{r.prefix}invited.from_export» kan ikke brukes med Questback Essentials: "
            "svareksporten lister ikke alle inviterte.",
            file=r.file,
            hint="Oppgi antall inviterte per gruppe under «invited: counts:».",
        )
    for group, count in counts.items():
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise PipelineError(
                f"Antall inviterte for «{group}» skal være et heltall ≥ 0.",
                file=r.file,
                values=(count,),
                line=invited.section("counts").line(group),
            )
    reminders = tuple(
        ConfigReader({"d": d}, r.file, f"{r.prefix}reminders").get("d", dt.date)
        for d in r.get("reminders", list, [])
    )
    return Survey(
        platform=platform,
        export=Path(plain_file_name(r, "export")),
        invitation=r.get("invitation", dt.date),
        reminders=reminders,
        closed=r.get("closed", dt.date),
        invited_by=invited.get("variable", str),
        invited={str(k): int(v) for k, v in counts.items()},
        inclusion=inclusion,
        sheet=r.get("sheet", str, None),
        background_from_invitation=r.get("background_from_invitation", bool, False),
        invited_from_export=from_export,
    )


def study_file_kinds() -> dict[str, type]:
    """Each study file and its keys class, in the order docs/studieformat.md describes them."""
    # Imported here: those modules import this one.
    from pipeline.absence.config import AbsenceKeys
    from pipeline.analysis.config import AnalysisKeys
    from pipeline.codebook.load import CodebookKeys
    from pipeline.report.config import ReportKeys

    return {
        "study.yaml": StudyKeys,
        "codebook.yaml": CodebookKeys,
        "analysis.yaml": AnalysisKeys,
        "report.yaml": ReportKeys,
        "absence.yaml": AbsenceKeys,
    }


def check_study_files(root: Path) -> None:
    """Read every study file in ``root`` and refuse bad YAML or an unknown key in any of them.

    Every stage calls this (through :func:`load_study`), so a mistake in
    ``report.yaml`` stops ``make report`` before ingest, not after figures.
    """
    for name, kind in study_file_kinds().items():
        path = Path(root) / name
        if path.is_file():
            ConfigReader.load(path, kind)


def _hoering(r: ConfigReader) -> Hoering:
    return Hoering(
        sent=r.get("sent", dt.date, None),
        to=r.get("to", str, ""),
        answered=r.get("answered", dt.date, None),
        answered_by=r.get("answered_by", str, ""),
    )


def _sources(r: ConfigReader) -> Sources:
    return Sources(
        documents=tuple(r.strings("documents", [])),
        interviews=tuple(
            Interview(
                role=i.get("role", str),
                unit=i.get("unit", str, ""),
                date=i.get("date", dt.date, None),
            )
            for i in r.sections("interviews")
        ),
    )


def load_study(root: Path | str, raw_root: Path | str = Path("data/raw")) -> Study:
    """Read ``study.yaml`` from a study folder, after checking every study file in it.

    Parameters
    ----------
    root
        The study folder, e.g. ``studies/modum-2025``.
    raw_root
        Where raw exports live; the study's files are in ``raw_root/<id>/``.
    """
    root = Path(root)
    if not root.is_dir():
        raise PipelineError("Studiemappen finnes ikke.", file=root)
    check_study_files(root)
    r = ConfigReader.load(root / "study.yaml", StudyKeys)
    problems = tuple(
        Problemstilling(
            id=p.get("id", str),
            text=p.get("text", str),
            criteria=tuple(p.strings("criteria", [])),
        )
        for p in r.sections("problemstillinger", required=True)
    )
    # Declared keys this reader does not model (e.g. «redaction») stay available here.
    known = {"id", "kommune", "title", "revisor", "report_date", "ordered_by", "purpose"}
    known |= {"problemstillinger", "survey", "place", "signatures", "hoering", "sources"}
    known |= {"example", "final"}
    config = StudyConfig(
        id=r.get("id", str),
        kommune=r.get("kommune", str),
        title=r.get("title", str),
        revisor=r.get("revisor", str),
        report_date=r.get("report_date", dt.date),
        ordered_by=r.get("ordered_by", str),
        purpose=r.get("purpose", str),
        problemstillinger=problems,
        survey=_survey(r.section("survey")),
        place=r.get("place", str, ""),
        signatures=tuple(
            (s.get("name", str), s.get("role", str)) for s in r.sections("signatures")
        ),
        hoering=_hoering(r.section("hoering", required=False)),
        sources=_sources(r.section("sources", required=False)),
        example=r.get("example", bool, False),
        final=r.get("final", bool, False),
        extra={k: v for k, v in r.data.items() if k not in known},
    )
    return Study(root=root, config=config, raw_dir=Path(raw_root) / config.id)
