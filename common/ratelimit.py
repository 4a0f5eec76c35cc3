"""How fast clients may write, and who a login attempt is, counted in the cache.

Writes (notes, reviews, talk proposals, sign-ups, password resets) are counted per signed-in
user and per client IP address, in fixed windows, against `settings.RATE_LIMITS`. A form view
decorates the method that writes with `@rate_limited("note")`: over a limit nothing is saved,
and the form comes back as it was posted, with a message and the status 429. A form whose
every attempt must count, such as sign-up's, decorates its `form_invalid` too.

django-axes uses `client_ip` and `login_username` too, so that login lockouts and rate limits
agree on who the client is.
"""

import functools
import time
from collections.abc import Callable

from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.forms import Form
from django.http import HttpRequest, HttpResponse

# The longest username django-axes records (the same in each of its tables).
LOCKOUT_USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or what the nearest trusted proxy saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        # Each proxy appends the address it received from; entries to the left of ours
        # come from the client and can be forged.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username of a login attempt, lowercased: "Alice" and "alice" share one lockout.

    Cut to what django-axes stores: a longer one (no account has one) would fail to be
    recorded, and the login with it.
    """
    data = credentials if credentials else request.POST
    return (data.get("username") or "").lower()[:LOCKOUT_USERNAME_LENGTH]


def rate_limit_hit(request: HttpRequest, scope: str) -> int | None:
    """Count one write of this kind; the seconds to wait if it goes over a limit, else None."""
    limits = settings.RATE_LIMITS[scope]
    identities = {"ip": client_ip(request)}
    if request.user.is_authenticated:
        identities["user"] = str(request.user.pk)
    now = int(time.time())
    retry_after = None
    for kind, identity in identities.items():
        if kind not in limits:
            continue
        allowed, seconds = limits[kind]
        key = f"ratelimit:{scope}:{kind}:{identity}:{now // seconds}"
        cache.add(key, 0, timeout=seconds)
        try:
            hits = cache.incr(key)
        except ValueError:
            # The window's key expired between add() and incr().
            cache.set(key, 1, timeout=seconds)
            hits = 1
        if hits > allowed:
            retry_after = max(retry_after or 0, seconds - now % seconds)
    return retry_after


def rate_limited(scope: str) -> Callable:
    """Decorate a form view's method `write(self, form)`: over the limit, re-render the form."""

    def decorator(write: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(write)
        def wrapper(view, form: Form, *args, **kwargs) -> HttpResponse:
            retry_after = rate_limit_hit(view.request, scope)
            if retry_after is None:
                return write(view, form, *args, **kwargs)
            context = view.get_context_data(form=form, retry_after_minutes=-(-retry_after // 60))
            response = view.render_to_response(context, status=429)
            response["Retry-After"] = str(retry_after)
            return response

        return wrapper

    return decorator
