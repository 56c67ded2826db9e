"""The example study's answer plan: who answered what, as a table of counts.

Every count here comes from the Modum report (``tests/data/example/modum-2025-survey.yaml``,
described in ``docs/example-study.md``) or is chosen to
reproduce a published share. The generator hands these counts out to respondents;
it never samples answers and hopes they land near a target.

The arithmetic that ties the counts together
--------------------------------------------
558 started, 69 did not finish (40 Helse og velferd, 29 Familie og oppvekst), so
489 completed. Completers answer every required question they are routed to;
a partial respondent answers everything up to the question where they stopped
and nothing after it (:data:`DROPOUTS`). Partial answers count (inclusion
``all_available``), which is why early questions have more than 489 answers:

- medarbeidersamtale, 545 answers: Helse og velferd 93 + 126 = 219 = 187
  completers + 32 partials who reached it; Familie og oppvekst 264 + 62 = 326 =
  302 completers + 24 partials. 13 partials stopped before it (7 answered
  nothing, 6 only the role).
- sykemeldt16, 533 answers = 489 completers + 44 partials who reached it
  (12 more stopped after the medarbeidersamtale questions). Ja 212 = 192
  completers + 20 partials; Nei 321 = 297 completers + 24 partials.
- fravaer_arbeidsrelatert, 214 answers = the 212 who said Ja + 2 completers who
  said Nei to sykemeldt16 but answered it anyway (a routing violation the
  validation must flag; both answered "Nei"). 8 partials who said Ja stopped
  right after it (all answered "Nei", so they were not routed further).
- forhold, 82 respondents = 26 + 23 + 33 who named a work-related cause; 6 of
  them are partials who stopped after it. 126 mentions in all.
- tiltak and ansatt_vurdering, 198 respondents = 192 completers who said Ja +
  6 partials who said Ja and went on. The employees' ratings of figure 20 are
  counted among those who gave a rating; the rest said "Ikke aktuelt".
- fysisk, 506 = 489 completers + 17 partials who stopped after it (the 19
  "late" partials: 2 stopped after ansatt_vurdering). Everything after fysisk
  is answered by the 489 completers only, so psyk_stress has 489 answers
  (34 + 108 + 215 + 112 + 20).
- Roles: 551 answered rolle (558 − 7 who answered nothing). 64 completers are
  leaders, tillitsvalgte or verneombud (30/18/16); 3 partials are, and 2 of them
  (1 tillitsvalgt, 1 verneombud) reached samarbeid and rutiner: 66 asked there.
  samarbeid: 41 ratings + 17 "Vet ikke" + 8 left blank = 66. leder_involvert:
  the 64 completers, 58 Ja. rammer: 59 of the 64 answered, 5 left it blank.
- 50 of the 69 partials stopped within the first ten questions (at or before
  forhold, question 9 after the hidden etat); 19 went on to question 11 or 12.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SEED = 20250122

HV = "Helse og velferd"
FO = "Familie og oppvekst"
ETATS = (HV, FO)

# Completed respondents per etat (187 + 302 = 489); see the module docstring.
COMPLETED = {HV: 187, FO: 302}

PARTIAL_ROLE = "Ansatt"  # a partial respondent's role unless the dropout group says otherwise
ROLE_GROUP = ("Leder", "Tillitsvalgt", "Verneombud")
SKIP = None  # "left the question blank" in a count table


@dataclass(frozen=True)
class Dropout:
    """A group of partial respondents who stopped after the same question.

    ``fixed`` gives answers the group must have so that the routing and the
    counts work out: one label for all members, or one per member (Helse og
    velferd members first).
    """

    stop: str | None  # id of the last question answered; None = answered nothing
    hv: int
    fo: int
    fixed: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.hv + self.fo


WORK_RELATED = ("Fysiske faktorer", "Psykososiale faktorer", "Begge deler")

DROPOUTS: tuple[Dropout, ...] = (
    # 13 stop before medarbeidersamtale (8 HV, 5 FO).
    Dropout(None, 4, 3),
    Dropout("rolle", 4, 2, {"rolle": ("Leder",) + ("Ansatt",) * 5}),
    # 12 stop after the medarbeidersamtale questions (7 HV, 5 FO).
    Dropout("medarbeidersamtale", 4, 2),
    Dropout("rutiner", 3, 3, {"rolle": ("Tillitsvalgt", "Verneombud") + ("Ansatt",) * 4}),
    # 25 stop at the sick-leave questions (14 HV, 11 FO), still within the first ten.
    Dropout("sykemeldt16", 6, 5, {"sykemeldt16": ("Nei",)}),
    Dropout(
        "fravaer_arbeidsrelatert",
        5,
        3,
        {"sykemeldt16": ("Ja",), "fravaer_arbeidsrelatert": ("Nei",)},
    ),
    Dropout(
        "forhold",
        3,
        3,
        {"sykemeldt16": ("Ja",), "fravaer_arbeidsrelatert": WORK_RELATED * 2},
    ),
    # 19 go past the tenth question (11 HV, 8 FO).
    Dropout("ansatt_vurdering", 1, 1, {"sykemeldt16": ("Ja",)}),
    Dropout("fysisk", 2, 2, {"sykemeldt16": ("Ja",)}),
    Dropout("fysisk", 8, 5, {"sykemeldt16": ("Nei",)}),
)

# Respondents (completers) who said Nei to sykemeldt16 and still answered the follow-up.
ROUTING_VIOLATIONS = 2
ROUTING_VIOLATION_ANSWER = "Nei"

# --- Exact counts (label: count, worst/first label first) -------------------------------

ROLES = {"Leder": 31, "Tillitsvalgt": 19, "Verneombud": 17, "Ansatt": 484}  # 551 answers

MEDARBEIDERSAMTALE = {HV: {"Nei": 126, "Ja": 93}, FO: {"Nei": 62, "Ja": 264}}

SAMARBEID = {
    "Svært dårlig": 1,
    "Dårlig": 6,
    "Middels": 13,
    "Godt": 14,
    "Svært godt": 7,
    "Vet ikke": 17,
    SKIP: 8,
}

SYKEMELDT16 = {"Ja": 212, "Nei": 321}

FRAVAER = {
    "Nei": 132,
    "Fysiske faktorer": 26,
    "Psykososiale faktorer": 23,
    "Begge deler": 33,
}

FORHOLD = {  # mentions per option among the 82
    "Dårlig fysisk arbeidsmiljø (ventilasjon, bygningskonstruksjon o.l.)": 8,
    "Manglende fysisk tilrettelegging": 9,
    "Dårlig psykososialt arbeidsmiljø": 21,
    "For stort arbeidspress": 37,
    "Vold, trusler og/eller trakassering": 13,
    "Annet": 38,
}
# Which options fit which answer to fravaer_arbeidsrelatert (joint structure only).
FORHOLD_FITS = {
    "Dårlig fysisk arbeidsmiljø (ventilasjon, bygningskonstruksjon o.l.)": (
        "Fysiske faktorer",
        "Begge deler",
    ),
    "Manglende fysisk tilrettelegging": ("Fysiske faktorer", "Begge deler"),
    "Dårlig psykososialt arbeidsmiljø": ("Psykososiale faktorer", "Begge deler"),
    "For stort arbeidspress": WORK_RELATED,
    "Vold, trusler og/eller trakassering": ("Psykososiale faktorer", "Begge deler"),
    "Annet": WORK_RELATED,
}

GODT5 = ("Svært dårlig", "Dårlig", "Middels", "Godt", "Svært godt")


def _godt(sd: int, d: int, m: int, g: int, sg: int, ikke_aktuelt: int) -> dict:
    return dict(zip(GODT5, (sd, d, m, g, sg), strict=True)) | {"Ikke aktuelt": ikke_aktuelt}


# Employees who were on sick leave (198 asked). Figure 20: positive (Godt + Svært godt)
# of those rating: kontakt 139/190, tilrettelegging 122/186, underveis 127/189,
# oppfølgingsplan 104/177 (negative 48/177 = 27 %, figure 19); tilbakekomst 119/182.
ANSATT_VURDERING = {
    "ansatt_kontakt": _godt(8, 14, 29, 69, 70, 8),
    "ansatt_oppfolgingsplan": _godt(20, 28, 25, 58, 46, 21),
    "ansatt_tilrettelegging": _godt(10, 18, 36, 64, 58, 12),
    "ansatt_underveis": _godt(10, 17, 35, 66, 61, 9),
    "ansatt_tilbakekomst": _godt(9, 16, 38, 63, 56, 16),
}

LEDER_INVOLVERT = {"Nei": 6, "Ja": 58}

# Leaders and partssamarbeid involved in follow-up (58). Figure 20: kontakt 55/57,
# tilrettelegging 38/43, underveis 49/55, oppfølgingsplan 37/48; figure 18:
# "Svært godt" on kontakt 31/57 = 54,4 %.
LEDER_VURDERING = {
    "leder_kontakt": _godt(0, 0, 2, 24, 31, 1),
    "leder_oppfolgingsplan": _godt(1, 2, 8, 23, 14, 10),
    "leder_tilrettelegging": _godt(0, 1, 4, 23, 15, 15),
    "leder_underveis": _godt(0, 1, 5, 21, 28, 3),
}

GRAD5 = ("I svært liten grad", "I liten grad", "I noen grad", "I stor grad", "I svært stor grad")


def _grad(*counts: int) -> dict:
    return dict(zip(GRAD5, counts, strict=True))


RAMMER_ANSWERED = 59  # of the 64 asked; 5 left the whole question blank
# Figure 22 (n = 59): the published cells are 10, 29 | 20, 29 | 4, 24 | 27, 8 | 24, 12
# (16,9 % 49,2 % | 33,9 % 49,2 % | 6,8 % 40,7 % | stor 45,8 % svært stor 13,6 % |
# stor 40,7 % svært stor 20,3 %); the other cells are chosen to be plausible.
RAMMER = {
    "rammer_tid": _grad(2, 10, 29, 15, 3),
    "rammer_ressurser": _grad(3, 20, 29, 6, 1),
    "rammer_verktoy": _grad(1, 4, 24, 25, 5),
    "rammer_kompetanse": _grad(0, 5, 19, 27, 8),
    "rammer_hr": _grad(1, 5, 17, 24, 12),
}

# Figure 9 (asked of the 66 leaders and partssamarbeid): relevant "i liten/svært liten
# grad" 15/66 = 22,7 %.
RUTINER = {
    "rutiner_kjent": _grad(1, 3, 14, 30, 18),
    "rutiner_finne": _grad(1, 5, 18, 28, 14),
    "rutiner_folge": _grad(1, 5, 20, 28, 12),
    "rutiner_relevante": _grad(4, 11, 21, 21, 9),
}

PSYK_STRESS = {"Svært dårlig": 34, "Dårlig": 108, "Middels": 215, "God": 112, "Svært god": 20}

# Figure 21 (n = 414 who reported incidents; 75 completers left it blank). "Ingen støtte"
# is chosen alone; everyone else picked leader and/or colleagues, some also more.
HANDTERING_ANSWERED = 414
HANDTERING_NONE = 25
HANDTERING = {
    "handtering_leder": 290,
    "handtering_kolleger": 290,
    "handtering_tillitsvalgt": 87,
    "handtering_bht": 25,
}

# --- Published shares (percent, summing to 100), turned into counts for whatever n ----

# Figure 7, ingen medarbeidersamtale (grad5).
INGEN_SAMTALE = {
    "ingen_samtale_behov": (21, 18, 24, 20, 17),
    "ingen_samtale_pavirkning": (38, 25, 19, 14, 4),
    "ingen_samtale_dialog": (12, 17, 26, 33, 12),
    "ingen_samtale_etterspurt": (61, 22, 10, 5, 2),
}

# Figure 8 (Ja, Nei, Vet ikke). The report's "Vet ikke" range 0,6–4,5 % cannot hold for
# all items together with the printed Ja/Nei shares; each share here is within one point.
TEMA = {
    "tema_trivsel": (96.9, 2.5, 0.6),
    "tema_arbeidsmiljo": (96.0, 3.0, 1.0),
    "tema_arbeidsmengde": (77.0, 20.5, 2.5),
    "tema_sykefravaer": (30.1, 65.4, 4.5),
    "tema_tilrettelegging": (42.8, 52.3, 4.9),
}

# Figure 17 (Ja, Nei, Ikke aktuelt): kontakt "nesten halvparten", tilrettelegging 40 %.
TILTAK = {
    "tiltak_oppfolgingsplan": (26, 40, 34),
    "tiltak_dialogmote": (30, 38, 32),
    "tiltak_tilrettelegging": (40, 42, 18),
    "tiltak_kontakt": (48, 40, 12),
}

# Figure 13 (god5): inneklima and støy 39 % / 24 % (svært) dårlig, hjelpemidler 48 % and
# variasjon 62 % (svært) god, ergonomi 40 % middels.
FYSISK = {
    "fysisk_inneklima": (14, 25, 33, 22, 6),
    "fysisk_stoy": (6, 18, 40, 29, 7),
    "fysisk_hjelpemidler": (4, 12, 36, 38, 10),
    "fysisk_ergonomi": (5, 15, 40, 32, 8),
    "fysisk_variasjon": (2, 6, 30, 45, 17),
}

# Figure 14 (god5); stress has exact counts above.
PSYKOSOSIALT = {
    "psyk_kommunikasjon": (3, 8, 24, 45, 20),
    "psyk_belastning": (6, 20, 40, 28, 6),
    "psyk_utvikling": (3, 10, 32, 42, 13),
    "psyk_integritet": (2, 7, 27, 47, 17),
    "psyk_mestring": (1, 4, 22, 53, 20),
}

# Figure 15 (enig5): snakke > 86 %, alvor > 70 %, fysiske 24,1 %, psykiske 29 % enig or
# svært enig; nearly a third neutral on trygg.
ENIGHET = {
    "enighet_trygg": (3, 9, 31, 44, 13),
    "enighet_fysiske_belastninger": (15, 35, 25.9, 18.1, 6.0),
    "enighet_psykiske_belastninger": (12, 33, 26, 21, 8),
    "enighet_snakke": (1, 3, 9.5, 46.5, 40),
    "enighet_alvor": (2, 7, 20.4, 44, 26.6),
    "enighet_trivsel": (2, 6, 21, 46, 25),
}
# Items where agreeing is the bad answer: given to the respondents who fare worst.
ENIGHET_REVERSED = ("enighet_fysiske_belastninger", "enighet_psykiske_belastninger")

# Figure 16 (hyppighet5). The printed shares for brukere and pårørende add up to 97,5 % and
# 96,9 %; the remainder is spread so that every share stays within one point.
KONFLIKT = {
    "konflikt_ledere": (52.6, 36.1, 9.3, 1.6, 0.4),
    "konflikt_kolleger": (40.9, 45.1, 12.0, 1.6, 0.4),
    "konflikt_brukere": (17.6, 34.6, 33.0, 11.3, 3.5),
    "konflikt_parorende": (20.3, 45.3, 29.8, 3.9, 0.7),
}

FREE_TEXT_ANSWERS = {"fritekst_barrierer": 42, "fritekst_tiltak": 40}
