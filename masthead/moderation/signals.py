"""What moderation tells the rest of the site.

`policy_changed(sender=ModerationPolicy, user=..., actor=..., before=..., after=...)` is sent
inside the transaction of `actions.update_policy` when the stored policy changes, whoever changed
it (the workspace's settings page, a script, a management command, the shell), so the audit log
records every change. `user` is the account (None for a script), `actor` the name to record
(the username, else what the caller named itself, else "system"); `before` and `after` hold only
the fields that changed (word lists as lists).
"""

from __future__ import annotations

from django.dispatch import Signal

policy_changed = Signal()
