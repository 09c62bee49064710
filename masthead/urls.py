import posixpath

from django.conf import settings
from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

from masthead.api import api
from masthead.comments.account_views import AdminLoginForm
from masthead.core import views as core_views

# The site's own 400 and 500 pages (404 and 403 are templates in masthead/core/templates).
handler400 = core_views.bad_request
handler500 = core_views.server_error

admin.site.site_header = "Masthead newsroom"
admin.site.site_title = "Masthead"
# Password guessing on the admin's log-in page is limited as on the site's.
admin.site.login_form = AdminLoginForm


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's log-in page; past the log-in limits it answers 429 with Retry-After, as the
    site's does (docs/operations.md), its form saying why."""
    response = admin.site.login(request)
    form = (getattr(response, "context_data", None) or {}).get("form")
    limited = getattr(form, "rate_limited", None)
    if limited is not None:
        response.status_code = 429
        response["Retry-After"] = str(limited.retry_after)
    return response


urlpatterns = [
    # Before the admin's own patterns, which answer the same address.
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", core_views.metrics_endpoint, name="metrics"),
    path("", include("masthead.narration.urls")),
    path("", include("masthead.articles.urls")),
    path("comments/", include("masthead.comments.urls")),
    path("accounts/", include("masthead.comments.account_urls")),
    path("moderation/", include("masthead.dashboard.urls")),
    path("api/", api.urls),
]


# Narration audio is served only by /listen/<slug>.mp3, which checks that the story is live and
# the audio current: its file name (article id and the `v=` of that public URL) is no secret.
PRIVATE_MEDIA = ("narration/",)


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    if posixpath.normpath(path).lstrip("/").lower().startswith(PRIVATE_MEDIA):
        raise Http404("No such file")
    # MEDIA_ROOT is read per request, not when the URLconf loads, so tests (and anything
    # else) that point it elsewhere are served from the right folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    # One-machine set-up: Django serves uploaded photos and narration audio itself.
    # Behind a proxy, MASTHEAD_SERVE_MEDIA=false and the proxy serves MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media),
    ]
