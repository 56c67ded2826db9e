"""Survey and sickness-absence analysis for Norwegian forvaltningsrevisjon.

The package follows the data: ``reading`` → ``codebook`` → ``validation`` →
``ingest`` (tidy, anonymised responses) → ``analysis`` (results.json) →
``figures`` → ``report``. ``absence`` handles registered sickness absence.
Nothing is done at import time.
"""

__version__ = "0.1.0"
