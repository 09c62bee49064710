"""The "models" check of /healthz: the moderation models load in this process.

Loading is cached per process, so the first check also warms the models before the first
comment needs them. While this fails, comments are held with `classifier_unavailable`.
"""

from __future__ import annotations

import logging

from masthead.core.health import CheckResult, register_check

logger = logging.getLogger(__name__)


def check_models() -> CheckResult:
    from masthead.moderation import gateway
    from masthead.moderation.core.classifiers.loader import ModelUnavailable

    try:
        classifiers = gateway.get_classifiers()
    except ModelUnavailable as exc:
        # /healthz is public: the message names the model folder's path and the load error;
        # it goes to the log, the page says only what failed.
        logger.warning("health check models failed: %s", exc)
        return False, "the moderation models cannot be loaded (the server log has the details)"
    loaded = ", ".join(
        f"{name}: {type(getattr(classifiers, name)).__name__}"
        for name in ("abuse", "topic", "spam")
    )
    return True, loaded


def register() -> None:
    register_check("models", check_models)
