"""Signals comments sends so other apps (the moderators' workspace) can follow its decisions
without comments importing them.

`verdict_stored(sender=Comment, comment=..., outcome=..., previous_status=...)` is sent inside
the transaction that stores an automatic verdict (`actions.apply_verdict`), after the comment's
new status is saved. Receivers that write must not fail: an exception rolls the verdict back.

`comment_decided(sender=Comment, comment=..., moderator=..., previous_status=..., reason=...)`
is sent inside the transaction of every moderator's approve, reject or hold
(`approve_comment`, `reject_comment`, `hold_comment`, `edit_and_approve_comment`), whoever
calls them (the workspace, the admin), after the new status is saved.

`comment_erased(sender=Comment, comment=...)` is sent inside the transaction that removes a
comment's words (its author deleted it, or their account), after they are gone, so copies
kept elsewhere (the workspace's audit log) can go too.

`faq_changed(sender=CommentsSettings, editor=..., before=..., after=...)` is sent inside the
transaction of `actions.update_faq` when the Comments FAQ's text changes, whichever page saved
it (/comments/faq/edit/ or the workspace's settings page), so the audit log records every edit.

`address_block_lifted(sender=BlockedAddress, operator=<user>, reason=<text>, digest=<hex>,
domain_blocked=<bool>)` is sent by `actions.lift_address_block` (`masthead blocked_addresses
lift`) inside the transaction that removes the block of a deleted banned account's address (and
its domain's, when `domain_blocked`), so the moderators' audit log records who lifted it and
why. A receiver that raises rolls the lift back; the action also refuses when no receiver
answered, so no lift goes unrecorded.
"""

from __future__ import annotations

from django.dispatch import Signal

verdict_stored = Signal()
comment_decided = Signal()
comment_erased = Signal()
faq_changed = Signal()
address_block_lifted = Signal()
