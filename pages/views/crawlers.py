from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from pages.sitemaps import sections_with_pages

# Pages a search engine has no use for: sign-in, attendees' forms and the editors' admin, the
# language switch, and the finder's and lists' endless combinations of filters (every talk,
# event, speaker, topic and language has its own page in the sitemap).
NOT_FOR_CRAWLERS = [
    "/admin/",
    "/accounts/",
    "/i18n/",
    "/propose/",
    "/notes/",
    "/search/",
    "/talks/?",
    "/events/?",
    "/speakers/?",
]


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Which pages crawlers may read, and where the sitemap is, at the request's host."""
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in NOT_FOR_CRAWLERS),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index: the files of every section that has pages."""
    return sitemap_views.index(request, sections_with_pages(), sitemap_url_name="sitemap-section")
