"""What search engines read: robots.txt and the sitemaps of the public pages (docs/api.md)."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from pages.sitemaps import SITEMAPS
from pages.views import crawlers as views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/urlset.xml"},
        name="sitemap-section",
    ),
]
