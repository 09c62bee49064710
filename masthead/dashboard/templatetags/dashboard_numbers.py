"""The workspace's number filters: `{{ share|percent }}` (see present.percent)."""

from __future__ import annotations

from django import template

from masthead.dashboard import present

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    return present.percent(share)
