"""Everything the report template needs, gathered from the study and the processed files."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline import formatting as fmt
from pipeline.analysis.results import read_results
from pipeline.config import Paths, Study
from pipeline.errors import PipelineError
from pipeline.report import sentences, tables
from pipeline.report.config import Chapter, Fact, ReportConfig, load_report_config
from pipeline.report.markdown import render_markdown

FIXED_TEXTS = (
    "bakgrunn",
    "avgrensning",
    "definisjoner",
    "metode",
    "svakheter",
    "kriterier",
    "kriterier-vedlegg",
    "konklusjon",
    "anbefalinger",
    "uttalelse",
)


def run_date(study: Study, environ: dict[str, str] | None = None) -> dt.date:
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


def load_figures(paths: Paths) -> dict[str, dict[str, Any]]:
    """``figures/index.json`` by id, each entry with its SVG inlined as a data URI."""
    index = _read_json(paths.figures / "index.json", "figures")
    return {
        entry["id"]: {**entry, "src": data_uri((paths.figures / entry["file"]).read_bytes())}
        for entry in index
    }


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


def text(study: Study, name: str, *, required: bool = True) -> str:
    """A revisor's Markdown text from ``texts/``, as safe HTML."""
    path = study.root / "texts" / (name if name.endswith(".md") else f"{name}.md")
    if not path.is_file():
        if required:
            raise PipelineError(
                "Teksten mangler i studiemappen.",
                file=path,
                hint="Skriv teksten i Markdown, eller fjern henvisningen til den i report.yaml.",
            )
        return ""
    return render_markdown(path.read_text(encoding="utf-8"))


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


def _question(results: dict[str, Any], q_id: str) -> dict[str, Any]:
    for q in results["questions"]:
        if q["id"] == q_id:
            return q
    raise PipelineError(f"Spørsmålet «{q_id}» finnes ikke i resultatene.", file="report.yaml")


def _by_id(items: list[dict[str, Any]], ref: str, what: str) -> dict[str, Any]:
    for item in items:
        if item.get("id") == ref or item.get("question") == ref:
            return item
    raise PipelineError(
        f"{what} «{ref}» finnes ikke i resultatene (se analysis.yaml).", file="report.yaml"
    )


def question_sentence(q: dict[str, Any], codebook_scales: dict[str, Any], k: int) -> str:
    """The generated sentence for one question, by its type."""
    if q["type"] == "multiple":
        return sentences.multiple_choice(q, k)
    if q["type"] == "likert":
        if len(q["variables"]) == 1:
            scale = codebook_scales.get(q["id"])
            if scale is not None:
                return sentences.likert_item(
                    q["variables"][0], scale.labels, scale.negative, scale.positive, k
                )
        return sentences.battery(q, k)
    if len(q["variables"]) > 1:
        return sentences.single_battery(q, k)
    return sentences.single_choice(q, k)


def build_fact(
    fact: Fact,
    study: Study,
    results: dict[str, Any],
    figures: dict[str, dict[str, Any]],
    scales: dict[str, Any],
) -> dict[str, Any]:
    """One block of a chapter's Fakta: its sentence, figure and table."""
    k = results["k"]
    comparisons = results["comparisons"]
    if fact.kind == "heading":
        return {"kind": "heading", "text": str(fact.ref)}
    if fact.kind == "text":
        return {"kind": "text", "html": text(study, str(fact.ref))}
    if fact.kind == "question":
        q = _question(results, str(fact.ref))
        return {
            "kind": "figure",
            "sentence": question_sentence(q, scales, k),
            "figure": figures.get(f"sporsmal-{q['id']}"),
            "note": f"Spørsmålet ble stilt til dem der {q['asked_if']}."
            if q.get("asked_if")
            else None,
        }
    if fact.kind == "comparison":
        c = _by_id(comparisons["groups"], str(fact.ref), "Sammenligningen")
        sentence = sentences.group_comparison(
            c, fact.options.get("phrase"), fact.options.get("population", "respondentene"), k
        )
        return {"kind": "figure", "sentence": sentence, "figure": figures.get(f"gruppe-{c['id']}")}
    if fact.kind == "gaps":
        g = _by_id(comparisons["gaps"], str(fact.ref), "Sammenligningen")
        return {
            "kind": "figure",
            "sentence": sentences.gaps(g, k),
            "figure": figures.get(f"gap-{g['id']}"),
        }
    if fact.kind == "factors":
        f = _by_id(comparisons["factors"]["questions"], str(fact.ref), "Faktorlisten")
        sentence = sentences.factors(f, comparisons["factors"]["threshold"], k)
        return {
            "kind": "figure",
            "sentence": sentence,
            "figure": figures.get(f"sporsmal-{f['question']}"),
        }
    if fact.kind == "free_text":
        answers = next((f for f in results.get("free_text", []) if f["id"] == str(fact.ref)), None)
        if answers is None:
            return {"kind": "free_text", "shown": False}
        return {"kind": "free_text", "shown": True, **answers}
    if fact.kind == "dropoff":
        return {"kind": "figure", "sentence": None, "figure": figures.get("frafall")}
    raise PipelineError(f"Ukjent punkt i report.yaml: «{fact.kind}».")


def build_chapter(
    chapter: Chapter,
    study: Study,
    results: dict[str, Any],
    figures: dict[str, dict[str, Any]],
    scales: dict[str, Any],
) -> dict[str, Any]:
    problems = {p.id: p for p in study.config.problemstillinger}
    facts = [build_fact(f, study, results, figures, scales) for f in chapter.facts]
    keys = [
        b["sentence"]
        for f, b in zip(chapter.facts, facts, strict=True)
        if f.key and b.get("sentence")
    ]
    return {
        "title": chapter.title,
        "absence": chapter.absence,
        "problemstillinger": [problems[p] for p in chapter.problemstillinger],
        "facts": facts,
        "key_findings": keys,
        "vurdering": "".join(text(study, name) for name in chapter.vurdering),
    }


def build_context(study: Study, paths: Paths, scales: dict[str, Any]) -> dict[str, Any]:
    """The whole template context for ``report.html.j2``."""
    results = read_results(paths.results, study.id)
    manifest = _read_json(paths.manifest, "ingest")
    validation = _read_json(paths.validation, "ingest")
    figures = load_figures(paths)
    absence_path = paths.absence
    has_absence_config = study.file("absence.yaml").is_file()
    absence = _read_json(absence_path, "absence") if has_absence_config else None
    config: ReportConfig = load_report_config(
        study.file("report.yaml"), tuple(p.id for p in study.config.problemstillinger)
    )
    chapters = [
        build_chapter(c, study, results, figures, scales)
        for c in config.chapters
        if not (c.absence and absence is None)
    ]
    if absence is not None and not any(c.absence for c in config.chapters):
        chapters.insert(0, {"title": "Sykefravær i kommunen", "absence": True})
    texts = {name: text(study, name, required=False) for name in FIXED_TEXTS}
    invited = manifest.get("invited")
    survey = study.config.survey.with_invited(invited["counts"] if invited else None)
    return {
        "study": study.config,
        "survey": survey,
        "results": results,
        "manifest": manifest,
        "validation": validation,
        "figures": figures,
        "absence": absence,
        "chapters": chapters,
        "key_findings": [s for c in chapters for s in c.get("key_findings", [])],
        "texts": texts,
        "response_sentences": sentences.response(results, study.config.kommune),
        "methods": tables.methods(results, survey),
        "appendix_tables": tables.frequency_tables(results),
        "run_date": run_date(study),
        "version": __version__,
        "year": str(study.config.report_date.year),
        "fmt": fmt,
    }
