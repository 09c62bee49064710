"""`{% load xml_text %}` ... `{{ value|xml_text }}`: text for an XML document, with the
characters XML 1.0 cannot hold written as spaces (masthead.core.feeds.xml_text); escaping is
left to the template as usual."""

from __future__ import annotations

from django import template

from masthead.core.feeds import xml_text as _xml_text

register = template.Library()


@register.filter
def xml_text(value: object) -> object:
    return _xml_text(value)
