"""Benchmarks and quality evaluation (run from the repo root: ``python -m bench.<name>``)."""
