"""Choosing each request's read database, read-your-writes, and requests that a replica failed.

An anonymous reader's GET, HEAD or OPTIONS (no session, no pending messages) reads from a
usable replica; every other request reads from the primary. A client that sends a POST, PUT,
PATCH or DELETE is given a signed cookie that keeps its reads on the primary for
DATABASE_READ_YOUR_WRITES_SECONDS, so that whoever just wrote sees what they wrote even while
the replicas replay it. Signed-in users read from the primary anyway.

When the replica fails in the middle of a request (its server stopped, the connection cut, a
query cancelled because it conflicted with the replay), the replica is left aside and the
request runs again, from this middleware down, on the primary: the reader gets the page, not
an error. Only reads are ever sent to a replica, so running one again changes nothing. A
streamed response whose body reads the database while it is sent cannot be run again; no page
of the site streams.
"""

import logging
import math
import random
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from common.replicas.health import leave_aside, usable_replicas
from common.replicas.routing import PRIMARY, read_database, reading_from

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
READ_YOUR_WRITES_COOKIE = "read_primary"
_COOKIE_SALT = "common.replicas.read-your-writes"
# PostgreSQL's code for a query that a hot standby cancelled because it held back the replay
# of the primary's changes: the same query runs fine on the primary.
RECOVERY_CONFLICT = "40001"


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        alias = _read_database_for(request)
        with reading_from(alias):
            response = self.get_response(request)
        if alias != PRIMARY and _replica_failed(request, alias, response):
            leave_aside(alias)
            logger.warning(
                "Replica %s failed during %s: read again from the primary", alias, request.path
            )
            with reading_from(PRIMARY):
                response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            response.set_signed_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                salt=_COOKIE_SALT,
                max_age=math.ceil(settings.DATABASE_READ_YOUR_WRITES_SECONDS),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's database error that came from its replica: answered here, rather than by
        the outage page, and the request runs again on the primary (`__call__`)."""
        alias = read_database()
        if alias == PRIMARY or not isinstance(exception, OperationalError | InterfaceError):
            return None
        if not (_lost(alias) or _recovery_conflict(alias, exception)):
            return None
        request.replica_failed = True
        return HttpResponse(status=503)


def _read_database_for(request: HttpRequest) -> str:
    if (
        request.method not in SAFE_METHODS
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or CookieStorage.cookie_name in request.COOKIES
        or _wrote_recently(request)
    ):
        return PRIMARY
    replicas = usable_replicas()
    return random.choice(replicas) if replicas else PRIMARY


def _wrote_recently(request: HttpRequest) -> bool:
    return (
        request.get_signed_cookie(
            READ_YOUR_WRITES_COOKIE,
            default=None,
            salt=_COOKIE_SALT,
            max_age=settings.DATABASE_READ_YOUR_WRITES_SECONDS,
        )
        is not None
    )


def _replica_failed(request: HttpRequest, alias: str, response: HttpResponseBase) -> bool:
    """Whether the replica failed the request: its view said so (`process_exception`), or a
    server error came with the replica's connection lost."""
    if getattr(request, "replica_failed", False):
        return True
    return response.status_code >= 500 and _lost(alias)


def _lost(alias: str) -> bool:
    """Whether the replica's connection failed in this request and no longer works."""
    connection = connections[alias]
    if not connection.errors_occurred:
        return False
    return connection.connection is None or not connection.is_usable()


def _recovery_conflict(alias: str, exception: Exception) -> bool:
    cause = exception.__cause__
    return (
        connections[alias].errors_occurred and getattr(cause, "sqlstate", None) == RECOVERY_CONFLICT
    )
