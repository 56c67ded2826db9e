"""From facts to findings: each criterion's verdict with the facts it rests on, and the recommendations.

``report.yaml`` names, per problemstilling, the revisor's verdict on each
criterion, the facts it rests on (``question:tema``, ``comparison:…``,
``gaps:…``, ``factors:…``, ``absence:<target id>``) and the recommendations
that follow. This module turns that into what the templates place: the
sammendrag's findings tables, the konklusjon per problemstilling and the
recommendations table, linked both ways by anchors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline import formatting as fmt
from pipeline.analysis.results import QuestionResult, Record, Results
from pipeline.config import Study
from pipeline.errors import PipelineError
from pipeline.report import sentences
from pipeline.report.config import (
    VERDICTS,
    Assessment,
    Measure,
    Recommendation,
    ReportConfig,
)
from pipeline.report.texts import RevisorTexts


def fact_anchor(kind: str, ref: str) -> str:
    """The id of a fact block in a chapter, so findings can link to it.

    >>> fact_anchor("question", "tema")
    'fakta-question-tema'
    """
    return f"fakta-{kind}-{ref}"


def recommendation_anchor(number: int) -> str:
    return f"anbefaling-{number}"


@dataclass(frozen=True)
class FactSource:
    """What a fact reference is looked up in."""

    results: Results
    figures: dict[str, dict[str, Any]]
    absence: dict[str, Any] | None
    question_sentence: Callable[[QuestionResult], str]
    placed: frozenset[str]  # anchors of the fact blocks the chapters show


def _find(items: Sequence[Record], ref: str, key: str = "id") -> Record | None:
    return next((item for item in items if item.get(key) == ref), None)


def _unknown(ref: str, hint: str) -> PipelineError:
    return PipelineError(
        f"Faktumet «{ref}» i «findings» finnes ikke i resultatene.", file="report.yaml", hint=hint
    )


def absence_sentence(absence: dict[str, Any], target_id: str) -> tuple[str, str]:
    """«Sykefraværet i kommunen var 11,0 % i 2024. Målet er 8 %: 3,0 prosentpoeng over.» and its source."""
    target = _find(absence["targets"], target_id)
    if target is None:
        raise _unknown(
            f"absence:{target_id}",
            "Bruk id-en til et mål i absence.yaml: "
            + ", ".join(t["id"] for t in absence["targets"]),
        )
    gaps = [g for g in absence["target_gaps"] if g.get("target_id") == target_id]
    level = next((g for g in gaps if g.get("level") == "kommune"), gaps[0] if gaps else None)
    if level is None:
        return target["text"], absence["source"]["description"] or absence["source"]["file"]
    value = fmt.percent(level["total"], 1)
    goal = fmt.percent(level["target"], 1)
    where = "kommunen" if level.get("level") == "kommune" else str(level["name"])
    if level["gap"] == 0:
        sentence = f"Sykefraværet i {where} var {value} i {level['period']}, det samme som målet."
    else:
        side = "over" if level["gap"] > 0 else "under"
        sentence = (
            f"Sykefraværet i {where} var {value} i {level['period']}. Målet er {goal}, "
            f"og fraværet ligger {fmt.points(abs(level['gap']))} {side} det."
        )
    return sentence, absence["source"]["description"] or absence["source"]["file"]


def resolve_fact(ref: str, source: FactSource) -> dict[str, Any]:
    """One fact reference → its generated sentence, where it comes from (question and n) and a link."""
    kind, _, name = ref.partition(":")
    results, k = source.results, source.results["k"]
    comparisons = results["comparisons"]
    figure_id: str | None = None
    if kind == "question":
        q = _find(results["questions"], name)
        if q is None:
            raise _unknown(ref, "Bruk id-en til et spørsmål i codebook.yaml.")
        sentence, figure_id = source.question_sentence(q), f"sporsmal-{name}"
    elif kind == "comparison":
        c = _find(comparisons["groups"], name)
        if c is None:
            raise _unknown(
                ref, "Bruk id-en til en sammenligning i analysis.yaml (group_comparisons)."
            )
        sentence = sentences.group_comparison(c, None, "respondentene", k)
        figure_id = f"gruppe-{name}"
    elif kind == "gaps":
        g = _find(comparisons["gaps"], name)
        if g is None:
            raise _unknown(ref, "Bruk id-en til en sammenligning i analysis.yaml (gaps).")
        sentence, figure_id = sentences.gaps(g, k), f"gap-{name}"
    elif kind == "factors":
        f = _find(comparisons["factors"]["questions"], name, "question")
        if f is None:
            raise _unknown(ref, "Bruk id-en til et spørsmål i analysis.yaml (factors).")
        sentence = sentences.factors(f, comparisons["factors"]["threshold"], k)
        figure_id = f"sporsmal-{name}"
    else:  # absence, checked when report.yaml was read
        if source.absence is None:
            raise _unknown(ref, "Studien har ingen sykefraværsstatistikk (absence.yaml).")
        sentence, origin = absence_sentence(source.absence, name)
        anchor = fact_anchor(kind, name)
        href = f"#{anchor}" if anchor in source.placed else "#sykefravaer"
        return {"id": ref, "sentence": sentence, "source": origin, "href": href}
    figure = source.figures.get(figure_id) if figure_id else None
    anchor = fact_anchor(kind, name)
    if anchor in source.placed:
        href = f"#{anchor}"
    elif figure is not None:
        href = f"#fig-{figure['id']}"
    else:
        href = None
    return {
        "id": ref,
        "sentence": sentence,
        "source": figure["caption"] if figure else "",
        "href": href,
    }


def _criterion_label(number: int, p_number: int) -> str:
    return f"Problemstilling {p_number}, kriterium {number}"


def build_findings(
    study: Study, config: ReportConfig, source: FactSource, texts: RevisorTexts
) -> list[dict[str, Any]]:
    """One entry per problemstilling: its answer and each criterion's verdict, facts and recommendations."""
    problems = {p.id: (i, p) for i, p in enumerate(study.config.problemstillinger, start=1)}
    out = []
    for finding in config.findings:
        p_number, p = problems[finding.problemstilling]
        rows = []
        for a in finding.assessments:
            rows.append(_row(a, p.criteria[a.criterion - 1], p_number, source, texts))
        answer = (
            texts.markdown(finding.answer)
            if finding.answer
            else texts.placeholder(
                f"svaret på problemstilling {p_number}",
                f"report.yaml, findings → {p.id} → answer",
            )
        )
        out.append(
            {"number": p_number, "id": p.id, "text": p.text, "answer": answer, "criteria": rows}
        )
    return out


