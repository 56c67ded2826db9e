"""The formats the synthetic exports come in, apart from the generator.

The benchmark's parent process imports these without the generator: a forked
child's peak memory starts at the parent's size, so the parent stays small (no
pandas) and generates in a subprocess.
"""

FORMATS = ("xlsx", "csv")
XLSX_MAX = 50_000  # larger xlsx exports take long to write and are not what platforms give
