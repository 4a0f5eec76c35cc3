"""The copies of PDF slides kept here (talks/services/slides.py), which a talk's page frames
from its own origin once the reader asks for the slides."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from talks.models import SlidesCopy

# A copy's address names its content: it never changes, so readers keep it for a year.
ONE_YEAR = 365 * 24 * 3600


@require_safe
@xframe_options_sameorigin
def slides_copy(request: HttpRequest, sha256: str) -> HttpResponseBase:
    """The PDF whose SHA-256 is `sha256`, if it is the slides of a public talk."""
    copies = SlidesCopy.objects.published().filter(sha256=sha256).order_by()
    if not copies.exists():
        raise Http404
    etag = quote_etag(sha256)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return _headers(not_modified, etag)
    content = copies.values_list("content", flat=True).first()
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="slides.pdf"'
    return _headers(response, etag)


def _headers(response: HttpResponseBase, etag: str) -> HttpResponseBase:
    response["ETag"] = etag
    # A file from elsewhere, shown as a PDF and nothing else: never run as a page of the site.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    # Its author's, not the site's: search engines index it where it comes from.
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    return response
