from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "masthead.moderation"
    label = "moderation"

    def ready(self) -> None:
        from masthead.moderation.health import register

        register()
