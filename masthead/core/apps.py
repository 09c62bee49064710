from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = "Masthead core"

    def ready(self) -> None:
        from django.core import checks
        from django.db.models.signals import post_migrate

        from masthead.core.checks import (
            check_secret_key_shared,
            check_site_url,
            check_site_url_host_allowed,
        )
        from masthead.core.dbstats import after_migrate
        from masthead.core.health import register_core_checks

        register_core_checks()
        checks.register(check_site_url, deploy=True)
        checks.register(check_site_url_host_allowed, deploy=True)
        checks.register(check_secret_key_shared, deploy=True)
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="core.analyze")
