"""Accounts, under /accounts/: Django's auth views, sign-up, and my contributions.

The names are Django's own (login, logout, password_reset, ...), without a namespace, as the
auth views expect.
"""

from django.urls import include, path

from pages.views import accounts as account_views

urlpatterns = [
    path("signup/", account_views.SignUpView.as_view(), name="signup"),
    path("signup/sent/", account_views.SignUpSentView.as_view(), name="signup-sent"),
    path(
        "signup/<str:token>/",
        account_views.SignUpFinishView.as_view(),
        name="signup-finish",
    ),
    path(
        "contributions/",
        account_views.MyContributionsView.as_view(),
        name="my-contributions",
    ),
    path(
        "password_reset/",
        account_views.RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
