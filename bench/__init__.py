"""Reproducible benchmarks against peers (`make bench`)."""
