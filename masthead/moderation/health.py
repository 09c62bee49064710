"""The "models" check of /healthz: the moderation models load in this process.

Loading is cached per process, so the first check also warms the models before the first
comment needs them. While this fails, comments are held with `classifier_unavailable`.
"""

from __future__ import annotations

from masthead.core.health import CheckResult, register_check


def check_models() -> CheckResult:
    from masthead.moderation import gateway
    from masthead.moderation.core.classifiers.loader import ModelUnavailable

    try:
        classifiers = gateway.get_classifiers()
    except ModelUnavailable as exc:
        return False, str(exc)
    loaded = ", ".join(
        f"{name}: {type(getattr(classifiers, name)).__name__}"
        for name in ("abuse", "topic", "spam")
    )
    return True, loaded


def register() -> None:
    register_check("models", check_models)
