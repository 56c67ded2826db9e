"""Survey figures: matplotlib drawing functions, one per figure kind.

Each function takes a tidy DataFrame cut from ``results.json`` and returns a
:class:`matplotlib.figure.Figure` built with the object API (no pyplot, no
global state); the figures stage saves it with :func:`style.save_svg`.

- :mod:`pipeline.figures.style`: font, sizes, colours (the same colour for the
  same answer everywhere), suppressed cells, deterministic SVG;
- :mod:`pipeline.figures.likert`: diverging bars for Likert batteries, 100 %
  stacked bars for single-choice questions;
- :mod:`pipeline.figures.bars`: grouped bars for sector comparisons, bars for
  multiple-choice questions;
- :mod:`pipeline.figures.gaps`: dot plot of leader vs employee gaps;
- :mod:`pipeline.figures.dropoff`: how many are still answering, question by question.

From ``results.json`` to those tables and back to words:

- :mod:`pipeline.figures.shares`: what each figure draws, cut from its results record;
- :mod:`pipeline.figures.captions`: what each figure says: short title, caption,
  text alternative and the table of its numbers (its entry in ``index.json``);
- :mod:`pipeline.figures.survey`: which figures a survey gets, each as a ``Drawing``;
- :mod:`pipeline.figures.run`: the stage: draws them all and writes ``index.json``.
- :mod:`pipeline.figures.index`: the records of ``index.json``.
"""
