from django.urls import path

from masthead.comments import views

app_name = "comments"
urlpatterns = [
    path("faq/", views.faq, name="faq"),
    path("faq/edit/", views.faq_edit, name="faq_edit"),
    path("article/<int:article_id>/", views.thread, name="thread"),
    path("article/<int:article_id>/post/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/replies/", views.more_replies, name="replies"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/report/", views.report_comment, name="report"),
    path("<int:pk>/like/", views.like_comment, name="like"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "unsubscribe/<str:token>/one-click/",
        views.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
]
