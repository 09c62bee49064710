"""A page in a small phone's browser for the browser tests: 320 x 568 CSS px, touch, mobile
viewport rules, British English, 20 s for each wait."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

SMALL_PHONE = {"width": 320, "height": 568}


@contextlib.contextmanager
def phone_page(browser: Any, **options: Any) -> Iterator[Any]:
    """A new page in its own small-phone context (`options` add to or override the context's,
    e.g. java_script_enabled=False); the context is closed after."""
    context = browser.new_context(
        **{"viewport": SMALL_PHONE, "has_touch": True, "is_mobile": True, "locale": "en-GB"}
        | options
    )
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
    finally:
        context.close()
