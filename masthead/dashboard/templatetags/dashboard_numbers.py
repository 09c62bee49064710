"""The workspace's number filters: `{{ share|percent }}` (see present.percent) and
`{{ n|count }}` (present.count: 1,234,567)."""

from __future__ import annotations

from django import template

from masthead.dashboard import present

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    return present.percent(share)


@register.filter
def count(value: float | None) -> str:
    """A count in full with thousands separators, as the charts write it (present.count)."""
    return "–" if value is None else present.count(value)
