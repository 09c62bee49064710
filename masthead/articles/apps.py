from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from masthead.articles.pagecache import register

        register()
