"""Requests whose parameters are not text get the 400 page, before any view reads them.

Browsers send query strings and forms as UTF-8 text without NUL characters. Anything else comes
from a robot or a damaged link: a NUL, which PostgreSQL refuses in text, or bytes that are not
UTF-8 (an encoded lone surrogate, a cut-off character), which Django would quietly turn into
U+FFFD and pass on. They are refused here, once for every page, form and filter.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import HttpRequest, HttpResponse

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def is_text(raw: bytes) -> bool:
    """Whether a query string or a form body decodes to UTF-8 text without NUL."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def has_unreadable_parameters(request: HttpRequest) -> bool:
    if not is_text(get_bytes_from_wsgi(request.META, "QUERY_STRING", "")):
        return True
    if request.method != "POST":
        return False
    if request.content_type == FORM_CONTENT_TYPE:
        return not is_text(request.body)
    # Multipart forms: Django decodes each field itself; a NUL still reaches the field.
    return any("\x00" in name + "".join(values) for name, values in request.POST.lists())


class UnreadableParametersMiddleware:
    """Answer requests whose parameters are not text with Django's 400 page (templates/400.html),
    in the visitor's language: placed after the middleware that sets the language and the
    user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_unreadable_parameters(request):
            raise BadRequest("The query string or the form is not UTF-8 text without NUL.")
        return self.get_response(request)
