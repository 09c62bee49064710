"""`{% load sitemap_times %}` ... `{{ moment|w3c_datetime }}`: a time in a sitemap, as a W3C
datetime to the second with the newsroom's offset (articles.sitemaps.w3c_datetime)."""

from __future__ import annotations

import datetime as dt

from django import template

from masthead.articles.sitemaps import w3c_datetime as _w3c_datetime

register = template.Library()


@register.filter
def w3c_datetime(value: dt.datetime | None) -> str:
    if not isinstance(value, dt.datetime):
        return ""
    return _w3c_datetime(value)
