from django.urls import path

from masthead.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("queue/<slug:tab>/", views.queue, name="queue"),
    path("comments/", views.find_comment, name="find_comment"),
    path("comments/<int:comment_id>/", views.comment_page, name="comment"),
    path("comments/<int:comment_id>/edit/", views.edit, name="edit"),
    path("comments/<int:comment_id>/take-down/", views.take_down, name="take_down"),
    path("comments/<int:comment_id>/<slug:verb>/", views.decide, name="decide"),
    path("readers/<int:reader_id>/<slug:verb>/", views.reader_action, name="reader"),
    path("bulk/", views.bulk, name="bulk"),
    path("undo/", views.undo, name="undo"),
    path("audit/", views.audit, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
    path("stats/", views.stats_page, name="stats"),
    path("stats/thresholds/", views.thresholds_page, name="stats_thresholds"),
    path("settings/", views.settings_page, name="settings"),
]
