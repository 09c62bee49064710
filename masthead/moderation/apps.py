from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "masthead.moderation"
    label = "moderation"

    def ready(self) -> None:
        from masthead.articles.signals import article_changed
        from masthead.moderation.actions import article_changed as on_article_changed
        from masthead.moderation.health import register

        register()
        # an article published or edited gets its passage vectors made in the background
        article_changed.connect(on_article_changed, dispatch_uid="moderation.article_changed")
