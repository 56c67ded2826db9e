"""Registered sickness absence: the kommune's own statistics beside the survey.

A forvaltningsrevisjon on sykefravær reads the HR system's absence statistics
(one row per unit and period) as well as the survey. This package follows the
data:

- :mod:`pipeline.absence.config`: ``absence.yaml`` in the study folder (column
  mapping, period type, tolerance, targets, national reference, SMARTE);
- :mod:`pipeline.absence.periods`: period labels (year, tertial, quarter, month);
- :mod:`pipeline.absence.read`: the raw file → a tidy register with shares 0–1;
- :mod:`pipeline.absence.checks`: rates in range, periods complete and unique,
  components adding up to the total (great-expectations);
- :mod:`pipeline.absence.analysis`: weighted trends, short/long split, ranking,
  gaps to targets and to the national reference;
- :mod:`pipeline.absence.figures`: the trend figure (matplotlib);
- :mod:`pipeline.absence.run`: the ``absence`` stage → ``data/processed/absence.json``.

The example study's absence file is written by :mod:`pipeline_dev.absence_example`.
"""
