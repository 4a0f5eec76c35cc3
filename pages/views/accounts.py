"""Account pages beyond Django's own auth views: sign up, my contributions, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from common.ratelimit import rate_limited
from common.views import LoginRequiredKeepingPostMixin
from pages.forms.accounts import SignUpFinishForm, SignUpForm
from people.selectors import accounts_using
from people.services import user_sign_up_finish, user_sign_up_start
from people.sign_up import SIGN_UP_LINK_MAX_AGE, SignUpRequest, sign_up_from_token
from talks.contribution_selectors import contributions_of

# Signing up logs the new account in without a password check, so no lockout backend applies.
SIGN_UP_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _page_of_this_site(request: HttpRequest, url: str) -> str:
    """`url` if it is a page of this site, safe to redirect to; otherwise ""."""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


class SignUpView(FormView):
    """Ask for a username and an address, and mail the address.

    Every attempt counts towards the rate limit, refused ones too, so that nobody tries names
    at will; an address that already has an account gets the same answer as a new one (see
    user_sign_up_start).
    """

    form_class = SignUpForm
    template_name = "registration/signup.html"
    success_url = reverse_lazy("signup-sent")

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(next=self.request.GET.get("next", ""), **kwargs)

    def form_valid(self, form: SignUpForm) -> HttpResponse:
        return self.write(form)

    @rate_limited("signup")
    def write(self, form: SignUpForm) -> HttpResponse:
        sign_up = SignUpRequest(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            next_url=_page_of_this_site(self.request, self.request.POST.get("next", "")),
        )
        site_url = f"{self.request.scheme}://{self.request.get_host()}"
        user_sign_up_start(sign_up=sign_up, site_url=site_url)
        return super().form_valid(form)

    @rate_limited("signup")
    def form_invalid(self, form: SignUpForm) -> HttpResponse:
        return super().form_invalid(form)


class SignUpSentView(TemplateView):
    template_name = "registration/signup_sent.html"

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(days=SIGN_UP_LINK_MAX_AGE.days, **kwargs)


class SignUpFinishView(FormView):
    """The page of the mailed link: choose a password, and the account exists, logged in."""

    form_class = SignUpFinishForm
    template_name = "registration/signup_finish.html"

    @cached_property
    def sign_up(self) -> SignUpRequest | None:
        return sign_up_from_token(self.kwargs["token"])

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if self.sign_up is None or accounts_using(self.sign_up.email).exists():
            # Only the address's owner has the link: saying that its account exists (after
            # following the link twice, say) tells nobody else anything.
            context = {"expired": self.sign_up is None}
            return render(request, "registration/signup_link_unusable.html", context)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"email": self.sign_up.email}

    def get_initial(self) -> dict:
        return {"username": self.sign_up.username}

    def get_context_data(self, **kwargs) -> dict:
        return super().get_context_data(email=self.sign_up.email, **kwargs)

    def form_valid(self, form: SignUpFinishForm) -> HttpResponse:
        try:
            user = user_sign_up_finish(
                username=form.cleaned_data["username"],
                email=self.sign_up.email,
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        login(self.request, user, backend=SIGN_UP_BACKEND)
        messages.success(
            self.request, _("Welcome, %(username)s! You can now write notes.") % {"username": user}
        )
        return redirect(
            _page_of_this_site(self.request, self.sign_up.next_url) or "my-contributions"
        )


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
