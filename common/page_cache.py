"""What anonymous readers are sent, kept and validated by the content version (docs/operations.md).

A reader's GET is anonymous when it carries neither a session nor pending messages: nothing
of the page can then depend on who asks. Such a page is keyed by its address (the query
string in a fixed order), the language it is written in, and the content version that the
database changes with every write to what pages show (common/models.py). Its ETag is that
key's digest and its Last-Modified the version's change time, both known before the view
runs: a matching conditional GET gets its 304 for one small query, and the page cache
(settings.PAGE_CACHE) answers the others from the cache without running the view. Shared
caches in front of the site (a CDN, Varnish) may keep it for PAGE_CACHE_SHARED_MAX_AGE.

A response is shared only if nothing in it can belong to one visitor: a 200 to a GET, with no
cookie set, no CSRF token or CSP nonce written into it, no session written, no Cache-Control
of its own, and varying on nothing but what the key holds. Everything else, and everything a
signed-in user is sent, is `private, no-cache`.
"""

import sys
from collections.abc import Callable
from datetime import datetime
from functools import cache as once
from hashlib import sha256
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, quote_etag

from common.compiled_queries import CompiledQuery
from common.models import CONTENT_VERSION_ID, ContentVersion

# What a shared page varies on: the language, chosen by the language cookie or Accept-Language
# (LocaleMiddleware); and whether htmx asked for a part of the page. Requests that carry a
# session or htmx's headers are never answered from the cache, so the key needs neither
# cookies nor htmx: `Cookie` is there for caches in front of the site, which must not give a
# signed-in user, or a reader who chose the other language, the page kept for someone else.
SHARED_VARY = ("Accept-Language", "Cookie", "HX-Request")


# The files that make a page what it is, besides the content: a change to one is a new release.
RENDERING_SUFFIXES = {".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".svg"}


@once
def code_release() -> str:
    """A digest of the project's code, templates, translations and static files (not the
    installed packages'), computed once per process: pages rendered by other code are keyed
    apart, so a deploy needs no purge."""
    base = Path(settings.BASE_DIR)
    folders = [Path(config.path) for config in apps.get_app_configs()]
    folders += [Path(folder) for template in settings.TEMPLATES for folder in template["DIRS"]]
    folders += [Path(folder) for folder in [*settings.LOCALE_PATHS, *settings.STATICFILES_DIRS]]
    files = {
        path
        for folder in folders
        if folder.is_relative_to(base) and not folder.is_relative_to(sys.prefix)
        for path in folder.rglob("*")
        if path.suffix in RENDERING_SUFFIXES and path.is_file()
    }
    digest = sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _content_versions(version_id: int) -> QuerySet:
    return ContentVersion.objects.filter(pk=version_id).values_list("token", "changed_at")


# Every anonymous reader's request reads it: compiled once, it costs a tenth as much.
_CONTENT_VERSION = CompiledQuery(_content_versions)


def content_version() -> tuple[str, datetime] | None:
    """The content version's token and change time, in one query."""
    rows = _CONTENT_VERSION.rows(CONTENT_VERSION_ID)
    return rows[0] if rows else None


class PageCacheMiddleware:
    """Validators, Cache-Control and the page cache for anonymous readers' pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
            return self.get_response(request)
        try:
            version = content_version() if _anonymous_read(request) else None
        except (OperationalError, InterfaceError):
            # The database is away: the page says so (common/outage.py), uncached.
            version = None
        if version is None:
            return _private(self.get_response(request))
        token, changed_at = version
        digest = sha256(_page_key(request, token).encode()).hexdigest()[:32]
        key = f"page:{digest}"
        etag = quote_etag(digest)
        last_modified = changed_at.timestamp()
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None and not_modified.status_code == 304:
            return _shared(not_modified, etag, last_modified)
        if settings.PAGE_CACHE:
            cached = cache.get(key)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if not _shareable(request, response):
            return _private(response)
        _shared(response, etag, last_modified)
        if settings.PAGE_CACHE and request.method == "GET":
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


def _anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HX-Request" not in request.headers
    )


def _page_key(request: HttpRequest, token: str) -> str:
    """The page's address and language, the content version, the code's release, and the day
    (pages that show upcoming events change at midnight)."""
    return ":".join(
        [
            code_release(),
            str(token),
            timezone.localdate().isoformat(),
            request.LANGUAGE_CODE,
            request.scheme,
            request.get_host(),
            request.path,
            _query_in_order(request.META.get("QUERY_STRING", "")),
        ]
    )


def _query_in_order(query: str) -> str:
    """The query string with its parameters sorted by name, each name's values in their order:
    the same search written two ways is one page."""
    parameters = [parameter for parameter in query.split("&") if parameter]
    return "&".join(sorted(parameters, key=lambda parameter: parameter.partition("=")[0]))


def _shareable(request: HttpRequest, response: HttpResponseBase) -> bool:
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return (
        response.status_code == 200
        and isinstance(response, HttpResponse)
        and not response.cookies
        and not response.has_header("Cache-Control")
        and vary <= {header.lower() for header in SHARED_VARY}
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not isinstance(getattr(request, "_csp_nonce", None), str)
        and not getattr(getattr(request, "session", None), "modified", False)
    )


def _shared(response: HttpResponseBase, etag: str, last_modified: float) -> HttpResponseBase:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, SHARED_VARY)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )
    return response


def _private(response: HttpResponseBase) -> HttpResponseBase:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response
