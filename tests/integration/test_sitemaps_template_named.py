"""/sitemap.xml renders a template of our own that the URLconf names, rather than one that
shadows django.contrib.sitemaps' "sitemap.xml" by being found first: the name Django's own
views and other apps ask for still gives Django's template, and what we render does not depend
on the order of the template directories."""

from __future__ import annotations

from pathlib import Path

import django.contrib.sitemaps
import pytest
from django.template.loader import get_template

pytestmark = pytest.mark.django_db

DJANGOS_OWN = Path(django.contrib.sitemaps.__file__).parent / "templates" / "sitemap.xml"


def test_the_name_sitemap_xml_still_gives_djangos_own_template():
    assert Path(get_template("sitemap.xml").origin.name) == DJANGOS_OWN


def test_the_sitemap_is_rendered_from_the_template_the_urlconf_names(client, make_article):
    make_article()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert [template.name for template in response.templates] == ["articles/sitemap.xml"]
