"""Account pages beyond Django's own auth views: sign up, my contributions, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import PasswordResetView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from confnotes.ratelimit import rate_limited
from confnotes.views import LoginRequiredKeepingPostMixin
from people.forms import SignUpForm
from talks.contribution_selectors import contributions_of

# Sign-up logs the new account in without a password check, so no lockout backend applies.
SIGN_UP_BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignUpView(FormView):
    form_class = SignUpForm
    template_name = "registration/signup.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        return self.write(form)

    @rate_limited("signup")
    def write(self, form: SignUpForm) -> HttpResponse:
        user = form.save()
        login(self.request, user, backend=SIGN_UP_BACKEND)
        messages.success(
            self.request, _("Welcome, %(username)s! You can now write notes.") % {"username": user}
        )
        return super().form_valid(form)

    def get_success_url(self) -> str:
        next_url = self.request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            return next_url
        return resolve_url("my-contributions")


class MyContributionsView(LoginRequiredKeepingPostMixin, TemplateView):
    template_name = "people/my_contributions.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(contributions=contributions_of(self.request.user), **kwargs)


class RateLimitedPasswordResetView(PasswordResetView):
    """Django's password reset, limited per address so that nobody floods a mailbox."""

    def form_valid(self, form) -> HttpResponse:
        return self.write(form)

    @rate_limited("password-reset")
    def write(self, form) -> HttpResponse:
        return super().form_valid(form)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: say how long the pause lasts, with the status 429."""
    cooloff_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"cooloff_minutes": cooloff_minutes}, status=429
    )
