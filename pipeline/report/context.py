"""Everything the report template needs, gathered from the study and the processed files."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from pipeline import __version__
from pipeline import formatting as fmt
from pipeline.analysis.anonymity import grouping_questions
from pipeline.analysis.results import QuestionResult, Record, Results, read_results
from pipeline.config import Paths, Study
from pipeline.errors import PipelineError
from pipeline.report import sentences, tables
from pipeline.report.config import Chapter, Fact, ReportConfig, load_report_config
from pipeline.report.findings import (
    FactSource,
    build_findings,
    build_recommendations,
    fact_anchor,
)
from pipeline.report.method_appendix import comparison_groups, method_rows
from pipeline.report.texts import EXAMPLE_BANNER, RevisorTexts
from pipeline.report.themes import THEMES_FILE, check_known, read_themes, theme_counts

# The revisor's texts in texts/: name → what belongs there (a placeholder says so when missing).
REQUIRED_TEXTS = {
    "bakgrunn": "bakgrunnen for prosjektet",
    "metode": "dokumentanalysen og intervjuene",
    "svakheter": "svakheter ved metoden",
    "validitet": "vurderingen av validitet og pålitelighet",
    "uavhengighet": "erklæringen om uavhengighet og habilitet",
    "kriterier": "kildene til revisjonskriteriene",
    "kriterier-vedlegg": "utledningen av revisjonskriteriene",
    "konklusjon": "den samlede konklusjonen",
    "uttalelse": "kommunedirektørens uttalelse",
    "uttalelse-sammendrag": "et sammendrag av kommunedirektørens uttalelse",
}
OPTIONAL_TEXTS = ("avgrensning", "definisjoner", "verktoy", "anbefalinger")


def run_date(study: Study, environ: Mapping[str, str] | None = None) -> dt.date:
    """The date printed as the run's: ``SOURCE_DATE_EPOCH`` if set, else the report date."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return study.config.report_date


def _read_json(path: Path, stage: str) -> Any:
    if not path.is_file():
        raise PipelineError(
            f"Filen mangler. Kjør trinnet «{stage}» først (eller «make report»).", file=path
        )
    return json.loads(path.read_text(encoding="utf-8"))


