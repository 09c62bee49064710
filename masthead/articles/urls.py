from django.contrib.sitemaps.views import sitemap
from django.urls import path

from masthead.articles import feeds, views
from masthead.articles.sitemaps import SITEMAPS

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("news/<slug:slug>/", views.article_page, name="detail"),
    path("feeds/rss/", feeds.LatestArticlesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("feeds/section/<slug:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("feeds/section/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    # Our own template, named: <lastmod> to the second with the newsroom's offset.
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
