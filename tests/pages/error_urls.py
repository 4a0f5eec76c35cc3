"""The site's addresses, its error handlers, and one page that fails: for the 500 page's tests."""

from django.urls import path

from confnotes.urls import handler400, handler404, handler500
from confnotes.urls import urlpatterns as site_urlpatterns


def failing_page(request):
    raise RuntimeError("A bug in a page")


urlpatterns = [path("failing/", failing_page), *site_urlpatterns]

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
