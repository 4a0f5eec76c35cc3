"""The 404 page: what to do next, and on a talk's address, the talks with a close title."""

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from talks.selectors import talks_titled_like

CLOSE_TALKS_SHOWN = 5
# The layout of pages shown while the database may be down.
WITHOUT_DATABASE = "errors/without_database.html"


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404, in the site's layout. An address that no page has needs no database: while
    it is down, the page leaves out the account links and the messages, which read it."""
    try:
        return render(request, "404.html", {"close_talks": _close_talks(request)}, status=404)
    except (OperationalError, InterfaceError):
        return render(request, "404.html", {"layout": WITHOUT_DATABASE}, status=404)


def _close_talks(request: HttpRequest) -> list:
    """On a talk's address (its title changed, or a letter wrong), the talks whose title looks
    like the words of its slug."""
    match = request.resolver_match
    if match is None or match.view_name != "talks:detail":
        return []
    return talks_titled_like(match.kwargs["slug"].replace("-", " "), limit=CLOSE_TALKS_SHOWN)
