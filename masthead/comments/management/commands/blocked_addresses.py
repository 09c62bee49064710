"""`masthead blocked_addresses check|lift ADDRESS` and `masthead blocked_addresses refresh`:
the e-mail addresses of banned readers, kept as keyed hashes (docs/comments.md, "Ban evasion").

- `check ADDRESS`: says whether the address is blocked (as `normalise_address` reads it, under
  the hash it had before the providers' rules, or by a block of its whole domain:
  `blocklist.lookup_digests`).
- `lift ADDRESS --by USERNAME --reason TEXT`: removes the block of an address whose banned
  account was deleted, and its domain's if that ban blocked the domain and no other ban that
  chose it is left, even of an account deleted too (then it says the domain stays blocked). A
  ban on an account that still exists is lifted in the workspace; this refuses. USERNAME is the moderator who
  decided it (a workspace moderator); the workspace's audit log records the lift with their
  name and the reason, in the same transaction (`actions.lift_address_block`): when it
  cannot, nothing is lifted.
- `refresh`: writes the block of every banned account's address under the current secret key;
  run it after changing `MASTHEAD_SECRET_KEY` (docs/operations.md).

One line out; exit 0. A refusal or a bad option is one line and status 1 (2 for options).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from django.contrib.auth import get_user_model

from masthead.comments import actions
from masthead.comments.errors import CommentError
from masthead.core.commands import OneLineErrorsCommand


class Command(OneLineErrorsCommand):
    error_prefix = "blocked_addresses: error: "
    help = "Check or lift the block on a banned reader's e-mail address, or refresh the blocks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["check", "lift", "refresh"])
        parser.add_argument("address", nargs="?", default="")
        parser.add_argument("--by", default="", help="lift: the moderator's user name")
        parser.add_argument("--reason", default="", help="lift: why, kept in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        what, address = options["what"], options["address"].strip()
        if what == "refresh":
            count = actions.block_banned_addresses()
            self.stdout.write(f"{count} banned reader address(es) newly blocked")
            return
        if "@" not in address:
            self.fail(f"{what} needs an e-mail address")
        if what == "check":
            blocked = actions.is_address_blocked(address)
            self.stdout.write(f"{address}: {'blocked' if blocked else 'not blocked'}")
            return
        operator = self.operator(options["by"].strip())
        reason = " ".join(options["reason"].split())
        if not reason:
            self.fail("lift needs --reason: why the block is lifted (the audit log keeps it)")
        domain_was_blocked = actions.is_domain_blocked(address)
        try:
            lifted = actions.lift_address_block(address, operator, reason)
        except CommentError as error:
            self.fail(error.message)
        said = "block lifted" if lifted else "was not blocked"
        domain_is_blocked = actions.is_domain_blocked(address)
        if domain_was_blocked and not domain_is_blocked:
            # The operator typed the address, so naming its domain here tells nobody anything
            # new; a lift that opens a whole domain must never be silent.
            said += f"; every address at {address.rsplit('@', 1)[1].lower()} is unblocked too"
        elif domain_is_blocked:
            if not lifted:
                said = "no block of its own to lift"
            said += (
                "; every address at its domain stays blocked: another ban chose to block the domain"
            )
        self.stdout.write(f"{address}: {said}")

    def operator(self, username: str) -> Any:
        if not username:
            self.fail("lift needs --by: the user name of the moderator who decided it")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            self.fail(f"no active user named {username!r}")
        return user

    def fail(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.error_prefix}{message}\n")
        sys.exit(1)
