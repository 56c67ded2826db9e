"""The chapter partial «Sykefravær i kommunen»: formatted numbers, escaped text, every part present."""

import copy
import re
from pathlib import Path

import jinja2

from pipeline.absence.figures import DURATION_ID, TREND_ID, duration_entry, trend_entry
from pipeline.templating import environment

DATA = Path(__file__).parent / "data" / "absence"
# Stand-in for the report's figure macro, so this test renders the partial on its own.
MACROS = '{% macro figure(fig) %}<figure id="{{ fig.id }}"><figcaption>{{ fig.caption }}</figcaption></figure>{% endmacro %}'


def render(absence: dict) -> str:
    env = environment()  # the report's own, with the stand-in macro in front
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"macros.html.j2": MACROS}), env.loader])
    template = env.get_template("partials/absence.html.j2")
    return template.render(
        absence=absence,
        figures={TREND_ID: trend_entry(absence), DURATION_ID: duration_entry(absence)},
    )


def text_of(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))  # keep no-break spaces


def test_chapter_has_figure_tables_checks_gap_and_smarte(absence):
    html = render(absence)
    assert "<h2" in html and "Sykefravær i kommunen" in html
    assert f'<figure id="{TREND_ID}"' in html
    assert f'<figure id="{DURATION_ID}"' in html
    for table in (
        "absence-etats",
        "absence-ranking",
        "absence-mismatches",
        "absence-targets",
        "absence-smarte",
    ):
        assert table in html
    text = text_of(html)
    assert (
        "Sykehjem (Helse) 2024 1,4\u00a0% 11,9\u00a0% 13,3\u00a0% 14,8\u00a0% +1,5 prosentpoeng"
        in text
    )
    # the largest reduction needed by an etat is spelled out: Helse, (12,95 − 8) ÷ 12,95
    assert "For Helse betyr målet om 8,0\u00a0% en nedgang på 5,0 prosentpoeng" in text
    assert "må reduseres med 38,2\u00a0%" in text
    assert "22,8\u00a0%" in text  # Helse's own 10 % target: (12,95 − 10) ÷ 12,95
    assert "Ikke vurdert" in text and "Ja." in text
    assert "Helsestasjon er registrert under Helse (2022) og Oppvekst (2023–2024)" in text


def test_no_unformatted_numbers_reach_the_text(absence):
    text = text_of(render(absence))
    # a decimal point, but not inside a date such as 31.12.2025
    decimals = re.findall(r"(?<![\d.])\d+\.\d+(?![\d.])", text)
    assert not decimals
    assert "0,1295" not in text


def test_text_from_the_data_is_escaped(absence):
    hostile = copy.deepcopy(absence)
    for row in hostile["ranking"]["rows"]:
        row["unit"] = "<script>alert(1)</script>"
    hostile["targets"][0]["text"] = "Mål <b>8</b> %"
    html = render(hostile)
    assert "<script>" not in html and "<b>8</b>" not in html
    assert "&lt;script&gt;" in html


def test_without_agreed_days_the_chapter_says_the_figures_are_unweighted(absence):
    plain = copy.deepcopy(absence)
    plain["method"] = "unweighted_mean"
    for row in plain["trend"]:
        row.pop("agreed_days", None)
    assert "uten vekting" in text_of(render(plain))


def test_a_register_without_mismatches_says_the_sums_add_up(absence):
    clean = copy.deepcopy(absence)
    clean["mismatches"] = []
    assert "stemmer med totalt sykefravær i alle rader" in text_of(render(clean))


def test_a_register_with_only_totals_and_no_targets_renders(absence):
    bare = copy.deepcopy(absence)
    bare.update(
        fields=["total"],
        targets=[],
        target_gaps=[],
        national_reference=None,
        reference_gaps=[],
        mismatches=[],
        moved_units=[],
    )
    for row in bare["trend"]:
        for key in ("egenmeldt", "legemeldt", "short_term", "long_term", "long_share"):
            row.pop(key, None)
    text = text_of(render(bare))
    assert "Sykefravær per etat i 2024" in text
    assert "Egenmeldt" not in text and "SMARTE" not in text and "Avstand til målene" not in text
