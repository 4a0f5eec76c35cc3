from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

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
    # Without a CSRF token, so that the switcher on every page leaves the page shareable by
    # caches (common/page_cache.py): a site that switches someone's language can do no harm.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# On the API's addresses in JSON, elsewhere the site's pages.
handler400 = "api.errors.bad_request"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
