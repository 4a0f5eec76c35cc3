from django.contrib import admin
from django.urls import include, path

from events.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("events.urls")),
    path("", include("talks.urls")),
    path("", include("people.urls")),
    path("accounts/", include("people.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "confnotes.errors.bad_request"
