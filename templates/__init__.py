"""The report templates, installed as the package data ``pipeline.templates``.

This folder stays at the top of the repository, where revisors and developers
edit it; ``pyproject.toml`` maps it into the package, and
:func:`pipeline.templating.templates_dir` finds it, installed or editable alike.
"""