def data_uri(svg: bytes) -> str:
    """An SVG as a ``data:`` URI, so the report is one self-contained file."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


SYNTHETIC_CAPTION = " Eksempel: syntetiske data."


def load_figures(
    paths: Paths, study: Study | None = None, *, example: bool = False
) -> dict[str, dict[str, Any]]:
    """``figures/index.json`` by id, each entry with its SVG inlined as a data URI.

    In an example study (``example: true``) every survey figure's caption says
    the data are synthetic; the absence figures name their own source. A survey
    figure (one whose entry has its ``n``) also gets its source line from the
    study (kommune and survey period).
    """
    index = _read_json(paths.figures / "index.json", "figures")
    out = {}
    for entry in index:
        figure = {**entry, "src": data_uri((paths.figures / entry["file"]).read_bytes())}
        if example and not entry["id"].startswith("sykefravaer"):
            figure["caption"] = entry["caption"].rstrip() + SYNTHETIC_CAPTION
        if study is not None and entry.get("n") is not None:
            survey = study.config.survey
            count = tuple(entry["n"]) if isinstance(entry["n"], list) else entry["n"]
            figure["source"] = fmt.survey_source(
                study.config.kommune, survey.invitation, survey.closed, count
            )
        out[entry["id"]] = figure
    return out


def with_print_figures(html: str, figures: Path) -> str:
    """The report HTML with each figure swapped for its print variant (text kept as text).

    Same drawing, same numbers: both files come from one matplotlib figure, and
    the figures index names the print file (``print_file``). A figure without a
    print variant, or one the HTML was not built from, is left as it is.
    """
    index_path = figures / "index.json"
    if not index_path.is_file():
        return html
    for entry in json.loads(index_path.read_text(encoding="utf-8")):
        printed = figures / entry["print_file"] if entry.get("print_file") else None
        if printed is not None and printed.is_file():
            screen = data_uri((figures / entry["file"]).read_bytes())
            html = html.replace(screen, data_uri(printed.read_bytes()))
    return html


@dataclass
class Numbering:
    """Figure and table numbers in the order they appear."""

    figures: int = 0
    tables: int = 0

    def figure(self) -> int:
        self.figures += 1
        return self.figures

    def table(self) -> int:
        self.tables += 1
        return self.tables


def _question(results: Results, q_id: str) -> QuestionResult:
    for q in results["questions"]:
        if q["id"] == q_id:
            return q
    raise PipelineError(f"Spørsmålet «{q_id}» finnes ikke i resultatene.", file="report.yaml")


def _by_id(items: Sequence[Record], ref: str, what: str) -> Record:
    for item in items:
        if item.get("id") == ref or item.get("question") == ref:
            return item
    raise PipelineError(
        f"{what} «{ref}» finnes ikke i resultatene (se analysis.yaml).", file="report.yaml"
    )


def question_sentence(q: QuestionResult, k: int, grouping: bool = False) -> str:
    """The generated sentence for one question, by its type (``grouping``: its answers are
    groups of respondents, see :func:`pipeline.analysis.anonymity.grouping_questions`)."""
    if q["type"] == "multiple":
        return sentences.multiple_choice(q, k)
    if q["type"] == "likert":
        if len(q["variables"]) == 1:
            return sentences.likert_item(q, k)
        return sentences.battery(q, k)
    if len(q["variables"]) > 1:
        return sentences.single_battery(q, k)
    return sentences.single_choice(q, k, grouping)


def question_figures(q_id: str, figures: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """A question's figures: one, or one per answer direction when a battery mixes them."""
    return [f for f_id, f in figures.items() if f_id == f"sporsmal-{q_id}"] + [
        f for f_id, f in figures.items() if f_id.startswith(f"sporsmal-{q_id}--")
    ]


def build_fact(
    fact: Fact,
    study: Study,
    results: Results,
    figures: dict[str, dict[str, Any]],
    texts: RevisorTexts,
) -> dict[str, Any]:
    """One block of a chapter's Fakta: its sentence, figure and table (or a vurdering placed here)."""
    k = results["k"]
    comparisons = results["comparisons"]
    anchor = fact_anchor(fact.kind, str(fact.ref))
    if fact.kind == "heading":
        return {"kind": "heading", "text": str(fact.ref)}
    if fact.kind == "text":
        return {
            "kind": "text",
            "html": texts.get(str(fact.ref), "fakta fra dokumenter og intervjuer"),
        }
    if fact.kind == "vurdering":
        return {"kind": "vurdering", "html": texts.get(str(fact.ref), "revisors vurdering")}
    if fact.kind == "question":
        q = _question(results, str(fact.ref))
        return {
            "kind": "figure",
            "anchor": anchor,
            "sentence": question_sentence(q, k, q["id"] in grouping_questions(results)),
            "figures": question_figures(q["id"], figures),
            "note": f"Spørsmålet ble bare stilt til dem {q['asked_if']}."
            if q.get("asked_if")
            else None,
        }
    if fact.kind == "comparison":
        c = _by_id(comparisons["groups"], str(fact.ref), "Sammenligningen")
        sentence = sentences.group_comparison(
            c, fact.options.get("phrase"), fact.options.get("population", "respondentene"), k
        )
        return {
            "kind": "figure",
            "anchor": anchor,
            "sentence": sentence,
            "method": sentences.group_comparison_method(c),
            "figure": figures.get(f"gruppe-{c['id']}"),
        }
    if fact.kind == "gaps":
        g = _by_id(comparisons["gaps"], str(fact.ref), "Sammenligningen")
        return {
            "kind": "figure",
            "anchor": anchor,
            "sentence": sentences.gaps(g, k),
            "note": comparison_groups(g, k),
            "method": sentences.gaps_method(g),
            "figure": figures.get(f"gap-{g['id']}"),
        }
    if fact.kind == "factors":
        f = _by_id(comparisons["factors"]["questions"], str(fact.ref), "Faktorlisten")
        sentence = sentences.factors(f, comparisons["factors"]["threshold"], k)
        return {
            "kind": "figure",
            "anchor": anchor,
            "sentence": sentence,
            "figures": question_figures(f["question"], figures),
        }
    if fact.kind == "free_text":
        answers = next((f for f in results.get("free_text", []) if f["id"] == str(fact.ref)), None)
        if answers is None:
            return {"kind": "free_text", "shown": False}
        return {"kind": "free_text", "shown": True, "anchor": anchor, **answers}
    if fact.kind == "dropoff":
        return {"kind": "figure", "sentence": None, "figure": figures.get("frafall")}
    raise PipelineError(f"Ukjent punkt i report.yaml: «{fact.kind}».")


