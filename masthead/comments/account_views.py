"""Reader accounts: sign up, log in and out, password reset by e-mail (Django auth), the
account page (display name, reply e-mails, my comments), data export and account deletion."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from masthead.comments import actions, queries, tasks
from masthead.comments.errors import CommentError, RateLimited
from masthead.comments.views import client_ip


class RateLimitedLogin(forms.Form):
    """Log-in attempts are counted per address, per account name and address, and per account
    name from all addresses before the password is checked (actions.check_login_rate); an
    address the account logged in from is remembered (actions.remember_login_address) and is
    not refused by the all-addresses limit. The site's and the admin's log-in forms both use
    this."""

    request: HttpRequest | None
    rate_limited: RateLimited | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        address = client_ip(self.request) if self.request else None
        if username and self.cleaned_data.get("password"):
            try:
                actions.check_login_rate(str(username), address)
            except RateLimited as error:
                self.rate_limited = error
                raise ValidationError(error.message, code="rate_limited") from None
        cleaned = super().clean()  # raises ValidationError on a wrong password
        if username and getattr(self, "user_cache", None) is not None:
            actions.remember_login_address(str(username), address)
        return cleaned  # type: ignore[no-any-return]


class AdminLoginForm(RateLimitedLogin, AdminAuthenticationForm):
    pass


class LoginForm(RateLimitedLogin, AuthenticationForm):
    username = forms.CharField(
        label="E-mail address (or staff user name)",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autofocus": True,
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_username(self) -> str:
        # Readers log in with their e-mail address, stored lower-case at sign-up; a phone
        # capitalises the first letter and autocompletion may add a space. Staff user names
        # (no @) are left as typed.
        username = str(self.cleaned_data.get("username", "")).strip()
        return username.lower() if "@" in username else username


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _next_path(request: HttpRequest) -> str:
    """`next` as a path on this site, or "/": what the password-reset pages and e-mail carry
    from the log-in page to the page after the new password, so the reader gets back to the
    article they were reading. A link in an e-mail names no host, only the path."""
    parts = urlsplit(_next(request))
    path = urlunsplit(("", "", parts.path, parts.query, ""))
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


SIGNUP_SESSION_KEY = "masthead_signup"


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url != "/" else url


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Every sign-up that passes the form's checks answers alike (on to "check your e-mail"),
    whether or not the address has an account; the e-mail sent says which (actions.sign_up_reader).
    Only the display name, which is public anyway, can be refused as taken."""
    context = {"next": _next(request), "values": {}}
    if request.user.is_authenticated:
        # A signed-in reader is told so, with the way back and a Log out button, not given a
        # form that would make a second account by mistake; a form sent anyway does nothing.
        context["signed_in"] = True
        status = 200 if request.method == "GET" else 409
        return render(request, "comments/accounts/signup.html", context, status=status)
    if request.method == "GET":
        return render(request, "comments/accounts/signup.html", context)
    values = {
        "email": request.POST.get("email", ""),
        "display_name": request.POST.get("display_name", ""),
    }
    password, again = request.POST.get("password", ""), request.POST.get("password_again", "")
    context["values"] = values
    if password != again:
        context["error"] = CommentError("The two passwords differ.", field="password")
        return render(request, "comments/accounts/signup.html", context, status=400)
    try:
        actions.check_signup_rate(client_ip(request))
        sent = actions.sign_up_reader(
            values["email"], values["display_name"], password, next_url=context["next"]
        )
    except CommentError as error:
        context["error"] = error
        response = render(request, "comments/accounts/signup.html", context, status=error.status)
        if isinstance(error, RateLimited):
            response["Retry-After"] = str(error.retry_after)
        return response
    request.session[SIGNUP_SESSION_KEY] = sent.mark
    return HttpResponseRedirect(_with_next(reverse("accounts:signup_sent"), context["next"]))


