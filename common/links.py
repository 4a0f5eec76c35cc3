"""The addresses of talks, speakers, events and topics, which lists link by the hundred."""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# About a hundred bytes each: a few megabytes per process at most.
REMEMBERED_ADDRESSES = 10_000


def detail_url(viewname: str, **kwargs: str) -> str:
    """reverse(viewname, kwargs=kwargs), remembered.

    A page of twenty talks links about a hundred talks, speakers, events and topics, and
    reversing an address costs more than rendering the link. The same slugs give the same
    address as long as the URLconf and the script prefix stay the same.
    """
    return remembered_reverse(viewname, (), tuple(kwargs.items()))


def remembered_reverse(
    viewname: str,
    args: tuple[str | int, ...],
    kwargs: tuple[tuple[str, str | int], ...],
    current_app: str | None = None,
) -> str:
    """reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app), remembered
    for the current URLconf and script prefix (the values must be strings or numbers, whose
    text never changes)."""
    urlconf = get_urlconf(settings.ROOT_URLCONF)
    return _reversed(urlconf, get_script_prefix(), viewname, args, kwargs, current_app)


@lru_cache(maxsize=REMEMBERED_ADDRESSES)
def _reversed(
    urlconf: str,
    script_prefix: str,
    viewname: str,
    args: tuple[str | int, ...],
    kwargs: tuple[tuple[str, str | int], ...],
    current_app: str | None,
) -> str:
    # reverse() reads the script prefix itself: it is in the key for that.
    return reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


# A slug as the URLs' <slug:...> takes it, put in place of the real ones. Slugs are made of
# ASCII letters, digits, hyphens and underscores, none of which reverse() would quote.
_SLUG_PLACEHOLDER = "slug-placeholder"


def slug_url(viewname: str, **kwargs: str) -> Callable[[str], str]:
    """A function of a slug giving reverse(viewname, kwargs={**kwargs, "slug": slug}), for an
    address that ends with the slug's part.

    For the pages that link several hundred talks or speakers: the address is reversed once,
    then each slug is put in its place, which costs a fraction of even a remembered reverse.
    """
    before, _, after = detail_url(viewname, **kwargs, slug=_SLUG_PLACEHOLDER).rpartition(
        _SLUG_PLACEHOLDER
    )
    return lambda slug: before + slug + after