def _row(
    a: Assessment, criterion: str, p_number: int, source: FactSource, texts: RevisorTexts
) -> dict[str, Any]:
    where = f"report.yaml, findings → {a.problemstilling} → criterion {a.criterion}"
    label = _criterion_label(a.criterion, p_number)
    if a.verdict is None:
        verdict = "ikke_vurdert"
        texts.placeholder(f"vurdering av {label.lower()}", where, inline=True)
        reasoning = texts.placeholder(f"begrunnelse for vurderingen av {label.lower()}", where)
    else:
        verdict = a.verdict
        reasoning = (
            texts.markdown(a.reasoning)
            if a.reasoning
            else texts.placeholder(f"begrunnelse for vurderingen av {label.lower()}", where)
        )
    return {
        "anchor": a.anchor,
        "number": a.criterion,
        "label": label,
        "text": criterion,
        "verdict": verdict,
        "verdict_label": VERDICTS[verdict],
        "assessed": a.verdict is not None,
        "reasoning": reasoning,
        "facts": [resolve_fact(ref, source) for ref in a.facts],
        "recommendations": [
            {"number": n, "href": f"#{recommendation_anchor(n)}"} for n in a.recommendations
        ],
    }


def measure_value(measure: Measure, source: FactSource) -> str:
    """The indicator's statistic and its value now, so a follow-up round can compare against it."""
    results, k = source.results, source.results["k"]
    ref = f"{measure.kind}:{measure.ref}"
    if measure.kind == "absence":
        if source.absence is None:
            raise _unknown(ref, "Studien har ingen sykefraværsstatistikk (absence.yaml).")
        return absence_sentence(source.absence, measure.ref)[0]
    if measure.kind == "comparison":
        c = _find(results["comparisons"]["groups"], measure.ref)
        if c is None:
            raise _unknown(
                ref, "Bruk id-en til en sammenligning i analysis.yaml (group_comparisons)."
            )
        success = sentences.join([f"«{s}»" for s in c["success"]], "eller")
        parts = [
            fmt.suppressed(k)
            if g["suppressed"]
            else f"{g['group']} {fmt.percent(g['p'], 1)} ({fmt.n(g['n'])})"
            for g in c["groups"]
        ]
        return f"Andel som svarte {success} på «{c['text']}»: {sentences.join(parts)}."
    q = _find(results["questions"], measure.ref)
    if q is None:
        raise _unknown(ref, "Bruk id-en til et spørsmål i codebook.yaml.")
    variables = q["variables"]
    if measure.item is not None:
        variables = [v for v in variables if v["id"] == measure.item]
        if not variables:
            raise _unknown(
                f"{ref} (item: {measure.item})", "Bruk id-en til en påstand i spørsmålet."
            )
    parts = []
    for v in variables:
        label = v.get("label") or q["text"]
        if v.get("suppressed"):
            parts.append(f"«{label}»: {fmt.suppressed(k)}")
        elif v.get("likert") and v["likert"]["n"] and v["likert"]["favourable"] is not None:
            s = v["likert"]
            parts.append(
                f"«{label}» {fmt.percent(s['favourable']['p'], 1)} gunstige svar ({fmt.n(s['n'])})"
            )
        elif v.get("likert") and v["likert"]["n"]:  # a scale without a favourable end
            parts.append(
                f"«{label}» gjennomsnitt {fmt.mean(v['likert']['mean'])} ({fmt.n(v['likert']['n'])})"
            )
        else:
            first = v["frequencies"][0]
            parts.append(
                f"«{label}» {fmt.percent(first['share_all'], 1)} «{first['label']}» ({fmt.n(v['n_all'])})"
            )
    return sentences.join(parts) + "."


