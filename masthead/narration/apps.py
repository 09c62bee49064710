from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks


class NarrationConfig(AppConfig):
    name = "masthead.narration"
    label = "narration"
    verbose_name = "Narration (listen to article)"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate

        from masthead.articles.signals import article_changed
        from masthead.articles.structured_data import register_extra
        from masthead.core import health
        from masthead.narration.actions import article_changed as on_article_changed
        from masthead.narration.actions import refresh_after_migrate, remove_audio_file
        from masthead.narration.models import Narration
        from masthead.narration.presenters import json_ld_audio

        register_extra(json_ld_audio)  # `audio` (AudioObject) in the article's JSON-LD
        health.register_check("narration", check_engine)
        article_changed.connect(on_article_changed, dispatch_uid="narration.article_changed")
        post_delete.connect(remove_audio_file, sender=Narration, dispatch_uid="narration.files")
        checks.register(check_narration_settings)
        # an upgrade may read unchanged bodies differently: re-narrate exactly those articles
        post_migrate.connect(refresh_after_migrate, sender=self, dispatch_uid="narration.refresh")
        from masthead.narration import metrics, pagecache

        pagecache.register()
        metrics.register()
        from masthead.core.recoveryhooks import register_repair
        from masthead.narration.recovery import recover_lost_narrations

        # task recovery queues again a narration whose task is in no queue (`recovery`)
        register_repair("narration", recover_lost_narrations)


def check_engine() -> tuple[bool, str]:
    """/healthz: can the configured speech engine run here? (Cheap: the voice is not loaded.)"""
    from masthead.narration.config import configured_engine
    from masthead.narration.engines import EngineError

    try:
        return True, configured_engine().version
    except EngineError as exc:
        try:  # narration still works, with the light fallback voice
            return True, f"fallback {configured_engine('espeak').version}: {exc}"
        except EngineError:
            return False, str(exc)


def check_narration_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Bad narration settings fail at start (`migrate`, `serve`), not in the first task."""
    from django.conf import settings

    from masthead.narration.config import narration_parallel, narration_settings
    from masthead.narration.engines import ENGINE_NAMES

    try:
        narration_parallel(settings.MASTHEAD.get("NARRATION_PARALLEL"))
    except ValueError as exc:
        return [checks.Error(f"MASTHEAD_{exc}", id="narration.E004")]
    conf = narration_settings()
    errors: list[checks.CheckMessage] = []
    if conf.engine not in ENGINE_NAMES:
        errors.append(
            checks.Error(
                f"MASTHEAD_NARRATION_ENGINE must be one of {', '.join(ENGINE_NAMES)}, "
                f"not {conf.engine!r}",
                id="narration.E001",
            )
        )
    if not 0.5 <= conf.rate <= 2.0:
        errors.append(
            checks.Error(
                f"MASTHEAD_NARRATION_RATE must be between 0.5 and 2.0, not {conf.rate}",
                id="narration.E002",
            )
        )
    if conf.threads < 1:
        errors.append(
            checks.Error("MASTHEAD_NARRATION_THREADS must be at least 1", id="narration.E003")
        )
    return errors
