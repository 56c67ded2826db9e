"""The absence trend figure: a matplotlib Figure, same SVG bytes every run, numbers as a table."""

from pathlib import Path

from matplotlib.figure import Figure

from pipeline.absence.figures import (
    DURATION_ID,
    TREND_ID,
    duration_entry,
    duration_figure,
    trend_entry,
    trend_figure,
    write_absence_figures,
)

DATA = Path(__file__).parent / "data" / "absence"


def test_trend_figure_has_one_line_per_etat_plus_the_kommune_and_the_targets(absence):
    fig = trend_figure(absence)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[:3] == ["Hele kommunen", "Helse", "Oppvekst"]
    assert labels[3:] == ["Mål 8,0\u00a0% (2025)", "Landsnivå 9,1\u00a0%"]
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert all("." not in t for t in ticks) and any("%" in t for t in ticks)


def test_svg_is_byte_identical_across_runs(absence, tmp_path):
    write_absence_figures(absence, tmp_path / "a")
    write_absence_figures(absence, tmp_path / "b")
    name = f"{TREND_ID}.svg"
    assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert b"<svg" in (tmp_path / "a" / name).read_bytes()


def test_index_entry_has_caption_with_source_and_the_numbers_as_formatted_text(absence):
    entry = trend_entry(absence)
    assert entry["file"] == f"{TREND_ID}.svg"
    assert "2022\u20132024" in entry["caption"]
    assert "Testkommune, HR-systemet" in entry["caption"]
    assert "vektet med avtalte dagsverk" in entry["caption"]
    assert entry["table"]["headers"] == ["Periode", "Hele kommunen", "Helse", "Oppvekst"]
    assert entry["table"]["rows"][-1] == ["2024", "10,1\u00a0%", "13,0\u00a0%", "7,7\u00a0%"]
    assert "Helse 13,0\u00a0%" in entry["alt"]


def test_duration_figure_splits_each_etat_into_short_and_long_term(absence):
    fig = duration_figure(absence)
    bars = fig.axes[0].patches
    assert len(bars) == 2 * 3  # kommune and two etats, short and long
    entry = duration_entry(absence)
    assert entry["table"]["headers"] == ["Etat", "Korttid", "Langtid", "Andel langtid"]
    # Oppvekst 2024: Skole 2,6 + 5,0 and Helsestasjon 3,3 + 5,7, weighted 9000 : 1000
    assert entry["table"]["rows"][-1] == [
        "Oppvekst",
        "2,7\u00a0%",
        "5,1\u00a0%",
        "66\u00a0%",
    ]  # 5,07 ÷ 7,74


def test_write_absence_figures_returns_an_index_entry_per_svg(absence, tmp_path):
    entries = write_absence_figures(absence, tmp_path)
    assert [e["id"] for e in entries] == [TREND_ID, DURATION_ID]
    assert all((tmp_path / e["file"]).is_file() for e in entries)
