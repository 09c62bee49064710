from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        from masthead.core.health import register_core_checks

        register_core_checks()
