"""Statistics for the survey chapter: one public function per statistic.

Functions take tidy DataFrames (``responses.parquet`` and the codebook) and
return tidy DataFrames; :mod:`pipeline.analysis.run` gathers them into
``data/processed/results.json`` (schema: :mod:`pipeline.analysis.results`).
"""
