"""Abstract bases shared by the apps' models (core stays free of any app's domain)."""

from __future__ import annotations

from typing import Any, Self

from django.db import models


class SingletonModel(models.Model):
    """A one-row settings table (pk=1).

    `load()` never writes: until someone saves a change it returns an unsaved row with the
    defaults, so reading settings in a page view cannot create a row (which would count as a
    change and invalidate caches). Saving the returned row inserts or updates pk=1.
    """

    class Meta:
        abstract = True

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        return {}

    @classmethod
    def load(cls) -> Self:
        return cls.objects.filter(pk=1).first() or cls(pk=1, **cls.defaults())
