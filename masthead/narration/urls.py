from django.urls import path

from masthead.narration import views
from masthead.narration.feeds import PodcastFeed

app_name = "narration"
urlpatterns = [
    path("listen/<slug:slug>.mp3", views.audio, name="audio"),
    path("listen/<slug:slug>/timings.json", views.timings, name="timings"),
    path("listen/<slug:slug>/status.json", views.status, name="status"),
    path("listen/<slug:slug>/segments.json", views.segments, name="segments"),
    path("listen/<slug:slug>/parts/<str:key>.mp3", views.part, name="part"),
    path("listen/<slug:slug>/regenerate", views.regenerate, name="regenerate"),
    path("feeds/podcast.xml", PodcastFeed(), name="podcast"),
]
