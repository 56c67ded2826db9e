"""Build the example study's answers: one row per respondent who started.

:func:`build_answers` walks the questionnaire in order (the codebook's order),
finds who was asked each question (reached it before dropping out, and routed to
it), and hands out the counts in :mod:`pipeline_dev.example.plan`. The result holds
label text per variable (``None`` when blank), ``True``/``None`` per
multiple-choice option and the respondents' etat, completion and stop point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.codebook.model import Codebook
from pipeline_dev.example import freetext, plan
from pipeline_dev.example.assign import counts_from_shares, hand_out, ranked, remaining

GOD5 = ("Svært dårlig", "Dårlig", "Middels", "God", "Svært god")
ENIG5 = ("Svært uenig", "Uenig", "Verken enig eller uenig", "Enig", "Svært enig")
HYPPIGHET5 = ("Aldri", "Sjeldent", "Av og til", "Ofte", "Svært ofte")


@dataclass
class _Survey:
    """Work in progress: who the respondents are and what they have answered so far."""

    people: pd.DataFrame  # etat, completed, stop_pos, group
    answers: pd.DataFrame  # one object column per variable id
    fixed: dict[str, pd.Series]  # answers the dropout plan fixes in advance
    position: dict[str, int]  # question id -> position in the questionnaire
    score: pd.Series  # latent "fares well at work" score
    rng: np.random.Generator

    def reached(self, question: str) -> pd.Series:
        return self.people["stop_pos"] >= self.position[question]

    def asked(self, question: str, condition: pd.Series | None = None) -> pd.Index:
        mask = self.reached(question)
        if condition is not None:
            mask &= condition
        return self.people.index[mask]

    def answered(self, var: str, labels: tuple[str, ...] | list[str]) -> pd.Series:
        return self.answers[var].isin(labels)

    def completers(self, index: pd.Index) -> pd.Index:
        return index[self.people.loc[index, "completed"].to_numpy()]

    def set(self, var: str, values: pd.Series) -> None:
        self.answers.loc[values.index, var] = values

    def hand_out_with_fixed(self, var: str, index: pd.Index, counts: dict, **kwargs) -> None:
        """Counts over ``index``, after the answers the dropout plan fixes."""
        fixed = self.fixed.get(var, pd.Series(dtype=object))
        fixed = fixed[fixed.index.isin(index)]
        self.set(var, fixed)
        free = index.difference(fixed.index)
        self.set(var, hand_out(free, remaining(counts, fixed), self.rng, self.score, **kwargs))


def _people(codebook: Codebook) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Partial respondents (dropout groups) then completers, with the answers fixed in advance."""
    position = {q.id: i for i, q in enumerate(codebook.questions)}
    last = len(codebook.questions) - 1
    rows: list[dict] = []
    fixed: dict[str, dict[int, str]] = {}
    for group, dropout in enumerate(plan.DROPOUTS):
        stop_pos = position[dropout.stop] if dropout.stop else position["etat"]
        members = [plan.HV] * dropout.hv + [plan.FO] * dropout.fo
        for k, etat in enumerate(members):
            i = len(rows)
            rows.append({"etat": etat, "completed": False, "stop_pos": stop_pos, "group": group})
            answers = {"rolle": (plan.PARTIAL_ROLE,)} if stop_pos >= position["rolle"] else {}
            answers |= dropout.fixed
            for var, labels in answers.items():
                fixed.setdefault(var, {})[i] = labels[0] if len(labels) == 1 else labels[k]
    for etat in plan.ETATS:
        for _ in range(plan.COMPLETED[etat]):
            rows.append({"etat": etat, "completed": True, "stop_pos": last, "group": -1})
    people = pd.DataFrame(rows)
    return people, {var: pd.Series(v, dtype=object) for var, v in fixed.items()}


def _forhold(survey: _Survey, index: pd.Index) -> dict[int, set[str]]:
    """Multiple choice with exact option totals; everyone picks at least one fitting option."""
    rng = survey.rng
    cause = survey.answers.loc[index, "fravaer_arbeidsrelatert"]
    quota = dict(plan.FORHOLD)
    chosen: dict[int, set[str]] = {i: set() for i in index}
    # First pass: one option each, the fitting option with the most left (no one is left empty).
    for i in index[rng.permutation(len(index))]:
        fits = [o for o in quota if cause[i] in plan.FORHOLD_FITS[o] and quota[o] > 0]
        option = max(fits, key=lambda o: quota[o])
        chosen[i].add(option)
        quota[option] -= 1
    # Second pass: the rest of each option's mentions to fitting respondents, the worst off first.
    for option, left in quota.items():
        candidates = pd.Index(
            [i for i in index if cause[i] in plan.FORHOLD_FITS[option] and option not in chosen[i]]
        )
        if left > len(candidates):
            raise ValueError(f"not enough respondents for «{option}»")
        for i in ranked(candidates, survey.score, rng)[:left]:
            chosen[i].add(option)
    return chosen