def _number_topics(facts: list[dict[str, Any]], seen: set[str]) -> None:
    """Number the sub-topic headings, name each inline vurdering after its topic, keep anchors unique."""
    topic = None
    for block in facts:
        if block["kind"] == "heading":
            topic = block["text"]
            block["index"] = sum(
                1 for b in facts[: facts.index(block) + 1] if b["kind"] == "heading"
            )
            block["anchor"] = "tema-" + slug(block["text"])
        elif block["kind"] == "vurdering":
            block["topic"] = topic
        anchor = block.get("anchor")
        if anchor is not None:
            while anchor in seen:
                anchor += "-2"
            block["anchor"] = anchor
            seen.add(anchor)


_FOLDED: dict[str, str | int | None] = {"æ": "ae", "ø": "o", "å": "a"}


def slug(text: str) -> str:
    """An id from a heading.

    >>> slug("Samarbeid og rutiner")
    'samarbeid-og-rutiner'
    >>> slug("Ledernes rammer – for oppfølgingen")
    'ledernes-rammer-for-oppfolgingen'
    """
    folded = text.lower().translate(str.maketrans(_FOLDED))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def build_chapter(
    chapter: Chapter,
    study: Study,
    results: Results,
    figures: dict[str, dict[str, Any]],
    texts: RevisorTexts,
    seen: set[str],
) -> dict[str, Any]:
    problems = {p.id: p for p in study.config.problemstillinger}
    facts = [build_fact(f, study, results, figures, texts) for f in chapter.facts]
    _number_topics(facts, seen)
    # A question's sentence does not name the question; its title goes before it in Nøkkeltall.
    keys = [
        {
            "title": b["figure"]["title"] if f.kind == "question" and b.get("figure") else "",
            "sentence": b["sentence"],
        }
        for f, b in zip(chapter.facts, facts, strict=True)
        if f.key and b.get("sentence")
    ]
    titles = ", ".join(chapter.problemstillinger)
    return {
        "title": chapter.title,
        "absence": chapter.absence,
        "problemstillinger": [problems[p] for p in chapter.problemstillinger],
        "facts": facts,
        "key_findings": keys,
        "vurdering": Markup("").join(
            texts.get(name, f"revisors vurdering ({titles})") for name in chapter.vurdering
        ),
        "inline_vurdering": any(f.kind == "vurdering" for f in chapter.facts),
        "smarte": chapter.smarte,
    }


def placed_facts(config: ReportConfig) -> frozenset[str]:
    """Anchors of the fact blocks the chapters show (a finding links to them)."""
    return frozenset(fact_anchor(f.kind, str(f.ref)) for c in config.chapters for f in c.facts)


