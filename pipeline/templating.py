"""The one Jinja environment every page is rendered with (report, validation page).

The templates are the package data ``pipeline.templates``: the top-level
``templates/`` folder, mapped into the package by ``pyproject.toml``, so the
package finds them through :mod:`importlib.resources` wherever it is installed.
"""

from __future__ import annotations

import importlib.resources
import inspect
from pathlib import Path

import jinja2

from pipeline import formatting
from pipeline.errors import PipelineError


def templates_dir() -> Path:
    """The folder of the report templates (``templates/`` in a source checkout)."""
    try:
        folder = importlib.resources.files("pipeline.templates")
    except ModuleNotFoundError as exc:
        raise PipelineError(
            "Fant ikke rapportmalene (pakken pipeline.templates).",
            hint="Installer verktøyet på nytt med «make venv».",
        ) from exc
    return Path(str(folder))


def environment(templates: Path | None = None) -> jinja2.Environment:
    """Jinja with autoescape on, strict undefined, and every formatting function as a filter."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir() if templates is None else templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    for name, function in inspect.getmembers(formatting, inspect.isfunction):
        if function.__module__ == formatting.__name__ and not name.startswith("_"):
            env.filters[name] = function
    return env
