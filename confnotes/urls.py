from django.contrib import admin
from django.urls import include, path

from api.errors import API_ROOT
from pages.views.events import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("", include("pages.urls.events")),
    path("", include("pages.urls.talks")),
    path("", include("pages.urls.people")),
    path("", include("pages.urls.crawlers")),
    path("accounts/", include("pages.urls.accounts")),
    path(API_ROOT, include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# On the API's addresses in JSON, elsewhere the site's pages.
handler400 = "api.errors.bad_request"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
