"""Progress bars: drawn in a terminal, silent anywhere else (CI logs, files, tests)."""

from __future__ import annotations

import io

from pipeline.progress import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_yields_every_item_and_writes_nothing_when_not_a_terminal():
    stream = io.StringIO()
    assert list(progress(range(5), "Figurer", stream=stream)) == [0, 1, 2, 3, 4]
    assert stream.getvalue() == ""


def test_progress_is_silent_on_standard_error_under_pytest(capsys):
    assert list(progress(["a", "b"], "Spørsmål", unit="spørsmål")) == ["a", "b"]
    assert capsys.readouterr().err == ""


def test_progress_draws_a_norwegian_bar_in_a_terminal():
    stream = Terminal()
    list(progress(iter(range(3)), "Figurer", total=3, unit="figur", stream=stream))
    text = stream.getvalue()
    assert "Figurer" in text and "/3" in text and "figur" in text
