"""Shared fixtures: one run of the whole pipeline on the example study, in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest
from hypothesis import settings

from pipeline.analysis.results import Results
from pipeline.cli import main

# No timing assertions in tests: hypothesis' per-example deadline (200 ms) fails on a busy
# machine (2 cores shared by several runs), so it is off for every property test.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STUDY = ROOT / "studies" / "modum-2025"
RAW = ROOT / "data" / "raw"


@dataclass(frozen=True)
class Run:
    """Where one pipeline run wrote its outputs."""

    processed: Path
    reports: Path

    def args(self, stage: str, *extra: str) -> list[str]:
        return [
            stage,
            "--study",
            str(EXAMPLE_STUDY),
            "--raw",
            str(RAW),
            "--processed",
            str(self.processed),
            "--reports",
            str(self.reports),
            *extra,
        ]

    @property
    def results(self) -> dict[str, Any]:
        return json.loads((self.processed / "results.json").read_text(encoding="utf-8"))

    @property
    def html(self) -> str:
        return (self.reports / "rapport.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def absence(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """absence.json of the small absence study in tests/data/absence (not Modum)."""
    data = ROOT / "tests" / "data" / "absence"
    tmp = tmp_path_factory.mktemp("absence")
    (tmp / "raw" / "fravaer-test").mkdir(parents=True)
    shutil.copy(data / "fravaer.csv", tmp / "raw" / "fravaer-test" / "fravaer.csv")
    args = ["absence", "--study", str(data / "study"), "--raw", str(tmp / "raw")]
    assert main(args + ["--processed", str(tmp / "p"), "--reports", str(tmp / "r")]) == 0
    return json.loads((tmp / "p" / "absence.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The example study run from its raw export up to the HTML report (the PDF is not made here)."""
    base = tmp_path_factory.mktemp("example-run")
    run = Run(base / "processed", base / "reports")
    for stage in ("ingest", "absence", "analyse", "figures"):
        assert main(run.args(stage)) == 0, stage
    assert main(run.args("report", "--format", "html")) == 0
    return run


# Debian packages some tests need, and the commands each provides.
SYSTEM_PACKAGES = {"chromium": ("chromium", "chromium-browser"), "poppler-utils": ("pdftotext",)}
_NOT_TESTED = "systemverktøy mangler: "


@pytest.fixture(scope="session")
def system_tool() -> Callable[..., str]:
    """``system_tool("pdfinfo", package="poppler-utils")``: the tool's path, or a recorded skip.

    Without the tool the test is skipped, and the summary names what was not
    tested and the command that installs it; with REQUIRE_SYSTEM_TOOLS=1 (CI,
    and ``make test`` as root after installing them) a missing tool fails.
    """

    def find(*names: str, package: str) -> str:
        for name in names:
            found = shutil.which(name)
            if found:
                return found
        message = f"{' eller '.join(names)} (Debian-pakken {package}) er ikke installert"
        if os.environ.get("REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail(f"{message}, og REQUIRE_SYSTEM_TOOLS=1")
        pytest.skip(f"{_NOT_TESTED}{package}: {message}")

    return find


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line saying which tests did not run for want of a system package, and the fix."""
    packages: set[str] = set()
    count = 0
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        if _NOT_TESTED in reason:
            count += 1
            packages.add(reason.split(_NOT_TESTED, 1)[1].split(":", 1)[0])
    if count:
        names = " ".join(sorted(packages))
        terminalreporter.write_line(
            f"IKKE TESTET: {count} {'test' if count == 1 else 'tester'} (nettleser og PDF-tekst) "
            f"trenger {names}, som ikke er "
            f"installert. Installer med: sudo apt-get install {names}",
            yellow=True,
            bold=True,
        )


def record_problems(value: Any, hint: Any = Results, where: str = "results") -> list[str]:
    """Where ``value`` (parsed JSON) differs from the typed record ``hint``, one line each.

    Recursive: a TypedDict must hold each required key, no key it does not declare
    (``NotRequired`` keys may be absent), and each value of its declared type; lists,
    dicts and unions (``X | None``) are checked item by item, a ``Literal`` by its values. ``float`` accepts an
    int, as in typing; ``int`` refuses a bool.
    """
    if hint is Any:
        return []
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [h for h in get_args(hint) if h is not type(None)]
        if value is None and len(options) < len(get_args(hint)):
            return []
        found = [record_problems(value, h, where) for h in options]
        return [] if not all(found) else min(found, key=len)
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__}, not {hint.__name__}"]
        declared = get_type_hints(hint)
        out = [f"{where}.{key}: missing" for key in sorted(hint.__required_keys__ - value.keys())]
        out += [
            f"{where}.{key}: not declared in {hint.__name__}"
            for key in sorted(value.keys() - declared.keys())
        ]
        for key in sorted(value.keys() & declared.keys()):
            out += record_problems(value[key], declared[key], f"{where}.{key}")
        return out
    if origin is Literal:
        return (
            []
            if value in get_args(hint)
            else [f"{where}: {value!r} is not one of {get_args(hint)}"]
        )
    if origin in (list, dict):
        if not isinstance(value, origin):
            return [f"{where}: {type(value).__name__}, not {origin.__name__}"]
        items = enumerate(value) if origin is list else value.items()
        item_hint = get_args(hint)[-1]
        return [p for key, v in items for p in record_problems(v, item_hint, f"{where}[{key!r}]")]
    if hint is type(None):
        ok = value is None
    elif hint in (int, float):
        ok = isinstance(value, int | hint) and not isinstance(value, bool)
    else:
        ok = isinstance(value, hint)
    return [] if ok else [f"{where}: {value!r} is not {getattr(hint, '__name__', hint)}"]


@pytest.fixture(scope="session")
def results_problems() -> Callable[[Any], list[str]]:
    """``results_problems(data)``: where a parsed ``results.json`` differs from its records."""
    return record_problems
