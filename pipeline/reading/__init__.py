"""Reading the files a study gives: the survey export and the absence register.

The package follows the file:

- :mod:`pipeline.reading.detect`: which kind of file it is, from its first bytes;
- :mod:`pipeline.reading.xlsx`, :mod:`pipeline.reading.csv`,
  :mod:`pipeline.reading.sav`: one reader per format, all meeting in
  :mod:`pipeline.reading.table` (headers, empty cells, file rows);
- :mod:`pipeline.reading.tabular`: :func:`~pipeline.reading.tabular.read_table`,
  any of them by content (the absence register is read with it too);
- :mod:`pipeline.reading.profiles`, :mod:`pipeline.reading.status`,
  :mod:`pipeline.reading.structure`: what each survey platform writes;
- :mod:`pipeline.reading.export`: :func:`read_export`, a survey export with
  what its platform means applied;
- :mod:`pipeline.reading.model`: what reading produces.
"""

from pipeline.reading.export import read_export
from pipeline.reading.model import DecodedExport, RawExport, SourceInfo

__all__ = ["DecodedExport", "RawExport", "SourceInfo", "read_export"]