def build_recommendations(
    config: ReportConfig,
    findings: list[dict[str, Any]],
    source: FactSource,
    texts: RevisorTexts,
) -> list[dict[str, Any]]:
    """The recommendations table: who, by when, the indicator and its value now, and the answer."""
    out = []
    for rec in config.recommendations:
        out.append(_recommendation(rec, findings, source, texts))
    return out


def _recommendation(
    rec: Recommendation,
    findings: list[dict[str, Any]],
    source: FactSource,
    texts: RevisorTexts,
) -> dict[str, Any]:
    where = f"report.yaml, recommendations → {rec.number}"
    criteria = [
        {"label": row["label"], "text": row["text"], "href": f"#{row['anchor']}"}
        for f in findings
        for row in f["criteria"]
        if any(r["number"] == rec.number for r in row["recommendations"])
    ]

    def field(value: str, what: str, key: str) -> Any:
        return texts.inline(value, f"{what} for anbefaling {rec.number}", f"{where} → {key}")

    return {
        "number": rec.number,
        "anchor": recommendation_anchor(rec.number),
        "text": texts.markdown(rec.text),
        "responsible": field(rec.responsible, "ansvarlig", "responsible"),
        "deadline": field(rec.deadline, "frist", "deadline"),
        "indicator": field(rec.indicator, "indikator", "indicator"),
        "value_now": measure_value(rec.measure, source) if rec.measure else "",
        "response": texts.markdown(rec.response) if rec.response else "",
        "criteria": criteria,
    }
