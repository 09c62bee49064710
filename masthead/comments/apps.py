from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"

    def ready(self) -> None:
        from masthead.comments import metrics, pagecache

        pagecache.register()
        metrics.register()
