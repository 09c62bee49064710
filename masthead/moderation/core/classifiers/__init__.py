"""Classifiers behind Protocols (base.py), the real models, and a fake for other features' tests."""
