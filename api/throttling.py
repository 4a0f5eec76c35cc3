"""How many requests a client may make to the JSON API (settings.API_ANONYMOUS_RATE)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousClientThrottle(AnonRateThrottle):
    """Per client address, in the cache (shared by every process once REDIS_URL is set).
    The rate is read at each request, so that settings changed at run time apply."""

    def get_rate(self) -> str:
        return settings.API_ANONYMOUS_RATE