def build_answers(codebook: Codebook, seed: int = plan.SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers of every respondent who started, from the plan's counts.

    Returns
    -------
    people : pandas.DataFrame
        ``etat``, ``completed``, ``stop_pos`` (position of the last question reached)
        and ``group`` (dropout group, -1 for completers), one row per respondent.
    answers : pandas.DataFrame
        One column per codebook variable id: label text, ``True`` for a chosen
        multiple-choice option, free text, or ``None`` when blank.
    """
    rng = np.random.default_rng(seed)
    people, fixed = _people(codebook)
    answers = pd.DataFrame(
        {v.id: pd.Series([None] * len(people), dtype=object) for v in codebook.variables}
    )
    survey = _Survey(
        people=people,
        answers=answers,
        fixed=fixed,
        position={q.id: i for i, q in enumerate(codebook.questions)},
        score=pd.Series(rng.standard_normal(len(people))),
        rng=rng,
    )
    role_group = plan.ROLE_GROUP

    answers["etat"] = people["etat"].astype(object)

    survey.hand_out_with_fixed("rolle", survey.asked("rolle"), plan.ROLES)

    for etat in plan.ETATS:
        index = survey.asked("medarbeidersamtale", people["etat"] == etat)
        survey.set(
            "medarbeidersamtale",
            hand_out(index, plan.MEDARBEIDERSAMTALE[etat], rng, survey.score, noise=1.5),
        )

    index = survey.asked("ingen_samtale", survey.answered("medarbeidersamtale", ["Nei"]))
    for var, shares in plan.INGEN_SAMTALE.items():
        counts = dict(zip(plan.GRAD5, counts_from_shares(shares, len(index)), strict=True))
        # Need, harm and asking for a talk are highest among those who fare worst.
        bad_is_high = var != "ingen_samtale_dialog"
        survey.set(var, hand_out(index, counts, rng, survey.score, reverse=bad_is_high))

    index = survey.asked("tema", survey.answered("medarbeidersamtale", ["Ja"]))
    for var, (ja, nei, vet_ikke) in plan.TEMA.items():
        n = counts_from_shares((nei, ja, vet_ikke), len(index))
        counts = {"Nei": n[0], "Ja": n[1], "Vet ikke": n[2]}
        survey.set(var, hand_out(index, counts, rng, off=("Vet ikke",)))

    index = survey.asked("samarbeid", survey.answered("rolle", role_group))
    survey.set("samarbeid", hand_out(index, plan.SAMARBEID, rng, survey.score, off=("Vet ikke",)))
    index = survey.asked("rutiner", survey.answered("rolle", role_group))
    for var, counts in plan.RUTINER.items():
        survey.set(var, hand_out(index, counts, rng, survey.score))

    # Sick leave: the unhappiest most often; "Ja" first so it goes to the lowest scores.
    survey.hand_out_with_fixed(
        "sykemeldt16", survey.asked("sykemeldt16"), plan.SYKEMELDT16, noise=1.5
    )

    said_yes = survey.answered("sykemeldt16", ["Ja"])
    said_no = survey.completers(
        survey.asked("sykemeldt16", survey.answered("sykemeldt16", ["Nei"]))
    )
    violators = pd.Index(np.sort(rng.choice(said_no, plan.ROUTING_VIOLATIONS, replace=False)))
    survey.fixed["fravaer_arbeidsrelatert"] = pd.concat(
        [
            survey.fixed["fravaer_arbeidsrelatert"],
            pd.Series(plan.ROUTING_VIOLATION_ANSWER, index=violators, dtype=object),
        ]
    )
    index = survey.asked("fravaer_arbeidsrelatert", said_yes).append(violators)
    by_severity = {k: plan.FRAVAER[k] for k in reversed(plan.FRAVAER)}  # Begge deler first
    survey.hand_out_with_fixed("fravaer_arbeidsrelatert", index, by_severity)

    index = survey.asked("forhold", survey.answered("fravaer_arbeidsrelatert", plan.WORK_RELATED))
    chosen = _forhold(survey, index)
    option_ids = {v.label: v.id for v in codebook.question("forhold").variables}
    for i, options in chosen.items():
        for option in options:
            answers.loc[i, option_ids[option]] = True

    index = survey.asked("tiltak", said_yes)
    for var, (ja, nei, ikke_aktuelt) in plan.TILTAK.items():
        n = counts_from_shares((nei, ja, ikke_aktuelt), len(index))
        counts = {"Nei": n[0], "Ja": n[1], "Ikke aktuelt": n[2]}
        survey.set(var, hand_out(index, counts, rng, survey.score, off=("Ikke aktuelt",)))

    index = survey.asked("ansatt_vurdering", said_yes)
    for var, counts in plan.ANSATT_VURDERING.items():
        survey.set(var, hand_out(index, counts, rng, survey.score, off=("Ikke aktuelt",)))

    for question, labels, table in (
        ("fysisk", GOD5, plan.FYSISK),
        ("psykososialt", GOD5, plan.PSYKOSOSIALT),
        ("enighet", ENIG5, plan.ENIGHET),
    ):
        index = survey.asked(question)
        for var, shares in table.items():
            counts = dict(zip(labels, counts_from_shares(shares, len(index)), strict=True))
            reverse = var in plan.ENIGHET_REVERSED
            survey.set(var, hand_out(index, counts, rng, survey.score, reverse=reverse))
        if question == "psykososialt":
            survey.set("psyk_stress", hand_out(index, plan.PSYK_STRESS, rng, survey.score))

    _free_text(survey, "fritekst_barrierer", freetext.BARRIERER, low_first=True)

    index = survey.asked("konflikt")
    for var, shares in plan.KONFLIKT.items():
        counts = dict(zip(HYPPIGHET5, counts_from_shares(shares, len(index)), strict=True))
        survey.set(var, hand_out(index, counts, rng, survey.score, reverse=True))

    _handtering(survey)

    index = survey.asked("leder_involvert", survey.answered("rolle", role_group))
    # Leaders are the ones most often involved in following up sick leave.
    is_leader = (answers.loc[index, "rolle"] == "Leder").astype(float) * 2.0
    survey.set(
        "leder_involvert",
        hand_out(index, plan.LEDER_INVOLVERT, rng, is_leader.reindex(people.index, fill_value=0.0)),
    )
    index = survey.asked("leder_vurdering", survey.answered("leder_involvert", ["Ja"]))
    for var, counts in plan.LEDER_VURDERING.items():
        survey.set(var, hand_out(index, counts, rng, survey.score, off=("Ikke aktuelt",)))

    index = survey.asked("rammer", survey.answered("rolle", role_group))
    index = index[np.sort(rng.permutation(len(index))[: plan.RAMMER_ANSWERED])]
    for var, counts in plan.RAMMER.items():
        survey.set(var, hand_out(index, counts, rng, survey.score))

    _free_text(survey, "fritekst_tiltak", freetext.TILTAK, low_first=False)
    return people, answers


def _free_text(survey: _Survey, var: str, texts: tuple[str, ...], *, low_first: bool) -> None:
    """Give the texts to respondents who reached the question (the unhappiest more often)."""
    index = survey.asked(var)
    if low_first:
        writers = ranked(index, survey.score, survey.rng, noise=1.5)[: len(texts)]
    else:
        writers = index[survey.rng.permutation(len(index))[: len(texts)]]
    survey.set(var, pd.Series(list(texts), index=np.sort(writers), dtype=object))


def _handtering(survey: _Survey) -> None:
    """Figure 21: 414 answer; «Ingen støtte» alone, the rest leader and/or colleagues and more."""
    rng, answers = survey.rng, survey.answers
    index = survey.asked("handtering")
    # Those with the fewest conflicts had nothing to report and leave the question blank.
    conflict = sum(
        answers.loc[index, var].map({label: k for k, label in enumerate(HYPPIGHET5)})
        for var in plan.KONFLIKT
    ).astype(float)
    reporters = ranked(index, -conflict, rng)[: plan.HANDTERING_ANSWERED]
    by_score = ranked(reporters, survey.score, rng)
    alone, supported = by_score[: plan.HANDTERING_NONE], by_score[plan.HANDTERING_NONE :]
    answers.loc[alone, "handtering_ingen"] = True
    n = len(supported)
    leader, colleagues = plan.HANDTERING["handtering_leder"], plan.HANDTERING["handtering_kolleger"]
    both = leader + colleagues - n  # everyone supported talked to a leader or colleagues
    shuffled = supported[rng.permutation(n)]
    answers.loc[shuffled[:leader], "handtering_leder"] = True
    answers.loc[shuffled[leader - both :], "handtering_kolleger"] = True
    for var in ("handtering_tillitsvalgt", "handtering_bht"):
        picked = supported[rng.permutation(n)[: plan.HANDTERING[var]]]
        answers.loc[picked, var] = True
