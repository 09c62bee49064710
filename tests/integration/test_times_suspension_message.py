"""A suspended reader is told until when, in the newsroom's zone with the zone named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from masthead.comments import actions as comment_actions

pytestmark = pytest.mark.django_db


@override_settings(TIME_ZONE="Europe/London")
def test_a_suspended_reader_is_told_until_when_with_the_zone(
    make_article, make_reader, post, moderator_user
):
    reader = make_reader()
    until = dt.datetime(2099, 1, 15, 14, 5, tzinfo=dt.UTC)
    comment_actions.suspend_reader(reader, moderator_user, until)
    with pytest.raises(comment_actions.NotAllowed, match="until 15 Jan 2099, 14:05 GMT"):
        post(make_article(), reader)
