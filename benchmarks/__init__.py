"""Benchmarks against the peer tools (``python benchmarks/run.py``) and the input generators
they share with the tests: :mod:`benchmarks.estate` (a fleet of configuration files) and
:mod:`benchmarks.shapes` (one big file of a given shape)."""
