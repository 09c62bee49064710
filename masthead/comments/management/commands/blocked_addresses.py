"""`masthead blocked_addresses check|lift ADDRESS` and `masthead blocked_addresses refresh`:
the e-mail addresses of banned readers, kept as keyed hashes (docs/comments.md, "Ban evasion").

- `check ADDRESS`: says whether the address is blocked (as `normalise_address` reads it).
- `lift ADDRESS`: removes the block of an address whose banned account was deleted (a ban on
  an account that still exists is lifted in the workspace, which records it; this refuses).
- `refresh`: writes the block of every banned account's address under the current secret key;
  run it after changing `MASTHEAD_SECRET_KEY` (docs/operations.md).

One line out; exit 0. A refusal or a bad option is one line and status 1 (2 for options).
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from masthead.comments import actions
from masthead.comments.errors import CommentError
from masthead.core.commands import OneLineErrorsCommand


class Command(OneLineErrorsCommand):
    error_prefix = "blocked_addresses: error: "
    help = "Check or lift the block on a banned reader's e-mail address, or refresh the blocks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("what", choices=["check", "lift", "refresh"])
        parser.add_argument("address", nargs="?", default="")

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
        try:
            lifted = actions.lift_address_block(address)
        except CommentError as error:
            self.fail(error.message)
        self.stdout.write(f"{address}: {'block lifted' if lifted else 'was not blocked'}")

    def fail(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.error_prefix}{message}\n")
        sys.exit(1)
