"""The site's error handlers, answering in JSON on the API's addresses.

Django answers some errors before any API view runs: an address that no view has (404), a
query string that is not text (400, common/unreadable.py), and a crash (500). On the site
these are pages; on /api/ a client expects JSON, as the schema says.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.exceptions import APIException, NotFound, ParseError

from common import errors as site_errors
from pages.views import errors as page_errors

API_ROOT = "api/"


def _on_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(f"/{API_ROOT}")


def _detail(error: type[APIException]) -> JsonResponse:
    return JsonResponse({"detail": str(error.default_detail)}, status=error.status_code)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _on_api(request):
        return _detail(ParseError)
    return site_errors.bad_request(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _on_api(request):
        return _detail(NotFound)
    return page_errors.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _on_api(request):
        return _detail(APIException)
    return site_errors.server_error(request)
