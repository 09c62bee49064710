"""Logging filters.

Django logs every refused request (HTTP 403 from `PermissionDenied`) on `django.request` with the
exception attached, so operators' logs filled with tracebacks for an everyday event: a reader or
a moderator opening a page their role does not allow. The line stays (a warning with the path);
the traceback goes. Other exceptions keep theirs.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class RefusalWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
