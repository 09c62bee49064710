"""An editor's preview of an article readers cannot see yet says so at the top (a draft, or
scheduled for when); the public page of a live article never carries that notice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

NOTICE = 'id="preview-notice"'


def test_a_drafts_preview_says_it_is_a_draft_readers_cannot_see(client, editor, make_article):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    draft = make_article(status="draft", published_at=None)
    client.force_login(editor)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert NOTICE in page
    assert "Preview: not published." in page and "This is a draft" in page


def test_a_scheduled_articles_preview_says_when_it_appears(client, editor, make_article):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="change_article"))
    when = timezone.now() + dt.timedelta(days=2)
    scheduled = make_article(status="scheduled", published_at=when)
    client.force_login(editor)
    page = client.get(scheduled.get_absolute_url()).content.decode()
    assert NOTICE in page
    local = timezone.localtime(when)
    # To the second, with the offset (HTML allows no more than milliseconds), and the zone named.
    stamp = local.replace(microsecond=0).isoformat()
    assert f'Scheduled for <time datetime="{stamp}">' in page
    assert f"{local:%-d %b %Y, %H:%M} {local.tzname()}" in page
    assert "readers cannot see it until then" in page
    # Once its time has come it is live: no notice, for the editor or anyone else.
    type(scheduled).objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert NOTICE not in client.get(scheduled.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(scheduled.get_absolute_url())
    assert public.status_code == 200 and NOTICE not in public.content.decode()


def test_a_live_articles_page_has_no_preview_notice(client, editor, make_article):
    live = make_article()
    assert NOTICE not in client.get(live.get_absolute_url()).content.decode()
    client.force_login(editor)
    assert NOTICE not in client.get(live.get_absolute_url()).content.decode()
