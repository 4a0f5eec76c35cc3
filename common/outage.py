"""A friendly 503 page, instead of a server error, while the database is unreachable.

When PostgreSQL restarts or fails over, requests that need it raise OperationalError or
InterfaceError. Readers get a page saying to come back in a moment, with a Retry-After header
for clients and crawlers. The page is rendered without the request, so that no context
processor reaches for the user or the messages, which live in the database. Once the database
answers again, the next request reconnects by itself (CONN_HEALTH_CHECKS).
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def database_unavailable_response() -> HttpResponse:
    content = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(content, status=503)
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
        return database_unavailable_response()