def signup_sent(request: HttpRequest) -> HttpResponse:
    context = {"next": _next(request), "link_days": actions.signup_link_days()}
    return render(request, "comments/accounts/signup_sent.html", context)


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows the form and changes nothing (mail scanners open links); POST confirms and
    logs the reader in. In the browser whose sign-up the link confirms, one button does it,
    with the password chosen at sign-up. Anywhere else the form asks for a password (twice),
    which replaces the one stored: a stranger who signed up again with the reader's address
    never gets their own password activated by the owner following the link
    (actions.confirm_signup)."""
    next_url = _next(request)
    mark = str(request.session.get(SIGNUP_SESSION_KEY) or "")
    context: dict[str, Any] = {"next": next_url}
    try:
        if request.method == "GET":
            pending = actions.check_signup_link(uidb64, token)
            context["choose_password"] = actions.signup_needs_password(pending, mark)
            return render(request, "comments/accounts/signup_confirm.html", context)
        user = actions.confirm_signup(
            uidb64,
            token,
            client_ip(request),
            mark=mark,
            new_password=request.POST.get("password") or None,
            new_password_again=request.POST.get("password_again", ""),
        )
    except CommentError as error:
        context["error"] = error
        # A refused password leaves the link working: the form is shown again.
        # A banned address (address_blocked) gets no form: no password makes it usable.
        context["choose_password"] = error.code not in {"bad_signup_link", "address_blocked"}
        return render(
            request, "comments/accounts/signup_confirm.html", context, status=error.status
        )
    request.session.pop(SIGNUP_SESSION_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.info(request, "Welcome! Your account is ready and you can comment now.")
    return HttpResponseRedirect(next_url)


class LoginView(auth_views.LoginView):
    template_name = "comments/accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        # A signed-in reader sent to this page with itself as `next` (a link anyone can write)
        # would make Django raise "Redirection loop" (a 500); they go to the default instead.
        url = super().get_redirect_url()
        return "" if url and urlsplit(url).path == self.request.path else url

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.rate_limited is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.rate_limited.retry_after)
        return response


# Pages only a signed-in reader or staff member can use: logging out from one lands on the front
# page, not on a page that would send the reader straight to the log-in form.
_SIGNED_IN_PAGES = re.compile(
    r"^/(?:accounts|moderation|admin)/|^/comments/(?:\d+/(?:edit|delete|report)|faq/edit)/"
)


class LogoutView(auth_views.LogoutView):
    """Log out and go back to the page the reader was on (the header's form sends it as `next`)
    when it is a page of this site anyone may read; to the front page otherwise."""

    template_name = "comments/accounts/logged_out.html"

    def get_redirect_url(self) -> str:
        # Django's check (url_has_allowed_host_and_scheme): another site's address is refused.
        url = super().get_redirect_url()
        if not url or _SIGNED_IN_PAGES.match(urlsplit(url).path):
            return ""
        return url


class PasswordResetView(auth_views.PasswordResetView):
    """Every request that passes the rate limit queues one task (tasks.send_password_reset)
    and goes on to "check your e-mail", whatever the address: the e-mail, sent only to an
    address with an account, goes from the worker, so the time the page takes does not tell
    whether an account exists (docs/operations.md, security)."""

    template_name = "comments/accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            actions.check_password_reset_rate(form.cleaned_data["email"], client_ip(self.request))
        except RateLimited as error:
            context = self.get_context_data(form=form, rate_limited=error)
            response = self.render_to_response(context, status=429)
            response["Retry-After"] = str(error.retry_after)
            return response
        tasks.queue_password_reset(form.cleaned_data["email"], _next_path(self.request))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "comments/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The e-mail's link carries `next` (the page the reader was on when they asked); Django
    redirects the link to a URL without the token and without the query, so it is added back,
    and on to the "password changed" page, whose Log in link takes it."""

    template_name = "comments/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().dispatch(*args, **kwargs)
        if kwargs.get("token") != self.reset_url_token and isinstance(
            response, HttpResponseRedirect
        ):
            return HttpResponseRedirect(_with_next(response.url, _next_path(self.request)))
        return response

    def get_success_url(self) -> str:
        return _with_next(str(self.success_url), _next_path(self.request))

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # sets the new password
        # Whoever set it holds the account's mailbox: their address is let past the
        # account-wide log-in limit, as after a log-in with the password.
        actions.remember_login_address(form.user.get_username(), client_ip(self.request))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "comments/accounts/password_reset_complete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "next": _next_path(self.request)}


MY_COMMENTS_PER_PAGE = 100


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    reader = actions.reader_profile(request.user)  # type: ignore[arg-type]
    context = {
        "reader": reader,
        "display_name": reader.display_name,
        # A suspended or banned reader keeps their name (the box is read-only, with why).
        "name_refusal": actions.standing_refusal(request.user, "change its display name"),
    }
    # "My comments" shows 100 at a time, newest first; ?page=2 ... the older ones (a number out
    # of range gives the last page, one that is no number the first).
    page = Paginator(
        queries.reader_comments(request.user).order_by("-created_at", "-pk"),  # type: ignore[arg-type]
        MY_COMMENTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    context.update(comments=page.object_list, comments_page=page)
    if request.method == "POST":
        name = request.POST.get("display_name", "")
        try:
            actions.update_reader_profile(
                request.user,  # type: ignore[arg-type]
                name,
                request.POST.get("notify_replies") == "on",
            )
        except CommentError as error:
            if context["name_refusal"] is None:  # else the read-only box keeps the stored name
                context.update(display_name=name)
            context.update(error=error)
            return render(request, "comments/accounts/profile.html", context, status=error.status)
        messages.info(request, "Your settings are saved.")
        return HttpResponseRedirect(reverse_lazy("accounts:profile"))
    return render(request, "comments/accounts/profile.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = queries.export_reader(request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="my-comments-{stamp}.json"'
    return response


def deleted_account_message(count: int) -> str:
    """What a reader who deleted their account is told, on the front page it lands on."""
    if count == 0:
        return "Your account is deleted."
    if count == 1:
        return "Your account is deleted; your 1 comment now shows as deleted."
    return f"Your account is deleted; your {count} comments now show as deleted."


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "comments/accounts/delete.html")
    if request.POST.get("confirm") != "delete":
        error = CommentError('Please tick the box to confirm, then press "Delete my account".')
        return render(request, "comments/accounts/delete.html", {"error": error}, status=400)
    user = request.user
    try:
        count = actions.delete_account(user)  # type: ignore[arg-type]
    except CommentError as error:
        return render(
            request, "comments/accounts/delete.html", {"error": error}, status=error.status
        )
    logout(request)
    messages.info(request, deleted_account_message(count))
    return HttpResponseRedirect("/")
