"""Fixtures shared by the unit tests of the shipped moderation models."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def abuse():  # type: ignore[no-untyped-def]
    """The shipped abuse model (with the threat model beside it), loaded once a module."""
    from masthead.moderation.core.classifiers.loader import load_classifiers

    return load_classifiers().abuse


@pytest.fixture(scope="module")
def threshold() -> float:
    """The shipped abuse threshold."""
    from masthead.moderation.core.cli import default_policy

    return default_policy().thresholds.abuse
