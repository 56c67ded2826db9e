"""Development tools beside the runtime package: the example study's raw files, synthetic
exports and the benchmark. Run through ``python -m pipeline example|synthetic|bench`` from
a source checkout; not installed with ``pipeline`` (see ``docs/architecture.md``).
"""
