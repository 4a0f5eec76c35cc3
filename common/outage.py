"""A friendly 503 page, instead of a server error, while the database is unreachable.

When PostgreSQL restarts or fails over, requests that need it raise OperationalError or
InterfaceError. Readers get a page saying to come back in a moment, with a Retry-After header
for clients and crawlers. The page has the site's layout without what reads the user and the
messages, which live in the database (templates/errors/without_database.html). Once the
database answers again, the next request reconnects by itself (CONN_HEALTH_CHECKS).
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "503.html", {"retry_after": RETRY_AFTER_SECONDS}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable for %s: %s", request.path, exception)
        return database_unavailable_response(request)
