"""The codebook: which export column is which question, and how to read its answers.

See :mod:`pipeline.codebook.model` for the data model and
:func:`pipeline.codebook.load.load_codebook` for the YAML format.
"""

from pipeline.codebook.load import load_codebook
from pipeline.codebook.model import Codebook, Condition, Scale, Variable

__all__ = ["Codebook", "Condition", "Scale", "Variable", "load_codebook"]
