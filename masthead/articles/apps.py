from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.core.signals import request_finished
        from django.db.models.signals import post_delete

        from masthead.articles.actions import remove_photo_file
        from masthead.articles.media import remove_uncommitted_everywhere
        from masthead.articles.models import Article
        from masthead.articles.pagecache import register

        register()
        post_delete.connect(remove_photo_file, sender=Article, dispatch_uid="articles.photos")
        # A photo written in a request whose transaction rolled back goes when it ends.
        request_finished.connect(remove_uncommitted_everywhere, dispatch_uid="articles.media")
