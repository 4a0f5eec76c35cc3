from django.contrib import admin
from django.urls import include, path

from pages.views.events import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("pages.urls.events")),
    path("", include("pages.urls.talks")),
    path("", include("pages.urls.people")),
    path("accounts/", include("pages.urls.accounts")),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "common.errors.bad_request"
handler404 = "pages.views.errors.page_not_found"
handler500 = "common.errors.server_error"
