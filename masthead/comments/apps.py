from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import pre_save

        from masthead.comments import actions, metrics, pagecache

        pagecache.register()
        metrics.register()
        # An administrator changing a banned account's e-mail keeps the ban on both addresses.
        pre_save.connect(
            actions.before_user_save,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="comments:banned-address-change",
        )
