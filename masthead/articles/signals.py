"""Signals other apps listen to; articles imports none of them.

`article_changed` is sent on commit after an article is created or edited (by the admin,
an importer or code), with `article_id` and `became_live`.
"""

from django.dispatch import Signal

article_changed = Signal()
