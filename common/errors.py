"""The 400 page of a form too big to be read, and the 500 page, in the site's layout.

Django refuses a POST bigger than DATA_UPLOAD_MAX_MEMORY_SIZE, or with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS, before any view reads it: the text is not on the server, but
the form the visitor came from still holds it.

The 404 page is pages/views/errors.py; the 403 page is Django's own view with
templates/403.html; the 503 page, while the database is down, common/outage.py.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: explain a form too big to read; anything else, an address with too many
    parameters included, gets the site's general 400 page (templates/400.html)."""
    sent_a_form = request.method == "POST"
    if not (sent_a_form and isinstance(exception, RequestDataTooBig | TooManyFieldsSent)):
        return defaults.bad_request(request, exception)
    context = {
        "too_many_fields": isinstance(exception, TooManyFieldsSent),
        "max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "max_fields": number_format(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS, force_grouping=True),
    }
    return render(request, "errors/request_too_big.html", context, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the site's layout without what reads the database, which may be what
    failed (templates/errors/without_database.html)."""
    return render(request, "500.html", status=500)
