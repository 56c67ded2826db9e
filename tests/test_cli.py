"""The command line: one front door, one error wrapper, and the runtime apart from the dev tools."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline import cli

ROOT = Path(__file__).resolve().parents[1]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_runtime_package_never_imports_the_dev_tools_or_openpyxl():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name
            for name in _imported_modules(path)
            if name.split(".")[0] in ("pipeline_dev", "openpyxl")
        )
        for path in sorted((ROOT / "pipeline").rglob("*.py"))
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_a_dev_stage_outside_a_source_checkout_says_so_in_norwegian(monkeypatch, capsys):
    for name in [n for n in sys.modules if n.split(".")[0] == "pipeline_dev"]:
        monkeypatch.delitem(sys.modules, name)  # as if never imported …
    monkeypatch.setitem(sys.modules, "pipeline_dev", None)  # … and not importable
    assert cli.main(["example"]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err.startswith("Feil: trinnet «example» er et utviklingsverktøy.")
    assert "make venv" in err and "Traceback" not in err


@pytest.mark.parametrize("name", sorted(cli.STAGES))
def test_every_stage_module_has_the_stage_interface(name):
    stage = cli.STAGES[name]
    module = __import__(stage.module, fromlist=["main"])
    assert callable(module.add_arguments) and callable(module.main)


def test_the_installed_package_holds_every_module_template_and_data_file():
    """pyproject lists the packages by hand (to map templates/ in): nothing may fall out."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    listed = set(config["setuptools"]["packages"])
    mapped = {name: ROOT / d for name, d in config["setuptools"]["package-dir"].items()}

    def folder(package: str) -> Path:
        return mapped.get(package, ROOT / package.replace(".", "/"))

    with_code = {
        ".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "pipeline").rglob("*.py")
    }
    assert with_code <= listed
    assert all(folder(package).is_dir() for package in listed)
    shipped = {
        path
        for package, patterns in config["setuptools"]["package-data"].items()
        for pattern in patterns
        for path in folder(package).glob(pattern)
    }
    data = [
        path
        for root in (ROOT / "pipeline", ROOT / "templates")
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]
    assert sorted(str(p.relative_to(ROOT)) for p in data if p not in shipped) == []


def test_every_make_target_runs_python_through_the_one_front_door():
    """`python -m pipeline <stage>` for every target: one error wrapper, one --help."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    modules = re.findall(r"\$\(PY\) -m ([\w.]+)", makefile)
    assert "pipeline" in modules
    assert sorted(set(modules) - {"pipeline", "pip", "pytest"}) == []
    stages = re.findall(r"\$\(PY\) -m pipeline ([\w-]+)", makefile)
    stages += re.findall(r"\$\(call STAGE,([\w-]+)\)", makefile)
    assert set(stages) - {"--study"} <= set(cli.STAGES)


def _stage_raising(monkeypatch, error: BaseException) -> None:
    """The «absence» stage replaced by one that raises ``error``."""
    import types

    module = types.ModuleType("fake_stage")
    module.add_arguments = lambda parser: None

    def fail(args):
        raise error

    module.main = fail
    monkeypatch.setitem(sys.modules, "fake_stage", module)
    monkeypatch.setitem(cli.STAGES, "absence", cli.Stage("fake_stage", "prøve"))


def test_any_stage_prints_the_values_of_a_data_files_cells_only_redacted(monkeypatch, capsys):
    from pipeline.errors import PipelineError

    error = PipelineError(
        "Verdien er ikke et tall.",
        file="fravaer.xlsx",
        column="Enhet",
        values=("150765 00565", "Kari Nordmann"),
        rows=(7, 9),
    )
    _stage_raising(monkeypatch, error)
    assert cli.main(["absence"]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err == (
        "Feil: Fil «fravaer.xlsx», kolonne «Enhet»: Verdien er ikke et tall. "
        "Verdi: «[fødselsnummer fjernet]», «[navn fjernet]». (rad 7, 9)\n"
    )


def test_an_unexpected_error_is_printed_redacted(monkeypatch, capsys):
    _stage_raising(monkeypatch, ValueError("could not convert string to float: '15076500565'"))
    assert cli.main(["absence"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "ValueError: could not convert string to float: '[fødselsnummer fjernet]'" in err
    assert "15076500565" not in err and "Traceback" not in err
