"""Drafting from a question's wording: its short label and which end of its scale is favourable.

Both are proposals for ``codebook draft``: the revisor checks and edits them in
``codebook.yaml``. The rules are deliberately plain, so a revisor can predict them:

* a scale of counts or amounts ("0", "1–2", "år", "timer") has no favourable end;
* a rating from "dårlig" to "god" is favourable at the high end, even for an
  adverse topic ("Stress: Svært god" is a good answer);
* on any other scale, a question or item about something adverse (conflicts,
  stress, "uheldige", "negativt", "belastning", "plaget" …) is favourable at the
  low end, whether the scale counts how often it happens or how much the
  respondent agrees;
* anything else (uenig–enig, liten–stor grad, aldri–alltid) is favourable at
  the high end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Word stems that make a question about something adverse (bokmål, lower case).
ADVERSE_STEMS = (
    "belastning",
    "konflikt",
    "mobb",
    "negativ",
    "plage",
    "plaget",
    "problem",
    "press",
    "sjikane",
    "skade",
    "slit",
    "smerte",
    "stress",
    "trakass",
    "trussel",
    "trusler",
    "ubehag",
    "uheldig",
    "uønsket",
    "utbrent",
    "vold",
    "bekymr",
)
_FREQUENCY = ("aldri", "sjelden", "ofte", "alltid", "av og til", "daglig", "ukentlig")
_AMOUNT = re.compile(r"\d|\b(år|måned|uke|dag|dager|timer|time|antall|ganger)\b")
_QUESTION_OPENINGS = re.compile(
    r"^(på en skala[^,]*,\s*)?(i hvilken grad|hvor ofte|hvor enig eller uenig er du i at|"
    r"hvor enig eller uenig|hvordan|hvilken|hvilke|hva|har du|er du|opplever du|ble|skyldtes)\b\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Proposal:
    """A proposed ``direction`` and why, for the comment beside it in the draft."""

    direction: str
    reason: str


def adverse_words(text: str) -> list[str]:
    """The adverse words in ``text`` (whole words starting with an adverse stem).

    >>> adverse_words("Jeg opplever at arbeidsoppgavene mine gir uheldige fysiske belastninger")
    ['uheldige', 'belastninger']
    >>> adverse_words("Kontakten med leder")
    []
    """
    words = re.findall(r"[a-zæøå]+", text.lower())
    found = []
    for word in words:
        for stem in ADVERSE_STEMS:
            # A stem at the start of the word or of a compound's last part ("arbeidspress").
            if word.startswith(stem) or (len(stem) >= 5 and stem in word):
                found.append(word)
                break
    return found


def propose_direction(text: str, labels: Sequence[str], item: str | None = None) -> Proposal:
    """Which end of ``labels`` is favourable for a question (and item), with the reason.

    Examples
    --------
    >>> propose_direction("Hvor ofte opplever du å være involvert i ubehagelige konflikter med:",
    ...                   ["Aldri", "Sjeldent", "Av og til", "Ofte", "Svært ofte"], "Ledere").direction
    'low'
    >>> propose_direction("Hvordan vurderer du:", ["Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt"]).direction
    'high'
    >>> propose_direction("Hvordan opplever du arbeidsmiljøet:", ["Svært dårlig", "Dårlig", "Middels",
    ...                   "God", "Svært god"], "Stress").direction
    'high'
    >>> propose_direction("Hvor enig er du i at:", ["Svært uenig", "Uenig", "Nøytral", "Enig", "Svært enig"],
    ...                   "Arbeidsoppgavene gir uheldige belastninger").direction
    'low'
    >>> propose_direction("Hvor mange år har du jobbet her?", ["0–2 år", "3–5 år", "6 år eller mer"]).direction
    'none'
    """
    joined = " ".join(labels).lower()
    if all(_AMOUNT.search(label.lower()) for label in labels):
        return Proposal("none", "svaralternativene er antall eller tid, uten gunstig ende")
    if "dårlig" in joined and "god" in joined:
        return Proposal("high", "en vurdering fra dårlig til god: høye svar er gunstige")
    adverse = adverse_words(f"{text} {item or ''}")
    frequency = any(word in joined for word in _FREQUENCY)
    if adverse:
        kind = "hvor ofte" if frequency else "hvor mye"
        return Proposal(
            "low",
            f"spørsmålet gjelder noe uheldig («{adverse[0]}»), så lave svar ({kind}) er gunstige",
        )
    if frequency:
        return Proposal(
            "high", "hyppighetsskala uten ord om noe uheldig: sjekk at «ofte» er gunstig"
        )
    return Proposal("high", "høye svar er gunstige på denne skalaen")


def draft_short(text: str, limit: int = 60) -> str:
    """A short label drafted from a question text, for sentences such as «spørsmålet om …».

    Drops a leading question phrase, parentheses and the closing mark; cuts long
    texts at a word. The revisor edits it in ``codebook.yaml`` (``short:``).

    >>> draft_short("Hvordan opplever du samarbeidet mellom ledelsen og tillitsvalgte?")
    'samarbeidet mellom ledelsen og tillitsvalgte'
    >>> draft_short("Hvilken rolle har du?")
    'rolle'
    """
    short = re.sub(r"\([^)]*\)", "", text)
    short = short.split(":")[0] if ":" in short.rstrip(": ") else short
    short = short.strip().rstrip("?:.!").strip()
    short = re.sub(r"^(?:Hvordan|Hvor ofte|I hvilken grad)\s+\w+\s+du\s+(?:å\s+|at\s+)?", "", short)
    short = _QUESTION_OPENINGS.sub("", short).strip()
    short = re.sub(r"\s+(har|er|hadde|var)\s+du$", "", short)
    short = re.sub(r"\s+", " ", short) or text.strip()
    if len(short) > limit:
        short = short[:limit].rsplit(" ", 1)[0] + " …"
    return short[:1].lower() + short[1:] if not short[:2].isupper() else short