def build_context(study: Study, paths: Paths) -> dict[str, Any]:
    """The whole template context for ``report.html.j2``.

    ``missing`` lists every placeholder handed out (the report stage warns,
    or fails for a final report).
    """
    results = read_results(paths.results, study.id)
    manifest = _read_json(paths.manifest, "ingest")
    validation = _read_json(paths.validation, "ingest")
    figures = load_figures(paths, study, example=study.config.example)
    absence_path = paths.absence
    has_absence_config = study.file("absence.yaml").is_file()
    absence = _read_json(absence_path, "absence") if has_absence_config else None
    config: ReportConfig = load_report_config(
        study.file("report.yaml"), study.config.problemstillinger
    )
    texts = RevisorTexts(study.root)
    fixed = {name: texts.get(name, what) for name, what in REQUIRED_TEXTS.items()}
    fixed.update({name: texts.optional(name) for name in OPTIONAL_TEXTS})
    seen: set[str] = set()
    chapters = [
        build_chapter(c, study, results, figures, texts, seen)
        for c in config.chapters
        if not (c.absence and absence is None)
    ]
    themes_path = study.file(THEMES_FILE)
    themes = read_themes(themes_path)
    check_known(themes, results.get("free_text", []), themes_path)
    for chapter in chapters:
        for block in chapter["facts"]:
            if block["kind"] == "free_text" and block["shown"] and not block["suppressed"]:
                counts = theme_counts(block, themes)
                block["themes"] = [[t, fmt.integer(c)] for t, c in counts] if counts else None
    if absence is not None and not any(c.absence for c in config.chapters):
        chapters.insert(0, {"title": "Sykefravær i kommunen", "absence": True, "smarte": False})
    source = FactSource(
        results=results,
        figures=figures,
        absence=absence,
        question_sentence=lambda q: question_sentence(q, results["k"]),
        placed=placed_facts(config),
    )
    findings = build_findings(study, config, source, texts)
    recommendations = build_recommendations(config, findings, source, texts)
    invited = manifest.get("invited")
    survey = study.config.survey.with_invited(invited["counts"] if invited else None)
    hoering = study.config.hoering
    return {
        "study": study.config,
        "survey": survey,
        "results": results,
        "manifest": manifest,
        "validation": validation,
        "figures": figures,
        "absence": absence,
        "chapters": chapters,
        "findings": findings,
        "recommendations": recommendations,
        "key_findings": [s for c in chapters for s in c.get("key_findings", [])],
        "texts": fixed,
        "hoering": {
            "sent": texts.inline(
                fmt.date(hoering.sent) if hoering.sent else "",
                "datoen utkastet ble sendt på høring",
                "study.yaml, hoering → sent",
            ),
            "to": texts.inline(
                hoering.to, "hvem utkastet ble sendt til", "study.yaml, hoering → to"
            ),
            "answered": texts.inline(
                fmt.date(hoering.answered) if hoering.answered else "",
                "datoen på uttalelsen",
                "study.yaml, hoering → answered",
            ),
            "answered_by": texts.inline(
                hoering.answered_by,
                "hvem som har skrevet uttalelsen",
                "study.yaml, hoering → answered_by",
            ),
        },
        "sources": study.config.sources,
        "response_sentences": sentences.response(results, study.config.kommune),
        "methods": tables.methods(results, survey),
        "appendix_tables": tables.frequency_tables(results),
        "method_appendix": method_rows(results),
        "comparison_groups": [
            {"title": g["title"], "text": comparison_groups(g, results["k"])}
            for g in results["comparisons"]["gaps"]
        ],
        "run_date": run_date(study),
        # The date is the build's only when SOURCE_DATE_EPOCH gives it; otherwise the report's.
        "run_date_is_build": run_date(study) != study.config.report_date,
        "version": __version__,
        "year": str(study.config.report_date.year),
        "fmt": fmt,
        "missing": texts,
        "banner": EXAMPLE_BANNER if study.config.example else "",
    }
