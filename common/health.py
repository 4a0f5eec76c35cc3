"""Health endpoints for load balancers, container runtimes and monitoring.

- `/livez`: the process answers. It touches nothing else, so a database outage never gets
  the web processes restarted (that would not bring the database back).
- `/healthz`: the database and the cache answer; 503 otherwise, with a JSON body saying which.

They are served by a middleware placed before every other one: probes come over plain HTTP,
with whatever Host header the prober uses, and must not be redirected to HTTPS, rejected by
ALLOWED_HOSTS, or given a session.
"""

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def livez(request: HttpRequest) -> JsonResponse:
    return _no_store(JsonResponse({"status": OK}))


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    body = {"status": OK if healthy else UNAVAILABLE}
    body.update({name: OK if answers else UNAVAILABLE for name, answers in checks.items()})
    return _no_store(JsonResponse(body, status=200 if healthy else 503))


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return False


def _cache_answers() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, OK, timeout=10)
        answers = cache.get(key) == OK
        cache.delete(key)
    # Each cache backend raises its own exceptions (redis.ConnectionError, OSError, ...).
    except Exception as error:
        logger.warning("Health check: the cache does not answer: %s", error)
        return False
    return answers


def _no_store(response: JsonResponse) -> JsonResponse:
    add_never_cache_headers(response)
    return response


ENDPOINTS: dict[str, Callable[[HttpRequest], JsonResponse]] = {
    "/livez": livez,
    "/healthz": healthz,
}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        endpoint = ENDPOINTS.get(request.path_info)
        if endpoint is not None and request.method in ("GET", "HEAD"):
            return endpoint(request)
        return self.get_response(request)
