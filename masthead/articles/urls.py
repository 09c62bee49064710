from django.urls import path

from masthead.articles import views

app_name = "articles"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("news/<slug:slug>/", views.article_page, name="detail"),
]
