"""Errors the comment actions raise; views and the API turn them into responses.

Each carries an HTTP status, a stable snake_case code and a message meant for the reader.
"""

from __future__ import annotations


class CommentError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class InvalidComment(CommentError):
    status = 400
    code = "invalid"


class LoginRequired(CommentError):
    status = 401
    code = "login_required"


class NotAllowed(CommentError):
    status = 403
    code = "forbidden"


class NotFound(CommentError):
    status = 404
    code = "not_found"


class Conflict(CommentError):
    status = 409
    code = "conflict"


class RateLimited(CommentError):
    status = 429
    code = "rate_limited"

    def __init__(
        self, retry_after: int, doing: str = "commenting", kept: str = "your text is kept"
    ) -> None:
        # "30 seconds (about a minute)" overstated short waits: minutes only for longer ones.
        wait = f"{retry_after} second{'' if retry_after == 1 else 's'}"
        if retry_after >= 90:
            wait += f" (about {(retry_after + 30) // 60} minutes)"
        super().__init__(
            f"You are {doing} faster than we allow. Please wait {wait} and try again"
            + (f"; {kept}." if kept else ".")
        )
        self.retry_after = retry_after
